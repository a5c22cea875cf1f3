package dev.resilience;

/** A configuration, policy document or argument is invalid; fix it and try again. */
public class ConfigurationException extends ResilienceException {
  private static final long serialVersionUID = 1L;

  public ConfigurationException(String message) {
    super(message);
  }

  public ConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
