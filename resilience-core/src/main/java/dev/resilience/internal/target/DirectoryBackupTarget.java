package dev.resilience.internal.target;

import dev.resilience.AccessDeniedException;
import dev.resilience.ConfigurationException;
import dev.resilience.StoreUnavailableException;
import dev.resilience.internal.store.DirectIo;
import dev.resilience.spi.BackupTarget;
import dev.resilience.spi.Capability;
import dev.resilience.spi.Entry;
import dev.resilience.spi.EntryType;
import dev.resilience.spi.Sandbox;
import dev.resilience.spi.SnapshotReader;
import dev.resilience.spi.SnapshotWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
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

  /** How long a listing started by {@link #prepareBackup} stays usable for a backup. */
  private static final long CLAIM_WITHIN_NANOS = TimeUnit.MINUTES.toNanos(1);
  /** Small files of one directory restored by one task, up to this many bytes (see {@link #restoreBatches}). */
  static final long BATCH_BYTES = 2 << 20;

  private final Path root;
  private final int readThreads;
  private final long claimWithinNanos;
  private final AtomicReference<Listing> prepared = new AtomicReference<>();

  /**
   * @param root the directory to back up or restore into
   * @param readThreads files read concurrently during a backup (at least 1)
   */
  public DirectoryBackupTarget(Path root, int readThreads) {
    this(root, readThreads, CLAIM_WITHIN_NANOS);
  }

  DirectoryBackupTarget(Path root, int readThreads, long claimWithinNanos) {
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    if (readThreads < 1) {
      throw new IllegalArgumentException("readThreads must be >= 1, got " + readThreads);
    }
    this.readThreads = readThreads;
    this.claimWithinNanos = claimWithinNanos;
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

  /**
   * Starts listing the tree on a thread of its own, so the listing overlaps with opening the repository
   * and loading the parent snapshot; the next {@link #backup} continues from it if it comes within a
   * minute. Later, the listing is stale: it is dropped and the backup lists again.
   */
  @Override
  public void prepareBackup() {
    if (prepared.get() != null || !Files.isDirectory(root)) {
      return;
    }
    Listing listing;
    try {
      listing = new Listing(root.toRealPath(), FileMetadata.posix(root.getFileSystem()), claimWithinNanos);
    } catch (IOException e) {
      return; // backup() reports it
    }
    if (prepared.compareAndSet(null, listing)) {
      listing.start();
    }
  }

  @Override
  public void backup(SnapshotWriter writer) {
    Objects.requireNonNull(writer, "writer");
    if (!Files.isDirectory(root)) {
      throw new StoreUnavailableException("cannot back up " + root + ": not a directory");
    }
    Listing listing = prepared.getAndSet(null);
    if (listing == null || !listing.claim()) {
      listing = new Listing(realRoot(), FileMetadata.posix(root.getFileSystem()), CLAIM_WITHIN_NANOS);
      listing.claim();
      listing.start();
    }
    AtomicLong vanished = new AtomicLong();
    try (ParallelTasks readers = new ParallelTasks("resilience-dir-read", readThreads)) {
      for (Listing.Item item = listing.next(); item != null; item = listing.next()) {
        Entry entry = item.entry();
        Path file = item.file();
        if (file == null) {
          writer.add(entry);
        } else if (!ParentReuse.reuseIfUnchanged(writer, entry)) {
          // Unchanged files are recorded here (a lookup); only reading is worth a hand-off to a reader.
          readers.submit(() -> readFile(writer, file, entry, vanished));
        }
      }
      readers.awaitAll();
    } catch (IOException e) {
      throw failure("back up", e);
    } finally {
      listing.cancel();
    }
    vanished.addAndGet(listing.vanished.get());
    if (vanished.get() > 0) {
      writer.putMetadata(VANISHED, Long.toString(vanished.get()));
    }
    if (listing.skipped.get() > 0) {
      writer.putMetadata(SKIPPED, Long.toString(listing.skipped.get()));
    }
  }

  /**
   * The tree's entries, listed depth-first (with an explicit stack: deep trees must not overflow the call
   * stack) on a thread of its own, each entry stat-ed once without following links. Files come with their
   * path to read; directories and links are complete entries. At most {@link #QUEUED} entries wait for
   * the backup, which bounds the memory of a prepared listing.
   */
  private static final class Listing implements Runnable {
    /** An entry, and for a regular file the file to read. */
    record Item(Entry entry, Path file) {}

    private static final Item END = new Item(null, null);
    private static final int QUEUED = 65_536;

    private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(QUEUED);
    private final Path base;
    private final boolean posix;
    private final long claimDeadline;
    final AtomicLong vanished = new AtomicLong();
    final AtomicLong skipped = new AtomicLong();
    private volatile Throwable failure;
    private volatile boolean cancelled;
    private boolean claimed;
    private boolean abandoned;

    /** @param claimWithinNanos how long a prepared listing stays usable; a large value for one claimed at once */
    Listing(Path base, boolean posix, long claimWithinNanos) {
      this.base = base;
      this.posix = posix;
      this.claimDeadline = System.nanoTime() + claimWithinNanos;
    }

    void start() {
      Thread t = new Thread(this, "resilience-dir-list");
      t.setDaemon(true);
      t.start();
    }

    /**
     * Takes the listing for a backup; false (and the listing stops) if nobody claimed it in time: a stale
     * listing would leave out what was added since.
     */
    synchronized boolean claim() {
      if (abandoned || System.nanoTime() - claimDeadline > 0) {
        abandoned = true;
        cancelled = true;
        return false;
      }
      claimed = true;
      return true;
    }

    private synchronized boolean abandonIfUnclaimed() {
      if (claimed) {
        return false;
      }
      abandoned = true;
      return true;
    }

    void cancel() {
      cancelled = true;
    }

    /** The next entry, or null at the end; rethrows what stopped the listing. */
    Item next() throws IOException {
      Item item;
      try {
        item = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cancel();
        throw new InterruptedIOException("interrupted while listing " + base);
      }
      if (item != END) {
        return item;
      }
      Throwable f = failure;
      if (f instanceof IOException io) {
        throw io;
      } else if (f instanceof RuntimeException re) {
        throw re;
      } else if (f instanceof Error err) {
        throw err;
      }
      return null;
    }

    @Override
    public void run() {
      try {
        walk();
      } catch (Throwable t) {
        failure = t;
      } finally {
        offer(END);
      }
    }

    private void walk() throws IOException {
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
            Item item;
            if (attrs.isDirectory()) {
              item = new Item(Entry.directory(path, modified).withMode(FileMetadata.mode(attrs)), null);
              directories.push(Map.entry(child, path));
            } else if (attrs.isSymbolicLink()) {
              item = new Item(Entry.symlink(path, Files.readSymbolicLink(child).toString(), modified), null);
            } else if (attrs.isRegularFile()) {
              item = new Item(Entry.file(path, attrs.size(), modified).withMode(FileMetadata.mode(attrs)), child);
            } else {
              skipped.incrementAndGet();
              continue;
            }
            if (!offer(item)) {
              return;
            }
          }
        } catch (NoSuchFileException e) {
          vanished.incrementAndGet(); // a directory removed while walking
        }
      }
    }

    /** Queues an item; false if the listing was cancelled or abandoned meanwhile. */
    private boolean offer(Item item) {
      try {
        while (!queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
          if (cancelled || (System.nanoTime() - claimDeadline > 0 && abandonIfUnclaimed())) {
            return false;
          }
        }
        return !cancelled;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
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
    Integer createdMode = FileMetadata.createdMode(root, posix);
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
        for (List<Entry> batch : restoreBatches(entries)) {
          writers.submit(() -> {
            if (batch.size() > 1) {
              reader.prefetch(batch); // small files of one directory: their chunks read together
            }
            for (Entry e : batch) {
              restoreFile(reader, e, posix, ready, direct, createdMode);
            }
          });
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

  /**
   * The files in tasks for the writer threads, in tree order: a large file alone, as soon as it is met; the
   * small files of one directory together (up to {@link #BATCH_BYTES}), a task once the next small file is
   * in another directory or would not fit. Creating a file locks its directory, so writers
   * creating files in the same directory at once wait for each other (on Linux they spin on the lock, which
   * costs CPU time too); with the small files of a directory in one task, concurrent writers are mostly in
   * different directories.
   */
  static List<List<Entry>> restoreBatches(List<Entry> entries) {
    List<List<Entry>> batches = new ArrayList<>();
    List<Entry> batch = new ArrayList<>();
    String batchDir = null;
    long batchBytes = 0;
    for (Entry e : entries) {
      if (e.type() != EntryType.FILE) {
        continue;
      }
      long size = Math.max(0, e.size()); // -1: unknown
      if (size >= BATCH_BYTES) {
        batches.add(List.of(e));
        continue;
      }
      String dir = parentOf(e.path());
      if (!batch.isEmpty() && (!dir.equals(batchDir) || batchBytes + size > BATCH_BYTES)) {
        batches.add(batch);
        batch = new ArrayList<>();
        batchBytes = 0;
      }
      batch.add(e);
      batchDir = dir;
      batchBytes += size;
    }
    if (!batch.isEmpty()) {
      batches.add(batch);
    }
    return batches;
  }

  private static String parentOf(String entryPath) {
    int slash = entryPath.lastIndexOf('/');
    return slash < 0 ? "" : entryPath.substring(0, slash);
  }

  private void restoreFile(
      SnapshotReader reader, Entry e, boolean posix, Set<Path> ready, DirectIo direct, Integer createdMode)
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
    // A file is created with createdMode: setting the same bits again would only cost a chmod call.
    Integer mode = e.mode() != null && e.mode().equals(createdMode) ? null : e.mode();
    FileMetadata.apply(file, mode, e.modified(), posix);
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
