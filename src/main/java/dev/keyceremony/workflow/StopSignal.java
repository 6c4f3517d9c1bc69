package dev.keyceremony.workflow;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;

/**
 * Ctrl-C (SIGINT) and SIGTERM during a ceremony. The first asks the ceremony to stop at its next
 * safe point: the call in flight finishes, no new side effect starts, a signed {@code
 * ceremony.interrupted} entry is written and the process exits 130. If the ceremony does not reach
 * a safe point within {@link #GRACE_MILLIS} (a KMS call that hangs, a prompt waiting for input),
 * the process stops anyway; the write-ahead intent of the call in flight lets {@code resume}
 * reconcile it. A second signal stops at once.
 *
 * <p>Handlers go through {@code sun.misc.Signal} (module jdk.unsupported), reached by reflection:
 * shutdown hooks cannot keep a ceremony running long enough to record its state, and javac warns on
 * a direct use of that API, which the build treats as an error.
 */
public final class StopSignal {
  /** How long the first signal waits for the ceremony to reach a safe point. */
  public static final long GRACE_MILLIS = 20_000;

  /** The exit status after an interruption (128 + SIGINT, as shells report Ctrl-C). */
  public static final int EXIT = 130;

  private volatile boolean requested;
  private volatile boolean finished;

  /** A signal that is never raised (tests, {@code plan}). */
  public static StopSignal none() {
    return new StopSignal();
  }

  /**
   * Installs the handlers for SIGINT and SIGTERM; {@code notice} tells the operator what happens.
   * Returns a StopSignal that is never raised when the JVM offers no signal API.
   */
  public static StopSignal install(Consumer<String> notice) {
    StopSignal s = new StopSignal();
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handler = Class.forName("sun.misc.SignalHandler");
      Constructor<?> make = signal.getConstructor(String.class);
      Method handle = signal.getMethod("handle", signal, handler);
      Object h =
          Proxy.newProxyInstance(
              StopSignal.class.getClassLoader(),
              new Class<?>[] {handler},
              (proxy, method, args) -> {
                if (method.getName().equals("handle")) {
                  s.raise(notice);
                  return null;
                }
                return method.getDeclaringClass() == Object.class ? method.invoke(s, args) : null;
              });
      handle.invoke(null, make.newInstance("INT"), h);
      handle.invoke(null, make.newInstance("TERM"), h);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      notice.accept(
          "note: Ctrl-C handling is not available in this JVM ("
              + e.getClass().getSimpleName()
              + "); an interrupted ceremony can still be resumed");
    }
    return s;
  }

  private synchronized void raise(Consumer<String> notice) {
    if (requested) {
      notice.accept(
          "Second stop signal: stopping at once. The transcript's write-ahead entries"
              + " let ./ceremony resume find out what happened.");
      Runtime.getRuntime().halt(EXIT);
    }
    requested = true;
    notice.accept(
        "Stop requested: finishing the call in flight, then recording what exists now"
            + " (press Ctrl-C again to stop at once).");
    Thread watchdog =
        new Thread(
            () -> {
              try {
                Thread.sleep(GRACE_MILLIS);
              } catch (InterruptedException e) {
                return;
              }
              if (!finished) {
                notice.accept(
                    "The ceremony did not reach a safe point within "
                        + GRACE_MILLIS / 1000
                        + " s: stopping now. Its transcript's last intent is open; ./ceremony resume"
                        + " reconciles it.");
                Runtime.getRuntime().halt(EXIT);
              }
            },
            "stop-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  /** True once a stop was requested. */
  public boolean requested() {
    return requested;
  }

  /** The ceremony reached its end (the watchdog then lets the process exit normally). */
  public void finished() {
    finished = true;
  }
}
