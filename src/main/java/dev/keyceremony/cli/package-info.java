/**
 * picocli commands, prompts, exit codes and output formats. The only part that wires the others.
 */
package dev.keyceremony.cli;
