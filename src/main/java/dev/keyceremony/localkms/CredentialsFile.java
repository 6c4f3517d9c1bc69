package dev.keyceremony.localkms;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads accepted credentials from a file in the AWS shared-credentials INI format: one section per
 * key pair with aws_access_key_id, aws_secret_access_key and aws_account_id.
 */
public final class CredentialsFile {
  private CredentialsFile() {}

  public static List<AccountCredentials> read(Path file) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  static List<AccountCredentials> parse(String text, String source) {
    Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    Map<String, String> current = null;
    int lineNo = 0;
    for (String raw : text.split("\\R")) {
      lineNo++;
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        current =
            sections.computeIfAbsent(
                line.substring(1, line.length() - 1).strip(), s -> new LinkedHashMap<>());
        continue;
      }
      int eq = line.indexOf('=');
      if (current == null || eq < 0) {
        throw new IllegalArgumentException(
            source + " line " + lineNo + ": expected '[section]' or 'key = value'");
      }
      current.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
    }
    List<AccountCredentials> out = new ArrayList<>();
    for (Map.Entry<String, Map<String, String>> e : sections.entrySet()) {
      Map<String, String> s = e.getValue();
      try {
        out.add(
            new AccountCredentials(
                s.get("aws_access_key_id"),
                s.get("aws_secret_access_key"),
                s.get("aws_account_id")));
      } catch (IllegalArgumentException bad) {
        throw new IllegalArgumentException(
            source + " section [" + e.getKey() + "]: " + bad.getMessage(), bad);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(source + ": no credentials sections found");
    }
    return out;
  }
}
