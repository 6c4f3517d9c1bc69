package dev.keyceremony.localkms;

import static dev.keyceremony.localkms.KmsAssert.fails;
import static dev.keyceremony.localkms.KmsAssert.failsContaining;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.ListResourceTagsResponse;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.Tag;

/** TagResource, UntagResource, ListResourceTags and CreateKey/ReplicateKey tags via the SDK. */
class LocalKmsTaggingIT {
  static LocalKms server;
  static KmsClient kms;

  @BeforeAll
  static void start() throws Exception {
    server = LocalKms.builder().port(0).start();
    kms = KmsFixture.client(server, "us-east-1");
  }

  @AfterAll
  static void stop() {
    kms.close();
    server.close();
  }

  private static Tag tag(String k, String v) {
    return Tag.builder().tagKey(k).tagValue(v).build();
  }

  private static List<String> pairs(List<Tag> tags) {
    return tags.stream().map(t -> t.tagKey() + "=" + t.tagValue()).toList();
  }

  @Test
  void createKeyTags_areListed_andTagResourceAddsAndOverwrites() {
    KeyMetadata k =
        kms.createKey(
                r ->
                    r.origin(OriginType.EXTERNAL)
                        .tags(tag("ceremony-id", "c-1"), tag("hsm-object", "label/01")))
            .keyMetadata();
    assertThat(pairs(kms.listResourceTags(r -> r.keyId(k.keyId())).tags()))
        .containsExactly("ceremony-id=c-1", "hsm-object=label/01");

    kms.tagResource(r -> r.keyId(k.arn()).tags(tag("hsm-object", "label/02"), tag("env", "")));
    ListResourceTagsResponse listed = kms.listResourceTags(r -> r.keyId(k.arn()));
    assertThat(pairs(listed.tags()))
        .containsExactly("ceremony-id=c-1", "hsm-object=label/02", "env=");
    assertThat(listed.truncated()).isFalse();
    assertThat(listed.nextMarker()).isNull();

    kms.untagResource(r -> r.keyId(k.keyId()).tagKeys("env", "not-there"));
    assertThat(pairs(kms.listResourceTags(r -> r.keyId(k.keyId())).tags()))
        .containsExactly("ceremony-id=c-1", "hsm-object=label/02");
  }

  @Test
  void listResourceTags_pagesWithLimitAndMarker() {
    List<Tag> many = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      many.add(tag(String.format("k%02d", i), "v" + i));
    }
    String id = kms.createKey(r -> r.tags(many)).keyMetadata().keyId();
    List<Tag> seen = new ArrayList<>();
    String marker = null;
    int pages = 0;
    do {
      String m = marker;
      ListResourceTagsResponse page = kms.listResourceTags(r -> r.keyId(id).limit(5).marker(m));
      assertThat(page.tags()).hasSizeLessThanOrEqualTo(5);
      seen.addAll(page.tags());
      marker = page.truncated() ? page.nextMarker() : null;
      assertThat(page.truncated()).isEqualTo(page.nextMarker() != null);
      pages++;
    } while (marker != null);
    assertThat(pages).isEqualTo(3);
    assertThat(seen).containsExactlyElementsOf(many);

    fails(
        () -> kms.listResourceTags(r -> r.keyId(id).marker("not-a-marker")),
        "InvalidMarkerException",
        null);
    failsContaining(
        () -> kms.listResourceTags(r -> r.keyId(id).limit(51)), "ValidationException", "'limit'");
  }

  @Test
  void limitsAndReservedPrefix() {
    String id = kms.createKey(r -> r.description("limits")).keyMetadata().keyId();
    List<Tag> fifty = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      fifty.add(tag("t" + i, "v"));
    }
    kms.tagResource(r -> r.keyId(id).tags(fifty));
    // Overwriting an existing key stays within the limit; a 51st key does not.
    kms.tagResource(r -> r.keyId(id).tags(tag("t0", "changed")));
    failsContaining(
        () -> kms.tagResource(r -> r.keyId(id).tags(tag("t50", "v"))),
        "LimitExceededException",
        "at most 50 tags");
    List<Tag> fiftyOne = new ArrayList<>(fifty);
    fiftyOne.add(tag("t50", "v"));
    failsContaining(
        () -> kms.createKey(r -> r.tags(fiftyOne)), "LimitExceededException", "the request has 51");
    assertThat(kms.listResourceTags(r -> r.keyId(id)).tags())
        .hasSize(50)
        .contains(tag("t0", "changed"));

    failsContaining(
        () -> kms.tagResource(r -> r.keyId(id).tags(tag("aws:owner", "x"))),
        "TagException",
        "aws:");
    failsContaining(() -> kms.createKey(r -> r.tags(tag("AWS:x", "y"))), "TagException", "aws:");
    failsContaining(
        () -> kms.tagResource(r -> r.keyId(id).tags(tag("dup", "1"), tag("dup", "2"))),
        "TagException",
        "Duplicate tag keys: dup");
    failsContaining(
        () -> kms.tagResource(r -> r.keyId(id).tags(tag("x".repeat(129), "v"))),
        "ValidationException",
        "TagKey must have length 1-128");
    failsContaining(
        () -> kms.tagResource(r -> r.keyId(id).tags(tag("k", "v".repeat(257)))),
        "ValidationException",
        "TagValue length 0-256");
    failsContaining(
        () -> kms.tagResource(r -> r.keyId(id)),
        "ValidationException",
        "'tags' failed to satisfy constraint: Member must not be null");
    failsContaining(() -> kms.untagResource(r -> r.keyId(id)), "ValidationException", "'tagKeys'");
  }

  @Test
  void keyLookupAndStateRules() {
    KeyMetadata k = kms.createKey(r -> r.tags(tag("a", "1"))).keyMetadata();
    kms.createAlias(r -> r.aliasName("alias/tagging-test").targetKeyId(k.keyId()));
    failsContaining(
        () -> kms.tagResource(r -> r.keyId("alias/tagging-test").tags(tag("b", "2"))),
        "NotFoundException",
        "aliases are not accepted");
    failsContaining(
        () -> kms.listResourceTags(r -> r.keyId("1234abcd-12ab-34cd-56ef-1234567890ab")),
        "NotFoundException",
        "does not exist");

    kms.scheduleKeyDeletion(r -> r.keyId(k.keyId()).pendingWindowInDays(7));
    fails(
        () -> kms.tagResource(r -> r.keyId(k.keyId()).tags(tag("b", "2"))),
        "KMSInvalidStateException",
        k.arn() + " is pending deletion.");
    fails(
        () -> kms.untagResource(r -> r.keyId(k.keyId()).tagKeys("a")),
        "KMSInvalidStateException",
        k.arn() + " is pending deletion.");
    // Listing still works while the deletion is pending.
    assertThat(pairs(kms.listResourceTags(r -> r.keyId(k.keyId())).tags())).containsExactly("a=1");
  }

  @Test
  void replicaTags_areTheReplicasOwn() {
    KeyMetadata p =
        kms.createKey(r -> r.multiRegion(true).tags(tag("side", "primary"))).keyMetadata();
    var replica =
        kms.replicateKey(
            r -> r.keyId(p.keyId()).replicaRegion("eu-west-1").tags(tag("side", "replica")));
    assertThat(pairs(replica.replicaTags())).containsExactly("side=replica");
    try (KmsClient eu = KmsFixture.client(server, "eu-west-1")) {
      assertThat(pairs(eu.listResourceTags(r -> r.keyId(p.keyId())).tags()))
          .containsExactly("side=replica");
    }
    assertThat(pairs(kms.listResourceTags(r -> r.keyId(p.keyId())).tags()))
        .containsExactly("side=primary");
  }
}
