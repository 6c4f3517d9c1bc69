package dev.keyceremony.cli.kms;

import java.io.Console;

/** What the CLI needs to know of the terminal: whether it is one, its width, a prompt. */
public interface Terminal {
  /** True when stdin and stdout are a terminal (prompts, pager and colours may be used). */
  boolean interactive();

  /** Columns; 80 when unknown, as the AWS CLI assumes. */
  int width();

  /** Prompts and reads one line, or null at end of input. */
  String readLine(String prompt);

  /** The process's terminal, through {@link System#console()}. */
  static Terminal system() {
    return new Terminal() {
      @Override
      public boolean interactive() {
        return System.console() != null;
      }

      @Override
      public int width() {
        String cols = System.getenv("COLUMNS");
        if (interactive() && cols != null && cols.matches("\\d+")) {
          return Integer.parseInt(cols);
        }
        return 80;
      }

      @Override
      public String readLine(String prompt) {
        Console c = System.console();
        return c == null ? null : c.readLine("%s", prompt);
      }
    };
  }

  /** Not a terminal: no prompts, no pager, no colours, 80 columns. */
  static Terminal none() {
    return new Terminal() {
      @Override
      public boolean interactive() {
        return false;
      }

      @Override
      public int width() {
        return 80;
      }

      @Override
      public String readLine(String prompt) {
        return null;
      }
    };
  }
}
