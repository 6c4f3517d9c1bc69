package dev.keyceremony.localkms;

import static dev.keyceremony.localkms.KmsAssert.fails;
import static dev.keyceremony.localkms.KmsAssert.failsContaining;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

/** Key policies are stored and returned (never enforced) via the SDK. */
class LocalKmsPolicyIT {
  static LocalKms server;
  static KmsClient kms;
  static final String DENY_ALL =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"deny\",\"Effect\":\"Deny\","
          + "\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";

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

  @Test
  void defaultPolicy_createKeyPolicy_andPutKeyPolicy_areReturned() {
    String plain = kms.createKey(r -> r.description("p")).keyMetadata().keyId();
    var got = kms.getKeyPolicy(r -> r.keyId(plain));
    assertThat(got.policyName()).isEqualTo("default");
    assertThat(got.policy())
        .contains("arn:aws:iam::" + server.accountId() + ":root")
        .contains("\"kms:*\"");
    assertThat(kms.getKeyPolicy(r -> r.keyId(plain).policyName("default")).policy())
        .isEqualTo(got.policy());

    String own = kms.createKey(r -> r.policy(DENY_ALL)).keyMetadata().keyId();
    assertThat(kms.getKeyPolicy(r -> r.keyId(own)).policy()).isEqualTo(DENY_ALL);
    // Not enforced: the deny-all policy does not stop the caller.
    assertThat(kms.describeKey(r -> r.keyId(own)).keyMetadata().keyId()).isEqualTo(own);

    kms.putKeyPolicy(r -> r.keyId(plain).policyName("default").policy(DENY_ALL));
    assertThat(kms.getKeyPolicy(r -> r.keyId(plain)).policy()).isEqualTo(DENY_ALL);
    var names = kms.listKeyPolicies(r -> r.keyId(plain));
    assertThat(names.policyNames()).containsExactly("default");
    assertThat(names.truncated()).isFalse();
  }

  @Test
  void badPoliciesAndNames_areRefused() {
    String id = kms.createKey(r -> r.description("bad")).keyMetadata().keyId();
    failsContaining(
        () -> kms.putKeyPolicy(r -> r.keyId(id).policy("not json")),
        "MalformedPolicyDocumentException",
        "not a JSON object");
    failsContaining(
        () -> kms.createKey(r -> r.policy("[1,2]")),
        "MalformedPolicyDocumentException",
        "not a JSON object");
    failsContaining(
        () -> kms.getKeyPolicy(r -> r.keyId(id).policyName("other")),
        "NotFoundException",
        "the only valid name is default");
    failsContaining(() -> kms.putKeyPolicy(r -> r.keyId(id)), "ValidationException", "'policy'");
    kms.scheduleKeyDeletion(r -> r.keyId(id).pendingWindowInDays(7));
    fails(
        () -> kms.putKeyPolicy(r -> r.keyId(id).policy(DENY_ALL)),
        "KMSInvalidStateException",
        kms.describeKey(r -> r.keyId(id)).keyMetadata().arn() + " is pending deletion.");
  }

  @Test
  void replicaPolicy_isTheOneGiven() {
    KeyMetadata p = kms.createKey(r -> r.multiRegion(true)).keyMetadata();
    var rep = kms.replicateKey(r -> r.keyId(p.keyId()).replicaRegion("us-west-2").policy(DENY_ALL));
    assertThat(rep.replicaPolicy()).isEqualTo(DENY_ALL);
    try (KmsClient west = KmsFixture.client(server, "us-west-2")) {
      assertThat(west.getKeyPolicy(r -> r.keyId(p.keyId())).policy()).isEqualTo(DENY_ALL);
    }
  }
}
