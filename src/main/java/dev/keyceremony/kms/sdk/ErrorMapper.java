package dev.keyceremony.kms.sdk;

import dev.keyceremony.kms.KmsException;
import java.net.URI;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns SDK exceptions into the port's {@link KmsException}, so no SDK type leaves the adapter. */
final class ErrorMapper {
  /** The errorCode for failures that got no answer from the service. */
  static final String CLIENT_ERROR = "ClientError";

  private ErrorMapper() {}

  static KmsException map(String operation, SdkException e, URI endpoint) {
    if (e instanceof AwsServiceException se) {
      AwsErrorDetails d = se.awsErrorDetails();
      String code = d == null || d.errorCode() == null ? "Unknown" : d.errorCode();
      String message = d == null || d.errorMessage() == null ? "" : d.errorMessage();
      int status =
          d != null && d.sdkHttpResponse() != null
              ? d.sdkHttpResponse().statusCode()
              : se.statusCode();
      KmsException k = new KmsException(operation, code, message, se.requestId(), status);
      return k;
    }
    String cause =
        e instanceof SdkClientException && e.getCause() != null ? rootMessage(e) : e.getMessage();
    // The first sentence is botocore's EndpointConnectionError text (the request URL, path "/").
    String url =
        endpoint.toString()
            + (endpoint.getPath() == null || endpoint.getPath().isEmpty() ? "/" : "");
    return new KmsException(
        operation,
        CLIENT_ERROR,
        "Could not connect to the endpoint URL: \""
            + url
            + "\" ("
            + cause
            + "). Check that"
            + " the endpoint (--endpoint-url, AWS_ENDPOINT_URL) and Region are right, that the"
            + " service is running and reachable from this machine, and retry.",
        null,
        0);
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.getClass().getSimpleName() + ": " + c.getMessage();
  }
}
