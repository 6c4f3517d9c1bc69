/**
 * A KMS-compatible HTTP server for the import surface (awsJson1.1 + SigV4), for rehearsals, demos,
 * test rigs and fault injection. Depends on nothing else in this project.
 */
package dev.keyceremony.localkms;
