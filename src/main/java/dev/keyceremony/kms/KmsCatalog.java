package dev.keyceremony.kms;

import java.util.List;
import java.util.Map;

/**
 * The KMS API's operations and their members, as the adapter's model knows them: what the
 * AWS-CLI-compatible commands parse, document and check against.
 */
public interface KmsCatalog {
  /** Every operation, by its API name ("DescribeKey"). */
  List<String> operations();

  /** Whether {@code operation} exists. */
  boolean exists(String operation);

  /** The input members of {@code operation}, in the API's order. */
  List<MemberShape> inputShape(String operation);

  /** The output members of {@code operation}, in the API's order. */
  List<MemberShape> outputShape(String operation);

  /** For each enum input member, its first value (the AWS CLI's skeleton shows it). */
  Map<String, String> enumFirstValues(String operation);

  /** The member holding the results of a paginated operation, or null when not paginated. */
  String paginatedResultKey(String operation);
}
