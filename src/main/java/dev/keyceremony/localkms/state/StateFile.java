package dev.keyceremony.localkms.state;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.keyceremony.localkms.api.Json;
import dev.keyceremony.localkms.crypto.MasterKey;
import dev.keyceremony.localkms.model.AliasRecord;
import dev.keyceremony.localkms.model.KeyRecord;
import dev.keyceremony.localkms.model.KeyStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The durable state of one instance in a directory (mode 0700): {@code master.key} (32 bytes,
 * created once, 0600) and {@code state.db} (0600), an SQLite database in WAL mode with {@code
 * synchronous=FULL}: one row per key and per alias holding the record's JSON (so new model fields
 * need no schema change), key material sealed under the master key with the key ARN as associated
 * data. A commit writes, in one transaction, only the rows whose content changed, so its cost does
 * not grow with the number of keys; it is durable (fsynced) before the response is sent. A
 * directory in the earlier format ({@code state.json}, rewritten whole on every change) is migrated
 * on open. See docs/decisions/0014-local-kms-state-store.md.
 */
public final class StateFile implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(StateFile.class.getName());
  static final String DB = "state.db";
  static final String LEGACY = "state.json";
  static final String LEGACY_DONE = "state.json.migrated";

  /** Schema version of state.db; a newer one is refused rather than misread. */
  static final int SCHEMA = 1;

  private final Path dir;
  private final MasterKey master;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final Connection db;

  /** Digest of each key's last written content (record JSON without the seal, plus material). */
  private final Map<String, byte[]> keyDigests = new HashMap<>();

  private final Map<String, AliasRecord> writtenAliases = new HashMap<>();

  /** Set when a commit failed: the next one compares every key, so nothing is left behind. */
  private boolean compareAllNext;

  private StateFile(
      Path dir, MasterKey master, FileChannel lockChannel, FileLock lock, Connection db) {
    this.dir = dir;
    this.master = master;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.db = db;
  }

  /** Opens (creating if needed) the state directory, its master key and its database. */
  public static StateFile open(Path dir) throws IOException {
    Files.createDirectories(dir);
    try {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    } catch (UnsupportedOperationException ignored) {
      // Non-POSIX file systems: best effort.
    }
    // One server per directory: two writers would lose each other's changes.
    FileChannel lockChannel =
        FileChannel.open(
            dir.resolve("lock"),
            Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    FileLock lock;
    try {
      lock = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      lockChannel.close();
      throw new IOException(
          "state directory "
              + dir
              + " is in use by another local KMS; stop it or choose another"
              + " --state-dir");
    }
    try {
      MasterKey master = masterKey(dir);
      Path dbFile = dir.resolve(DB);
      if (!Files.exists(dbFile)) {
        // SQLite gives the -wal and -shm files the database file's mode: create it 0600 first.
        Files.createFile(
            dbFile,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      Connection db = connect(dbFile);
      return new StateFile(dir, master, lockChannel, lock, db);
    } catch (IOException | RuntimeException e) {
      lock.release();
      lockChannel.close();
      throw e;
    }
  }

  private static MasterKey masterKey(Path dir) throws IOException {
    Path keyFile = dir.resolve("master.key");
    byte[] key;
    if (Files.exists(keyFile)) {
      key = Files.readAllBytes(keyFile);
      if (key.length != 32) {
        throw new IOException(
            keyFile
                + " must hold exactly 32 bytes, found "
                + key.length
                + "; restore it from backup or use a fresh --state-dir.");
      }
    } else {
      MasterKey fresh = MasterKey.random();
      key = fresh.exportForStorage();
      try {
        writeDurably(dir, keyFile, key);
      } catch (FileAlreadyExistsException raced) {
        key = Files.readAllBytes(keyFile);
      }
    }
    return new MasterKey(key);
  }

  private static Connection connect(Path dbFile) throws IOException {
    try {
      // The driver directly, not through DriverManager's service lookup (faster, and immune to
      // a repackaged jar losing META-INF/services).
      Connection c =
          new org.sqlite.JDBC()
              .connect("jdbc:sqlite:" + dbFile.toAbsolutePath(), new java.util.Properties());
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=FULL");
        s.execute("PRAGMA busy_timeout=5000");
        // 16 MiB of page cache: the key index of a large store (30,000 keys is about 23 MB)
        // stays in memory, so an insert at a random index position reads nothing.
        s.execute("PRAGMA cache_size=-16384");
        s.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)");
        s.execute("CREATE TABLE IF NOT EXISTS keys (arn TEXT PRIMARY KEY, record TEXT NOT NULL)");
        s.execute(
            "CREATE TABLE IF NOT EXISTS aliases (arn TEXT PRIMARY KEY, record TEXT NOT NULL)");
        String mode = pragma(s, "PRAGMA journal_mode");
        if (!"wal".equalsIgnoreCase(mode)) {
          throw new IOException(
              dbFile
                  + ": SQLite refused WAL mode (journal_mode="
                  + mode
                  + "); the state directory must be on a local file system.");
        }
        String version = meta(c, "schema");
        if (version == null) {
          s.execute("INSERT INTO meta (name, value) VALUES ('schema', '" + SCHEMA + "')");
        } else if (!version.equals(Integer.toString(SCHEMA))) {
          throw new IOException(
              dbFile
                  + " has schema version "
                  + version
                  + "; this local KMS"
                  + " reads version "
                  + SCHEMA
                  + ". Use the version of the tool that wrote it, or a"
                  + " fresh --state-dir.");
        }
      }
      c.setAutoCommit(false);
      return c;
    } catch (SQLException e) {
      throw new IOException(
          "cannot open the local KMS state database " + dbFile + ": " + e.getMessage(), e);
    }
  }

  private static String pragma(Statement s, String sql) throws SQLException {
    try (ResultSet r = s.executeQuery(sql)) {
      return r.next() ? r.getString(1) : null;
    }
  }

  private static String meta(Connection c, String name) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT value FROM meta WHERE name = ?")) {
      p.setString(1, name);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? r.getString(1) : null;
      }
    }
  }

  /** Releases the database and the directory lock. */
  @Override
  public void close() throws IOException {
    try {
      db.close();
    } catch (SQLException e) {
      LOG.warning("closing the state database: " + e.getMessage());
    } finally {
      lock.release();
      lockChannel.close();
    }
  }

  public MasterKey masterKey() {
    return master;
  }

  /**
   * Loads the saved keys and aliases into {@code store}, first migrating a {@code state.json} of
   * the earlier format into the database (one transaction; the old file is then renamed to {@code
   * state.json.migrated}).
   */
  public void load(KeyStore store) throws IOException {
    migrateLegacy();
    try (Statement s = db.createStatement()) {
      try (ResultSet r = s.executeQuery("SELECT arn, record FROM keys ORDER BY rowid")) {
        while (r.next()) {
          KeyRecord k = Json.MAPPER.readValue(r.getString(2), KeyRecord.class);
          if (k.sealedMaterial != null) {
            k.material = master.open(k.sealedMaterial, k.arn.getBytes(StandardCharsets.UTF_8));
            if (k.material == null) {
              throw new IOException(
                  "key material of "
                      + k.arn
                      + " in "
                      + dir.resolve(DB)
                      + " does not open under master.key (wrong master key or damaged file)");
            }
          }
          store.put(k);
          keyDigests.put(k.arn, digest(k));
        }
      }
      try (ResultSet r = s.executeQuery("SELECT record FROM aliases ORDER BY rowid")) {
        while (r.next()) {
          AliasRecord a = Json.MAPPER.readValue(r.getString(1), AliasRecord.class);
          store.putAlias(a);
          writtenAliases.put(a.arn(), a);
        }
      }
      db.commit();
    } catch (SQLException e) {
      throw new IOException("cannot read " + dir.resolve(DB) + ": " + e.getMessage(), e);
    }
    // What was just read is on disk already: this compares every key once and writes nothing.
    store.commitIfDirty();
  }

  private void migrateLegacy() throws IOException {
    Path legacy = dir.resolve(LEGACY);
    if (!Files.exists(legacy)) {
      return;
    }
    try {
      if (meta(db, "migratedFrom") == null) {
        JsonNode root = Json.MAPPER.readTree(legacy.toFile());
        if (root == null || !root.path("version").isInt() || root.path("version").asInt() != 1) {
          throw new IOException(
              legacy
                  + " is not a version 1 local KMS state file ("
                  + (root == null ? "empty" : "version " + root.path("version"))
                  + "); restore it"
                  + " from backup or use a fresh --state-dir.");
        }
        List<KeyRecord> keys =
            Json.MAPPER.convertValue(root.get("keys"), new TypeReference<List<KeyRecord>>() {});
        List<AliasRecord> aliases =
            Json.MAPPER.convertValue(
                root.get("aliases"), new TypeReference<List<AliasRecord>>() {});
        try (PreparedStatement k = db.prepareStatement(UPSERT_KEY);
            PreparedStatement a = db.prepareStatement(UPSERT_ALIAS);
            PreparedStatement m =
                db.prepareStatement("INSERT INTO meta (name, value) VALUES ('migratedFrom', ?)")) {
          for (KeyRecord r : keys) {
            // The record is kept as it was, still sealed: the master key is the same.
            k.setString(1, r.arn);
            k.setString(2, Json.MAPPER.writeValueAsString(r));
            k.addBatch();
          }
          k.executeBatch();
          for (AliasRecord r : aliases) {
            a.setString(1, r.arn());
            a.setString(2, Json.MAPPER.writeValueAsString(r));
            a.addBatch();
          }
          a.executeBatch();
          m.setString(1, LEGACY + " (" + keys.size() + " keys, " + aliases.size() + " aliases)");
          m.executeUpdate();
        }
        db.commit();
        LOG.info("migrated " + legacy + " (" + keys.size() + " keys) into " + dir.resolve(DB));
      }
      // Migrated now or by an earlier run interrupted before the rename.
      Files.move(
          legacy,
          dir.resolve(LEGACY_DONE),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      fsyncDir(dir);
    } catch (SQLException e) {
      rollbackQuietly();
      throw new IOException(
          "cannot migrate " + legacy + " into " + dir.resolve(DB) + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new IOException(
          legacy
              + " cannot be read as a local KMS state file ("
              + e.getMessage()
              + "); restore it from backup or use a fresh --state-dir.",
          e);
    }
  }

  private static final String UPSERT_KEY =
      "INSERT INTO keys (arn, record) VALUES (?, ?)"
          + " ON CONFLICT (arn) DO UPDATE SET record = excluded.record";
  private static final String UPSERT_ALIAS =
      "INSERT INTO aliases (arn, record) VALUES (?, ?)"
          + " ON CONFLICT (arn) DO UPDATE SET record = excluded.record";

  /**
   * Writes what changed since the last commit, durably, in one transaction; called under the store
   * lock before a response is sent.
   */
  public void save(KeyStore store) {
    KeyStore.Changes changes = store.takeChanges();
    boolean all = compareAllNext || changes.isEmpty();
    Iterable<KeyRecord> candidates = all ? store.allKeysForPersistence() : changes.keys();
    Map<String, byte[]> newDigests = new HashMap<>();
    Set<String> removed = new HashSet<>(changes.removedKeyArns());
    Map<String, AliasRecord> aliasWrites = new HashMap<>(changes.aliases());
    if (all) {
      Set<String> present = new HashSet<>();
      for (KeyRecord k : store.allKeysForPersistence()) {
        present.add(k.arn);
      }
      for (String arn : keyDigests.keySet()) {
        if (!present.contains(arn)) {
          removed.add(arn);
        }
      }
      Map<String, AliasRecord> now = new HashMap<>();
      for (AliasRecord a : store.allAliases()) {
        now.put(a.arn(), a);
        if (!a.equals(writtenAliases.get(a.arn()))) {
          aliasWrites.put(a.arn(), a);
        }
      }
      for (String arn : writtenAliases.keySet()) {
        if (!now.containsKey(arn)) {
          aliasWrites.put(arn, null);
        }
      }
    }
    try (PreparedStatement upsert = db.prepareStatement(UPSERT_KEY);
        PreparedStatement delete = db.prepareStatement("DELETE FROM keys WHERE arn = ?");
        PreparedStatement upsertAlias = db.prepareStatement(UPSERT_ALIAS);
        PreparedStatement deleteAlias = db.prepareStatement("DELETE FROM aliases WHERE arn = ?")) {
      int writes = 0;
      for (KeyRecord k : candidates) {
        byte[] d = digest(k);
        if (Arrays.equals(d, keyDigests.get(k.arn))) {
          continue;
        }
        k.sealedMaterial =
            k.material == null
                ? null
                : master.seal(k.material, k.arn.getBytes(StandardCharsets.UTF_8));
        upsert.setString(1, k.arn);
        upsert.setString(2, Json.MAPPER.writeValueAsString(k));
        upsert.executeUpdate();
        newDigests.put(k.arn, d);
        writes++;
      }
      for (String arn : removed) {
        delete.setString(1, arn);
        writes += delete.executeUpdate();
      }
      for (Map.Entry<String, AliasRecord> e : aliasWrites.entrySet()) {
        if (e.getValue() == null) {
          deleteAlias.setString(1, e.getKey());
          writes += deleteAlias.executeUpdate();
        } else {
          upsertAlias.setString(1, e.getKey());
          upsertAlias.setString(2, Json.MAPPER.writeValueAsString(e.getValue()));
          writes += upsertAlias.executeUpdate();
        }
      }
      if (writes > 0) {
        db.commit(); // WAL + synchronous=FULL: fsynced before this returns.
      } else {
        db.rollback();
      }
    } catch (SQLException | IOException e) {
      rollbackQuietly();
      compareAllNext = true;
      throw new UncheckedIOException(
          "cannot write the local KMS state to " + dir.resolve(DB),
          e instanceof IOException io ? io : new IOException(e.getMessage(), e));
    }
    keyDigests.putAll(newDigests);
    removed.forEach(keyDigests::remove);
    aliasWrites.forEach(
        (arn, a) -> {
          if (a == null) {
            writtenAliases.remove(arn);
          } else {
            writtenAliases.put(arn, a);
          }
        });
    compareAllNext = false;
  }

  /** SHA-256 over the record's JSON without its seal (fresh nonce each time) and its material. */
  private static byte[] digest(KeyRecord k) throws IOException {
    byte[] sealed = k.sealedMaterial;
    k.sealedMaterial = null;
    byte[] json;
    try {
      json = Json.MAPPER.writeValueAsBytes(k);
    } finally {
      k.sealedMaterial = sealed;
    }
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(json);
      md.update((byte) 0);
      if (k.material != null) {
        md.update(k.material);
      }
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void rollbackQuietly() {
    try {
      db.rollback();
    } catch (SQLException ignored) {
      // The connection is unusable; the next commit reports it.
    }
  }

  private static void writeDurably(Path dir, Path file, byte[] bytes) throws IOException {
    try (FileChannel ch =
        FileChannel.open(
            file,
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    fsyncDir(dir);
  }

  private static void fsyncDir(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }
}
