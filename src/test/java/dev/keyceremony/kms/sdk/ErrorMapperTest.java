package dev.keyceremony.kms.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyceremony.kms.KmsException;
import java.net.ConnectException;
import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.kms.model.IncorrectKeyMaterialException;

class ErrorMapperTest {
  private static final URI ENDPOINT = URI.create("http://127.0.0.1:4599");

  @Test
  void serviceException_keepsCodeMessageRequestIdAndStatus() {
    var e =
        IncorrectKeyMaterialException.builder()
            .awsErrorDetails(
                AwsErrorDetails.builder()
                    .errorCode("IncorrectKeyMaterialException")
                    .errorMessage("The key material does not match")
                    .sdkHttpResponse(SdkHttpResponse.builder().statusCode(400).build())
                    .build())
            .requestId("a46d61e0-b74f-11e6-b0c0-3343f53dee45")
            .statusCode(400)
            .build();

    KmsException k = ErrorMapper.map("ImportKeyMaterial", e, ENDPOINT);

    assertThat(k.errorCode()).isEqualTo("IncorrectKeyMaterialException");
    assertThat(k.detail()).isEqualTo("The key material does not match");
    assertThat(k.requestId()).isEqualTo("a46d61e0-b74f-11e6-b0c0-3343f53dee45");
    assertThat(k.httpStatus()).isEqualTo(400);
    assertThat(k.operation()).isEqualTo("ImportKeyMaterial");
    assertThat(k.getMessage()).contains("IncorrectKeyMaterialException from ImportKeyMaterial");
  }

  @Test
  void genericServiceException_fromUnmodelledCode_keepsTheCode() {
    var e =
        software.amazon.awssdk.services.kms.model.KmsException.builder()
            .awsErrorDetails(
                AwsErrorDetails.builder()
                    .errorCode("ThrottlingException")
                    .errorMessage("Rate exceeded")
                    .sdkHttpResponse(SdkHttpResponse.builder().statusCode(400).build())
                    .build())
            .statusCode(400)
            .requestId("r-1")
            .build();

    KmsException k = ErrorMapper.map("DescribeKey", e, ENDPOINT);

    assertThat(k.errorCode()).isEqualTo("ThrottlingException");
    assertThat(k.detail()).isEqualTo("Rate exceeded");
    assertThat(k.httpStatus()).isEqualTo(400);
  }

  @Test
  void clientException_becomesClientError_namingEndpointAndFix() {
    var e =
        SdkClientException.builder()
            .message("Unable to execute HTTP request")
            .cause(new ConnectException("Connection refused"))
            .build();

    KmsException k = ErrorMapper.map("DescribeKey", e, ENDPOINT);

    assertThat(k.errorCode()).isEqualTo("ClientError");
    assertThat(k.requestId()).isNull();
    assertThat(k.httpStatus()).isZero();
    assertThat(k.detail())
        .startsWith("Could not connect to the endpoint URL: \"http://127.0.0.1:4599/\"")
        .contains("Connection refused")
        .contains("--endpoint-url");
  }
}
