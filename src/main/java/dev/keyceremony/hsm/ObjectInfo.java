package dev.keyceremony.hsm;

/** One token object as listed by {@code hsm list-keys}: never a value. */
public record ObjectInfo(
    String label,
    String idHex,
    String objectClass,
    String keyType,
    Integer sizeBits,
    SecurityAttributes attributes) {}
