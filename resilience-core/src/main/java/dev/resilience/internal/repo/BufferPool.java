package dev.resilience.internal.repo;

import dev.resilience.internal.chunk.ChunkingBuffer;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reuses large byte arrays (chunks, decrypted and decompressed blobs, check slices) so a backup allocates
 * a few dozen megabytes once instead of several new arrays per chunk: with G1, arrays of a megabyte or
 * more are humongous objects, and a fresh one per chunk per stage made the heap (and the process's resident
 * size) grow to well over a gigabyte for a 1 GiB backup. Arrays come in size classes from 4 KiB up (four
 * per power of two); at most {@code retainBytes} are kept for reuse, anything beyond is left to the
 * garbage collector. Thread-safe.
 */
class BufferPool implements ChunkingBuffer.Arrays {
  /** No pooling: {@link #take} returns a new array of exactly the size asked for, {@link #give} ignores it. */
  static final BufferPool EXACT = new BufferPool(0) {
    @Override
    public byte[] take(int min) {
      return new byte[min];
    }

    @Override
    public void give(byte[] b) {}
  };

  private static final int MIN_SHIFT = 12;
  private static final int MAX_POOLED = 1 << 30;
  /** Class 0 is 4 KiB; above that, four classes per power of two (so an array wastes at most a quarter). */
  private static final int CLASSES = (30 - MIN_SHIFT) * 4 + 1;
  /** How many classes above the asked-for one {@link #take} may serve from (four: up to twice the size). */
  private static final int LARGER_CLASSES = 4;

  @SuppressWarnings("unchecked")
  private final ConcurrentLinkedDeque<byte[]>[] free = new ConcurrentLinkedDeque[CLASSES];
  private final AtomicLong retained = new AtomicLong();
  private final long retainBytes;

  BufferPool(long retainBytes) {
    this.retainBytes = retainBytes;
    for (int i = 0; i < free.length; i++) {
      free[i] = new ConcurrentLinkedDeque<>();
    }
  }

  /** An array of at least {@code min} bytes (contents undefined). */
  @Override
  public byte[] take(int min) {
    if (min > MAX_POOLED) {
      return new byte[min];
    }
    int c = sizeClass(min);
    // Its own class first, then up to LARGER_CLASSES larger ones (at most twice the size): chunks vary in
    // size, and a spare array a class up serves better than a new one (allocated, zeroed, collected).
    for (int k = c, last = Math.min(free.length - 1, c + LARGER_CLASSES); k <= last; k++) {
      byte[] b = free[k].poll();
      if (b != null) {
        retained.addAndGet(-b.length);
        return b;
      }
    }
    return new byte[classSize(c)];
  }

  /** Returns an array obtained from {@link #take}; arrays of other sizes are ignored. */
  @Override
  public void give(byte[] b) {
    if (b == null || b.length > MAX_POOLED) {
      return;
    }
    int c = sizeClass(b.length);
    if (classSize(c) != b.length) {
      return;
    }
    if (retained.addAndGet(b.length) > retainBytes) {
      retained.addAndGet(-b.length);
      return;
    }
    free[c].push(b);
  }

  /** Drops every array kept for reuse (arrays taken and not yet given back are not affected). */
  void clear() {
    for (ConcurrentLinkedDeque<byte[]> d : free) {
      for (byte[] b; (b = d.poll()) != null; ) {
        retained.addAndGet(-b.length);
      }
    }
  }

  /** Bytes kept for reuse. */
  long retainedBytes() {
    return retained.get();
  }

  static int sizeClass(int min) {
    if (min <= 1 << MIN_SHIFT) {
      return 0;
    }
    int shift = 31 - Integer.numberOfLeadingZeros(min - 1); // 2^shift < min <= 2^(shift + 1)
    int base = 1 << shift;
    int step = base >> 2;
    int quarter = (min - base + step - 1) / step; // 1..4
    return (shift - MIN_SHIFT) * 4 + quarter;
  }

  static int classSize(int c) {
    if (c == 0) {
      return 1 << MIN_SHIFT;
    }
    int shift = (c - 1) / 4 + MIN_SHIFT;
    int quarter = (c - 1) % 4 + 1;
    return (1 << shift) + quarter * ((1 << shift) >> 2);
  }
}
