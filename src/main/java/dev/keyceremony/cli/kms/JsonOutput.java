package dev.keyceremony.cli.kms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * {@code --output json}: Python's {@code json.dump(response, indent=4, ensure_ascii=False)} and a
 * newline; nothing at all for an empty response object (as the CLI's JSONFormatter).
 */
final class JsonOutput {
  private static final ObjectWriter WRITER;

  static {
    DefaultIndenter four = new DefaultIndenter("    ", "\n");
    Separators seps =
        Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator("");
    DefaultPrettyPrinter pp =
        new DefaultPrettyPrinter(seps).withObjectIndenter(four).withArrayIndenter(four);
    // Python's json escapes control characters as \u001f (lower-case hex).
    WRITER = JsonMapper.builder().disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE).build().writer(pp);
  }

  private JsonOutput() {}

  static String format(JsonNode response) {
    if (response.isObject() && response.isEmpty()) {
      return "";
    }
    try {
      return WRITER.writeValueAsString(response) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
