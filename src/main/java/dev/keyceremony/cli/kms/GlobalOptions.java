package dev.keyceremony.cli.kms;

import java.util.List;
import java.util.Map;

/** The AWS CLI v2 global options, as given on the line (null or false when absent). */
final class GlobalOptions {
  /** Valued global options and their allowed values (empty: any value). */
  static final Map<String, List<String>> VALUED =
      Map.ofEntries(
          Map.entry("--endpoint-url", List.of()),
          Map.entry("--output", List.of("json", "text", "table", "yaml", "yaml-stream")),
          Map.entry("--query", List.of()),
          Map.entry("--profile", List.of()),
          Map.entry("--region", List.of()),
          Map.entry("--color", List.of("on", "off", "auto")),
          Map.entry("--ca-bundle", List.of()),
          Map.entry("--cli-read-timeout", List.of()),
          Map.entry("--cli-connect-timeout", List.of()),
          Map.entry("--cli-binary-format", List.of("base64", "raw-in-base64-out")));

  /** Flag global options. */
  static final List<String> FLAGS =
      List.of(
          "--debug",
          "--no-verify-ssl",
          "--no-paginate",
          "--no-sign-request",
          "--no-cli-pager",
          "--cli-auto-prompt",
          "--no-cli-auto-prompt",
          "--version");

  String endpointUrl;
  String output;
  String query;
  String profile;
  String region;
  String color;
  String caBundle;
  String readTimeout;
  String connectTimeout;
  String binaryFormat;
  boolean debug;
  boolean noVerifySsl;
  boolean noPaginate;
  boolean noSignRequest;
  boolean noCliPager;
  boolean cliAutoPrompt;
  boolean noCliAutoPrompt;
  boolean version;

  void set(String option, String value) {
    switch (option) {
      case "--endpoint-url" -> endpointUrl = value;
      case "--output" -> output = value;
      case "--query" -> query = value;
      case "--profile" -> profile = value;
      case "--region" -> region = value;
      case "--color" -> color = value;
      case "--ca-bundle" -> caBundle = value;
      case "--cli-read-timeout" -> readTimeout = value;
      case "--cli-connect-timeout" -> connectTimeout = value;
      case "--cli-binary-format" -> binaryFormat = value;
      default -> throw new IllegalArgumentException(option);
    }
  }

  void flag(String option) {
    switch (option) {
      case "--debug" -> debug = true;
      case "--no-verify-ssl" -> noVerifySsl = true;
      case "--no-paginate" -> noPaginate = true;
      case "--no-sign-request" -> noSignRequest = true;
      case "--no-cli-pager" -> noCliPager = true;
      case "--cli-auto-prompt" -> cliAutoPrompt = true;
      case "--no-cli-auto-prompt" -> noCliAutoPrompt = true;
      case "--version" -> version = true;
      default -> throw new IllegalArgumentException(option);
    }
  }
}
