package dev.resilience.cli;

import dev.resilience.ConfigurationException;
import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Finds the repository password as restic does: {@code --password-file}, then
 * {@code RESILIENCE_PASSWORD_FILE}, then {@code RESILIENCE_PASSWORD}, then a prompt when on a terminal.
 * A password file's first line is the password (a trailing newline is not part of it). The password is
 * never printed, logged or put into an exception message.
 */
final class Secrets {
  private final Map<String, String> env;
  private final boolean terminal;

  Secrets(Map<String, String> env, boolean terminal) {
    this.env = env;
    this.terminal = terminal;
  }

  /** The password; {@code confirm} asks twice when prompting (for {@code init}). */
  /** The password file to read: {@code passwordFile}, else {@code RESILIENCE_PASSWORD_FILE}, else null. */
  Path passwordFile(Path passwordFile) {
    if (passwordFile == null && env.get("RESILIENCE_PASSWORD_FILE") != null) {
      return Path.of(env.get("RESILIENCE_PASSWORD_FILE"));
    }
    return passwordFile;
  }

  char[] password(Path passwordFile, boolean confirm) {
    Path file = passwordFile(passwordFile);
    if (file != null) {
      return fromFile(file);
    }
    String fromEnv = env.get("RESILIENCE_PASSWORD");
    if (fromEnv != null) {
      return nonEmpty(fromEnv.toCharArray());
    }
    Console console = System.console();
    if (terminal && console != null) {
      char[] first = console.readPassword("enter password for repository: ");
      if (first == null) {
        throw new ConfigurationException("no password entered");
      }
      if (confirm) {
        char[] second = console.readPassword("enter password again: ");
        boolean same = second != null && Arrays.equals(first, second);
        if (second != null) {
          Arrays.fill(second, '\0');
        }
        if (!same) {
          Arrays.fill(first, '\0');
          throw new ConfigurationException("passwords do not match");
        }
      }
      return nonEmpty(first);
    }
    throw new ConfigurationException(
        "no password: pass --password-file FILE, or set RESILIENCE_PASSWORD_FILE or RESILIENCE_PASSWORD");
  }

  private static char[] fromFile(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigurationException("cannot read password file " + file + ": " + e.getClass().getSimpleName());
    }
    int end = text.indexOf('\n');
    String line = end < 0 ? text : text.substring(0, end);
    if (line.endsWith("\r")) {
      line = line.substring(0, line.length() - 1);
    }
    return nonEmpty(line.toCharArray());
  }

  private static char[] nonEmpty(char[] password) {
    if (password.length == 0) {
      throw new ConfigurationException("an empty password is not allowed");
    }
    return password;
  }
}
