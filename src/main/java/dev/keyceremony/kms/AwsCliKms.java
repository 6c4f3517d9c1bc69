package dev.keyceremony.kms;

import java.util.Map;

/**
 * The port the AWS-CLI-compatible commands ({@code ceremony kms}) reach KMS through: the API's
 * catalogue, the CLI's shared configuration, and a document-level client. The composition root
 * (workflow) hands out the adapter's implementation; cli never names the adapter.
 */
public interface AwsCliKms {
  KmsCatalog catalog();

  /** The settings of {@code profile} (null: AWS_PROFILE or "default") and {@code env}. */
  AwsCliSettings settings(Map<String, String> env, String profile);

  /** A client as {@code request} describes; the caller closes it. */
  Client open(KmsClientRequest request);

  /** A document-level client that is closed after use. */
  interface Client extends KmsDocumentApi, AutoCloseable {
    @Override
    void close();
  }
}
