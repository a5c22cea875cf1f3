package dev.resilience.postgres;

import dev.resilience.spi.BackupTarget;
import dev.resilience.spi.Sandbox;
import java.nio.file.Path;
import java.util.function.Function;

/** A fresh embedded PostgreSQL server that a drill restores into; {@link #close()} stops it and deletes its data. */
final class PostgresSandbox implements Sandbox {
  private final EmbeddedServer server;
  private final PostgresBackupTarget target;

  private PostgresSandbox(EmbeddedServer server, PostgresBackupTarget target) {
    this.server = server;
    this.target = target;
  }

  static PostgresSandbox start(Path binaries, Function<PostgresConnection, PostgresBackupTarget> targetFor) {
    EmbeddedServer server = EmbeddedServer.start(binaries);
    try {
      return new PostgresSandbox(server, targetFor.apply(server.connection("postgres")));
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  @Override
  public BackupTarget target() {
    return target;
  }

  @Override
  public String describe() {
    return "embedded PostgreSQL " + target.name();
  }

  @Override
  public void close() {
    server.close();
  }
}
