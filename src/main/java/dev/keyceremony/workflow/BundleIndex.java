package dev.keyceremony.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyceremony.transcript.BundleFiles;
import dev.keyceremony.transcript.TranscriptEntry;
import dev.keyceremony.transcript.TranscriptVerifier;
import dev.keyceremony.transcript.VerificationReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The bundles under a directory (it and its subdirectories, two levels deep) that verify and whose
 * ceremony succeeded, by ceremony ID and key: what {@code status} offers to {@code reimport}. A
 * bundle that does not verify is never offered; it is counted.
 */
final class BundleIndex {
  /** One verified, succeeded bundle and what it imported. */
  record Entry(
      Path dir,
      String ceremonyId,
      String keyId,
      String keyArn,
      String keyMaterialId,
      String hsmLabel,
      String time) {}

  private final List<Entry> entries;
  private final List<Path> rejected;

  private BundleIndex(List<Entry> entries, List<Path> rejected) {
    this.entries = List.copyOf(entries);
    this.rejected = List.copyOf(rejected);
  }

  static BundleIndex empty() {
    return new BundleIndex(List.of(), List.of());
  }

  static BundleIndex scan(Path root) {
    List<Entry> found = new ArrayList<>();
    List<Path> bad = new ArrayList<>();
    try (Stream<Path> s = Files.walk(root, 2)) {
      for (Path t :
          s.filter(p -> p.getFileName().toString().equals(BundleFiles.TRANSCRIPT))
              .sorted()
              .toList()) {
        Path dir = t.getParent().toAbsolutePath().normalize();
        VerificationReport r = TranscriptVerifier.verify(dir);
        if (!r.isValid()) {
          bad.add(dir);
          continue;
        }
        entry(dir, r.entries()).ifPresent(found::add);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + root, e);
    }
    return new BundleIndex(found, bad);
  }

  private static Optional<Entry> entry(Path dir, List<TranscriptEntry> entries) {
    TranscriptEntry last = entries.get(entries.size() - 1);
    if (!last.type().equals("ceremony.sealed")) {
      return Optional.empty();
    }
    JsonNode d = last.data();
    if (!"succeeded".equals(d.path("outcome").asText()) || !d.hasNonNull("keyArn")) {
      return Optional.empty();
    }
    return Optional.of(
        new Entry(
            dir,
            last.ceremony(),
            d.path("keyId").asText(null),
            d.path("keyArn").asText(),
            d.path("keyMaterialId").asText(null),
            d.path("hsmObject").path("label").asText(null),
            last.time()));
  }

  /**
   * The newest bundle that imported into {@code keyArn}, preferring none over a guess: matched by
   * the ceremony ID of the key's tag (the ceremony that created it) or by the key ARN (a reimport,
   * or a ceremony on an existing key).
   */
  Optional<Entry> newestFor(String keyArn, String ceremonyId) {
    return entries.stream()
        .filter(
            e ->
                e.keyArn().equals(keyArn)
                    || (ceremonyId != null && ceremonyId.equals(e.ceremonyId())))
        .max(Comparator.comparing(Entry::time));
  }

  /**
   * The newest bundle that imported material {@code keyMaterialId} into the key (a rotated key's
   * materials come from different ceremonies); without an ID, {@link #newestFor}.
   */
  Optional<Entry> newestFor(String keyArn, String ceremonyId, String keyMaterialId) {
    if (keyMaterialId == null) {
      return newestFor(keyArn, ceremonyId);
    }
    return entries.stream()
        .filter(
            e ->
                keyMaterialId.equals(e.keyMaterialId())
                    && (e.keyArn().equals(keyArn)
                        || (ceremonyId != null && ceremonyId.equals(e.ceremonyId()))))
        .max(Comparator.comparing(Entry::time));
  }

  List<Path> rejected() {
    return rejected;
  }

  int size() {
    return entries.size();
  }
}
