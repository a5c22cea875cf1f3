package dev.resilience;

/** The named object, snapshot, key or entry does not exist. */
public class NotFoundException extends ResilienceException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String message) {
    super(message);
  }

  public NotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
