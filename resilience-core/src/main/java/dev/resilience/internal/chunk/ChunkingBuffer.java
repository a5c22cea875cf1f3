package dev.resilience.internal.chunk;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.IntConsumer;

/**
 * Streams bytes through a {@link FastCdcChunker} and hands each complete chunk to a {@link ChunkSink}
 * in an array of its own: bytes are read straight into the array of the chunk they belong to, so a chunk
 * is never copied out of a window. Only the few bytes read past a cut point move, into the next chunk's
 * array. Arrays come from an {@link Arrays} source (a pool); the sink owns each array it receives. Holds
 * one chunk's array at a time, never longer than {@code maxSize} plus one read. Not thread-safe.
 */
public final class ChunkingBuffer {
  /** Bytes asked for per read (see {@link #readFrom}). */
  static final int READ_SLICE = 256 * 1024;

  /** Where chunk arrays come from. */
  public interface Arrays {
    /** Plain new arrays of exactly the length asked for. */
    Arrays NEW = new Arrays() {
      @Override
      public byte[] take(int minLength) {
        return new byte[minLength];
      }

      @Override
      public void give(byte[] array) {}
    };

    /** An array of at least {@code minLength} bytes (contents undefined). */
    byte[] take(int minLength);

    /** Takes back an array that will not be used again. */
    void give(byte[] array);
  }

  private final FastCdcChunker.Scanner scanner;
  private final Arrays arrays;
  private final ChunkSink sink;
  private final int firstCapacity;
  private final int maxCapacity;
  private byte[] buf;
  private int fill;
  private long total;

  /** Chunks into new arrays, starting each at up to twice the average chunk size. */
  public ChunkingBuffer(FastCdcChunker chunker, ChunkSink sink) {
    this(chunker, Arrays.NEW, 2 * chunker.avgSize(), sink);
  }

  /**
   * Chunks into arrays from {@code arrays}. Each chunk's array starts at {@code firstCapacity} bytes (a
   * file's size plus one when it is known to be small, so it is read to its end without growing) and
   * grows, by taking a larger one and copying, if the chunk turns out longer.
   */
  public ChunkingBuffer(FastCdcChunker chunker, Arrays arrays, int firstCapacity, ChunkSink sink) {
    this.scanner = chunker.scanner();
    this.arrays = arrays;
    this.sink = sink;
    this.maxCapacity = chunker.maxSize() + READ_SLICE;
    this.firstCapacity = Math.max(1, Math.min(firstCapacity, maxCapacity));
  }

  /** Total bytes taken in. */
  public long total() {
    return total;
  }

  /** Appends bytes. */
  public void write(byte[] data, int off, int len) {
    while (len > 0) {
      makeRoom();
      int n = Math.min(len, buf.length - fill);
      System.arraycopy(data, off, buf, fill, n);
      fill += n;
      total += n;
      off += n;
      len -= n;
      cut(false);
    }
  }

  /**
   * Reads {@code in} to its end, straight into the chunks' arrays. {@code afterRead} is told how many
   * bytes were read each time (for rate limits and progress); may be null.
   */
  public void readFrom(InputStream in, IntConsumer afterRead) throws IOException {
    while (true) {
      makeRoom();
      // Bounded reads: a file stream copies through a temporary direct buffer as large as the request,
      // which the JDK then keeps per thread, so a 16 MiB read would pin 16 MiB of native memory per reader.
      int n = in.read(buf, fill, Math.min(buf.length - fill, READ_SLICE));
      if (n < 0) {
        return;
      }
      fill += n;
      total += n;
      if (afterRead != null && n > 0) {
        afterRead.accept(n);
      }
      cut(false);
    }
  }

  /** Cuts whatever remains into final chunks. */
  public void finish() {
    cut(true);
    release();
  }

  /** Gives back the array of an unfinished chunk (after a failure); nothing more may be added. */
  public void release() {
    if (buf != null) {
      arrays.give(buf);
      buf = null;
    }
    fill = 0;
  }

  private void cut(boolean atEnd) {
    while (fill > 0) {
      int n = scanner.next(buf, 0, fill, atEnd);
      if (n < 0) {
        return;
      }
      byte[] chunk = buf;
      int rest = fill - n;
      buf = null;
      fill = 0;
      if (rest > 0) {
        buf = arrays.take(Math.max(firstCapacity, rest + 1));
        System.arraycopy(chunk, n, buf, 0, rest);
        fill = rest;
      }
      sink.accept(chunk, 0, n);
    }
  }

  /** Makes sure the current array has room for at least one more byte. */
  private void makeRoom() {
    if (buf == null) {
      buf = arrays.take(firstCapacity);
      return;
    }
    if (fill < buf.length) {
      return; // a short read now and then costs less than growing an array that fits its chunk
    }
    // The scanner cuts at maxSize at the latest, so a chunk's array never needs more than maxSize plus one read.
    int capacity = (int) Math.max(Math.min(2L * buf.length, maxCapacity), fill + 1L);
    byte[] bigger = arrays.take(capacity);
    System.arraycopy(buf, 0, bigger, 0, fill);
    arrays.give(buf);
    buf = bigger;
  }
}
