/**
 * The HSM port: a narrow interface shaped by the ceremony ({@link dev.keyceremony.hsm.Hsm}, {@link
 * dev.keyceremony.hsm.HsmSession}). No PKCS#11 wrapper type crosses it; the IAIK adapter lives in
 * {@code dev.keyceremony.hsm.iaik}. Plaintext target key material never leaves the token: no method
 * returns it, and no adapter code reads CKA_VALUE or private key components of a target.
 */
package dev.keyceremony.hsm;
