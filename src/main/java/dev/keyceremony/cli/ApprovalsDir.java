package dev.keyceremony.cli;

import dev.keyceremony.ceremony.ApprovalRequest;
import dev.keyceremony.ceremony.PresignedApprovals;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads {@code run --approvals DIR}: the one approval request file (the file whose first line is
 * the request title, as written by {@code plan --approval-request}) and every {@code *.sig} file.
 * Each file is read once; the bytes checked are the bytes read.
 */
final class ApprovalsDir {
  private static final long MAX_FILE = 1 << 20;

  private ApprovalsDir() {}

  /**
   * @throws IllegalArgumentException naming the problem and the fix
   */
  static PresignedApprovals read(Path dir, String runId) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          "--approvals "
              + dir
              + " is not a directory; give the"
              + " directory holding the approval request and the custodians' .sig files");
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "--approvals " + dir + " cannot be listed: " + e.getMessage());
    }
    List<Path> requests = new ArrayList<>();
    List<PresignedApprovals.SignatureFile> sigs = new ArrayList<>();
    byte[] requestBytes = null;
    for (Path f : files) {
      byte[] b = bytes(f);
      if (f.getFileName().toString().endsWith(".sig")) {
        sigs.add(
            new PresignedApprovals.SignatureFile(
                f.getFileName().toString(), new String(b, StandardCharsets.US_ASCII)));
      } else if (new String(b, 0, Math.min(b.length, 64), StandardCharsets.UTF_8)
          .startsWith("kms-key-ceremony approval request")) {
        requests.add(f);
        requestBytes = b;
      }
    }
    if (requests.size() != 1) {
      throw new IllegalArgumentException(
          "--approvals "
              + dir
              + ": "
              + (requests.isEmpty()
                  ? "no approval request in it"
                  : requests.size() + " approval requests in it (" + requests + ")")
              + "; it must hold exactly one request written by ./ceremony plan"
              + " SCRIPT --approval-request FILE, and the .sig files made from it");
    }
    if (sigs.isEmpty()) {
      throw new IllegalArgumentException(
          "--approvals "
              + dir
              + ": no .sig files in it; each"
              + " custodian signs "
              + requests.get(0).getFileName()
              + " with ssh-keygen -Y sign -n"
              + " kms-key-ceremony -f KEY "
              + requests.get(0).getFileName());
    }
    String source = requests.get(0).toString();
    return new PresignedApprovals(source, ApprovalRequest.parse(requestBytes, source), sigs, runId);
  }

  private static byte[] bytes(Path f) {
    try {
      if (Files.size(f) > MAX_FILE) {
        throw new IllegalArgumentException(
            "--approvals: "
                + f
                + " is larger than 1 MiB; it is"
                + " neither a request nor a signature");
      }
      return Files.readAllBytes(f);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "--approvals: " + f + " cannot be read: " + e.getMessage());
    }
  }
}
