package dev.keyceremony.ceremony;

import dev.keyceremony.kms.KmsException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Write-ahead for every side effect: a signed {@code intent} entry says what is about to happen and
 * how to find it afterwards (its handle), then the effect runs, then a {@code result} entry records
 * what came of it. A crash between the two leaves an open intent that {@code resume} reconciles by
 * asking KMS and the HSM. A stop request is honoured before the intent, never between intent and
 * effect.
 */
final class SideEffects {
  /** Result status: the effect happened. */
  static final String DONE = "done";

  /** Result status: KMS answered with an error, so the effect did not happen. */
  static final String FAILED = "failed";

  /** Result status: no answer, or a 5xx: the effect may or may not have happened. */
  static final String UNKNOWN = "unknown";

  private SideEffects() {}

  static <T> T perform(
      CeremonyContext ctx,
      String step,
      String action,
      Map<String, Object> handle,
      Supplier<T> effect,
      Function<T, Map<String, Object>> facts) {
    if (ctx.control().stopRequested().getAsBoolean()) {
      throw new CeremonyInterrupted("before " + action + " in step " + step);
    }
    Map<String, Object> intent = new LinkedHashMap<>();
    intent.put("action", action);
    intent.put("step", step);
    intent.put("handle", handle);
    long seq = ctx.journal().record("intent", actor(ctx), intent);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("intent", seq);
    result.put("action", action);
    T value;
    try {
      value = effect.get();
    } catch (RuntimeException e) {
      boolean answered =
          e instanceof KmsException k && k.httpStatus() >= 400 && k.httpStatus() < 500;
      result.put("status", answered ? FAILED : UNKNOWN);
      result.put("error", Ceremony.causeCode(e));
      if (e instanceof KmsException k && k.requestId() != null) {
        result.put("requestId", k.requestId());
      }
      ctx.journal().record("result", actor(ctx), result);
      throw e;
    }
    result.put("status", DONE);
    result.putAll(facts.apply(value));
    ctx.journal().record("result", actor(ctx), result);
    return value;
  }

  static String actor(CeremonyContext ctx) {
    return "operator:" + ctx.script().roles().operator();
  }
}
