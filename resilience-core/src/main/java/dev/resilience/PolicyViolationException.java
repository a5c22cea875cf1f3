package dev.resilience;

/** A policy forbids the action: deleting a snapshot under legal hold or WORM retention, shortening a locked retention period, and the like. */
public class PolicyViolationException extends ResilienceException {
  private static final long serialVersionUID = 1L;

  public PolicyViolationException(String message) {
    super(message);
  }

  public PolicyViolationException(String message, Throwable cause) {
    super(message, cause);
  }
}
