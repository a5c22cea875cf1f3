package dev.resilience.spi;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One named item in a snapshot: a file, directory or symlink of a directory target, a table of a
 * database, an object of a bucket. Paths are relative, {@code /}-separated, without {@code .} or
 * {@code ..} segments and without a leading or trailing {@code /}.
 *
 * @param path relative path, unique within a snapshot
 * @param type the kind of entry
 * @param size content length in bytes ({@code -1} if not known yet when writing)
 * @param modified last modification time, or {@code null}
 * @param mode POSIX permission bits (e.g. {@code 0644}), or {@code null} where the store has none
 * @param linkTarget the link target of a {@link EntryType#SYMLINK}, else {@code null}
 * @param digest hex SHA-256 of the content, filled in by the repository; {@code null} when writing
 * @param attributes target-specific metadata (content type, table schema, ...), copied and sorted
 */
public record Entry(
    String path,
    EntryType type,
    long size,
    Instant modified,
    Integer mode,
    String linkTarget,
    String digest,
    Map<String, String> attributes) {

  public Entry {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(type, "type");
    if (path.isEmpty() || path.startsWith("/") || path.endsWith("/")) {
      throw new IllegalArgumentException("entry path must be relative, non-empty, no leading/trailing '/': '" + path + "'");
    }
    for (int start = 0, end; start <= path.length(); start = end + 1) {
      end = path.indexOf('/', start);
      if (end < 0) {
        end = path.length();
      }
      int n = end - start;
      if (n == 0 || path.charAt(start) == '.' && (n == 1 || n == 2 && path.charAt(start + 1) == '.')) {
        throw new IllegalArgumentException("entry path has an empty, '.' or '..' segment: '" + path + "'");
      }
    }
    if (type == EntryType.SYMLINK && linkTarget == null) {
      throw new IllegalArgumentException("symlink entry needs a link target: '" + path + "'");
    }
    if (type != EntryType.SYMLINK && linkTarget != null) {
      throw new IllegalArgumentException("only symlinks have a link target: '" + path + "'");
    }
    if (size < -1) {
      throw new IllegalArgumentException("size must be >= -1: '" + path + "'");
    }
    attributes = attributes == null || attributes.isEmpty()
        ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
  }

  // equals and hashCode by hand, with the record's meaning (every component, in order): the generated ones
  // bootstrap through method handles, which a short CLI process pays for in class spinning and runs
  // interpreted; an unchanged backup compares every entry with its parent's. EntryTest guards the fields.
  @Override
  public boolean equals(Object o) {
    return o == this || o instanceof Entry e && size == e.size && type == e.type && path.equals(e.path)
        && Objects.equals(modified, e.modified) && Objects.equals(mode, e.mode)
        && Objects.equals(linkTarget, e.linkTarget) && Objects.equals(digest, e.digest)
        && attributes.equals(e.attributes);
  }

  @Override
  public int hashCode() {
    int h = path.hashCode();
    h = 31 * h + type.hashCode();
    h = 31 * h + Long.hashCode(size);
    h = 31 * h + Objects.hashCode(modified);
    h = 31 * h + Objects.hashCode(mode);
    h = 31 * h + Objects.hashCode(linkTarget);
    h = 31 * h + Objects.hashCode(digest);
    return 31 * h + attributes.hashCode();
  }

  /** A file entry whose size may be unknown ({@code -1}). */
  public static Entry file(String path, long size, Instant modified) {
    return new Entry(path, EntryType.FILE, size, modified, null, null, null, Map.of());
  }

  public static Entry directory(String path, Instant modified) {
    return new Entry(path, EntryType.DIRECTORY, 0, modified, null, null, null, Map.of());
  }

  public static Entry symlink(String path, String linkTarget, Instant modified) {
    return new Entry(path, EntryType.SYMLINK, 0, modified, null, linkTarget, null, Map.of());
  }

  public Entry withMode(Integer mode) {
    return new Entry(path, type, size, modified, mode, linkTarget, digest, attributes);
  }

  public Entry withSize(long size) {
    return new Entry(path, type, size, modified, mode, linkTarget, digest, attributes);
  }

  public Entry withDigest(String digest) {
    return new Entry(path, type, size, modified, mode, linkTarget, digest, attributes);
  }

  public Entry withAttributes(Map<String, String> attributes) {
    return new Entry(path, type, size, modified, mode, linkTarget, digest, attributes);
  }

  public Entry withAttribute(String key, String value) {
    Map<String, String> copy = new TreeMap<>(attributes);
    copy.put(key, value);
    return withAttributes(copy);
  }
}
