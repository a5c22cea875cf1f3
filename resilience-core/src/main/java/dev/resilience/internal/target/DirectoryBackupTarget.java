package dev.resilience.internal.target;

import dev.resilience.AccessDeniedException;
import dev.resilience.ConfigurationException;
import dev.resilience.StoreUnavailableException;
import dev.resilience.spi.BackupTarget;
import dev.resilience.spi.Capability;
import dev.resilience.spi.Entry;
import dev.resilience.spi.EntryType;
import dev.resilience.spi.Sandbox;
import dev.resilience.spi.SnapshotReader;
import dev.resilience.spi.SnapshotWriter;
import dev.resilience.internal.store.DirectIo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A local directory tree as a backup target: regular files, directories and symbolic links (stored as
 * links, never followed), with POSIX permission bits and modification times. Other file types (sockets,
 * devices, pipes) are skipped and counted in the snapshot metadata {@code skipped}.
 *
 * <p>Backups read files on a small pool of threads; for an incremental backup a file whose size, mtime and
 * mode equal the parent snapshot's entry is reused without reading it. Restores write into an empty or
 * missing directory only, in parallel up to {@link SnapshotReader#parallelism()}, never outside it; files
 * and links first, then directory permissions and mtimes from the deepest directory up.
 */
public final class DirectoryBackupTarget implements BackupTarget {
  /** Snapshot metadata key counting files that vanished between listing and reading. */
  public static final String VANISHED = "vanished";
  /** Snapshot metadata key counting entries of other types (sockets, devices, pipes) that were skipped. */
  public static final String SKIPPED = "skipped";

  private final Path root;
  private final int readThreads;

  /**
   * @param root the directory to back up or restore into
   * @param readThreads files read concurrently during a backup (at least 1)
   */
  public DirectoryBackupTarget(Path root, int readThreads) {
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    if (readThreads < 1) {
      throw new IllegalArgumentException("readThreads must be >= 1, got " + readThreads);
    }
    this.readThreads = readThreads;
  }

  /** A target reading with up to four threads (fewer on smaller machines). */
  public DirectoryBackupTarget(Path root) {
    this(root, Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors())));
  }

  /** The directory. */
  public Path root() {
    return root;
  }

  @Override
  public String name() {
    return "directory:" + root;
  }

  @Override
  public Set<Capability> capabilities() {
    return Set.of(Capability.FULL, Capability.INCREMENTAL, Capability.SANDBOX);
  }

  @Override
  public Optional<Sandbox> openSandbox() {
    return Optional.of(DirectorySandbox.create());
  }

  @Override
  public String toString() {
    return "DirectoryBackupTarget[" + root + "]";
  }

  // --- backup ---

  @Override
  public void backup(SnapshotWriter writer) {
    Objects.requireNonNull(writer, "writer");
    if (!Files.isDirectory(root)) {
      throw new StoreUnavailableException("cannot back up " + root + ": not a directory");
    }
    Path base = realRoot();
    boolean posix = FileMetadata.posix(root.getFileSystem());
    AtomicLong vanished = new AtomicLong();
    AtomicLong skipped = new AtomicLong();
    try (ParallelTasks readers = new ParallelTasks("resilience-dir-read", readThreads)) {
      // Depth-first with an explicit stack (deep trees must not overflow the call stack); each entry is
      // stat-ed once, without following links.
      ArrayDeque<Map.Entry<Path, String>> directories = new ArrayDeque<>();
      directories.push(Map.entry(base, ""));
      while (!directories.isEmpty()) {
        Map.Entry<Path, String> dir = directories.pop();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir.getKey())) {
          for (Path child : children) {
            String path = dir.getValue().isEmpty()
                ? child.getFileName().toString() : dir.getValue() + "/" + child.getFileName();
            BasicFileAttributes attrs;
            try {
              attrs = FileMetadata.read(child, posix);
            } catch (NoSuchFileException e) {
              vanished.incrementAndGet();
              continue;
            }
            Instant modified = FileMetadata.modified(attrs);
            if (attrs.isDirectory()) {
              writer.add(Entry.directory(path, modified).withMode(FileMetadata.mode(attrs)));
              directories.push(Map.entry(child, path));
            } else if (attrs.isSymbolicLink()) {
              writer.add(Entry.symlink(path, Files.readSymbolicLink(child).toString(), modified));
            } else if (attrs.isRegularFile()) {
              Entry entry = Entry.file(path, attrs.size(), modified).withMode(FileMetadata.mode(attrs));
              readers.submit(() -> {
                if (!ParentReuse.reuseIfUnchanged(writer, entry)) {
                  readFile(writer, child, entry, vanished);
                }
              });
            } else {
              skipped.incrementAndGet();
            }
          }
        } catch (NoSuchFileException e) {
          vanished.incrementAndGet(); // a directory removed while walking
        }
      }
      readers.awaitAll();
    } catch (IOException e) {
      throw failure("back up", e);
    }
    if (vanished.get() > 0) {
      writer.putMetadata(VANISHED, Long.toString(vanished.get()));
    }
    if (skipped.get() > 0) {
      writer.putMetadata(SKIPPED, Long.toString(skipped.get()));
    }
  }

  private static void readFile(SnapshotWriter writer, Path file, Entry entry, AtomicLong vanished) throws IOException {
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      writer.add(entry, in);
    } catch (NoSuchFileException e) {
      vanished.incrementAndGet(); // deleted between listing and reading: a live tree changes
    } catch (java.nio.file.AccessDeniedException e) {
      throw new AccessDeniedException("cannot read " + file + ": permission denied", e);
    }
  }

  private Path realRoot() {
    try {
      return root.toRealPath();
    } catch (IOException e) {
      throw failure("back up", e);
    }
  }

  // --- restore ---

  @Override
  public void restore(SnapshotReader reader) {
    Objects.requireNonNull(reader, "reader");
    prepareEmptyRoot();
    boolean posix = FileMetadata.posix(root.getFileSystem());
    // Large files go past the page cache: a restore writes gigabytes the host will not read back soon.
    DirectIo direct = DirectIo.probe(root);
    List<Entry> entries = reader.entries();
    List<Entry> directories = new ArrayList<>();
    List<Entry> links = new ArrayList<>();
    try {
      for (Entry e : entries) {
        if (e.type() == EntryType.DIRECTORY) {
          Files.createDirectories(resolve(e.path()));
          directories.add(e);
        } else if (e.type() == EntryType.SYMLINK) {
          links.add(e);
        }
      }
      // Directories this restore created or checked: a file's parent is made (and checked for links) once.
      Set<Path> ready = ConcurrentHashMap.newKeySet();
      ready.add(root);
      try (ParallelTasks writers = new ParallelTasks("resilience-dir-restore", Math.max(1, reader.parallelism()))) {
        for (Entry e : entries) {
          if (e.type() == EntryType.FILE) {
            writers.submit(() -> restoreFile(reader, e, posix, ready, direct));
          }
        }
        writers.awaitAll();
      }
      // Links last: while files are written no link exists inside the tree to redirect a write.
      for (Entry e : links) {
        Path link = resolve(e.path());
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, link.getFileSystem().getPath(e.linkTarget()));
        FileMetadata.applyToLink(link, e.modified());
      }
      directories.sort(Comparator.comparing(Entry::path).reversed());
      for (Entry e : directories) {
        FileMetadata.apply(resolve(e.path()), e.mode(), e.modified(), posix);
      }
    } catch (IOException e) {
      throw failure("restore into", e);
    }
  }

  private void restoreFile(SnapshotReader reader, Entry e, boolean posix, Set<Path> ready, DirectIo direct)
      throws IOException {
    Path file = root.resolve(e.path()).normalize();
    Path parent = file.getParent();
    if (parent == null || !ready.contains(parent)) {
      file = resolve(e.path());
      Files.createDirectories(file.getParent());
      ready.add(file.getParent());
    } else if (!file.startsWith(root) || file.equals(root)) {
      throw new IllegalArgumentException("entry path '" + e.path() + "' lies outside " + root);
    }
    try (InputStream in = reader.open(e)) {
      if (direct != null && e.size() >= DirectIo.THRESHOLD) {
        try (OutputStream out = direct.newOutputStream(file)) {
          in.transferTo(out);
        }
      } else {
        Files.copy(in, file);
      }
    } catch (IOException | RuntimeException failure) {
      // Never leave a partial file that could pass for restored data (e.g. after an integrity error).
      try {
        Files.deleteIfExists(file);
      } catch (IOException suppressed) {
        failure.addSuppressed(suppressed);
      }
      throw failure;
    }
    FileMetadata.apply(file, e.mode(), e.modified(), posix);
  }

  /** The place of an entry inside the root; refuses anything that would land outside it. */
  Path resolve(String entryPath) {
    Path p = root.resolve(entryPath).normalize();
    if (!p.startsWith(root) || p.equals(root)) {
      throw new IllegalArgumentException("entry path '" + entryPath + "' lies outside " + root);
    }
    for (Path parent = p.getParent(); !parent.equals(root); parent = parent.getParent()) {
      if (Files.isSymbolicLink(parent)) {
        throw new IllegalArgumentException("entry path '" + entryPath + "' goes through a symbolic link at " + parent);
      }
    }
    return p;
  }

  private void prepareEmptyRoot() {
    try {
      if (Files.isSymbolicLink(root)) {
        throw new ConfigurationException("restore destination " + root + " is a symbolic link");
      }
      if (Files.exists(root)) {
        if (!Files.isDirectory(root)) {
          throw new ConfigurationException("restore destination " + root + " is not a directory");
        }
        try (Stream<Path> children = Files.list(root)) {
          if (children.findAny().isPresent()) {
            throw new ConfigurationException(
                "restore destination " + root + " is not empty; restore into an empty or new directory");
          }
        }
      }
      Files.createDirectories(root);
    } catch (IOException e) {
      throw failure("prepare", e);
    }
  }

  private RuntimeException failure(String action, IOException e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return new AccessDeniedException("cannot " + action + " " + root + ": permission denied on " + e.getMessage(), e);
    }
    if (e instanceof DirectoryNotEmptyException || e instanceof java.nio.file.FileAlreadyExistsException) {
      return new ConfigurationException("cannot " + action + " " + root + ": " + e.getMessage() + " already exists", e);
    }
    return new StoreUnavailableException("cannot " + action + " " + root + ": " + e, e);
  }
}
