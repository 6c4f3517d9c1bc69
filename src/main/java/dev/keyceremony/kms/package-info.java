/**
 * The KMS port: a narrow interface over AWS KMS shaped by the ceremony. AWS SDK types never cross
 * it; the SDK adapter lives in {@code dev.keyceremony.kms.sdk}. Every result carries the KMS
 * request ID for the transcript.
 */
package dev.keyceremony.kms;
