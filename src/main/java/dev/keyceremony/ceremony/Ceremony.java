package dev.keyceremony.ceremony;

import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.hsm.HsmException;
import dev.keyceremony.hsm.HsmSession;
import dev.keyceremony.kms.Kms;
import dev.keyceremony.kms.KmsException;
import dev.keyceremony.kms.RetryingKms;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a ceremony: an ordered list of small steps, each appending one journal entry (or one {@code
 * error} entry when it fails), with an {@code intent} and a {@code result} entry around every side
 * effect, then a {@code seal} entry after the session objects are destroyed. Fails closed: the
 * first failure stops the ceremony and is recorded with what exists now and the next command. A
 * stop request ends it with a {@code ceremony.interrupted} entry instead. A resumed run ({@link
 * CeremonyControl#resumption()}) skips what the earlier run already did.
 */
public final class Ceremony {
  /** How often new import parameters are fetched after the old ones expired, at most. */
  static final int MAX_PARAMETER_REFRESHES = 3;

  private final CeremonyContext ctx;
  private final RecordingKms kms;
  private final CeremonyState state = new CeremonyState();

  public Ceremony(CeremonyContext ctx) {
    this.kms = new RecordingKms(ctx.kms());
    if (ctx.kms() instanceof RetryingKms r) {
      r.observe(kms);
    }
    this.ctx = ctx.withKms(kms);
  }

  /**
   * {@code plan}: the preflight checks (read-only: token facts, self-test with session objects
   * only, ListKeys, DescribeKey, object listing, the alias) and the lines {@code run} would carry
   * out.
   */
  public static List<String> plan(
      CeremonyScript script, HsmSession hsm, Kms kms, String participantsMode) {
    CeremonyState st = preflightOnly(script, hsm, kms, participantsMode, Clock.systemUTC());
    return Plan.lines(script, st.algorithm, participantsMode);
  }

  /**
   * The preflight step alone, as {@code plan} runs it: nothing is journalled, nobody is asked, no
   * PIN is read; the state holds what preflight resolved (the algorithm, the key, the material).
   */
  static CeremonyState preflightOnly(
      CeremonyScript script, HsmSession hsm, Kms kms, String participantsMode, Clock clock) {
    CeremonyContext c =
        new CeremonyContext(
            script,
            hsm,
            kms,
            (t, a, d) -> 0,
            new Participants() {
              @Override
              public String mode() {
                return participantsMode;
              }

              @Override
              public List<Acknowledgement> approvals(
                  dev.keyceremony.ceremony.script.Roles r, List<String> p) {
                return List.of();
              }

              @Override
              public List<Acknowledgement> confirmations(
                  dev.keyceremony.ceremony.script.Roles r, Fingerprint f) {
                return List.of();
              }
            },
            clock,
            new java.security.SecureRandom(),
            p -> {
              throw new IllegalStateException("plan reads no PIN");
            },
            Map.of());
    CeremonyState st = new CeremonyState();
    new PreflightStep().run(c, st, new LinkedHashMap<>());
    return st;
  }

  public Outcome run() {
    if (!ctx.control().resuming()) {
      ctx.journal().record("ceremony.opened", actor(), Opening.data(ctx));
    }
    List<Step> steps = new ArrayList<>();
    // The first of CeremonySteps; the others follow once preflight has resolved the algorithm.
    steps.add(new PreflightStep());
    String failedStep = null;
    RuntimeException failure = null;
    int refreshes = 0;
    int i = 0;
    while (i < steps.size()) {
      Step step = steps.get(i);
      Map<String, Object> data = new LinkedHashMap<>();
      long t0 = System.nanoTime();
      try {
        if (ctx.control().stopRequested().getAsBoolean()) {
          throw new CeremonyInterrupted("before step " + step.name());
        }
        step.run(ctx, state, data);
        finish(data, t0);
        ctx.journal().record("step." + step.name(), actor(step), data);
      } catch (CeremonyInterrupted e) {
        finish(data, t0);
        return interrupted(step, e, data);
      } catch (ParametersExpired e) {
        finish(data, t0);
        refreshes++;
        if (refreshes > MAX_PARAMETER_REFRESHES) {
          failedStep = step.name();
          failure =
              new CeremonyFailure(
                  FailCause.PARAMETERS_EXPIRED,
                  e.getMessage()
                      + "; new parameters"
                      + " were fetched "
                      + MAX_PARAMETER_REFRESHES
                      + " times and expired each time",
                  "continue with "
                      + ctx.control().resumeCommand()
                      + " when the room is ready to"
                      + " wrap and import without a pause");
          ctx.journal().record("error", actor(step), errorData(step, failure, data));
          break;
        }
        Map<String, Object> d = new LinkedHashMap<>(data);
        d.put("reason", e.getMessage());
        d.put("refresh", refreshes);
        ctx.journal().record("parameters.expired", actor(), d);
        // New parameters (and a new witness confirmation), a new wrapping key in the token, and
        // the wrap and import again, with the material the ceremony already has.
        steps.addAll(
            i + 1,
            CeremonySteps.of(ctx.script(), state.algorithm, ctx.participants().mode()).stream()
                .filter(p -> CeremonySteps.IMPORT.contains(p.name()))
                .map(p -> p.step().get())
                .toList());
      } catch (RuntimeException e) {
        finish(data, t0);
        failedStep = step.name();
        failure = e;
        ctx.journal().record("error", actor(step), errorData(step, e, data));
        break;
      }
      if (i == 0) {
        steps.addAll(rest(ctx.script()));
      }
      i++;
    }
    Outcome outcome = outcome(failedStep, failure);
    seal(outcome, failure);
    return outcome;
  }

  /**
   * The steps after preflight, from the list {@code plan} numbers ({@link CeremonySteps}), without
   * those a resumed ceremony (or this run's preflight) found already done.
   */
  private List<Step> rest(CeremonyScript s) {
    List<Step> l = new ArrayList<>();
    for (CeremonySteps.Planned p :
        CeremonySteps.of(s, state.algorithm, ctx.participants().mode())) {
      if (p.runs() && !p.name().equals("preflight") && !done(p.name(), s)) {
        l.add(p.step().get());
      }
    }
    return l;
  }

  private boolean done(String step, CeremonyScript s) {
    switch (step) {
      case "approvals":
        return ctx.control().resumption().approved();
      case "create-key":
        return state.key != null && (s.key().create().alias() == null || state.aliasCreated);
      default:
        return CeremonySteps.IMPORT.contains(step) && state.imported != null;
    }
  }

  private void finish(Map<String, Object> data, long t0) {
    data.put("kmsRequests", kms.drain());
    data.put("durationMs", (System.nanoTime() - t0) / 1_000_000);
  }

  private String actor() {
    return "operator:" + ctx.script().roles().operator();
  }

  private String actor(Step step) {
    switch (step.name()) {
      case "approvals":
        return "custodians:" + String.join(",", ctx.script().roles().custodians());
      case "parameters":
        return "operator:"
            + ctx.script().roles().operator()
            + ";witnesses:"
            + String.join(",", ctx.script().roles().witnesses());
      default:
        return actor();
    }
  }

  private Map<String, Object> errorData(
      Step step, RuntimeException e, Map<String, Object> partial) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("step", step.name());
    d.put("cause", causeCode(e));
    d.put("message", e.getMessage());
    if (e instanceof CeremonyFailure && ((CeremonyFailure) e).fix() != null) {
      d.put("fix", ((CeremonyFailure) e).fix());
    }
    String rid = requestId(e);
    if (rid != null) {
      d.put("requestId", rid);
    }
    // The failed step's duration and KMS calls belong to this entry, as for a completed step.
    d.put("kmsRequests", partial.remove("kmsRequests"));
    d.put("durationMs", partial.remove("durationMs"));
    d.put("partial", partial);
    boolean retryable = retryable(e);
    d.put("retryable", retryable);
    d.put("exists", Inventory.of(ctx, state));
    d.put("next", next(retryable));
    return d;
  }

  /** The command to run next: resume for a failure worth another attempt, otherwise abandon. */
  private String next(boolean retryable) {
    boolean created = state.keyCreatedHere || state.materialGeneratedHere;
    if (retryable) {
      return ctx.control().resumeCommand() + " (continues where this run stopped)";
    }
    return created
        ? ctx.control().abandonCommand()
            + " (undoes what this ceremony created;"
            + " anything that received material is kept)"
        : "nothing to undo: this ceremony created nothing in KMS or the HSM";
  }

  /**
   * A failure that another attempt may get past: KMS throttling, a 5xx or no answer (after the
   * retry budget), an unreachable KMS, an HSM error. Refusals (wrong material, a missing approval,
   * a fingerprint nobody confirmed, a failed proof) are final.
   */
  static boolean retryable(RuntimeException e) {
    if (e instanceof KmsException k) {
      return RetryingKms.transientError(k) || "ExpiredImportTokenException".equals(k.errorCode());
    }
    if (e instanceof CeremonyFailure f) {
      return f.failCause().retryable();
    }
    return e instanceof HsmException;
  }

  /** The cause code recorded for a failure: the ceremony's own, KMS's error code, or HSM_reason. */
  public static String causeCode(RuntimeException e) {
    if (e instanceof CeremonyFailure) {
      return ((CeremonyFailure) e).causeCode();
    }
    if (e instanceof KmsException) {
      return ((KmsException) e).errorCode();
    }
    if (e instanceof HsmException) {
      return "HSM_" + ((HsmException) e).reason();
    }
    if (e instanceof CeremonyInterrupted) {
      return "INTERRUPTED";
    }
    return e.getClass().getSimpleName();
  }

  private static String requestId(RuntimeException e) {
    if (e instanceof CeremonyFailure) {
      return ((CeremonyFailure) e).requestId();
    }
    if (e instanceof KmsException) {
      return ((KmsException) e).requestId();
    }
    return null;
  }

  private Outcome outcome(String failedStep, RuntimeException failure) {
    List<String> statements = new ArrayList<>();
    if (state.proven) {
      switch (state.keySpec.kind()) {
        case HMAC:
          statements.add(ProveStep.HMAC_STATEMENT);
          break;
        case SYMMETRIC:
          statements.add(ProveStep.SYMMETRIC_STATEMENT);
          break;
        default:
          statements.add(ProveStep.ASYMMETRIC_STATEMENT);
      }
    }
    if (state.crossRegionProven) {
      statements.add(
          CrossRegionProofStep.STATEMENT
              + " Regions: "
              + String.join(", ", ctx.script().key().replicaRegions())
              + " (replicas).");
    }
    return new Outcome(
        failure == null,
        state.key == null ? null : state.key.keyId(),
        state.imported != null
            ? state.imported.keyArn()
            : state.key == null ? null : state.key.arn(),
        state.imported == null ? null : state.imported.keyMaterialId(),
        state.algorithm == null ? null : state.algorithm.name(),
        failedStep,
        failure == null ? null : causeCode(failure),
        failure == null ? null : failure.getMessage(),
        statements);
  }

  /**
   * Ctrl-C or SIGTERM: the step in flight stopped at a safe point (no intent is left open by it);
   * records what exists now and the two ways on, and destroys the session objects.
   */
  private Outcome interrupted(Step step, CeremonyInterrupted e, Map<String, Object> partial) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("inStep", step.name());
    d.put("message", e.getMessage());
    d.put("kmsRequests", partial.remove("kmsRequests"));
    d.put("sessionObjects", destroySessionObjects());
    state.closeRegions();
    d.put("exists", Inventory.of(ctx, state));
    d.put("resume", ctx.control().resumeCommand());
    d.put("abandon", ctx.control().abandonCommand());
    ctx.journal().record("ceremony.interrupted", actor(), d);
    return new Outcome(
        false,
        state.key == null ? null : state.key.keyId(),
        state.key == null ? null : state.key.arn(),
        state.imported == null ? null : state.imported.keyMaterialId(),
        state.algorithm == null ? null : state.algorithm.name(),
        step.name(),
        "INTERRUPTED",
        e.getMessage()
            + "; continue with "
            + ctx.control().resumeCommand()
            + " or undo with "
            + ctx.control().abandonCommand(),
        List.of());
  }

  private List<String> destroySessionObjects() {
    List<String> cleanup = new ArrayList<>();
    if (state.wrappingKey != null) {
      try {
        ctx.hsm().destroy(state.wrappingKey);
        cleanup.add("wrapping key session object destroyed");
      } catch (RuntimeException e) {
        cleanup.add(
            "wrapping key session object NOT destroyed: "
                + e.getMessage()
                + " (it disappears when the session closes)");
      }
      state.wrappingKey = null;
    }
    return cleanup;
  }

  private void seal(Outcome o, RuntimeException failure) {
    Map<String, Object> d = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    List<String> cleanup = destroySessionObjects();
    state.closeRegions();
    d.put("outcome", o.succeeded() ? "succeeded" : "failed");
    Records.putIf(d, "failedStep", o.failedStep());
    Records.putIf(d, "cause", o.causeCode());
    if (failure != null) {
      d.put("retryable", retryable(failure));
    }
    Records.putIf(d, "keyId", o.keyId());
    Records.putIf(d, "keyArn", o.keyArn());
    Records.putIf(d, "keyMaterialId", o.keyMaterialId());
    Records.putIf(d, "algorithm", o.algorithm());
    if (state.target != null) {
      d.put("hsmObject", Map.of("label", state.target.label(), "id", state.target.idHex()));
    }
    d.put("sessionObjects", cleanup);
    if (failure != null) {
      d.put("exists", Inventory.of(ctx, state));
    }
    finish(d, t0);
    ctx.journal().record("ceremony.sealed", actor(), d);
  }
}
