package dev.resilience.internal.chunk;

import java.util.SplittableRandom;

/**
 * FastCDC-style content-defined chunker with a gear rolling hash and normalized chunking.
 *
 * <p>A cut point depends only on the bytes of the current chunk (the gear hash looks at the last 64
 * bytes), so inserting bytes into a stream changes only the chunks around the insertion: boundaries
 * resynchronise right after it. Below the average size a stricter mask (one more bit) is used and above
 * it a looser one (one bit fewer), which narrows the size distribution around the average.
 *
 * <p>The gear table can be keyed (derived from a repository secret) so that chunk boundaries reveal
 * nothing about content. Instances are immutable and thread-safe.
 */
public final class FastCdcChunker {
  private final int min;
  private final int avg;
  private final int max;
  private final long maskSmall;
  private final long maskLarge;
  private final long[] gear;

  /** A chunker with an unkeyed gear table derived from {@code seed}. */
  public FastCdcChunker(int min, int avg, int max, long seed) {
    this(min, avg, max, gearFromSeed(seed));
  }

  /** A chunker with the given 256-entry gear table. */
  public FastCdcChunker(int min, int avg, int max, long[] gear) {
    if (avg < 64 || Integer.bitCount(avg) != 1) {
      throw new IllegalArgumentException("avg must be a power of two >= 64, got " + avg);
    }
    if (min < 1 || min > avg || max < avg) {
      throw new IllegalArgumentException("need 1 <= min <= avg <= max, got " + min + "/" + avg + "/" + max);
    }
    if (gear.length != 256) {
      throw new IllegalArgumentException("gear table must have 256 entries");
    }
    this.min = min;
    this.avg = avg;
    this.max = max;
    int bits = Integer.numberOfTrailingZeros(avg);
    this.maskSmall = topBits(bits + 1);
    this.maskLarge = topBits(Math.max(1, bits - 1));
    this.gear = gear.clone();
  }

  private static long topBits(int n) {
    return n >= 64 ? -1L : -1L << (64 - n);
  }

  /** A gear table from a seed (for unkeyed use and tests). */
  public static long[] gearFromSeed(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] table = new long[256];
    for (int i = 0; i < 256; i++) {
      table[i] = random.nextLong();
    }
    return table;
  }

  public int minSize() {
    return min;
  }

  public int avgSize() {
    return avg;
  }

  public int maxSize() {
    return max;
  }

  /**
   * Length of the next chunk starting at {@code off}, looking at no more than {@code len} bytes. The
   * answer is final only if {@code len >= maxSize()} or the data ends at {@code off + len}; callers
   * streaming data must supply at least {@code maxSize()} bytes unless at the end. The same search as a
   * {@link Scanner} given all those bytes at once.
   */
  public int cut(byte[] data, int off, int len) {
    return new Scanner().next(data, off, len, true);
  }

  /** A resumable search for cut points in a stream; see {@link Scanner#next}. */
  public Scanner scanner() {
    return new Scanner();
  }

  /**
   * Finds the same cut points as {@link #cut} while the chunk's bytes arrive in pieces, without looking
   * at any byte twice: it remembers how far it got and the rolling hash there. Not thread-safe.
   */
  public final class Scanner {
    private int i = min;
    private long h;

    private Scanner() {}

    /**
     * Looks for the end of the chunk that starts at {@code data[off]}, of which {@code len} bytes are
     * available (more than at the previous call, with those earlier bytes unchanged). Returns the
     * chunk's length, or -1 if more bytes are needed to tell; {@code atEnd} says no more will come.
     * After a cut the scanner starts over for the next chunk.
     */
    public int next(byte[] data, int off, int len, boolean atEnd) {
      int limit = Math.min(len, max);
      int normal = Math.min(limit, avg);
      long hash = h;
      long[] g = gear;
      int p = i;
      for (; p < normal; p++) {
        hash = (hash << 1) + g[data[off + p] & 0xff];
        if ((hash & maskSmall) == 0) {
          return found(p + 1);
        }
      }
      for (; p < limit; p++) {
        hash = (hash << 1) + g[data[off + p] & 0xff];
        if ((hash & maskLarge) == 0) {
          return found(p + 1);
        }
      }
      if (limit == max) {
        return found(max);
      }
      if (atEnd) {
        return found(len);
      }
      i = Math.max(p, min);
      h = hash;
      return -1;
    }

    private int found(int length) {
      i = min;
      h = 0;
      return length;
    }
  }
}
