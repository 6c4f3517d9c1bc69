package dev.keyceremony.hsm;

import java.util.List;

/** Facts for the evidence record: module, token and mechanisms. */
public record TokenFacts(
    String modulePath,
    String moduleSha256,
    String libraryDescription,
    String libraryManufacturer,
    String libraryVersion,
    String cryptokiVersion,
    long slotId,
    String label,
    String manufacturer,
    String model,
    String serial,
    String hardwareVersion,
    String firmwareVersion,
    List<MechanismInfo> mechanisms) {
  public TokenFacts {
    mechanisms = List.copyOf(mechanisms);
  }

  /** One mechanism with its flags and key-size range as the token reports them. */
  public record MechanismInfo(
      String name, long code, long minKeySize, long maxKeySize, List<String> flags) {
    public MechanismInfo {
      flags = List.copyOf(flags);
    }
  }
}
