package dev.resilience;

/**
 * Root of every exception Resilience throws. Unchecked; subtypes are split by what the caller can do:
 * {@link ConfigurationException} (fix the configuration), {@link StoreUnavailableException} (retry later),
 * {@link IntegrityException} (data is damaged or was tampered with), {@link AccessDeniedException}
 * (wrong key or missing privilege), {@link PolicyViolationException} (a policy forbids the action) and
 * {@link NotFoundException} (the named thing does not exist).
 *
 * <p>Messages never contain secrets (passphrases, keys, credentials).
 */
public class ResilienceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ResilienceException(String message) {
    super(message);
  }

  public ResilienceException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Whether repeating the same call later may succeed. */
  public boolean retryable() {
    return false;
  }
}
