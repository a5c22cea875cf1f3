package dev.resilience.internal.compress;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import dev.resilience.IntegrityException;

/**
 * zstd compression that gives up on data that does not compress. A sample of the input is compressed
 * first at level 1; if it saves less than ~3%, the chunk is stored raw. Otherwise the whole chunk is
 * compressed at the configured level and kept only if it is at least ~3% smaller. Thread-safe: each
 * thread has its own native contexts.
 */
public final class ZstdCodec {
  private static final int SAMPLE = 64 * 1024;

  private final int level;
  private final ThreadLocal<ZstdCompressCtx> compressors;
  private final ThreadLocal<ZstdCompressCtx> samplers;
  private final ThreadLocal<ZstdDecompressCtx> decompressors = ThreadLocal.withInitial(ZstdDecompressCtx::new);

  public ZstdCodec(int level) {
    if (level < 1 || level > 19) {
      throw new IllegalArgumentException("zstd level must be 1..19, got " + level);
    }
    this.level = level;
    this.compressors = ThreadLocal.withInitial(() -> new ZstdCompressCtx().setLevel(level));
    this.samplers = ThreadLocal.withInitial(() -> new ZstdCompressCtx().setLevel(1));
  }

  public int level() {
    return level;
  }

  /**
   * Compressed form of {@code len} bytes of {@code src}, or {@code null} if compression does not pay.
   */
  public byte[] compressIfWorthwhile(byte[] src, int off, int len) {
    byte[] dst = new byte[maxCompressedLength(len)];
    int n = compressInto(src, off, len, dst);
    return n < 0 ? null : java.util.Arrays.copyOf(dst, n);
  }

  /** The room {@link #compressInto} needs for {@code len} input bytes. */
  public static int maxCompressedLength(int len) {
    return (int) Zstd.compressBound(len);
  }

  /**
   * Compresses {@code len} bytes of {@code src} into {@code dst} (at least {@link #maxCompressedLength}
   * long) and returns the compressed length, or {@code -1} if compression does not pay (the input is then
   * to be stored raw and {@code dst} holds nothing useful).
   */
  public int compressInto(byte[] src, int off, int len, byte[] dst) {
    if (len < 64) {
      return -1;
    }
    if (len > SAMPLE * 2) {
      int sampleOff = off + (len - SAMPLE) / 2;
      int s = samplers.get().compressByteArray(dst, 0, dst.length, src, sampleOff, SAMPLE);
      if (s > SAMPLE - SAMPLE / 32) {
        return -1;
      }
    }
    int n = compressors.get().compressByteArray(dst, 0, dst.length, src, off, len);
    if (n > len - len / 32) {
      return -1;
    }
    return n;
  }

  /** Decompresses into {@code out} at {@code outOff}; exactly {@code rawLength} bytes must come out. */
  public void decompressInto(byte[] src, int off, int len, byte[] out, int outOff, int rawLength, String what) {
    int n;
    try {
      n = decompressors.get().decompressByteArray(out, outOff, rawLength, src, off, len);
    } catch (RuntimeException e) {
      throw new IntegrityException(what + ": cannot be decompressed: " + e.getMessage());
    }
    if (n != rawLength) {
      throw new IntegrityException(what + ": decompressed to " + n + " bytes, expected " + rawLength);
    }
  }

  /** Decompresses into a new array of exactly {@code rawLength} bytes. */
  public byte[] decompress(byte[] src, int off, int len, int rawLength, String what) {
    byte[] out = new byte[rawLength];
    decompressInto(src, off, len, out, 0, rawLength, what);
    return out;
  }
}
