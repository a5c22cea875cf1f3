package dev.resilience.postgres;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A server started on a data directory restored to a point in time, after it finished recovery and was
 * promoted. {@link #close()} stops the server; the data directory stays (it is the restore's result).
 */
public final class RecoveredPostgres implements AutoCloseable {
  private final EmbeddedServer server;
  private final Path dataDirectory;
  private final String reachedLsn;
  private final Instant lastTransactionTime;

  RecoveredPostgres(EmbeddedServer server, Path dataDirectory, String reachedLsn, Instant lastTransactionTime) {
    this.server = server;
    this.dataDirectory = dataDirectory;
    this.reachedLsn = reachedLsn;
    this.lastTransactionTime = lastTransactionTime;
  }

  /** A connection to database {@code database} as the superuser {@code postgres}. */
  public PostgresConnection connection(String database) {
    return server.connection(database);
  }

  public Path dataDirectory() {
    return dataDirectory;
  }

  /** The last WAL location replayed. */
  public String reachedLsn() {
    return reachedLsn;
  }

  /** Commit time of the last transaction replayed, or {@code null} if none was. */
  public Instant lastTransactionTime() {
    return lastTransactionTime;
  }

  @Override
  public void close() {
    server.close();
  }

  @Override
  public String toString() {
    return "RecoveredPostgres[" + dataDirectory + ", reached " + reachedLsn + ", last transaction " + lastTransactionTime
        + "]";
  }
}
