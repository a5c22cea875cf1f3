package dev.resilience;

/**
 * A store (object store, database, cache) could not be reached or answered with a transient error
 * (throttling, timeout, 5xx). Repeating the call later may succeed.
 */
public class StoreUnavailableException extends ResilienceException {
  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message) {
    super(message);
  }

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public boolean retryable() {
    return true;
  }
}
