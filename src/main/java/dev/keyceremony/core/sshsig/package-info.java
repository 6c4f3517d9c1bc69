/**
 * OpenSSH public keys and SSHSIG signatures ({@code ssh-keygen -Y sign}), verified in Java with the
 * JDK's primitives: parsing, namespace, hash, signed data, and the key types ssh-ed25519,
 * ecdsa-sha2-nistp256/384/521, ssh-rsa (rsa-sha2-256/512) and the FIDO types
 * sk-ssh-ed25519@openssh.com and sk-ecdsa-sha2-nistp256@openssh.com. Pure: no I/O, no clock, no
 * other part of the project.
 */
package dev.keyceremony.core.sshsig;
