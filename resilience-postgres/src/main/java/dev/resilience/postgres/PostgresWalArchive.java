package dev.resilience.postgres;

import dev.resilience.Repository;
import dev.resilience.spi.ObjectInfo;
import dev.resilience.spi.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * WAL segments and timeline history files kept in an {@link ObjectStore} under a prefix: filled by an
 * {@code archive_command} (hand each finished segment to {@link #put}, or sweep the directory it copies into with
 * {@link #importDirectory}) and by {@link PostgresWalStreamer}; read back when a point-in-time recovery stages WAL.
 *
 * <p>Use {@link #in(Repository, String)}: WAL then lives in the repository, AES-256-GCM encrypted and authenticated
 * like its snapshots ({@link Repository#sealedStore}). The {@link ObjectStore} constructor stores segments exactly as
 * given to that store, so give it an encrypting store (or accept plaintext WAL).
 */
public final class PostgresWalArchive {
  private static final Pattern NAME = Pattern.compile("[0-9A-F]{24}(\\.partial)?|[0-9A-F]{8}\\.history");

  /** The repository's sealed namespace for WAL. */
  public static final String NAMESPACE = "wal";

  private final ObjectStore store;
  private final String prefix;

  /**
   * WAL of one server in {@code repository}, encrypted: in its sealed namespace {@value #NAMESPACE} (store keys
   * {@code sealed/wal/<name>/<segment>}). A damaged or swapped segment fails with
   * {@link dev.resilience.IntegrityException} when recovery stages it.
   *
   * @param name the server's folder in the namespace, e.g. {@code main}
   */
  public static PostgresWalArchive in(Repository repository, String name) {
    Objects.requireNonNull(repository, "repository");
    return new PostgresWalArchive(repository.sealedStore(NAMESPACE), name);
  }

  /** WAL under {@code prefix} of {@code store}, stored as is (see the class comment). */
  public PostgresWalArchive(ObjectStore store, String prefix) {
    this.store = Objects.requireNonNull(store, "store");
    Objects.requireNonNull(prefix, "prefix");
    this.prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
  }

  /** Stores one WAL segment or history file; {@code name} is PostgreSQL's file name ({@code %f}). */
  public void put(String name, InputStream content) {
    check(name);
    try {
      store.put(prefix + name, content.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("reading WAL file " + name, e);
    }
  }

  /** Stores every WAL file in {@code dir} not stored yet; returns how many were added. */
  public int importDirectory(Path dir) {
    int added = 0;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.sorted().toList()) {
        String name = p.getFileName().toString();
        if (NAME.matcher(name).matches() && store.stat(prefix + name).isEmpty()) {
          try (InputStream in = Files.newInputStream(p)) {
            put(name, in);
          }
          added++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("importing WAL from " + dir, e);
    }
    return added;
  }

  /** Names of the stored WAL files, sorted. */
  public List<String> files() {
    List<String> out = new ArrayList<>();
    for (ObjectInfo info : store.list(prefix)) {
      String name = info.key().substring(prefix.length());
      if (NAME.matcher(name).matches()) {
        out.add(name);
      }
    }
    out.sort(null);
    return out;
  }

  /**
   * Copies the stored WAL into {@code dir} for a {@code restore_command}: full segments under their names, a
   * {@code .partial} segment (from streaming) under its full name unless a full one exists.
   */
  int stage(Path dir) {
    List<String> names = files();
    int n = 0;
    try {
      Files.createDirectories(dir);
      for (String name : names) {
        String target = name.endsWith(".partial") ? name.substring(0, name.length() - ".partial".length()) : name;
        if (!target.equals(name) && names.contains(target)) {
          continue;
        }
        Files.write(dir.resolve(target), store.get(prefix + name));
        n++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("staging WAL into " + dir, e);
    }
    return n;
  }

  private static void check(String name) {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a WAL segment or history file name: " + name);
    }
  }

  @Override
  public String toString() {
    return "PostgresWalArchive[" + store.describe() + "/" + prefix + "]";
  }
}
