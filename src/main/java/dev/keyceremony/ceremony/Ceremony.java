package dev.keyceremony.ceremony;

import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.hsm.HsmException;
import dev.keyceremony.hsm.HsmSession;
import dev.keyceremony.kms.Kms;
import dev.keyceremony.kms.KmsException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a ceremony: an ordered list of small steps, each appending exactly one journal entry (or
 * one {@code error} entry when it fails), then a {@code seal} entry after the session objects are
 * destroyed. Fails closed: the first failure stops the ceremony and is recorded.
 */
public final class Ceremony {
  private final CeremonyContext ctx;
  private final RecordingKms kms;
  private final CeremonyState state = new CeremonyState();

  public Ceremony(CeremonyContext ctx) {
    this.kms = new RecordingKms(ctx.kms());
    this.ctx = new CeremonyContext(ctx.script(), ctx.hsm(), kms, ctx.journal(),
        ctx.participants(), ctx.clock(), ctx.random(), ctx.pinReader(), ctx.environment());
  }

  /**
   * {@code plan}: the preflight checks (read-only: token facts, self-test with session objects
   * only, ListKeys, DescribeKey, object listing) and the lines {@code run} would carry out.
   */
  public static List<String> plan(CeremonyScript script, HsmSession hsm, Kms kms,
      String participantsMode) {
    CeremonyContext c = new CeremonyContext(script, hsm, kms, (t, a, d) -> { }, new Participants() {
      @Override
      public String mode() {
        return participantsMode;
      }

      @Override
      public List<Acknowledgement> approvals(dev.keyceremony.ceremony.script.Roles r,
          List<String> p) {
        return List.of();
      }

      @Override
      public List<Acknowledgement> confirmations(dev.keyceremony.ceremony.script.Roles r,
          Fingerprint f) {
        return List.of();
      }
    }, java.time.Clock.systemUTC(), new java.security.SecureRandom(), p -> {
      throw new IllegalStateException("plan reads no PIN");
    }, Map.of());
    CeremonyState st = new CeremonyState();
    new PreflightStep().run(c, st, new LinkedHashMap<>());
    return Plan.lines(script, st.algorithm, participantsMode);
  }

  public Outcome run() {
    CeremonyScript s = ctx.script();
    ctx.journal().record("ceremony.opened", actor(), Opening.data(ctx));
    List<Step> steps = new ArrayList<>();
    steps.add(new PreflightStep());
    String failedStep = null;
    RuntimeException failure = null;
    int i = 0;
    while (i < steps.size()) {
      Step step = steps.get(i);
      Map<String, Object> data = new LinkedHashMap<>();
      long t0 = System.nanoTime();
      try {
        step.run(ctx, state, data);
        finish(data, t0);
        ctx.journal().record("step." + step.name(), actor(step), data);
      } catch (RuntimeException e) {
        finish(data, t0);
        failedStep = step.name();
        failure = e;
        ctx.journal().record("error", actor(step), errorData(step, e, data));
        break;
      }
      if (i == 0) {
        steps.addAll(rest(s));
      }
      i++;
    }
    Outcome outcome = outcome(failedStep, failure);
    seal(outcome);
    return outcome;
  }

  private List<Step> rest(CeremonyScript s) {
    List<Step> l = new ArrayList<>();
    l.add(new ApprovalStep(Plan.lines(s, state.algorithm, ctx.participants().mode())));
    if (s.key().creates()) {
      l.add(new CreateKeyStep());
    }
    l.add(new ParametersStep());
    l.add(new HsmPrepareStep());
    l.add(new WrapImportStep());
    l.add(new ProveStep());
    return l;
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
        return "operator:" + ctx.script().roles().operator() + ";witnesses:"
            + String.join(",", ctx.script().roles().witnesses());
      default:
        return actor();
    }
  }

  private static Map<String, Object> errorData(Step step, RuntimeException e,
      Map<String, Object> partial) {
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
    return d;
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
    return new Outcome(failure == null,
        state.key == null ? null : state.key.keyId(),
        state.imported != null ? state.imported.keyArn() : state.key == null ? null
            : state.key.arn(),
        state.imported == null ? null : state.imported.keyMaterialId(),
        state.algorithm == null ? null : state.algorithm.name(),
        failedStep, failure == null ? null : causeCode(failure),
        failure == null ? null : failure.getMessage(), statements);
  }

  private void seal(Outcome o) {
    Map<String, Object> d = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    List<String> cleanup = new ArrayList<>();
    if (state.wrappingKey != null) {
      try {
        ctx.hsm().destroy(state.wrappingKey);
        cleanup.add("wrapping key session object destroyed");
      } catch (RuntimeException e) {
        cleanup.add("wrapping key session object NOT destroyed: " + e.getMessage()
            + " (it disappears when the session closes)");
      }
    }
    d.put("outcome", o.succeeded() ? "succeeded" : "failed");
    Records.putIf(d, "failedStep", o.failedStep());
    Records.putIf(d, "cause", o.causeCode());
    Records.putIf(d, "keyId", o.keyId());
    Records.putIf(d, "keyArn", o.keyArn());
    Records.putIf(d, "keyMaterialId", o.keyMaterialId());
    Records.putIf(d, "algorithm", o.algorithm());
    if (state.target != null) {
      d.put("hsmObject", Map.of("label", state.target.label(), "id", state.target.idHex()));
    }
    d.put("sessionObjects", cleanup);
    finish(d, t0);
    ctx.journal().record("ceremony.sealed", actor(), d);
  }
}
