package dev.keyceremony.workflow;

import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.core.KeySpec;
import dev.keyceremony.hsm.HsmException;
import dev.keyceremony.hsm.TargetKey;
import dev.keyceremony.kms.KeyInfo;
import dev.keyceremony.kms.KmsException;
import dev.keyceremony.transcript.TranscriptVerifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * {@code abandon BUNDLE}: undoes what an unfinished ceremony created, and only that: schedules the
 * deletion of a KMS key it created that never received material, deletes the alias it created,
 * destroys the HSM object it generated that no KMS key received. Anything that received material is
 * refused, by name. Every action is an intent and a result in the same signed bundle; the last
 * entry is {@code ceremony.abandoned}, after which {@code resume} refuses.
 */
public final class Abandoner {
  private final CeremonyRunner runner;

  public Abandoner(CeremonyRunner runner) {
    this.runner = runner;
  }

  /**
   * @param pendingWindowDays ScheduleKeyDeletion's waiting period, 7-30
   * @param confirmDestroy asked before an HSM object is destroyed, with its label; true to go on
   */
  public RunResult abandon(Path bundle, int pendingWindowDays, Predicate<String> confirmDestroy) {
    return abandon(bundle, pendingWindowDays, confirmDestroy, s -> s);
  }

  /** {@link #abandon(Path, int, Predicate)} with the bundle's script changed by {@code script}. */
  public RunResult abandon(
      Path bundle,
      int pendingWindowDays,
      Predicate<String> confirmDestroy,
      java.util.function.UnaryOperator<CeremonyScript> script) {
    if (pendingWindowDays < 7 || pendingWindowDays > 30) {
      runner.err.println(
          "abandon: --pending-window-days must be 7 to 30 (KMS's range), got "
              + pendingWindowDays
              + "; nothing was touched");
      return RunResult.early(ExitStatus.INVALID_INPUT);
    }
    BundleOpener.Read b;
    try {
      b = BundleOpener.read(bundle, "abandon", runner.clock);
    } catch (BundleOpener.Refusal r) {
      runner.err.println(r.getMessage());
      return RunResult.early(r.exit);
    }
    if (b.bulk() != null) {
      runner.err.println(
          "abandon: "
              + bundle
              + " is a batch of "
              + b.bulk().batch().count()
              + " keys; abandon is not available for a batch yet: the failed keys' batch.key"
              + " entries and the ceremony.sealed entry list what exists; schedule the deletion of a"
              + " PendingImport key with ./ceremony kms schedule-key-deletion --key-id KEY_ID;"
              + " nothing was touched");
      return RunResult.early(ExitStatus.INVALID_INPUT);
    }
    CeremonyRecord rec = b.record();
    if (rec.status() == CeremonyRecord.Status.ABANDONED) {
      runner.out.println(
          "abandon: ceremony " + rec.ceremonyId() + " was already abandoned;" + " nothing changed");
      return new RunResult(ExitStatus.OK, bundle, null, b.report());
    }
    if (rec.status() == CeremonyRecord.Status.SUCCEEDED) {
      runner.err.println(
          "abandon: ceremony "
              + rec.ceremonyId()
              + " completed: key "
              + rec.keyArn()
              + " holds the material of HSM object '"
              + rec.materialLabel()
              + "'; a completed ceremony is not undone by this tool (to stop using the key, disable"
              + " it or schedule its deletion in KMS deliberately); nothing changed");
      return new RunResult(ExitStatus.FAILED, bundle, null, b.report());
    }
    CeremonyScript s = script.apply(b.script()); // command-line kms overrides
    if (s.kms().embedded()) {
      runner.err.println(
          "abandon: this ceremony used the embedded local KMS, whose keys"
              + " vanished with its process; nothing to undo there");
      return new RunResult(ExitStatus.FAILED, bundle, null, b.report());
    }
    BundleSession opened;
    try {
      opened = BundleSession.open(b, s, "abandon", () -> false, runner.clock);
    } catch (BundleOpener.Refusal r) {
      runner.err.println(r.getMessage());
      return RunResult.early(r.exit);
    }
    try (BundleSession bs = opened) {
      HsmConnector.Connection hsm = bs.hsm;
      OpenedKms kms = bs.kms;
      TranscriptJournal j = new TranscriptJournal(bs.writer, runner.out::println, () -> {});
      String actor = "operator:" + s.roles().operator();
      Reconciler rc = bs.reconciler();
      for (CeremonyRecord.Intent i : rec.openIntents()) {
        j.record("result", actor, rc.reconcile(i));
      }
      CeremonyRecord now = CeremonyRecord.of(TranscriptVerifier.verify(bundle).entries());
      List<Object> undone = new ArrayList<>();
      List<Object> refused = new ArrayList<>();
      KeyInfo key = now.keyCreated() ? kms.kms().describeKey(now.keyId()).value() : null;
      boolean keyHasMaterial =
          now.imported()
              || (key != null
                  && !"PendingImport".equals(key.keyState())
                  && !"PendingDeletion".equals(key.keyState()));
      if (key != null) {
        if (keyHasMaterial) {
          refused.add(
              "KMS key "
                  + key.keyId()
                  + " (KeyState "
                  + key.keyState()
                  + "): it"
                  + " received material; abandon never deletes such a key");
        } else if ("PendingDeletion".equals(key.keyState())) {
          undone.add("KMS key " + key.keyId() + " was already pending deletion");
        } else {
          String id = key.keyId();
          perform(
              j,
              actor,
              "kms:ScheduleKeyDeletion",
              Map.of("keyId", id, "pendingWindowDays", pendingWindowDays),
              () ->
                  Map.of(
                      "deletionDate",
                      String.valueOf(
                          kms.kms().scheduleKeyDeletion(id, pendingWindowDays).value())));
          undone.add("KMS key " + id + ": deletion scheduled in " + pendingWindowDays + " days");
        }
      }
      if (now.alias() != null) {
        String alias = now.alias();
        if (keyHasMaterial) {
          refused.add("alias " + alias + ": it names a key that received material");
        } else {
          perform(
              j,
              actor,
              "kms:DeleteAlias",
              Map.of("alias", alias),
              () -> {
                kms.kms().deleteAlias(alias);
                return Map.of();
              });
          undone.add("alias " + alias + " deleted");
        }
      }
      if (now.materialLabel() != null) {
        String label = now.materialLabel();
        KeySpec spec = KeySpec.parse(generatedSpec(b));
        Optional<TargetKey> t = hsm.session().findTarget(label, spec);
        if (now.imported()) {
          refused.add(
              "HSM object '"
                  + label
                  + "': KMS key "
                  + now.keyId()
                  + " received its"
                  + " material; it is needed for every reimport");
        } else if (t.isEmpty() || !t.get().idHex().equals(now.materialIdHex())) {
          undone.add("HSM object '" + label + "' is already gone");
        } else if (!confirmDestroy.test(label)) {
          refused.add(
              "HSM object '" + label + "': its destruction was not confirmed; it is" + " kept");
        } else {
          TargetKey target = t.get();
          perform(
              j,
              actor,
              "hsm:destroy",
              Map.of("label", label, "id", target.idHex(), "keySpec", spec.name()),
              () -> Map.of("destroyed", hsm.session().destroyTarget(target)));
          undone.add("HSM object '" + label + "' destroyed");
        }
      }
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("undone", undone);
      d.put("refused", refused);
      j.record("ceremony.abandoned", actor, d);
      undone.forEach(u -> runner.out.println("  undone: " + u));
      refused.forEach(r -> runner.err.println("  refused: " + r));
      runner.out.println("Ceremony " + rec.ceremonyId() + " abandoned; recorded in " + bundle);
      return new RunResult(
          refused.isEmpty() ? ExitStatus.OK : ExitStatus.FAILED,
          bundle,
          null,
          TranscriptVerifier.verify(bundle, bs.signer.signerFingerprint()));
    }
  }

  /** The key spec of the material the ceremony generated, from its generate intent's handle. */
  private static String generatedSpec(BundleOpener.Read b) {
    String spec = null;
    for (var e : b.report().entries()) {
      if ("intent".equals(e.type()) && "hsm:generate".equals(e.data().path("action").asText())) {
        spec = e.data().path("handle").path("keySpec").asText();
      }
    }
    return spec;
  }

  private static void perform(
      TranscriptJournal j,
      String actor,
      String action,
      Map<String, Object> handle,
      Supplier<Map<String, Object>> effect) {
    Map<String, Object> intent = new LinkedHashMap<>();
    intent.put("action", action);
    intent.put("step", "abandon");
    intent.put("handle", handle);
    long seq = j.record("intent", actor, intent);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("intent", seq);
    r.put("action", action);
    try {
      Map<String, Object> facts = effect.get();
      r.put("status", "done");
      r.putAll(facts);
    } catch (KmsException | HsmException e) {
      r.put(
          "status",
          e instanceof KmsException k && k.httpStatus() >= 400 && k.httpStatus() < 500
              ? "failed"
              : "unknown");
      r.put("error", e.getMessage());
      j.record("result", actor, r);
      throw e;
    }
    j.record("result", actor, r);
  }
}
