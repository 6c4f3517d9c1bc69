/**
 * The ceremony workflow: the script model and its strict validation, the ordered steps, roles and
 * acknowledgements. Uses the hsm, kms and transcript ports; knows no vendor library.
 */
package dev.keyceremony.ceremony;
