package dev.keyceremony.cli.kms;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * {@code file://} (text) and {@code fileb://} (bytes) parameter values, as the AWS CLI's
 * paramfile.py loads them; errors use its wording ("Unable to load paramfile ...").
 */
final class ParamFiles {
  private ParamFiles() {}

  /** A loaded value: text for file://, bytes for fileb://. */
  record Loaded(String text, byte[] bytes) {}

  static Optional<Loaded> load(String value) {
    if (value.startsWith("fileb://")) {
      return Optional.of(new Loaded(null, read(value, value.substring(8))));
    }
    if (value.startsWith("file://")) {
      return Optional.of(
          new Loaded(new String(read(value, value.substring(7)), StandardCharsets.UTF_8), null));
    }
    return Optional.empty();
  }

  private static byte[] read(String original, String file) {
    String expanded =
        file.startsWith("~/") ? System.getProperty("user.home") + file.substring(1) : file;
    Path p = Paths.get(expanded);
    try {
      if (Files.isDirectory(p)) {
        throw new ParamFileException(
            "Unable to load paramfile "
                + original
                + ": [Errno 21] Is a"
                + " directory: '"
                + file
                + "'");
      }
      return Files.readAllBytes(p);
    } catch (NoSuchFileException e) {
      throw new ParamFileException(
          "Unable to load paramfile "
              + original
              + ": [Errno 2] No such file or directory: '"
              + file
              + "'");
    } catch (AccessDeniedException e) {
      throw new ParamFileException(
          "Unable to load paramfile "
              + original
              + ": [Errno 13] Permission denied: '"
              + file
              + "'");
    } catch (IOException e) {
      throw new ParamFileException("Unable to load paramfile " + original + ": " + e.getMessage());
    }
  }

  /** A file named by a parameter could not be read. */
  static final class ParamFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ParamFileException(String message) {
      super(message);
    }
  }
}
