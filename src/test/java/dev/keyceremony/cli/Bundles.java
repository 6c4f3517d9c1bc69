package dev.keyceremony.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads entries of a transcript bundle in tests. */
final class Bundles {
  private Bundles() {}

  static JsonNode last(Path bundle, String type) throws IOException {
    List<String> lines = Files.readAllLines(bundle.resolve("transcript.jsonl"));
    ObjectMapper m = new ObjectMapper();
    for (int i = lines.size() - 1; i >= 0; i--) {
      JsonNode n = m.readTree(lines.get(i));
      if (n.get("type").asText().equals(type)) {
        return n.get("data");
      }
    }
    throw new AssertionError("no " + type + " entry in " + bundle);
  }
}
