package dev.keyceremony.kms;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Any KMS operation at the level of its JSON document, for tools that must accept every member of
 * an operation (the {@code ceremony kms} commands) without listing them by hand.
 *
 * <p>Input and output use the API's PascalCase member names. Blobs are {@code BinaryNode}s (a text
 * node on input is read as base64); timestamps are {@code POJONode}s holding an {@code
 * java.time.Instant} (on input a number is epoch seconds and text is ISO 8601).
 */
public interface KmsDocumentApi {
  /** Calls {@code operation} (e.g. "DescribeKey") and returns its response members. */
  Reply<ObjectNode> call(String operation, ObjectNode input);

  /** The input members of {@code operation}, in the API's order. */
  java.util.List<MemberShape> inputShape(String operation);

  /** The output members of {@code operation}, in the API's order. */
  java.util.List<MemberShape> outputShape(String operation);
}
