package dev.resilience.internal.target;

import dev.resilience.ConfigurationException;
import dev.resilience.StoreUnavailableException;
import dev.resilience.spi.Entry;
import dev.resilience.spi.LiveDataRetention;
import dev.resilience.spi.RetentionSelection;
import dev.resilience.spi.SnapshotWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Retention of live files: regular files under a directory whose modification time is older than a
 * maximum age. The selection records each expired file with its size and mtime; {@link #archive} and
 * {@link #purge} act only on files that still have exactly that size and mtime, so a file changed since
 * the selection is neither archived nor removed. Links are never followed; directories are kept.
 *
 * <p>The selection carries the list of expired files in its parameters (about 60 bytes per file), so a
 * selection of millions of files is held in memory; select per subdirectory for trees that large.
 */
public final class DirectoryRetention implements LiveDataRetention {
  private static final String FILES = "files";
  private static final String ROOT = "root";
  private static final int SAMPLE = 10;

  private final Path root;
  private final Duration maxAge;

  public DirectoryRetention(Path root, Duration maxAge) {
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("maxAge must be positive, got " + maxAge);
    }
  }

  /** A selected file: path relative to the root, size and mtime (microseconds) at selection. */
  private record Expired(String path, long size, Instant modified) {
    String encode() {
      return size + " " + modified + " " + path.replace("\\", "\\\\").replace("\n", "\\n");
    }

    static Expired decode(String line) {
      String[] parts = line.split(" ", 3);
      String path = parts[2].replace("\\n", "\n").replace("\\\\", "\\");
      return new Expired(path, Long.parseLong(parts[0]), Instant.parse(parts[1]));
    }
  }

  @Override
  public String describe() {
    return "files under " + root + " older than " + maxAge;
  }

  @Override
  public RetentionSelection select(Instant now) {
    Instant cutoff = now.minus(maxAge);
    List<Expired> expired = new ArrayList<>();
    if (Files.isDirectory(root)) {
      walk(cutoff, expired);
    }
    StringBuilder files = new StringBuilder();
    long bytes = 0;
    List<String> sample = new ArrayList<>();
    for (Expired e : expired) {
      files.append(e.encode()).append('\n');
      bytes += e.size();
      if (sample.size() < SAMPLE) {
        sample.add(e.path());
      }
    }
    return new RetentionSelection(
        "files under " + root + " modified before " + cutoff, cutoff, expired.size(), bytes, sample,
        Map.of(ROOT, root.toString(), FILES, files.toString()));
  }

  @Override
  public void archive(RetentionSelection selection, SnapshotWriter writer) {
    for (Expired e : expired(selection)) {
      Path file = root.resolve(e.path());
      if (!stillSelected(file, e)) {
        continue;
      }
      try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
        writer.add(Entry.file(e.path(), e.size(), e.modified()).withMode(FileMetadata.mode(FileMetadata.read(file, posix()))), in);
      } catch (NoSuchFileException gone) {
        // removed since the selection: nothing to archive and nothing to purge
      } catch (IOException ex) {
        throw new StoreUnavailableException("cannot archive " + file + ": " + ex, ex);
      }
    }
  }

  @Override
  public long purge(RetentionSelection selection, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    List<Expired> expired = expired(selection);
    long removed = 0;
    for (int from = 0; from < expired.size(); from += batchSize) {
      for (Expired e : expired.subList(from, Math.min(expired.size(), from + batchSize))) {
        Path file = root.resolve(e.path());
        try {
          if (stillSelected(file, e) && Files.deleteIfExists(file)) {
            removed++;
          }
        } catch (IOException ex) {
          throw new StoreUnavailableException("cannot delete " + file + ": " + ex, ex);
        }
      }
      Thread.yield(); // let production work in between batches
    }
    return removed;
  }

  private List<Expired> expired(RetentionSelection selection) {
    Objects.requireNonNull(selection, "selection");
    if (!root.toString().equals(selection.parameters().get(ROOT))) {
      throw new ConfigurationException("selection was made for " + selection.parameters().get(ROOT) + ", not " + root);
    }
    List<Expired> list = new ArrayList<>();
    for (String line : Optional.ofNullable(selection.parameters().get(FILES)).orElse("").split("\n")) {
      if (!line.isEmpty()) {
        Expired e = Expired.decode(line);
        if (!e.modified().isBefore(selection.cutoff())) {
          throw new ConfigurationException("selection lists '" + e.path() + "' which is not older than its cutoff");
        }
        Path file = root.resolve(e.path()).normalize();
        if (!file.startsWith(root) || file.equals(root) || !file.equals(root.resolve(e.path()))) {
          throw new ConfigurationException("selection lists '" + e.path() + "' which is not a plain path under " + root);
        }
        list.add(e);
      }
    }
    return list;
  }

  private boolean posix() {
    return FileMetadata.posix(root.getFileSystem());
  }

  /** Whether the file is still the regular file the selection saw (same size and mtime). */
  private static boolean stillSelected(Path file, Expired e) {
    try {
      BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return attrs.isRegularFile() && attrs.size() == e.size() && FileMetadata.modified(attrs).equals(e.modified());
    } catch (NoSuchFileException gone) {
      return false;
    } catch (IOException ex) {
      throw new StoreUnavailableException("cannot read " + file + ": " + ex, ex);
    }
  }

  private void walk(Instant cutoff, List<Expired> out) {
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          Instant modified = FileMetadata.modified(attrs);
          if (attrs.isRegularFile() && modified.isBefore(cutoff)) {
            out.add(new Expired(Trees.relative(root, file), attrs.size(), modified));
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          if (e instanceof NoSuchFileException) {
            return FileVisitResult.CONTINUE;
          }
          throw e;
        }
      });
    } catch (IOException e) {
      throw new StoreUnavailableException("cannot list " + root + ": " + e, e);
    }
  }
}
