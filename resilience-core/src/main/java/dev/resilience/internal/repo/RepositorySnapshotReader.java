package dev.resilience.internal.repo;

import dev.resilience.IntegrityException;
import dev.resilience.NotFoundException;
import dev.resilience.ResilienceException;
import dev.resilience.spi.Entry;
import dev.resilience.spi.EntryType;
import dev.resilience.spi.SnapshotReader;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Reads a snapshot: entries from its tree, content chunk by chunk with a few chunks fetched ahead on
 * the I/O pool. Every chunk is authenticated (AES-GCM with its id in the associated data, so no blob can
 * be served as another); at the end of a file its SHA-256 is compared with the recorded digest, which
 * also catches a chunk a holder of the key wrote under a wrong id. Only for a file without a recorded
 * digest is each chunk's keyed hash recomputed instead (one hash pass per byte either way). Thread-safe:
 * entries may be opened concurrently.
 */
final class RepositorySnapshotReader implements SnapshotReader {
  private static final int READ_AHEAD = 3;
  private static final int WRITE_SLICE = 256 * 1024;

  private final RepoContext ctx;
  private final BlobLoader loader;
  private final List<Entry> entries;
  private final Map<String, TreeEntry> byPath = new HashMap<>();
  private final Map<String, String> metadata;
  private final int parallelism;
  private final java.util.function.LongConsumer limiter;
  private final Progress progress;
  private final String snapshotKey;
  /** The calling thread's blobs read ahead by {@link #prefetch}. */
  private final ThreadLocal<Prefetched> prefetched = new ThreadLocal<>();

  /** A thread's batch, with how many more opens of its blobs the thread announced. */
  private static final class Prefetched {
    final BlobBatch batch;
    int expected;

    Prefetched(BlobBatch batch, int expected) {
      this.batch = batch;
      this.expected = expected;
    }
  }

  RepositorySnapshotReader(
      RepoContext ctx, BlobLoader loader, String snapshotId, List<TreeEntry> tree, java.util.function.Predicate<String> select,
      Map<String, String> metadata, int parallelism, java.util.function.LongConsumer limiter, Progress progress) {
    this.ctx = ctx;
    this.loader = loader;
    this.snapshotKey = Manifests.PREFIX + snapshotId;
    List<Entry> selected = new ArrayList<>();
    for (TreeEntry t : tree) {
      if (select.test(t.entry().path())) {
        selected.add(t.entry());
        byPath.put(t.entry().path(), t);
      }
    }
    this.entries = List.copyOf(selected);
    this.metadata = Map.copyOf(metadata);
    this.parallelism = parallelism;
    this.limiter = limiter;
    this.progress = progress;
  }

  @Override
  public List<Entry> entries() {
    return entries;
  }

  @Override
  public InputStream open(Entry entry) {
    TreeEntry t = byPath.get(entry.path());
    if (t == null) {
      throw new NotFoundException(snapshotKey + ": has no selected entry '" + entry.path() + "'");
    }
    if (t.entry().type() != EntryType.FILE) {
      throw new IllegalArgumentException("'" + entry.path() + "' is a " + t.entry().type() + ", not a file");
    }
    return new ContentStream(t);
  }

  /**
   * Reads the chunks of the one-chunk files among {@code wanted} (small files) together, in stretches of
   * their packs (see {@link BlobBatch}), for this thread's next opens. Replaces the thread's earlier batch.
   */
  @Override
  public void prefetch(List<Entry> wanted) {
    Prefetched old = prefetched.get();
    if (old != null) {
      prefetched.remove();
      old.batch.release();
    }
    List<BlobId> ids = new ArrayList<>();
    for (Entry e : wanted) {
      TreeEntry t = byPath.get(e.path());
      if (t != null && t.entry().type() == EntryType.FILE && t.chunks().size() == 1) {
        ids.add(t.chunks().get(0));
      }
    }
    if (ids.size() < 2) {
      return;
    }
    BlobBatch batch = BlobBatch.read(loader, ids, ctx.buffers());
    int expected = 0;
    for (BlobId id : ids) {
      if (batch.find(id) != null) {
        expected++;
      }
    }
    if (expected == 0) {
      batch.release();
      return;
    }
    prefetched.set(new Prefetched(batch, expected));
  }

  /** A one-chunk file's chunk: from this thread's batch if it holds it, which is released once all its blobs were taken. */
  private BlobLoader.Loaded loadSingle(BlobId id, String what, boolean checkIds) {
    Prefetched p = prefetched.get();
    if (p == null || p.batch.find(id) == null) {
      return loader.loadPooled(id, what, ctx.buffers(), checkIds);
    }
    try {
      return loader.loadPooled(id, what, ctx.buffers(), checkIds, p.batch);
    } finally {
      if (--p.expected == 0) {
        prefetched.remove();
        p.batch.release();
      }
    }
  }

  @Override
  public Map<String, String> metadata() {
    return metadata;
  }

  @Override
  public int parallelism() {
    return parallelism;
  }

  long bytesRead() {
    return progress.bytesDone();
  }

  /** Tells the listener the restore finished. */
  void done() {
    progress.emit("done");
  }

  /**
   * A file's content, verified chunk by chunk and as a whole. Chunks are fetched ahead into pooled arrays,
   * which go back to the pool as soon as the stream moves past them (or is closed).
   */
  private final class ContentStream extends InputStream {
    private final TreeEntry tree;
    private final String what;
    private final ArrayDeque<CompletableFuture<BlobLoader.Loaded>> ahead = new ArrayDeque<>();
    private final MessageDigest sha = BackupSession.sha256();
    private final boolean checkIds;
    private int nextToFetch;
    private BlobId singleChunk;
    private byte[] current;
    private int limit;
    private int pos;
    private boolean done;
    private boolean closed;

    ContentStream(TreeEntry tree) {
      this.tree = tree;
      this.checkIds = tree.entry().digest() == null;
      this.what = snapshotKey + " entry '" + tree.entry().path() + "'";
      fill();
    }

    private void fill() {
      int count = tree.chunks().size();
      while (ahead.size() < READ_AHEAD && nextToFetch < count) {
        BlobId id = tree.chunks().get(nextToFetch++);
        if (count == 1) {
          // A one-chunk file (most small files): nothing to overlap with, so load it on the reading thread
          // when first read instead of handing it to the I/O pool and waiting for it there.
          ahead.add(new CompletableFuture<>());
          singleChunk = id;
        } else {
          ahead.add(CompletableFuture.supplyAsync(() -> loader.loadPooled(id, what, ctx.buffers(), checkIds), ctx.io()));
        }
      }
    }

    private void releaseCurrent() {
      if (current != null) {
        ctx.buffers().give(current);
        current = null;
      }
      limit = 0;
      pos = 0;
    }

    private boolean advance() {
      if (closed) {
        throw new IllegalStateException("stream is closed");
      }
      while (pos >= limit) {
        releaseCurrent();
        if (ahead.isEmpty()) {
          if (!done) {
            done = true;
            if (!checkIds && !HexFormat.of().formatHex(sha.digest()).equals(tree.entry().digest())) {
              throw new IntegrityException(what + ": content does not match its recorded SHA-256");
            }
            progress.file("restore");
          }
          return false;
        }
        BlobLoader.Loaded next;
        CompletableFuture<BlobLoader.Loaded> head = ahead.poll();
        if (singleChunk != null) {
          BlobId id = singleChunk;
          singleChunk = null;
          head.complete(loadSingle(id, what, checkIds));
        }
        try {
          next = head.join();
        } catch (CompletionException e) {
          if (e.getCause() instanceof ResilienceException re) {
            throw re;
          }
          throw new ResilienceException(what + ": read failed: " + e.getCause(), e.getCause());
        }
        current = next.data();
        limit = next.length();
        pos = 0;
        fill();
        limiter.accept(limit);
        if (!checkIds) {
          sha.update(current, 0, limit);
        }
        progress.bytes(limit, "restore");
      }
      return true;
    }

    @Override
    public int read() {
      if (!advance()) {
        return -1;
      }
      return current[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      if (!advance()) {
        return -1;
      }
      int n = Math.min(len, limit - pos);
      System.arraycopy(current, pos, b, off, n);
      pos += n;
      return n;
    }

    @Override
    public long transferTo(java.io.OutputStream out) throws IOException {
      long total = 0;
      while (advance()) {
        // Slices: file streams copy each write through a per-thread direct buffer as large as the write.
        int n = Math.min(limit - pos, WRITE_SLICE);
        out.write(current, pos, n);
        pos += n;
        total += n;
      }
      return total;
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      releaseCurrent();
      for (CompletableFuture<BlobLoader.Loaded> f : ahead) {
        // Chunks still loading go back to the pool when they arrive; failed ones hold no array.
        f.thenAccept(l -> ctx.buffers().give(l.data()));
      }
      ahead.clear();
    }
  }
}
