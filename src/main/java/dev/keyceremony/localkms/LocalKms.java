package dev.keyceremony.localkms;

import dev.keyceremony.localkms.crypto.MasterKey;
import dev.keyceremony.localkms.crypto.WrappingKeyPool;
import dev.keyceremony.localkms.http.AdminHandler;
import dev.keyceremony.localkms.http.Faults;
import dev.keyceremony.localkms.http.KmsHttpHandler;
import dev.keyceremony.localkms.http.KmsHttpServer;
import dev.keyceremony.localkms.http.QuotaLimiter;
import dev.keyceremony.localkms.http.SigV4Verifier;
import dev.keyceremony.localkms.model.KeyStore;
import dev.keyceremony.localkms.ops.Dispatcher;
import dev.keyceremony.localkms.ops.KmsContext;
import dev.keyceremony.localkms.state.StateFile;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A running local KMS: a KMS-compatible HTTP server (awsJson1.1, SigV4) for the import surface.
 * Shaped like OkHttp's MockWebServer: build, {@link Builder#start()}, use {@link #endpoint()},
 * close.
 */
public final class LocalKms implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(LocalKms.class.getName());

  private final KmsHttpServer server;
  private final ScheduledExecutorService sweeper;
  private final WrappingKeyPool pool;
  private final KeyStore store;
  private final MutableClock clock;
  private final Faults faults;
  private final List<AccountCredentials> credentials;
  private final URI endpoint;
  private final StateFile stateFile;

  private LocalKms(Builder b, StateFile stateFile) throws IOException {
    InetAddress bind = InetAddress.getByName(b.bind);
    if (!bind.isLoopbackAddress() && !b.allowNonLoopback) {
      throw new IllegalArgumentException(
          "refusing to bind to non-loopback address "
              + b.bind
              + "; the local KMS is for test rigs. Pass --allow-non-loopback to override.");
    }
    this.clock = b.clock;
    this.credentials =
        b.credentials != null
            ? List.copyOf(b.credentials)
            : List.of(
                b.account == null
                    ? AccountCredentials.DEFAULT
                    : AccountCredentials.DEFAULT.withAccount(b.account));
    this.stateFile = stateFile;
    MasterKey master = stateFile == null ? MasterKey.random() : stateFile.masterKey();
    this.store = new KeyStore(clock, stateFile == null ? s -> {} : stateFile::save);
    if (stateFile != null) {
      synchronized (store) {
        stateFile.load(store);
      }
    }
    this.pool = new WrappingKeyPool(b.wrappingKeyPool);
    KmsContext ctx = new KmsContext(store, master, pool);
    this.faults = new Faults(b.faults);
    AdminHandler admin = new AdminHandler(clock, faults, this::sweep);
    KmsHttpHandler handler =
        new KmsHttpHandler(
            new SigV4Verifier(credentials, clock.base()),
            new Dispatcher(ctx),
            faults,
            b.emulateQuotas ? new QuotaLimiter() : null,
            admin);
    this.server = new KmsHttpServer(bind, b.port, b.httpLimits, handler);
    this.sweeper =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "localkms-expiry-sweep");
              t.setDaemon(true);
              return t;
            });
    server.start();
    sweeper.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
    String host = bind.getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    this.endpoint = URI.create("http://" + host + ":" + server.port());
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The base URL to give the SDK as endpoint override, e.g. http://127.0.0.1:4599. */
  public URI endpoint() {
    return endpoint;
  }

  public int port() {
    return endpoint.getPort();
  }

  public MutableClock clock() {
    return clock;
  }

  /** The first (or only) accepted credentials. */
  public AccountCredentials defaultCredentials() {
    return credentials.get(0);
  }

  public String accountId() {
    return defaultCredentials().accountId();
  }

  public void setFaults(FaultSettings settings) {
    faults.set(settings);
  }

  /** Drops expired material and removes keys past their deletion date, now. */
  public void sweep() {
    try {
      synchronized (store) {
        store.sweep();
        store.commitIfDirty();
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "expiry sweep failed: " + e.getClass().getName());
    }
  }

  /** Fills the wrapping-key pool for a spec now (benchmarks). */
  public void warmWrappingKeys(String wrappingKeySpec) {
    pool.warm(wrappingKeySpec);
  }

  @Override
  public void close() {
    server.close();
    sweeper.shutdownNow();
    pool.close();
    synchronized (store) {
      store.commitIfDirty();
    }
    if (stateFile != null) {
      try {
        stateFile.close();
      } catch (IOException e) {
        LOG.log(Level.WARNING, "could not release the state directory lock: " + e.getMessage());
      }
    }
  }

  /** Configuration for {@link LocalKms}. */
  public static final class Builder {
    private int port = 0;
    private String bind = "127.0.0.1";
    private boolean allowNonLoopback;
    private Path stateDir;
    private List<AccountCredentials> credentials;
    private String account;
    private MutableClock clock = MutableClock.system();
    private FaultSettings faults = FaultSettings.NONE;
    private boolean emulateQuotas;
    private boolean wrappingKeyPool = true;
    private KmsHttpServer.Limits httpLimits = KmsHttpServer.Limits.DEFAULT;

    private Builder() {}

    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, got " + port);
      }
      this.port = port;
      return this;
    }

    public Builder bind(String address) {
      this.bind = address;
      return this;
    }

    public Builder allowNonLoopback(boolean allow) {
      this.allowNonLoopback = allow;
      return this;
    }

    public Builder stateDir(Path dir) {
      this.stateDir = dir;
      return this;
    }

    public Builder credentials(List<AccountCredentials> list) {
      if (list.isEmpty()) {
        throw new IllegalArgumentException("at least one credentials pair is required");
      }
      this.credentials = list;
      return this;
    }

    /** Overrides the account of the default credentials pair. */
    public Builder account(String accountId) {
      this.account = accountId;
      return this;
    }

    public Builder clock(MutableClock clock) {
      this.clock = clock;
      return this;
    }

    public Builder faults(FaultSettings settings) {
      this.faults = settings;
      return this;
    }

    public Builder emulateQuotas(boolean on) {
      this.emulateQuotas = on;
      return this;
    }

    /** Keep pre-generated wrapping key pairs (default on). */
    public Builder wrappingKeyPool(boolean on) {
      this.wrappingKeyPool = on;
      return this;
    }

    /** Request size, read timeouts and connection limits of the HTTP server. */
    public Builder httpLimits(KmsHttpServer.Limits limits) {
      this.httpLimits = limits;
      return this;
    }

    public LocalKms start() throws IOException {
      StateFile state = stateDir == null ? null : StateFile.open(stateDir);
      try {
        return new LocalKms(this, state);
      } catch (IOException | RuntimeException e) {
        if (state != null) {
          state.close();
        }
        throw e;
      }
    }
  }
}
