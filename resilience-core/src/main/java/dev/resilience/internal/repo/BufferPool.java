package dev.resilience.internal.repo;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reuses large byte arrays (chunk copies, chunking windows, pack buffers) so a backup allocates a few
 * dozen megabytes once instead of several new arrays per chunk: with G1, arrays of a megabyte or more are
 * humongous objects, and a fresh one per chunk per stage made the heap (and the process's resident size)
 * grow to well over a gigabyte for a 1 GiB backup. Arrays come in power-of-two sizes from 4 KiB up;
 * at most {@code retainBytes} are kept for reuse, anything beyond is left to the garbage collector.
 * Thread-safe.
 */
final class BufferPool {
  private static final int MIN_SHIFT = 12;
  private static final int CLASSES = 31 - MIN_SHIFT;

  @SuppressWarnings("unchecked")
  private final ConcurrentLinkedDeque<byte[]>[] free = new ConcurrentLinkedDeque[CLASSES + 1];
  private final AtomicLong retained = new AtomicLong();
  private final long retainBytes;

  BufferPool(long retainBytes) {
    this.retainBytes = retainBytes;
    for (int i = 0; i < free.length; i++) {
      free[i] = new ConcurrentLinkedDeque<>();
    }
  }

  /** An array of at least {@code min} bytes (contents undefined). */
  byte[] take(int min) {
    int c = sizeClass(min);
    byte[] b = free[c].poll();
    if (b != null) {
      retained.addAndGet(-b.length);
      return b;
    }
    return new byte[c == CLASSES ? min : 1 << (c + MIN_SHIFT)];
  }

  /** Returns an array obtained from {@link #take} (or any array whose length is a pooled size). */
  void give(byte[] b) {
    if (b == null || Integer.bitCount(b.length) != 1 || b.length < (1 << MIN_SHIFT)) {
      return;
    }
    if (retained.addAndGet(b.length) > retainBytes) {
      retained.addAndGet(-b.length);
      return;
    }
    free[sizeClass(b.length)].push(b);
  }

  private static int sizeClass(int min) {
    if (min <= 1 << MIN_SHIFT) {
      return 0;
    }
    int shift = 32 - Integer.numberOfLeadingZeros(min - 1);
    return Math.min(shift - MIN_SHIFT, CLASSES);
  }
}
