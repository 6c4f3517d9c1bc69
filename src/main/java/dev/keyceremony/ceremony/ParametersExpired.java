package dev.keyceremony.ceremony;

/**
 * The import parameters expired before the import (ParametersValidTo passed while the ceremony
 * waited, or KMS answered ExpiredImportTokenException): the ceremony fetches new ones, asks the
 * witnesses again, and wraps again with the material it already has.
 */
final class ParametersExpired extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ParametersExpired(String message) {
    super(message);
  }
}
