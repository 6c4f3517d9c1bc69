package dev.keyceremony.cli.kms;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code ceremony kms} command: its KMS operation, the members the API requires (the SDK's
 * model does not carry "required"; these are the botocore model's, checked by a test), the first
 * value of each enum member (for skeletons), and the result key when the CLI paginates it.
 */
record CommandSpec(
    String name,
    String operation,
    List<String> required,
    Map<String, String> enumDefaults,
    String resultKey) {

  /** The commands, as the AWS CLI names them. */
  static final List<CommandSpec> ALL = List.of(
      new CommandSpec("create-key", "CreateKey", List.of(), Map.of(
          "KeyUsage", "SIGN_VERIFY", "CustomerMasterKeySpec", "RSA_2048", "KeySpec", "RSA_2048",
          "Origin", "AWS_KMS"), null),
      new CommandSpec("delete-imported-key-material", "DeleteImportedKeyMaterial",
          List.of("KeyId"), Map.of(), null),
      new CommandSpec("describe-key", "DescribeKey", List.of("KeyId"), Map.of(), null),
      new CommandSpec("get-parameters-for-import", "GetParametersForImport",
          List.of("KeyId", "WrappingAlgorithm", "WrappingKeySpec"), Map.of(
              "WrappingAlgorithm", "RSAES_PKCS1_V1_5", "WrappingKeySpec", "RSA_2048"), null),
      new CommandSpec("import-key-material", "ImportKeyMaterial",
          List.of("KeyId", "ImportToken", "EncryptedKeyMaterial"), Map.of(
              "ExpirationModel", "KEY_MATERIAL_EXPIRES", "ImportType", "NEW_KEY_MATERIAL"), null),
      new CommandSpec("list-aliases", "ListAliases", List.of(), Map.of(), "Aliases"),
      new CommandSpec("list-keys", "ListKeys", List.of(), Map.of(), "Keys"));

  static Optional<CommandSpec> named(String name) {
    return ALL.stream().filter(c -> c.name.equals(name)).findFirst();
  }

  boolean paginated() {
    return resultKey != null;
  }
}
