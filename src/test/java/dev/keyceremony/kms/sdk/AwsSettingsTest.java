package dev.keyceremony.kms.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyceremony.kms.KmsConfigException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AwsSettingsTest {
  @TempDir Path dir;

  private Map<String, String> env(String config, String credentials) throws Exception {
    Path c = dir.resolve("config");
    Path k = dir.resolve("credentials");
    Files.writeString(c, config);
    Files.writeString(k, credentials);
    return Map.of("AWS_CONFIG_FILE", c.toString(), "AWS_SHARED_CREDENTIALS_FILE", k.toString());
  }

  @Test
  void region_comesFromTheProfile_whenNothingElseSetsIt() throws Exception {
    var e =
        env(
            "[default]\nregion = eu-west-1\n[profile ops]\nregion = us-east-2\n"
                + "output = table\ncli_binary_format = raw-in-base64-out\n",
            "");
    assertThat(AwsSettings.load(e, null).region(null)).isEqualTo("eu-west-1");
    AwsSettings ops = AwsSettings.load(e, "ops");
    assertThat(ops.region(null)).isEqualTo("us-east-2");
    assertThat(ops.region("ap-south-1")).isEqualTo("ap-south-1");
    assertThat(ops.profileProperty("output")).contains("table");
    assertThat(ops.profileProperty("cli_binary_format")).contains("raw-in-base64-out");
  }

  @Test
  void region_envBeatsProfile_andAwsRegionBeatsAwsDefaultRegion() throws Exception {
    var e = new java.util.HashMap<>(env("[default]\nregion = eu-west-1\n", ""));
    e.put("AWS_DEFAULT_REGION", "eu-central-1");
    assertThat(AwsSettings.load(e, null).region(null)).isEqualTo("eu-central-1");
    e.put("AWS_REGION", "us-west-2");
    assertThat(AwsSettings.load(e, null).region(null)).isEqualTo("us-west-2");
  }

  @Test
  void noRegion_isAConfigError_withTheCliMessage() throws Exception {
    var e = new java.util.HashMap<>(env("", ""));
    e.put("AWS_EC2_METADATA_DISABLED", "true");
    assertThatThrownBy(() -> AwsSettings.load(e, null).region(null))
        .isInstanceOf(KmsConfigException.class)
        .hasMessage(
            "You must specify a region. You can also configure your region by running"
                + " \"aws configure\".");
  }

  @Test
  void namedProfile_mustExist_inEitherFile() throws Exception {
    var e =
        new java.util.HashMap<>(
            env(
                "[profile a]\nregion = eu-west-1\n",
                "[b]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = x\n"));
    assertThat(AwsSettings.load(e, "a").profileName()).isEqualTo("a");
    assertThat(AwsSettings.load(e, "b").profileName()).isEqualTo("b");
    assertThatThrownBy(() -> AwsSettings.load(e, "nope"))
        .isInstanceOf(KmsConfigException.class)
        .hasMessage("The config profile (nope) could not be found");
    e.put("AWS_PROFILE", "gone");
    assertThatThrownBy(() -> AwsSettings.load(e, null))
        .hasMessage("The config profile (gone) could not be found");
  }

  @Test
  void endpoint_serviceSpecificEnvBeatsGeneralEnvBeatsProfile() throws Exception {
    var e = new java.util.HashMap<>(env("[default]\nendpoint_url = http://profile:1\n", ""));
    assertThat(AwsSettings.load(e, null).endpoint(null)).isEqualTo(URI.create("http://profile:1"));
    e.put("AWS_ENDPOINT_URL", "http://general:2");
    assertThat(AwsSettings.load(e, null).endpoint(null)).isEqualTo(URI.create("http://general:2"));
    e.put("AWS_ENDPOINT_URL_KMS", "http://kms:3");
    assertThat(AwsSettings.load(e, null).endpoint(null)).isEqualTo(URI.create("http://kms:3"));
    assertThat(AwsSettings.load(e, null).endpoint(URI.create("http://x:4")))
        .isEqualTo(URI.create("http://x:4"));
  }

  @Test
  void noCredentials_isAConfigError_withTheCliMessage() throws Exception {
    var e = new java.util.HashMap<>(env("[default]\nregion = us-east-1\n", ""));
    e.put("AWS_EC2_METADATA_DISABLED", "true");
    var cfg = SdkKmsConfig.builder().environment(e).build();
    assertThatThrownBy(() -> ClientFactory.build(cfg))
        .isInstanceOf(KmsConfigException.class)
        .hasMessage(
            "Unable to locate credentials. You can configure credentials by running"
                + " \"aws configure\".");
  }

  @Test
  void credentials_fromTheProfileFile_areUsed() throws Exception {
    var e =
        new java.util.HashMap<>(
            env(
                "[default]\nregion = us-east-1\n",
                "[default]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = s3cret\n"));
    e.put("AWS_EC2_METADATA_DISABLED", "true");
    AwsSettings s = AwsSettings.load(e, null);
    var creds =
        ClientFactory.credentials(SdkKmsConfig.builder().environment(e).build(), s)
            .resolveCredentials();
    assertThat(creds.accessKeyId()).isEqualTo("AKIDPROFILE");
    e.put("AWS_ACCESS_KEY_ID", "AKIDENV");
    e.put("AWS_SECRET_ACCESS_KEY", "envsecret");
    var fromEnv =
        ClientFactory.credentials(SdkKmsConfig.builder().environment(e).build(), s)
            .resolveCredentials();
    assertThat(fromEnv.accessKeyId()).isEqualTo("AKIDENV");
  }
}
