package dev.keyceremony.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.keyceremony.hsm.ObjectInfo;
import dev.keyceremony.hsm.SecurityAttributes;
import dev.keyceremony.workflow.HsmConnector;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ceremony hsm list-keys}: labels, IDs, types, sizes and security attributes. */
@Command(
    name = "list-keys",
    mixinStandardHelpOptions = true,
    description = {
      "Labels, IDs, types and security attributes of the token's objects.",
      "",
      "Lists the objects visible to the user: label, CKA_ID, class, key type, size and security"
          + " attributes. Never reads a key value. Changes nothing on the token."
    })
public final class HsmListKeysCommand implements java.util.concurrent.Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin HsmOptions hsm;

  @Option(names = "--json", description = "Print JSON instead of text")
  boolean json;

  @Mixin DebugOption debug;

  @Override
  public Integer call() throws Exception {
    try (HsmConnector.Connection c = HsmConnector.connect(hsm.locator(), hsm.pinSource())) {
      List<ObjectInfo> objects = c.session().listObjects();
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(
            new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(objects));
      } else {
        print(out, c.session().facts().label(), objects);
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  static void print(PrintWriter out, String token, List<ObjectInfo> objects) {
    out.println(objects.size() + " object(s) in token '" + token + "'");
    if (objects.isEmpty()) {
      return;
    }
    int lw = Math.max(5, objects.stream().mapToInt(o -> o.label().length()).max().orElse(5));
    String fmt = "%-" + lw + "s  %-15s  %-18s  %5s  %-32s  %s%n";
    out.printf(fmt, "LABEL", "CLASS", "TYPE", "BITS", "ID", "ATTRIBUTES");
    for (ObjectInfo o : objects) {
      out.printf(
          fmt,
          o.label(),
          o.objectClass().replaceFirst("^CKO_", ""),
          o.keyType() == null ? "-" : o.keyType().replaceFirst("^CKK_", ""),
          o.sizeBits() == null ? "-" : o.sizeBits().toString(),
          o.idHex().isEmpty() ? "-" : o.idHex(),
          attributes(o.attributes()));
    }
  }

  static String attributes(SecurityAttributes a) {
    StringBuilder b = new StringBuilder();
    flag(b, "token", a.token());
    flag(b, "private", a.privateObject());
    flag(b, "sensitive", a.sensitive());
    flag(b, "extractable", a.extractable());
    flag(b, "always-sensitive", a.alwaysSensitive());
    flag(b, "never-extractable", a.neverExtractable());
    flag(b, "local", a.local());
    flag(b, "wrap-with-trusted", a.wrapWithTrusted());
    return b.toString().trim();
  }

  private static void flag(StringBuilder b, String name, Boolean v) {
    if (v != null) {
      b.append(v ? "" : "!").append(name).append(' ');
    }
  }
}
