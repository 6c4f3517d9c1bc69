package dev.keyceremony.cli.kms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyceremony.kms.AwsCliKms;
import dev.keyceremony.kms.KmsCatalog;
import dev.keyceremony.workflow.KmsConnector;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code ceremony kms} command: its KMS operation, the members the API requires, the first
 * value of each enum member (for skeletons), and the result key when the CLI paginates it. The
 * command set is every operation of the AWS SDK's KMS model, named as the AWS CLI names it
 * (botocore's xform_name); members, enums and paginators come from the SDK's metadata. Only
 * "required" is not in the SDK's model: it comes from {@code required-members.json}, extracted from
 * botocore's model (the AWS CLI's), checked against it by a test.
 */
record CommandSpec(
    String name,
    String operation,
    List<String> required,
    Map<String, String> enumDefaults,
    String resultKey) {

  /** The port to KMS, from the composition root (cli never names the SDK adapter). */
  static final AwsCliKms PORT = KmsConnector.awsCli();

  /** The API's operations and members. */
  static final KmsCatalog CATALOG = PORT.catalog();

  /** The commands, as the AWS CLI names them, sorted by name. */
  static final List<CommandSpec> ALL = build();

  private static List<CommandSpec> build() {
    JsonNode required = requiredMembers();
    List<CommandSpec> out = new ArrayList<>();
    for (String op : CATALOG.operations()) {
      List<String> req = new ArrayList<>();
      required.path(op).forEach(n -> req.add(n.asText()));
      out.add(
          new CommandSpec(
              KebabNames.of(op),
              op,
              List.copyOf(req),
              Map.copyOf(CATALOG.enumFirstValues(op)),
              CATALOG.paginatedResultKey(op)));
    }
    out.sort(Comparator.comparing(CommandSpec::name));
    return List.copyOf(out);
  }

  private static JsonNode requiredMembers() {
    try (InputStream in = CommandSpec.class.getResourceAsStream("required-members.json")) {
      if (in == null) {
        throw new IllegalStateException("required-members.json is missing from the build");
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Optional<CommandSpec> named(String name) {
    return ALL.stream().filter(c -> c.name.equals(name)).findFirst();
  }

  boolean paginated() {
    return resultKey != null;
  }
}
