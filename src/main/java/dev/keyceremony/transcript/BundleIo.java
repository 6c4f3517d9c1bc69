package dev.keyceremony.transcript;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Durable file writes for the bundle: new files only, fsync, atomic replacement. */
final class BundleIo {
  private BundleIo() {}

  /** Writes a file that must not exist yet, and fsyncs it. */
  static void writeNew(Path file, byte[] content) throws IOException {
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      writeFully(ch, content, 0);
      ch.force(true);
    }
  }

  /**
   * Replaces {@code file} atomically: a reader sees the old content or the new, never a mix, and a
   * crash leaves one of the two (temp + fsync + rename + fsync of the directory).
   */
  static void replaceAtomically(Path file, byte[] content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp); // a leftover of an interrupted checkpoint; never part of the bundle
    writeNew(tmp, content);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    syncDirectory(file.toAbsolutePath().getParent());
  }

  static void writeFully(FileChannel ch, byte[] content, long position) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(content);
    long pos = position;
    while (buf.hasRemaining()) {
      pos += ch.write(buf, pos);
    }
  }

  static byte[] readFully(FileChannel ch, long length) throws IOException {
    if (length > Integer.MAX_VALUE - 8) {
      throw new IOException("file too large to sign in one piece: " + length + " bytes");
    }
    ByteBuffer buf = ByteBuffer.allocate((int) length);
    long pos = 0;
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos);
      if (n < 0) {
        throw new IOException(
            "file shrank while reading it (expected " + length + " bytes, got " + pos + ")");
      }
      pos += n;
    }
    return buf.array();
  }

  /** Makes a new or renamed directory entry durable (Linux: fsync on the directory). */
  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some platforms (Windows) cannot open a directory; the file contents are fsynced already.
      if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win")) {
        throw e;
      }
    }
  }
}
