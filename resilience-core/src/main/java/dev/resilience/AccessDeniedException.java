package dev.resilience;

/** The caller lacks the key or privilege the action needs: a wrong passphrase, an unknown key slot, a database role without a required privilege, or a tenant boundary. */
public class AccessDeniedException extends ResilienceException {
  private static final long serialVersionUID = 1L;

  public AccessDeniedException(String message) {
    super(message);
  }

  public AccessDeniedException(String message, Throwable cause) {
    super(message, cause);
  }
}
