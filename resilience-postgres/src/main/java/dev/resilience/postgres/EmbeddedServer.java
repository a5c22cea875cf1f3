package dev.resilience.postgres;

import dev.resilience.ConfigurationException;
import dev.resilience.StoreUnavailableException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/** A PostgreSQL server started from the embedded binaries on a free port, with a throw-away data directory. */
final class EmbeddedServer implements AutoCloseable {
  private final EmbeddedPostgres server;

  private EmbeddedServer(EmbeddedPostgres server) {
    this.server = server;
  }

  /** Starts a server from {@code binaries} (a binaries jar or txz), or those on the class path if {@code null}. */
  static EmbeddedServer start(Path binaries) {
    return start(binaries, java.util.Map.of(), null);
  }

  /**
   * Starts a server with extra settings; on {@code dataDirectory} as it is if given (a restored data directory:
   * no initdb, not deleted on close), else on a fresh throw-away one.
   */
  static EmbeddedServer start(Path binaries, java.util.Map<String, String> settings, Path dataDirectory) {
    EmbeddedServers.require("an embedded PostgreSQL server");
    try {
      EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
          .setRegisterShutdownHook(true)
          .setCleanDataDirectory(dataDirectory == null);
      if (dataDirectory != null) {
        b.setDataDirectory(dataDirectory).setPGStartupWait(java.time.Duration.ofMinutes(2));
      } else {
        b.setServerConfig("fsync", "off"); // a throw-away sandbox
      }
      java.util.Map<String, String> all = new java.util.TreeMap<>(java.util.Map.of("max_wal_senders", "4"));
      all.putAll(settings);
      if (!all.isEmpty()) {
        // written to postgresql.auto.conf: pg_ctl's -o splits values with spaces (an archive_command, say)
        StringBuilder conf = new StringBuilder("\n");
        all.forEach((k, v) -> conf.append(k).append(" = ").append(Sql.literal(v)).append('\n'));
        b.setDataDirectoryCustomizer(dir -> {
          try {
            Files.writeString(dir.toPath().resolve("postgresql.auto.conf"), conf.toString(),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
      }
      if (binaries != null) {
        b.setPgBinaryResolver(resolver(binaries));
      }
      return new EmbeddedServer(b.start());
    } catch (IOException | IllegalStateException e) {
      throw new StoreUnavailableException("cannot start an embedded PostgreSQL server: " + e.getMessage(), e);
    }
  }

  static PgBinaryResolver resolver(Path binaries) {
    return (system, machine) -> new ByteArrayInputStream(txz(binaries));
  }

  private static byte[] txz(Path binaries) throws IOException {
    if (!Files.isRegularFile(binaries)) {
      throw new ConfigurationException("no PostgreSQL binaries at " + binaries);
    }
    if (binaries.toString().endsWith(".txz")) {
      return Files.readAllBytes(binaries);
    }
    try (JarFile jar = new JarFile(binaries.toFile())) {
      Enumeration<JarEntry> entries = jar.entries();
      while (entries.hasMoreElements()) {
        JarEntry e = entries.nextElement();
        if (e.getName().endsWith(".txz")) {
          try (InputStream in = jar.getInputStream(e)) {
            return in.readAllBytes();
          }
        }
      }
    }
    throw new ConfigurationException("no .txz PostgreSQL distribution inside " + binaries);
  }

  int port() {
    return server.getPort();
  }

  /** A connection as the superuser {@code postgres} (trust authentication, no password). */
  PostgresConnection connection(String database) {
    return PostgresConnection.of("jdbc:postgresql://localhost:" + port() + "/" + database, "postgres", () -> null);
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      throw new StoreUnavailableException("cannot stop the embedded PostgreSQL server on port " + port(), e);
    }
  }
}
