package dev.keyceremony.cli.kms;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A parsed {@code ceremony kms} line: the command, the global options, the command's own options
 * (--cli-input-json, skeleton, paging) and the operation parameters by member name, each either a
 * list of raw strings (valued options) or a Boolean (flags), in the order given.
 */
final class ParsedLine {
  final GlobalOptions globals = new GlobalOptions();
  CommandSpec command;
  String cliInputJson;
  String cliInputYaml;
  String skeleton;
  String startingToken;
  String pageSize;
  String maxItems;
  boolean help;
  final Map<String, Object> params = new LinkedHashMap<>();
}
