package dev.keyceremony.localkms.model;

import dev.keyceremony.localkms.api.KmsError;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * All keys and aliases, per account and Region. Not thread-safe by itself: callers hold the store's
 * monitor ({@code synchronized (store)}) for a whole operation, then call {@link #commitIfDirty()}
 * so a change is durable before its response is sent.
 *
 * <p>So that a commit costs what the operation changed, not what the store holds, the store notes
 * every key an operation could have changed: each key it hands out (lookups, listings) or takes in,
 * each removal and each alias change. The persister reads them with {@link #takeChanges()} and
 * writes the ones whose content really changed.
 */
public final class KeyStore {
  private final Map<String, KeyRecord> keysByArn = new LinkedHashMap<>();
  private final Map<String, AliasRecord> aliasesByArn = new LinkedHashMap<>();
  private final Clock clock;
  private final Consumer<KeyStore> persister;
  private boolean dirty;

  /** Keys handed out or taken in since the last commit, by ARN: candidates for a write. */
  private final Map<String, KeyRecord> touched = new LinkedHashMap<>();

  private final Set<String> removedKeys = new LinkedHashSet<>();

  /** Alias changes since the last commit, by alias ARN; a null value is a removal. */
  private final Map<String, AliasRecord> aliasChanges = new LinkedHashMap<>();

  /**
   * What may have changed since the last commit.
   *
   * @param keys keys handed out or taken in (possibly unchanged)
   * @param removedKeyArns keys removed
   * @param aliases changed aliases by alias ARN, null for a removed one
   */
  public record Changes(
      Collection<KeyRecord> keys, Set<String> removedKeyArns, Map<String, AliasRecord> aliases) {
    /** True if the store noted nothing although it is dirty: the persister must compare all. */
    public boolean isEmpty() {
      return keys.isEmpty() && removedKeyArns.isEmpty() && aliases.isEmpty();
    }
  }

  public KeyStore(Clock clock, Consumer<KeyStore> persister) {
    this.clock = clock;
    this.persister = persister;
  }

  public Instant now() {
    return clock.instant();
  }

  public void markDirty() {
    dirty = true;
  }

  /** Persists the state if anything changed since the last commit. */
  public void commitIfDirty() {
    if (dirty) {
      persister.accept(this);
      dirty = false;
    }
    // Unchanged or persisted: nothing noted so far needs a write any more.
    takeChanges();
  }

  /** The changes noted since the last commit; clears them. Called by the persister. */
  public Changes takeChanges() {
    if (touched.isEmpty() && removedKeys.isEmpty() && aliasChanges.isEmpty()) {
      return new Changes(List.of(), Set.of(), Map.of());
    }
    Changes c =
        new Changes(
            List.copyOf(touched.values()),
            Collections.unmodifiableSet(new LinkedHashSet<>(removedKeys)),
            Collections.unmodifiableMap(new LinkedHashMap<>(aliasChanges)));
    touched.clear();
    removedKeys.clear();
    aliasChanges.clear();
    return c;
  }

  private KeyRecord touch(KeyRecord k) {
    touched.put(k.arn, k);
    return k;
  }

  public static String keyArn(String region, String account, String keyId) {
    return "arn:aws:kms:" + region + ":" + account + ":key/" + keyId;
  }

  public static String aliasArn(String region, String account, String name) {
    return "arn:aws:kms:" + region + ":" + account + ":" + name;
  }

  public void put(KeyRecord k) {
    keysByArn.put(k.arn, k);
    removedKeys.remove(k.arn);
    touch(k);
    dirty = true;
  }

  public void remove(KeyRecord k) {
    keysByArn.remove(k.arn);
    touched.remove(k.arn);
    removedKeys.add(k.arn);
    aliasesByArn
        .values()
        .removeIf(
            a -> {
              boolean hit =
                  a.account().equals(k.account)
                      && a.region().equals(k.region)
                      && a.targetKeyId().equals(k.keyId);
              if (hit) {
                aliasChanges.put(a.arn(), null);
              }
              return hit;
            });
    dirty = true;
  }

  public KeyRecord byArn(String arn) {
    KeyRecord k = keysByArn.get(arn);
    if (k == null) {
      return null;
    }
    if (isDeletionDue(k)) {
      remove(k);
      return null;
    }
    expireIfDue(k);
    return touch(k);
  }

  /**
   * Finds a key by key ID, key ARN and (if {@code allowAlias}) alias name or alias ARN, in the
   * caller's account and Region; NotFoundException otherwise. Expired material is dropped first.
   */
  public KeyRecord find(String account, String region, String keyIdOrAlias, boolean allowAlias) {
    String id = keyIdOrAlias;
    if (id.startsWith("arn:")) {
      String[] p = id.split(":", 6);
      if (p.length == 6 && p[5].startsWith("alias/") && allowAlias) {
        return viaAlias(account, region, p[3], p[4], p[5]);
      }
      if (p.length != 6 || !p[5].startsWith("key/")) {
        throw KmsError.notFound("Invalid keyId '" + keyIdOrAlias + "'");
      }
      if (!p[1].equals("aws")
          || !p[2].equals("kms")
          || !p[3].equals(region)
          || !p[4].equals(account)) {
        throw notFound(keyIdOrAlias);
      }
      id = p[5].substring("key/".length());
    } else if (id.startsWith("alias/")) {
      if (allowAlias) {
        return viaAlias(account, region, region, account, id);
      }
      throw KmsError.notFound(
          "Key '"
              + aliasArn(region, account, id)
              + "' does not exist"
              + " (aliases are not accepted by this operation; use the key ID or key ARN)");
    }
    KeyRecord k = byArn(keyArn(region, account, id));
    if (k == null) {
      throw notFound(keyArn(region, account, id));
    }
    return k;
  }

  private KeyRecord viaAlias(
      String account, String region, String arnRegion, String arnAccount, String name) {
    String arn = aliasArn(arnRegion, arnAccount, name);
    AliasRecord a =
        arnRegion.equals(region) && arnAccount.equals(account) ? aliasesByArn.get(arn) : null;
    if (a == null) {
      throw KmsError.notFound("Alias '" + arn + "' is not found.");
    }
    KeyRecord k = byArn(keyArn(region, account, a.targetKeyId()));
    if (k == null) {
      throw notFound(keyArn(region, account, a.targetKeyId()));
    }
    return k;
  }

  public static KmsError notFound(String arn) {
    return KmsError.notFound("Key '" + arn + "' does not exist");
  }

  /** Keys of one account and Region, oldest first. */
  public List<KeyRecord> keys(String account, String region) {
    List<KeyRecord> out = new ArrayList<>();
    for (KeyRecord k : keysByArn.values()) {
      if (k.account.equals(account) && k.region.equals(region)) {
        out.add(touch(k));
      }
    }
    out.sort(Comparator.comparingLong((KeyRecord k) -> k.creationDate).thenComparing(k -> k.keyId));
    return out;
  }

  public List<KeyRecord> allKeys() {
    keysByArn.values().forEach(this::touch);
    return new ArrayList<>(keysByArn.values());
  }

  /** All keys, for the persister: not noted as handed out. */
  public List<KeyRecord> allKeysForPersistence() {
    return new ArrayList<>(keysByArn.values());
  }

  public AliasRecord alias(String account, String region, String name) {
    return aliasesByArn.get(aliasArn(region, account, name));
  }

  public void putAlias(AliasRecord a) {
    aliasesByArn.put(a.arn(), a);
    aliasChanges.put(a.arn(), a);
    dirty = true;
  }

  public void removeAlias(AliasRecord a) {
    aliasesByArn.remove(a.arn());
    aliasChanges.put(a.arn(), null);
    dirty = true;
  }

  public List<AliasRecord> aliases(String account, String region) {
    List<AliasRecord> out = new ArrayList<>();
    for (AliasRecord a : aliasesByArn.values()) {
      if (a.account().equals(account) && a.region().equals(region)) {
        out.add(a);
      }
    }
    out.sort(Comparator.comparing(AliasRecord::name));
    return out;
  }

  public List<AliasRecord> allAliases() {
    return new ArrayList<>(aliasesByArn.values());
  }

  /** Drops expired material and removes keys whose deletion date passed. */
  public void sweep() {
    for (KeyRecord k : new ArrayList<>(keysByArn.values())) {
      if (isDeletionDue(k)) {
        remove(k);
      } else {
        expireIfDue(k);
      }
    }
  }

  private boolean isDeletionDue(KeyRecord k) {
    return k.state == KeyState.PendingDeletion
        && k.deletionDate != null
        && !now().isBefore(Instant.ofEpochMilli(k.deletionDate));
  }

  private void expireIfDue(KeyRecord k) {
    if (k.expireDue(now())) {
      touch(k);
      dirty = true;
    }
  }
}
