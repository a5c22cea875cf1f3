package dev.resilience;

/** Stored data failed an integrity check: a checksum, MAC or signature does not match, or an object the format requires is missing or malformed. Never retried: the data is damaged or was tampered with. */
public class IntegrityException extends ResilienceException {
  private static final long serialVersionUID = 1L;

  public IntegrityException(String message) {
    super(message);
  }

  public IntegrityException(String message, Throwable cause) {
    super(message, cause);
  }
}
