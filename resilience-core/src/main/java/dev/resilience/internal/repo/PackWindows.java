package dev.resilience.internal.repo;

import dev.resilience.spi.ObjectStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Stretches of packs read once and shared by the small blobs stored in them.
 *
 * <p>A restore of many small files asks for thousands of blobs of a few KiB that the backup wrote side by
 * side. On a remote store such as S3, reading each with a request of its own costs a round trip per blob.
 * Instead a blob smaller than {@link #SMALL} bytes is copied out of the {@link #WINDOW}-byte stretch of its
 * pack that holds it, read with one request and kept for the blobs after it. The {@code keep} most recently
 * used windows are kept; threads wanting the same window wait for one read. (Restores from local stores do
 * not use windows: their ranged reads are cheap, and windows only added garbage there.)
 *
 * <p>A blob that crosses a window's edge, a pack of unknown length, or a window that cannot be read is left
 * to the caller's own ranged read, which reports a missing or short pack as it always did.
 */
final class PackWindows {
  /** Window size; windows start at multiples of it. */
  static final int WINDOW = 1 << 20;
  /** Blobs at least this large are read on their own. */
  static final int SMALL = 64 * 1024;

  private final ObjectStore store;
  private final int keep;
  private final Map<Key, CompletableFuture<byte[]>> windows;

  private record Key(String pack, long start) {}

  PackWindows(ObjectStore store, int keep) {
    if (keep < 1) {
      throw new IllegalArgumentException("keep must be >= 1");
    }
    this.store = store;
    this.keep = keep;
    this.windows = new LinkedHashMap<>(2 * keep, 0.75f, true);
  }

  /**
   * Copies bytes {@code [offset, offset + length)} of {@code pack} (whose whole length is {@code packLength},
   * or negative if unknown) into {@code dst[0..length)} from a window. Returns false, having copied nothing,
   * if the caller should read the range itself.
   */
  boolean read(String pack, long packLength, long offset, int length, byte[] dst) {
    long start = offset - offset % WINDOW;
    if (length >= SMALL || packLength < 0 || offset + length > Math.min(start + WINDOW, packLength)) {
      return false;
    }
    Key key = new Key(pack, start);
    CompletableFuture<byte[]> window;
    boolean mine = false;
    synchronized (windows) {
      window = windows.get(key);
      if (window == null) {
        window = new CompletableFuture<>();
        windows.put(key, window);
        mine = true;
        var eldest = windows.keySet().iterator();
        while (windows.size() > keep) {
          eldest.next();
          eldest.remove();
        }
      }
    }
    if (mine) {
      try {
        byte[] bytes = new byte[(int) Math.min(WINDOW, packLength - start)];
        store.read(pack, start, bytes, 0, bytes.length);
        window.complete(bytes);
      } catch (RuntimeException e) {
        forget(key, window);
        window.completeExceptionally(e);
        return false;
      }
    }
    byte[] bytes;
    try {
      bytes = window.join();
    } catch (CompletionException | java.util.concurrent.CancellationException e) {
      return false;
    }
    System.arraycopy(bytes, (int) (offset - start), dst, 0, length);
    return true;
  }

  private void forget(Key key, CompletableFuture<byte[]> window) {
    synchronized (windows) {
      windows.remove(key, window);
    }
  }
}
