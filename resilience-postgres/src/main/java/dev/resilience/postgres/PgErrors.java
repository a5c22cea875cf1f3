package dev.resilience.postgres;

import dev.resilience.AccessDeniedException;
import dev.resilience.ConfigurationException;
import dev.resilience.NotFoundException;
import dev.resilience.ResilienceException;
import dev.resilience.StoreUnavailableException;
import java.sql.SQLException;

/** Maps driver errors to the Resilience exception a caller can act on. */
final class PgErrors {
  private PgErrors() {}

  /** {@code what} says what was being done ("backup of postgres://h/db: COPY public.t"); never secrets. */
  static ResilienceException map(String what, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String message = what + ": " + e.getMessage() + (state.isEmpty() ? "" : " [SQLSTATE " + state + "]");
    if (state.equals("42501")) {
      return new AccessDeniedException(message, e);
    }
    if (state.equals("28000") || state.equals("28P01")) {
      return new AccessDeniedException(what + ": authentication failed [SQLSTATE " + state + "]", e);
    }
    if (state.equals("3D000") || state.equals("3F000") || state.equals("42P01")) {
      return new NotFoundException(message, e);
    }
    if (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53") || state.equals("40001")
        || state.equals("40P01")) {
      return new StoreUnavailableException(message, e);
    }
    if (state.startsWith("42") || state.startsWith("22")) {
      return new ConfigurationException(message, e);
    }
    return new ResilienceException(message, e);
  }
}
