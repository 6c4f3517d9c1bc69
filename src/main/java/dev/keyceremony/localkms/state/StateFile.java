package dev.keyceremony.localkms.state;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.List;

/**
 * The durable state of one instance in a directory (mode 0700): {@code master.key} (32 bytes,
 * created once, 0600) and {@code state.json} (0600), rewritten atomically on every change: temp
 * file, fsync, rename, fsync of the directory. Key material in the file is sealed under the master
 * key with the key ARN as associated data.
 */
public final class StateFile implements AutoCloseable {
  private static final String STATE = "state.json";
  private final Path dir;
  private final MasterKey master;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private StateFile(Path dir, MasterKey master, FileChannel lockChannel, FileLock lock) {
    this.dir = dir;
    this.master = master;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /** Opens (creating if needed) the state directory and its master key. */
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
            java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
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
          "state directory " + dir + " is in use by another local KMS; stop it or choose another"
              + " --state-dir");
    }
    Path keyFile = dir.resolve("master.key");
    byte[] key;
    if (Files.exists(keyFile)) {
      key = Files.readAllBytes(keyFile);
      if (key.length != 32) {
        throw new IOException(keyFile + " must hold exactly 32 bytes, found " + key.length
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
    return new StateFile(dir, new MasterKey(key), lockChannel, lock);
  }

  /** Releases the directory lock. */
  @Override
  public void close() throws IOException {
    lock.release();
    lockChannel.close();
  }

  public MasterKey masterKey() {
    return master;
  }

  /** Loads the saved keys and aliases into {@code store}. */
  public void load(KeyStore store) throws IOException {
    Path file = dir.resolve(STATE);
    if (!Files.exists(file)) {
      return;
    }
    JsonNode root = Json.MAPPER.readTree(file.toFile());
    List<KeyRecord> keys =
        Json.MAPPER.convertValue(root.get("keys"), new TypeReference<List<KeyRecord>>() {});
    List<AliasRecord> aliases =
        Json.MAPPER.convertValue(root.get("aliases"), new TypeReference<List<AliasRecord>>() {});
    for (KeyRecord k : keys) {
      if (k.sealedMaterial != null) {
        k.material = master.open(k.sealedMaterial, k.arn.getBytes(StandardCharsets.UTF_8));
        if (k.material == null) {
          throw new IOException("key material of " + k.arn + " in " + file
              + " does not open under master.key (wrong master key or damaged file)");
        }
      }
      store.put(k);
    }
    aliases.forEach(store::putAlias);
    store.commitIfDirty();
  }

  /** Writes the whole state durably; called under the store lock before a response is sent. */
  public void save(KeyStore store) {
    ObjectNode root = Json.object();
    root.put("version", 1);
    var keys = root.putArray("keys");
    for (KeyRecord k : store.allKeys()) {
      k.sealedMaterial =
          k.material == null ? null : master.seal(k.material, k.arn.getBytes(StandardCharsets.UTF_8));
      keys.add(Json.MAPPER.valueToTree(k));
    }
    root.set("aliases", Json.MAPPER.valueToTree(store.allAliases()));
    try {
      byte[] bytes = Json.MAPPER.writeValueAsBytes(root);
      Path tmp = dir.resolve(STATE + ".tmp");
      Files.deleteIfExists(tmp);
      writeDurably(dir, tmp, bytes);
      Files.move(tmp, dir.resolve(STATE), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      fsyncDir(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the local KMS state to " + dir, e);
    }
  }

  private static void writeDurably(Path dir, Path file, byte[] bytes) throws IOException {
    try (FileChannel ch =
        FileChannel.open(
            file,
            java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
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
