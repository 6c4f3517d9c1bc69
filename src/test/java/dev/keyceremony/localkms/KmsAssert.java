package dev.keyceremony.localkms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.services.kms.model.KmsException;

/** Asserts the AWS error a KMS call fails with, as the SDK parsed it. */
final class KmsAssert {
  private KmsAssert() {}

  static KmsException fails(ThrowingCallable call, String type, String message) {
    KmsException e = catchThrowableOfType(KmsException.class, call);
    assertThat(e).as("expected %s", type).isNotNull();
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo(type);
    if (message != null) {
      assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
    }
    assertThat(e.statusCode()).isEqualTo(type.equals("KMSInternalException") ? 500 : 400);
    assertThat(e.requestId()).matches("[0-9a-f-]{36}");
    return e;
  }

  static KmsException failsContaining(ThrowingCallable call, String type, String fragment) {
    KmsException e = fails(call, type, null);
    assertThat(e.awsErrorDetails().errorMessage()).contains(fragment);
    return e;
  }
}
