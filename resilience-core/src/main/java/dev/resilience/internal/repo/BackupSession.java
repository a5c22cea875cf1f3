package dev.resilience.internal.repo;

import dev.resilience.ResilienceException;
import dev.resilience.internal.chunk.ChunkingBuffer;
import dev.resilience.spi.Entry;
import dev.resilience.spi.EntryType;
import dev.resilience.spi.SnapshotWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The backup pipeline behind {@link SnapshotWriter}. Calling threads read each chunk into an array of
 * its own and hash each entry with SHA-256; the worker pool computes chunk ids, deduplicates against the
 * index and this run, compresses, and encrypts straight into room reserved in a pack; {@link
 * PackUploader}s upload the packs. A byte budget for chunk arrays in flight makes readers wait when
 * workers fall behind, so memory stays bounded. Each source byte is read once and copied by us never
 * (a compressed chunk once, into the compressor's output).
 */
final class BackupSession implements SnapshotWriter {
  private final RepoContext ctx;
  private final RepositoryIndex index;
  private final Map<String, TreeEntry> parent;
  private final java.util.function.LongConsumer limiter;
  private final Progress progress;
  private final Map<String, Pending> entries = new ConcurrentHashMap<>();
  private final Map<String, String> metadata = new ConcurrentHashMap<>();
  private final Set<BlobId> seen = ConcurrentHashMap.newKeySet();
  private final Semaphore inFlight;
  private final int inFlightBudget;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  final PackUploader dataPacks;
  final PackUploader treePacks;
  final LongAdder newChunks = new LongAdder();
  final LongAdder newBytes = new LongAdder();
  final LongAdder reusedChunks = new LongAdder();

  /** An entry recorded by the target; content chunk ids may still be computing. */
  record Pending(Entry entry, List<CompletableFuture<BlobId>> chunks) {}

  private static final Pending CLAIMED = new Pending(null, List.of());

  BackupSession(RepoContext ctx, RepositoryIndex index, Map<String, TreeEntry> parent, java.util.function.LongConsumer limiter, Progress progress) {
    this.ctx = ctx;
    this.index = index;
    this.parent = parent;
    this.limiter = limiter;
    this.progress = progress;
    // About four chunks' arrays (they start at twice the average chunk size): two being sealed, two
    // waiting. More only keeps arrays alive long enough to be promoted out of the young generation.
    this.inFlightBudget = Math.max(8 * ctx.chunker().avgSize(), 1 << 20);
    this.inFlight = new Semaphore(inFlightBudget);
    int packSize = ctx.options().packSize();
    this.dataPacks = new PackUploader(ctx, BlobType.DATA, packSize);
    this.treePacks = new PackUploader(ctx, BlobType.TREE, packSize);
  }

  @Override
  public Optional<Entry> parentEntry(String path) {
    TreeEntry t = parent.get(path);
    return t == null ? Optional.empty() : Optional.of(t.entry());
  }

  @Override
  public boolean reuseParent(Entry entry) {
    TreeEntry t = parent.get(entry.path());
    if (t == null || t.entry().type() != EntryType.FILE || entry.type() != EntryType.FILE) {
      return false;
    }
    // Reference only blobs of the index this backup read after taking its lease: a parent's blob that
    // sits in a pack a prune marked for deletion must be uploaded again (see Pruner).
    for (BlobId id : t.chunks()) {
      if (!index.contains(id)) {
        return false;
      }
    }
    claim(entry.path());
    List<CompletableFuture<BlobId>> done = new ArrayList<>(t.chunks().size());
    for (BlobId id : t.chunks()) {
      done.add(CompletableFuture.completedFuture(id));
    }
    reusedChunks.add(t.chunks().size());
    entries.put(entry.path(), new Pending(entry.withSize(t.entry().size()).withDigest(t.entry().digest()), done));
    progress.file("upload");
    return true;
  }

  @Override
  public void add(Entry entry) {
    if (entry.type() == EntryType.FILE) {
      add(entry, InputStream.nullInputStream());
      return;
    }
    claim(entry.path());
    entries.put(entry.path(), new Pending(entry.withDigest(null), List.of()));
    progress.file("upload");
  }

  @Override
  public void add(Entry entry, InputStream content) {
    requireFile(entry);
    claim(entry.path());
    Content c = new Content(entry);
    try {
      c.buffer.readFrom(content, n -> {
        limiter.accept(n);
        progress.bytes(n, "upload");
      });
    } catch (IOException e) {
      entries.remove(entry.path());
      c.release();
      throw new UncheckedIOException("reading '" + entry.path() + "' failed", e);
    } catch (RuntimeException e) {
      entries.remove(entry.path());
      c.release();
      throw e;
    }
    c.finish();
  }

  @Override
  public OutputStream create(Entry entry) {
    requireFile(entry);
    claim(entry.path());
    Content c = new Content(entry);
    return new OutputStream() {
      private boolean closed;

      @Override
      public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        if (closed) {
          throw new IllegalStateException("stream for '" + entry.path() + "' is closed");
        }
        limiter.accept(len);
        c.buffer.write(b, off, len);
        progress.bytes(len, "upload");
      }

      @Override
      public void close() {
        if (!closed) {
          closed = true;
          c.finish();
        }
      }
    };
  }

  @Override
  public void putMetadata(String key, String value) {
    metadata.put(java.util.Objects.requireNonNull(key, "key"), java.util.Objects.requireNonNull(value, "value"));
  }

  Map<String, String> metadata() {
    return Map.copyOf(metadata);
  }

  private static void requireFile(Entry entry) {
    if (entry.type() != EntryType.FILE) {
      throw new IllegalArgumentException("only file entries have content: '" + entry.path() + "' is " + entry.type());
    }
  }

  private void claim(String path) {
    checkFailure();
    if (entries.putIfAbsent(path, CLAIMED) != null) {
      throw new IllegalArgumentException("entry '" + path + "' was already added to this snapshot");
    }
  }

  private void checkFailure() {
    Throwable t = failure.get();
    if (t != null) {
      if (t instanceof ResilienceException re) {
        throw re;
      }
      throw new ResilienceException("backup failed: " + t, t);
    }
  }

  /** One file's content being chunked on the calling thread. */
  private final class Content {
    final Entry entry;
    final MessageDigest sha = sha256();
    final List<CompletableFuture<BlobId>> chunks = new ArrayList<>();
    final ChunkingBuffer buffer;

    Content(Entry entry) {
      this.entry = entry;
      // Each chunk is read into an array of its own, which goes to the workers as it is. Arrays start at
      // twice the average chunk size (about nine chunks in ten fit) or, for a file known to be smaller, at
      // its size plus one, so thousands of small files do not each touch megabytes.
      int first = 2 * ctx.chunker().avgSize();
      long size = entry.size();
      if (size >= 0 && size < first) {
        first = (int) size + 1;
      }
      this.buffer = new ChunkingBuffer(ctx.chunker(), ctx.buffers(), first, this::chunk);
    }

    private void chunk(byte[] data, int off, int len) {
      sha.update(data, off, len);
      chunks.add(submit(data, len));
    }

    void finish() {
      try {
        buffer.finish();
      } finally {
        release();
      }
      String digest = HexFormat.of().formatHex(sha.digest());
      entries.put(entry.path(), new Pending(entry.withSize(buffer.total()).withDigest(digest), chunks));
      progress.file("upload");
    }

    void release() {
      buffer.release();
    }
  }

  /** Queues {@code chunk[0..len)} (a pooled array, returned to the pool once processed) for the workers. */
  private CompletableFuture<BlobId> submit(byte[] chunk, int len) {
    try {
      checkFailure();
    } catch (RuntimeException e) {
      ctx.buffers().give(chunk);
      throw e;
    }
    // Counted by the array's length, not the chunk's: the array is what the heap holds.
    int permits = Math.min(chunk.length, inFlightBudget);
    inFlight.acquireUninterruptibly(permits);
    CompletableFuture<BlobId> f;
    try {
      f = CompletableFuture.supplyAsync(() -> {
        try {
          return process(chunk, len);
        } finally {
          ctx.buffers().give(chunk);
          inFlight.release(permits);
        }
      }, ctx.workers());
    } catch (RuntimeException e) {
      ctx.buffers().give(chunk);
      inFlight.release(permits);
      throw e;
    }
    f.whenComplete((id, e) -> {
      if (e != null) {
        failure.compareAndSet(null, e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
      }
    });
    return f;
  }

  private BlobId process(byte[] chunk, int len) {
    BlobId id = ctx.codec().id(chunk, 0, len);
    if (index.contains(id) || !seen.add(id)) {
      reusedChunks.increment();
      return id;
    }
    // Encrypted straight into its pack's buffer: no sealed copy to make and copy again.
    dataPacks.seal(ctx.codec().prepare(BlobType.DATA, id, chunk, 0, len), len);
    newChunks.increment();
    newBytes.add(len);
    return id;
  }

  /** Waits for every chunk and returns the entries sorted by path, with digests and chunk ids. */
  List<TreeEntry> collect() {
    List<String> paths = new ArrayList<>(entries.keySet());
    paths.sort(null);
    List<TreeEntry> out = new ArrayList<>(paths.size());
    for (String p : paths) {
      Pending pe = entries.get(p);
      if (pe == CLAIMED || pe.entry() == null) {
        throw new IllegalStateException("entry '" + p + "' was started but never finished (an output stream left open?)");
      }
      List<BlobId> ids = new ArrayList<>(pe.chunks().size());
      for (CompletableFuture<BlobId> f : pe.chunks()) {
        try {
          ids.add(f.join());
        } catch (CompletionException e) {
          checkFailure();
          throw new ResilienceException("backup failed: " + e.getCause(), e.getCause());
        }
      }
      out.add(new TreeEntry(pe.entry(), ids));
    }
    checkFailure();
    return out;
  }

  /** Serializes {@code tree}, cuts it into tree blobs and queues the new ones for the meta packs. */
  List<BlobId> writeTree(List<TreeEntry> tree) {
    List<BlobId> ids = new ArrayList<>();
    ChunkingBuffer cb = new ChunkingBuffer(ctx.chunker(), ctx.buffers(), 2 * ctx.chunker().avgSize(), (d, off, len) -> {
      try {
        BlobId id = ctx.codec().id(d, off, len);
        ids.add(id);
        if (!index.contains(id) && seen.add(id)) {
          treePacks.add(ctx.codec().seal(BlobType.TREE, id, d, off, len));
        }
      } finally {
        ctx.buffers().give(d);
      }
    });
    try {
      Trees.serialize(tree, new OutputStream() {
        @Override
        public void write(int b) {
          cb.write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
          cb.write(b, off, len);
        }
      });
      cb.finish();
    } finally {
      cb.release();
    }
    return ids;
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
