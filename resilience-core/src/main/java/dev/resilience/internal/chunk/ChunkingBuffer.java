package dev.resilience.internal.chunk;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Streams bytes through a {@link FastCdcChunker}: data is written or read in, and each complete chunk
 * is handed to a {@link ChunkSink}. Holds at most {@code 2 * maxSize} bytes; not thread-safe.
 */
public final class ChunkingBuffer {
  private static final int READ_SLICE = 256 * 1024;

  private final FastCdcChunker chunker;
  private final ChunkSink sink;
  private byte[] buf;
  private int pos;
  private int end;
  private long total;

  public ChunkingBuffer(FastCdcChunker chunker, ChunkSink sink) {
    this(chunker, sink, null);
  }

  /** Uses {@code buffer} (at least {@code 2 * maxSize} long) if given, else allocates as needed. */
  public ChunkingBuffer(FastCdcChunker chunker, ChunkSink sink, byte[] buffer) {
    this.chunker = chunker;
    this.sink = sink;
    this.buf = buffer != null ? buffer : new byte[Math.min(2 * chunker.maxSize(), 64 * 1024)];
  }

  /** The current window array (it may have grown past the one given to the constructor). */
  public byte[] buffer() {
    return buf;
  }

  /** Total bytes taken in. */
  public long total() {
    return total;
  }

  /** Appends bytes. */
  public void write(byte[] data, int off, int len) {
    while (len > 0) {
      makeRoom();
      int n = Math.min(len, buf.length - end);
      System.arraycopy(data, off, buf, end, n);
      end += n;
      total += n;
      off += n;
      len -= n;
      cutFull();
    }
  }

  /**
   * Reads {@code in} to its end, straight into the buffer. {@code beforeRead} is told how many bytes
   * were read each time (for rate limits and progress); may be null.
   */
  public void readFrom(InputStream in, java.util.function.IntConsumer afterRead) throws IOException {
    while (true) {
      makeRoom();
      // Bounded reads: a file stream copies through a temporary direct buffer as large as the request,
      // which the JDK then keeps per thread, so a 16 MiB read would pin 16 MiB of native memory per reader.
      int n = in.read(buf, end, Math.min(buf.length - end, READ_SLICE));
      if (n < 0) {
        return;
      }
      end += n;
      total += n;
      if (afterRead != null && n > 0) {
        afterRead.accept(n);
      }
      cutFull();
    }
  }

  /** Cuts whatever remains into final chunks. */
  public void finish() {
    while (end > pos) {
      int n = chunker.cut(buf, pos, end - pos);
      sink.accept(buf, pos, n);
      pos += n;
    }
    pos = 0;
    end = 0;
  }

  private void cutFull() {
    int max = chunker.maxSize();
    while (end - pos >= max) {
      int n = chunker.cut(buf, pos, end - pos);
      sink.accept(buf, pos, n);
      pos += n;
    }
  }

  private void makeRoom() {
    if (end < buf.length) {
      return;
    }
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, end - pos);
      end -= pos;
      pos = 0;
    }
    if (end == buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, 4096));
    }
  }
}
