package dev.resilience.internal.repo;

import dev.resilience.RepositoryOptions;
import dev.resilience.internal.chunk.FastCdcChunker;
import dev.resilience.internal.compress.ZstdCodec;
import dev.resilience.internal.crypto.BlobCipher;
import dev.resilience.internal.crypto.KeyedHash;
import dev.resilience.internal.crypto.MasterKey;
import dev.resilience.spi.ObjectStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** What every repository operation needs: store, keys, codecs, chunker, thread pools. */
final class RepoContext implements AutoCloseable {
  private final ObjectStore store;
  private final RepositoryOptions options;
  private final Json json;
  private final KeyedHash ids;
  private final BlobCodec codec;
  private final FastCdcChunker chunker;
  private final SecureRandom random;
  private final String repositoryId;
  private final ExecutorService workers;
  private final ExecutorService io;
  private final ScheduledExecutorService timer;
  private final ConcurrentLinkedDeque<byte[]> packBuffers = new ConcurrentLinkedDeque<>();
  private final BufferPool buffers;
  /** Operations running (see {@link #operation()}). */
  private final AtomicInteger running = new AtomicInteger();

  RepoContext(ObjectStore store, RepositoryOptions options, Json json, MasterKey key, Json.ConfigDoc config, SecureRandom random) {
    this.store = store;
    this.options = options;
    this.json = json;
    this.random = random;
    this.repositoryId = config.id();
    this.ids = new KeyedHash(key.idKey());
    this.codec = new BlobCodec(ids, new ZstdCodec(options.compressionLevel()), new BlobCipher(key.encryptionKey()));
    this.chunker = new FastCdcChunker(config.minChunk(), config.avgChunk(), config.maxChunk(), keyedGear(ids));
    int threads = options.effectiveParallelism();
    this.workers = Executors.newFixedThreadPool(threads, daemon("resilience-worker"));
    this.io = Executors.newCachedThreadPool(daemon("resilience-io"));
    this.timer = Executors.newSingleThreadScheduledExecutor(daemon("resilience-lease"));
    // Room for the chunk arrays a backup cycles through and the blob arrays of a restore's read-ahead (with
    // less, a restore collected a third more often and peaked higher; benchmarks/RESULTS.md, session 4).
    this.buffers = new BufferPool(Math.max(64L << 20, 6L * config.maxChunk()));
  }

  /** Gear table derived from the id key, so chunk boundaries reveal nothing without the key. */
  private static long[] keyedGear(KeyedHash ids) {
    long[] gear = new long[256];
    for (int i = 0; i < 256; i++) {
      byte[] h = ids.hash(("resilience/gear/" + i).getBytes(StandardCharsets.US_ASCII));
      gear[i] = ByteBuffer.wrap(h).getLong();
    }
    return gear;
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  ObjectStore store() {
    return store;
  }

  RepositoryOptions options() {
    return options;
  }

  Clock clock() {
    return options.clock();
  }

  Json json() {
    return json;
  }

  KeyedHash ids() {
    return ids;
  }

  BlobCodec codec() {
    return codec;
  }

  FastCdcChunker chunker() {
    return chunker;
  }

  SecureRandom random() {
    return random;
  }

  String repositoryId() {
    return repositoryId;
  }

  /**
   * Marks an operation (backup, restore, check, prune) as running until the returned handle is closed.
   * When the last running operation ends, the reusable arrays are dropped: the buffer pool's and the pack
   * buffers, up to about 115 MiB that a repository held open in a long-running service (a
   * {@code BackupEngine}'s) would otherwise keep between its scheduled backups.
   */
  Operation operation() {
    running.incrementAndGet();
    return new Operation();
  }

  /** See {@link #operation()}. */
  final class Operation implements AutoCloseable {
    private boolean closed;

    private Operation() {}

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      if (running.decrementAndGet() == 0) {
        buffers.clear();
        packBuffers.clear();
      }
    }
  }

  /** Pack-sized buffers of finished uploads, for the next packs (see {@link PackUploader}). */
  ConcurrentLinkedDeque<byte[]> packBuffers() {
    return packBuffers;
  }

  /** Reusable arrays for chunks, check slices and restored blobs (see {@link BackupSession}). */
  BufferPool buffers() {
    return buffers;
  }

  ExecutorService workers() {
    return workers;
  }

  ExecutorService io() {
    return io;
  }

  ScheduledExecutorService timer() {
    return timer;
  }

  String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  @Override
  public void close() {
    workers.shutdownNow();
    io.shutdownNow();
    timer.shutdownNow();
  }
}
