package dev.keyceremony.kms;

import java.util.Optional;

/**
 * The AWS CLI's shared configuration as one command reads it: the environment and the chosen
 * profile of ~/.aws/config (AWS_CONFIG_FILE). Never hands out a credential.
 */
public interface AwsCliSettings {
  /** A property of the chosen profile ("output", "cli_pager", ...). */
  Optional<String> profileProperty(String name);

  /** A non-empty environment variable. */
  Optional<String> env(String name);

  /** An environment variable as set, also when empty (AWS_PAGER="" turns the pager off). */
  Optional<String> rawEnv(String name);

  /** The Region: {@code explicit}, else the environment, else the profile; or fails. */
  String region(String explicit);
}
