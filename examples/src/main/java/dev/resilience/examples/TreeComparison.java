package dev.resilience.examples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Compares two directory trees: types, contents byte for byte, link targets, permissions and mtimes. */
final class TreeComparison {
  private TreeComparison() {}

  /** Every difference between {@code expected} and {@code actual}, or an empty list if they are equal. */
  static List<String> differences(Path expected, Path actual) throws IOException {
    Map<String, Path> left = list(expected);
    Map<String, Path> right = list(actual);
    List<String> diffs = new ArrayList<>();
    for (String rel : left.keySet()) {
      if (!right.containsKey(rel)) {
        diffs.add("missing: " + rel);
      }
    }
    for (String rel : right.keySet()) {
      if (!left.containsKey(rel)) {
        diffs.add("unexpected: " + rel);
      }
    }
    for (Map.Entry<String, Path> e : left.entrySet()) {
      Path other = right.get(e.getKey());
      if (other != null) {
        String d = compare(e.getValue(), other);
        if (d != null) {
          diffs.add(e.getKey() + ": " + d);
        }
      }
    }
    return diffs;
  }

  private static Map<String, Path> list(Path root) throws IOException {
    Map<String, Path> map = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      paths.filter(p -> !p.equals(root)).forEach(p -> map.put(root.relativize(p).toString(), p));
    }
    return map;
  }

  private static String compare(Path a, Path b) throws IOException {
    PosixFileAttributes x = Files.readAttributes(a, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    PosixFileAttributes y = Files.readAttributes(b, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (x.isSymbolicLink() || y.isSymbolicLink()) {
      return x.isSymbolicLink() && y.isSymbolicLink() && Files.readSymbolicLink(a).equals(Files.readSymbolicLink(b))
          ? null : "link differs";
    }
    if (x.isDirectory() != y.isDirectory()) {
      return "type differs";
    }
    if (!x.permissions().equals(y.permissions())) {
      return "permissions " + PosixFilePermissions.toString(x.permissions()) + " vs " + PosixFilePermissions.toString(y.permissions());
    }
    if (!Objects.equals(x.lastModifiedTime().toInstant().truncatedTo(ChronoUnit.MICROS),
        y.lastModifiedTime().toInstant().truncatedTo(ChronoUnit.MICROS))) {
      return "mtime " + x.lastModifiedTime() + " vs " + y.lastModifiedTime();
    }
    if (x.isRegularFile() && (x.size() != y.size() || !sameContent(a, b))) {
      return "content differs";
    }
    return null;
  }

  private static boolean sameContent(Path a, Path b) throws IOException {
    try (InputStream x = Files.newInputStream(a); InputStream y = Files.newInputStream(b)) {
      byte[] bx = new byte[64 * 1024];
      byte[] by = new byte[64 * 1024];
      while (true) {
        int nx = x.readNBytes(bx, 0, bx.length);
        int ny = y.readNBytes(by, 0, by.length);
        if (nx != ny || !Arrays.equals(bx, 0, nx, by, 0, ny)) {
          return false;
        }
        if (nx == 0) {
          return true;
        }
      }
    }
  }
}
