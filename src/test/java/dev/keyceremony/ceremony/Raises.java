package dev.keyceremony.ceremony;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the test that makes a fake (or, where a real token is needed, a real part) fail in exactly
 * the way that raises this cause. {@link FailCauseTest#everyCauseHasItsTest} fails when a {@link
 * FailCause} constant has none.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Raises {
  FailCause value();
}
