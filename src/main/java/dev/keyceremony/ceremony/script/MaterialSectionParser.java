package dev.keyceremony.ceremony.script;

import java.util.List;

/**
 * The {@code material} section: {@code generate} a new HSM label or reimport an {@code existing}
 * one.
 */
final class MaterialSectionParser {
  static final List<String> KEYS = List.of("generate", "existing", "id", "key-material-id");

  private final String runId;

  MaterialSectionParser(String runId) {
    this.runId = runId;
  }

  private String run(String s) {
    return Fields.run(s, runId);
  }

  MaterialSection parse(Fields f) {
    if (!f.present()) {
      return null;
    }
    boolean gen = f.raw("generate") != null;
    boolean existing = f.raw("existing") != null;
    if (gen && existing) {
      f.problem("existing", "cannot be given together with material.generate; choose one");
      return null;
    }
    if (!gen && !existing) {
      f.problem(
          "generate",
          "is required: give material.generate (a new HSM label) or"
              + " material.existing (the label of the HSM object to reimport)");
      return null;
    }
    String key = gen ? "generate" : "existing";
    String label = f.text(key, true, gen ? "a new HSM label" : "an existing HSM label");
    if (label == null) {
      return null;
    }
    label = gen ? run(label) : label;
    if (label.length() > 128) {
      f.problem(key, "label is longer than 128 characters");
      return null;
    }
    String id = f.text("id", false, "the CKA_ID of the existing HSM object, in hex");
    String materialId =
        f.text(
            "key-material-id",
            false,
            "the KeyMaterialId KMS gave this" + " material (64 hex digits)");
    if (gen && (id != null || materialId != null)) {
      f.problem(
          id != null ? "id" : "key-material-id",
          "goes with material.existing only (it"
              + " names what an existing object must be); remove it or use material.existing");
      return null;
    }
    if (id != null && !id.matches("([0-9a-f]{2}){1,64}")) {
      f.problem(
          "id",
          "'"
              + id
              + "' is not a CKA_ID in lower-case hex (an even number of hex"
              + " digits, as ./ceremony hsm list-keys prints it)");
      return null;
    }
    if (materialId != null && !materialId.matches("[0-9a-f]{64}")) {
      f.problem(
          "key-material-id",
          "'"
              + materialId
              + "' is not a KeyMaterialId (64 lower-case"
              + " hex digits, as ImportKeyMaterial and the transcript's ceremony.sealed entry give it)");
      return null;
    }
    return new MaterialSection(label, gen, id, materialId);
  }
}
