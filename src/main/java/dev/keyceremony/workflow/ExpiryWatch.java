package dev.keyceremony.workflow;

import dev.keyceremony.kms.KeyInfo;
import dev.keyceremony.kms.KeyMaterialInfo;
import dev.keyceremony.kms.Kms;
import dev.keyceremony.kms.KmsException;
import dev.keyceremony.kms.RetryingKms;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code status}: every EXTERNAL key the caller can see in the given Regions, with its state, each
 * material's ValidTo and days left, the ceremony that imported it (the tags a ceremony puts on the
 * keys it creates, and a matching bundle), and which keys need a reimport within the window. Reads
 * only: ListKeys, DescribeKey, ListResourceTags, ListKeyRotations.
 */
public final class ExpiryWatch {
  /** The tag that names the HSM object's label (written by the create-key step). */
  static final String HSM_LABEL_TAG = "kms-key-ceremony:hsm-label";

  private static final Set<String> GOING = Set.of("PendingDeletion", "PendingReplicaDeletion");

  /** What {@code status} found. */
  public record Result(
      Instant now,
      int withinDays,
      List<KeyStatus> keys,
      int bundlesIndexed,
      List<Path> bundlesRejected) {
    public Result {
      keys = List.copyOf(keys);
      bundlesRejected = List.copyOf(bundlesRejected);
    }

    public boolean anyDue() {
      return keys.stream().anyMatch(KeyStatus::due);
    }
  }

  private final Clock clock;

  public ExpiryWatch(Clock clock) {
    this.clock = clock;
  }

  /**
   * @param clients one KMS client per Region, keyed by Region name, in the order to list
   * @param bundles a directory of bundles to match keys against, or null
   */
  public Result watch(Map<String, Kms> clients, int withinDays, Path bundles) {
    if (withinDays < 0) {
      throw new IllegalArgumentException("--within must be 0 or more days; got " + withinDays);
    }
    BundleIndex index = bundles == null ? BundleIndex.empty() : BundleIndex.scan(bundles);
    Instant now = clock.instant();
    Instant horizon = now.plus(Duration.ofDays(withinDays));
    List<KeyStatus> out = new ArrayList<>();
    for (Map.Entry<String, Kms> c : clients.entrySet()) {
      Kms kms = c.getValue();
      for (String id : kms.listAllKeyIds().value()) {
        KeyInfo k = kms.describeKey(id).value();
        if (!"EXTERNAL".equals(k.origin())) {
          continue;
        }
        out.add(status(c.getKey(), kms, k, now, horizon, index, bundles != null));
      }
    }
    return new Result(now, withinDays, out, index.size(), index.rejected());
  }

  private static KeyStatus status(
      String region,
      Kms kms,
      KeyInfo k,
      Instant now,
      Instant horizon,
      BundleIndex index,
      boolean bundlesGiven) {
    Map<String, String> tags = kms.listResourceTags(k.keyId()).value();
    String ceremonyId = tags.get(RetryingKms.CEREMONY_TAG);
    String label = tags.get(HSM_LABEL_TAG);
    List<KeyStatus.Material> materials = new ArrayList<>();
    if ("SYMMETRIC_DEFAULT".equals(k.keySpec())) {
      for (KeyMaterialInfo m : materials(kms, k)) {
        materials.add(
            new KeyStatus.Material(
                m.keyMaterialId(),
                m.keyMaterialState(),
                m.importState(),
                m.expirationModel(),
                m.validTo(),
                days(now, m.validTo())));
      }
    } else if (k.expirationModel() != null || k.validTo() != null) {
      materials.add(
          new KeyStatus.Material(
              null,
              "CURRENT",
              "PendingImport".equals(k.keyState()) ? "PENDING_IMPORT" : "IMPORTED",
              k.expirationModel(),
              k.validTo(),
              days(now, k.validTo())));
    }
    Optional<BundleIndex.Entry> bundle = index.newestFor(k.arn(), ceremonyId);
    Due due = GOING.contains(k.keyState()) ? null : due(k, materials, horizon, bundle);
    String next = null;
    if (due != null) {
      // A rotated key's materials come from different ceremonies: the bundle of the due one.
      Optional<BundleIndex.Entry> source =
          index.newestFor(k.arn(), ceremonyId, due.keyMaterialId());
      next =
          source
              .map(b -> "./ceremony reimport " + b.dir())
              .orElse(
                  "no bundle found for"
                      + (due.keyMaterialId() == null
                          ? " this key"
                          : " material " + due.keyMaterialId())
                      + (ceremonyId == null ? "" : " (key created by ceremony " + ceremonyId + ")")
                      + (bundlesGiven ? "" : "; give --bundles DIR to look for it")
                      + "; with the bundle of the ceremony that imported it: ./ceremony reimport BUNDLE");
    }
    return new KeyStatus(
        region,
        k.keyId(),
        k.arn(),
        k.keySpec(),
        k.keyState(),
        k.multiRegion(),
        materials,
        ceremonyId,
        label,
        bundle.map(BundleIndex.Entry::dir).orElse(null),
        due != null,
        due == null ? null : due.reason(),
        next);
  }

  /** Why a key needs a reimport now, and of which material (null: the key's one material). */
  private record Due(String reason, String keyMaterialId) {}

  /** The first reason the key needs a reimport now, or null. */
  private static Due due(
      KeyInfo k,
      List<KeyStatus.Material> materials,
      Instant horizon,
      Optional<BundleIndex.Entry> bundle) {
    for (KeyStatus.Material m : materials) {
      if ("PENDING_IMPORT".equals(m.importState()) && m.keyMaterialId() != null) {
        return new Due(
            "material "
                + m.keyMaterialId()
                + " was imported and is gone (expired or"
                + " deleted); the key is "
                + k.keyState()
                + " until it is reimported",
            m.keyMaterialId());
      }
    }
    if ("PendingImport".equals(k.keyState()) && bundle.isPresent()) {
      return new Due(
          "a ceremony imported material (bundle "
              + bundle.get().dir()
              + ") and it"
              + " is gone (expired or deleted); the key is PendingImport until it is reimported",
          null);
    }
    for (KeyStatus.Material m : materials) {
      if (m.validTo() != null
          && "IMPORTED".equals(m.importState())
          && !m.validTo().isAfter(horizon)) {
        return new Due(
            "material "
                + (m.keyMaterialId() == null ? "" : m.keyMaterialId() + " ")
                + "expires at "
                + m.validTo()
                + " ("
                + m.daysLeft()
                + " days left)",
            m.keyMaterialId());
      }
    }
    return null;
  }

  private static List<KeyMaterialInfo> materials(Kms kms, KeyInfo k) {
    try {
      return kms.listKeyMaterials(k.keyId()).value();
    } catch (KmsException e) {
      // A KMS without the 2025 rotation API: the key's one material, as DescribeKey tells it.
      if ("UnknownOperationException".equals(e.errorCode())) {
        return List.of(
            new KeyMaterialInfo(
                k.currentKeyMaterialId(),
                null,
                "PendingImport".equals(k.keyState()) ? "PENDING_IMPORT" : "IMPORTED",
                "CURRENT",
                k.expirationModel(),
                k.validTo(),
                null));
      }
      throw e;
    }
  }

  /** Whole days from now to {@code t}, rounded down (negative when past); null for null. */
  static Long days(Instant now, Instant t) {
    if (t == null) {
      return null;
    }
    return Math.floorDiv(Duration.between(now, t).getSeconds(), 86_400L);
  }
}
