package dev.resilience.cli;

import dev.resilience.ResilienceException;

/** No repository exists at the given location (exit code {@value ExitCodes#REPOSITORY_MISSING}). */
final class RepositoryMissingException extends ResilienceException {
  private static final long serialVersionUID = 1L;

  RepositoryMissingException(String message, Throwable cause) {
    super(message, cause);
  }
}
