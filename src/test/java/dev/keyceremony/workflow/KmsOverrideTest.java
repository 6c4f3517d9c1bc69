package dev.keyceremony.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyceremony.ceremony.script.KmsSection;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class KmsOverrideTest {
  static final KmsSection LOCAL =
      new KmsSection(null, null, "http://127.0.0.1:4599", false, Duration.ofSeconds(90));
  static final KmsSection AWS = new KmsSection("eu-west-1", "ceremony", null, false, null);

  @Test
  void none_keepsTheScriptsSection_andRecordsNothing() {
    assertThat(KmsOverride.NONE.apply(LOCAL)).isSameAs(LOCAL);
    assertThat(KmsOverride.NONE.facts(LOCAL)).isNull();
  }

  @Test
  void endpointUrl_replacesEndpointAndProfile_keepsRetryBudget() {
    KmsSection k = new KmsOverride("http://127.0.0.1:5123", null, null).apply(AWS);
    assertThat(k)
        .isEqualTo(
            new KmsSection(
                "eu-west-1",
                null,
                "http://127.0.0.1:5123",
                false,
                KmsSection.DEFAULT_RETRY_BUDGET));
    assertThat(new KmsOverride("http://127.0.0.1:5123", null, null).apply(LOCAL).retryBudget())
        .isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void profile_meansAwsKms_dropsTheEndpoint() {
    assertThat(new KmsOverride(null, "us-west-2", "prod").apply(LOCAL))
        .isEqualTo(new KmsSection("us-west-2", "prod", null, false, Duration.ofSeconds(90)));
  }

  @Test
  void regionAlone_changesOnlyTheRegion() {
    assertThat(new KmsOverride(null, "us-west-2", null).apply(AWS))
        .isEqualTo(new KmsSection("us-west-2", "ceremony", null, false, null));
    KmsSection embedded = new KmsSection(null, null, null, true);
    assertThat(new KmsOverride(null, "us-west-2", null).apply(embedded).embedded()).isTrue();
  }

  @Test
  void facts_sayWhatTheScriptSaidAndWhatIsUsed() {
    var f = new KmsOverride("http://127.0.0.1:5123", "us-east-2", null).facts(LOCAL);
    assertThat(f)
        .containsEntry("script", "local KMS at http://127.0.0.1:4599 (region us-east-1)")
        .containsEntry("used", "local KMS at http://127.0.0.1:5123 (region us-east-2)");
    assertThat(f.get("options").toString())
        .isEqualTo("{--endpoint-url=http://127.0.0.1:5123, --region=us-east-2}");
  }

  @Test
  void badValues_nameTheOptionAndValue() {
    assertThatThrownBy(() -> new KmsOverride("localhost:5123", null, null))
        .hasMessageStartingWith("--endpoint-url 'localhost:5123' is not an http:// or https://");
    assertThatThrownBy(() -> new KmsOverride(null, "Frankfurt", null))
        .hasMessageStartingWith("--region 'Frankfurt' is not a Region name");
    assertThatThrownBy(() -> new KmsOverride("http://h:1", null, "p"))
        .hasMessageContaining("do not go together");
  }
}
