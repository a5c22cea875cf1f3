package dev.resilience.internal.store;

import dev.resilience.StoreUnavailableException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Crash-safe file operations for {@link FileSystemObjectStore}: write a temporary file next to the target,
 * fsync it, rename it atomically, fsync the directory. Failures become {@link StoreUnavailableException}s
 * naming the path.
 */
final class AtomicFiles {
  /** Prefix of temporary files; {@code list} skips them and keys may not use it. */
  static final String TEMP_PREFIX = ".tmp-";
  private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("win");

  private AtomicFiles() {}

  /** Writes a temporary file, fsyncs it, renames it over {@code target} and fsyncs the directory. */
  static void replace(Path target, byte[] data, String action) {
    replace(target, data, 0, data.length, action);
  }

  /** Like {@link #replace(Path, byte[], String)} with {@code length} bytes of {@code data} from {@code offset}. */
  static void replace(Path target, byte[] data, int offset, int length, String action) {
    replace(target, data, offset, length, null, action);
  }

  /** Like {@link #replace(Path, byte[], int, int, String)}, with direct I/O for large objects if {@code direct} is set. */
  static void replace(Path target, byte[] data, int offset, int length, DirectIo direct, String action) {
    Path temp = writeTemp(target, data, offset, length, direct);
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      fsyncDirectory(target.getParent());
    } catch (IOException e) {
      deleteQuietly(temp);
      throw unavailable(action, target, e);
    }
  }

  static Path writeTemp(Path target, byte[] data) {
    return writeTemp(target, data, 0, data.length);
  }

  /**
   * Largest single read or write handed to a channel. The JDK copies a heap buffer through a temporary
   * direct buffer of the same size and caches that per thread, so one 16 MiB write would pin 16 MiB of
   * native memory in every I/O thread for the life of the process.
   */
  static final int IO_SLICE = 256 * 1024;

  static Path writeTemp(Path target, byte[] data, int offset, int length) {
    return writeTemp(target, data, offset, length, null);
  }

  /** Like {@link #writeTemp(Path, byte[], int, int)}, with direct I/O for large objects if {@code direct} is set. */
  static Path writeTemp(Path target, byte[] data, int offset, int length, DirectIo direct) {
    Path temp = target.resolveSibling(TEMP_PREFIX + UUID.randomUUID());
    try {
      createParent(target.toString(), target);
      if (direct != null && length >= DirectIo.THRESHOLD) {
        direct.write(temp, data, offset, length, true);
        return temp;
      }
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        int p = offset;
        int end = offset + length;
        while (p < end) {
          ByteBuffer buf = ByteBuffer.wrap(data, p, Math.min(IO_SLICE, end - p));
          while (buf.hasRemaining()) {
            ch.write(buf);
          }
          p = buf.position();
        }
        ch.force(true);
      }
      return temp;
    } catch (IOException e) {
      deleteQuietly(temp);
      throw unavailable("write", temp, e);
    }
  }

  /** Fills {@code dst[off..off+len)} from {@code ch} at {@code position}, in slices; fails if the file ends first. */
  static void readFully(FileChannel ch, long position, byte[] dst, int off, int len, Path p) throws IOException {
    int done = 0;
    while (done < len) {
      int n = ch.read(ByteBuffer.wrap(dst, off + done, Math.min(IO_SLICE, len - done)), position + done);
      if (n < 0) {
        throw new IOException(p + " shrank while reading");
      }
      done += n;
    }
  }

  static void createParent(String key, Path target) throws IOException {
    try {
      Files.createDirectories(target.getParent());
    } catch (FileAlreadyExistsException e) {
      throw new IllegalArgumentException("object key '" + key + "' conflicts with an existing object at " + e.getFile(), e);
    }
  }

  static void deleteFile(Path p) {
    try {
      if (Files.deleteIfExists(p)) {
        fsyncDirectory(p.getParent());
      }
    } catch (NotDirectoryException e) {
      // a parent is a file: nothing to delete
    } catch (IOException e) {
      throw unavailable("delete", p, e);
    }
  }

  static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // best effort cleanup of a temporary file; a leftover is skipped by list and never read
    }
  }

  static void fsyncDirectory(Path dir) throws IOException {
    if (WINDOWS) {
      return; // directories cannot be opened for fsync on Windows; NTFS journals renames
    }
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  static boolean hardLinksWork(Path root) {
    Path probe = root.resolve(TEMP_PREFIX + "probe-" + UUID.randomUUID());
    Path link = root.resolve(TEMP_PREFIX + "probe-" + UUID.randomUUID());
    try {
      Files.createFile(probe);
      Files.createLink(link, probe);
      return true;
    } catch (UnsupportedOperationException | IOException e) {
      return false;
    } finally {
      deleteQuietly(link);
      deleteQuietly(probe);
    }
  }

  static StoreUnavailableException unavailable(String action, Path path, IOException e) {
    String reason = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason() : e.toString();
    return new StoreUnavailableException("cannot " + action + " " + path + ": " + reason, e);
  }
}
