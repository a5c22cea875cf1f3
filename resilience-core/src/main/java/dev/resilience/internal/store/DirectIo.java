package dev.resilience.internal.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Large file writes and reads with direct I/O ({@code O_DIRECT}), past the operating system's page cache.
 *
 * <p>A backup writes hundreds of megabytes of packs, and a restore gigabytes of files, that the host will
 * not read again soon. Through the page cache they would evict the embedding service's own hot data, and
 * every new cached page costs the kernel a fresh page to allocate, zero and copy into (on a virtual machine
 * whose free memory goes back to the host, that is often the largest single cost of a restore). Direct
 * I/O moves the bytes from a reused, aligned buffer straight to the device. Small files and small reads
 * (below {@link #THRESHOLD}) still go through the page cache, where they are cheaper.
 *
 * <p>An instance exists only for a directory whose file system accepted a probe (see {@link #probe}); on
 * file systems without direct I/O (tmpfs, some network file systems) and where the JDK lacks
 * {@code ExtendedOpenOption.DIRECT}, callers fall back to ordinary I/O. {@code -Dresilience.io.direct=false}
 * turns direct I/O off everywhere.
 */
public final class DirectIo {
  private static final Logger LOG = LoggerFactory.getLogger(DirectIo.class);
  /** Writes and reads smaller than this go through the page cache. */
  public static final int THRESHOLD = 256 * 1024;
  /** Size of the aligned staging buffers (a multiple of every block size we accept). */
  static final int STAGING = 1 << 20;
  private static final int MAX_ALIGNMENT = 64 * 1024;
  private static final int KEPT_BUFFERS = 8;
  private static final OpenOption DIRECT = directOption();
  private static final ConcurrentLinkedDeque<ByteBuffer> SPARE = new ConcurrentLinkedDeque<>();

  private final int alignment;

  private DirectIo(int alignment) {
    this.alignment = alignment;
  }

  /** True unless {@code -Dresilience.io.direct=false}. */
  static boolean enabled() {
    return !"false".equalsIgnoreCase(System.getProperty("resilience.io.direct", "true"));
  }

  /**
   * Direct I/O for files in {@code dir}, or {@code null} if it is turned off, the JDK cannot open files for
   * direct I/O or the file system refuses it. The probe writes, reads back and deletes one small temporary
   * file in {@code dir}.
   */
  public static DirectIo probe(Path dir) {
    if (DIRECT == null || !enabled()) {
      return null;
    }
    Path probe = dir.resolve(AtomicFiles.TEMP_PREFIX + "direct-" + UUID.randomUUID());
    try {
      long size = Files.getFileStore(dir).getBlockSize();
      if (size < 512 || size > MAX_ALIGNMENT || Long.bitCount(size) != 1) {
        return null;
      }
      DirectIo io = new DirectIo((int) size);
      byte[] pattern = new byte[io.alignment + 1];
      Arrays.fill(pattern, (byte) 0x5a);
      io.write(probe, pattern, 0, pattern.length, false);
      byte[] back = new byte[pattern.length];
      io.read(probe, 0, back, 0, back.length);
      if (!Arrays.equals(pattern, back) || Files.size(probe) != pattern.length) {
        return null;
      }
      return io;
    } catch (IOException | RuntimeException e) {
      LOG.debug("no direct I/O in {}: {}", dir, e.toString());
      return null;
    } finally {
      AtomicFiles.deleteQuietly(probe);
    }
  }

  /**
   * Writes {@code data[offset..offset+length)} to a new file (it must not exist), fsyncing it if
   * {@code force}. The last block is padded for the device and the file then truncated to its length.
   */
  public void write(Path file, byte[] data, int offset, int length, boolean force) throws IOException {
    try (OutputStream out = newOutputStream(file)) {
      out.write(data, offset, length);
      if (force) {
        ((DirectOutput) out).force();
      }
    }
  }

  /** A stream writing a new file (it must not exist) with direct I/O; {@code close} completes the file. */
  public OutputStream newOutputStream(Path file) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, DIRECT);
    try {
      return new DirectOutput(ch, take());
    } catch (RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /**
   * Fills {@code dst[dstOffset..dstOffset+length)} from {@code file} at {@code position}; fails if the
   * file ends first.
   */
  public void read(Path file, long position, byte[] dst, int dstOffset, int length) throws IOException {
    try (FileChannel ch = openForReading(file)) {
      read(ch, file, position, dst, dstOffset, length);
    }
  }

  /** {@code file} opened for {@link #read(FileChannel, Path, long, byte[], int, int)}. */
  FileChannel openForReading(Path file) throws IOException {
    return FileChannel.open(file, StandardOpenOption.READ, DIRECT);
  }

  /** Like {@link #read(Path, long, byte[], int, int)} on a channel from {@link #openForReading}. */
  void read(FileChannel ch, Path file, long position, byte[] dst, int dstOffset, int length) throws IOException {
    ByteBuffer buf = take();
    try {
      long start = position - (position % alignment); // aligned device position of the next read
      int skip = (int) (position - start); // bytes at the front of the first read that are not wanted
      int done = 0;
      while (done < length) {
        int want = skip + length - done;
        buf.clear().limit(Math.min(STAGING, roundUp(want)));
        int got = 0;
        while (buf.hasRemaining()) {
          int n = ch.read(buf, start + got);
          if (n <= 0) {
            break;
          }
          got += n;
          if (n % alignment != 0) {
            break; // the file's unaligned end arrived as a short read
          }
        }
        int useful = Math.min(got - skip, length - done);
        if (useful <= 0) {
          throw new IOException(file + " shrank while reading");
        }
        buf.position(skip);
        buf.get(dst, dstOffset + done, useful);
        done += useful;
        start += got;
        skip = 0;
        if (got < buf.limit() && done < length) {
          throw new IOException(file + " shrank while reading");
        }
      }
    } finally {
      give(buf);
    }
  }

  private int roundUp(long n) {
    return (int) ((n + alignment - 1) / alignment * alignment);
  }

  private final class DirectOutput extends OutputStream {
    private final FileChannel ch;
    private ByteBuffer buf;
    private long flushed;

    DirectOutput(FileChannel ch, ByteBuffer buf) {
      this.ch = ch;
      this.buf = buf;
      buf.clear();
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (buf == null) {
        throw new IOException("stream closed");
      }
      while (len > 0) {
        int n = Math.min(len, buf.remaining());
        buf.put(b, off, n);
        off += n;
        len -= n;
        if (!buf.hasRemaining()) {
          writeBuffer();
        }
      }
    }

    /** Writes the staging buffer at the end of the file; it holds a multiple of the block size. */
    private void writeBuffer() throws IOException {
      buf.flip();
      int n = buf.remaining();
      while (buf.hasRemaining()) {
        ch.write(buf, flushed + buf.position());
      }
      flushed += n;
      buf.clear();
    }

    void force() throws IOException {
      finish();
      ch.force(true);
    }

    /** Writes what is buffered, padded to the block size, and cuts the file back to its true length. */
    private void finish() throws IOException {
      int tail = buf.position();
      if (tail == 0) {
        return;
      }
      int padded = roundUp(tail);
      while (buf.position() < padded) {
        buf.put((byte) 0);
      }
      writeBuffer();
      flushed -= padded - tail;
      ch.truncate(flushed);
    }

    @Override
    public void close() throws IOException {
      if (buf == null) {
        return;
      }
      try (FileChannel c = ch) {
        finish();
      } finally {
        give(buf);
        buf = null;
      }
    }
  }

  private static ByteBuffer take() {
    ByteBuffer b = SPARE.pollFirst();
    return b != null ? b.clear() : ByteBuffer.allocateDirect(STAGING + MAX_ALIGNMENT).alignedSlice(MAX_ALIGNMENT).limit(STAGING).slice();
  }

  private static void give(ByteBuffer b) {
    if (SPARE.size() < KEPT_BUFFERS) {
      SPARE.offerFirst(b);
    }
  }

  private static OpenOption directOption() {
    try {
      Class<?> c = Class.forName("com.sun.nio.file.ExtendedOpenOption");
      for (Object o : c.getEnumConstants()) {
        if ("DIRECT".equals(((Enum<?>) o).name())) {
          return (OpenOption) o;
        }
      }
    } catch (ClassNotFoundException | RuntimeException e) {
      // not this JDK: ordinary I/O
    }
    return null;
  }
}
