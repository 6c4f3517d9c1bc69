package dev.keyceremony.localkms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CredentialsFileTest {
  @Test
  void parse_readsEverySection() {
    List<AccountCredentials> list =
        CredentialsFile.parse(
            "# rig\n[default]\naws_access_key_id = AKIA1\naws_secret_access_key = s1\n"
                + "aws_account_id = 111122223333\n\n[other]\naws_access_key_id=AKIA2\n"
                + "aws_secret_access_key=s2/x+y\naws_account_id=444455556666\n",
            "creds");
    assertThat(list)
        .extracting(AccountCredentials::accountId)
        .containsExactly("111122223333", "444455556666");
    assertThat(list.get(1).secretAccessKey()).isEqualTo("s2/x+y");
    assertThat(list.get(1).toString()).doesNotContain("s2/x+y");
  }

  @Test
  void parse_badAccount_namesSectionAndValue() {
    assertThatThrownBy(
            () ->
                CredentialsFile.parse(
                    "[a]\naws_access_key_id=K\naws_secret_access_key=S\naws_account_id=12\n", "f"))
        .hasMessage("f section [a]: aws_account_id must be 12 digits for K, got '12'");
  }

  @Test
  void stateDir_isLockedAgainstASecondServer_andReleasedOnClose(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    try (LocalKms first = LocalKms.builder().stateDir(dir).start()) {
      assertThatThrownBy(() -> LocalKms.builder().stateDir(dir).start())
          .hasMessageContaining("is in use by another local KMS");
      assertThat(first.port()).isPositive();
    }
    LocalKms.builder().stateDir(dir).start().close();
  }

  @Test
  void nonLoopbackBind_isRefusedWithoutTheFlag() {
    assertThatThrownBy(() -> LocalKms.builder().bind("0.0.0.0").start())
        .hasMessageContaining("refusing to bind to non-loopback address 0.0.0.0");
  }
}
