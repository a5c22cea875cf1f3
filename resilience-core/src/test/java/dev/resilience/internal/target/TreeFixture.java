package dev.resilience.internal.target;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Generates directory trees with awkward content and describes trees for comparison. */
final class TreeFixture {
  static final Instant OLD = Instant.parse("2021-03-04T05:06:07.123456Z");

  private TreeFixture() {}

  /** Writes a tree with empty, text, binary and larger files, nesting, links, unicode names, modes and mtimes. */
  static void generate(Path root, long seed, int smallFiles) throws IOException {
    Random random = new Random(seed);
    Files.createDirectories(root);
    write(root.resolve("empty.txt"), new byte[0]);
    write(root.resolve("hello.txt"), "hello, world\n".getBytes(StandardCharsets.UTF_8));
    byte[] all = new byte[512];
    for (int i = 0; i < all.length; i++) {
      all[i] = (byte) i;
    }
    write(root.resolve("bin/all-bytes.bin"), all);
    write(root.resolve("bin/random-3MiB.bin"), randomBytes(random, 3 * 1024 * 1024 + 17));
    write(root.resolve("a/b/c/d/e/deep.txt"), "deep".getBytes(StandardCharsets.UTF_8));
    Files.createDirectories(root.resolve("empty-dir"));
    write(root.resolve("ünïcødé/日本語 ファイル.txt"), "こんにちは".getBytes(StandardCharsets.UTF_8));
    write(root.resolve("ünïcødé/emoji-🦀.txt"), "crab".getBytes(StandardCharsets.UTF_8));
    write(root.resolve("name with spaces & 'quotes'.txt"), "q".getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < smallFiles; i++) {
      write(root.resolve(String.format("many/%02d/file-%05d.dat", i % 17, i)), randomBytes(random, random.nextInt(3000)));
    }
    Files.createSymbolicLink(root.resolve("link-to-hello"), Path.of("hello.txt"));
    Files.createSymbolicLink(root.resolve("a/link-to-dir"), Path.of("b/c"));
    Files.createSymbolicLink(root.resolve("dangling"), Path.of("does/not/exist"));
    Files.createSymbolicLink(root.resolve("absolute-link"), Path.of("/etc/hostname"));
    if (FileMetadata.posix(root.getFileSystem())) {
      Files.setPosixFilePermissions(root.resolve("hello.txt"), FileMetadata.permissions(0600));
      Files.setPosixFilePermissions(root.resolve("bin/all-bytes.bin"), FileMetadata.permissions(0755));
      Files.setPosixFilePermissions(root.resolve("a/b/c/d/e/deep.txt"), FileMetadata.permissions(0444));
      Files.setPosixFilePermissions(root.resolve("a/b/c/d"), FileMetadata.permissions(0555));
      Files.setPosixFilePermissions(root.resolve("empty-dir"), FileMetadata.permissions(0700));
    }
    Files.setLastModifiedTime(root.resolve("hello.txt"), FileTime.from(OLD));
    Files.setLastModifiedTime(root.resolve("empty-dir"), FileTime.from(OLD.plusSeconds(60)));
  }

  static void write(Path file, byte[] content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, content);
  }

  static byte[] randomBytes(Random random, int size) {
    byte[] b = new byte[size];
    random.nextBytes(b);
    return b;
  }

  /**
   * Every entry under {@code root} (links not followed) described by type, size, content digest, mode and
   * mtime (to microseconds), keyed by relative path.
   */
  static Map<String, String> describe(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    boolean posix = FileMetadata.posix(root.getFileSystem());
    try (var paths = Files.walk(root)) {
      for (Path p : paths.filter(p -> !p.equals(root)).toList()) {
        BasicFileAttributes a = FileMetadata.read(p, posix);
        String kind;
        if (a.isSymbolicLink()) {
          kind = "link -> " + Files.readSymbolicLink(p);
        } else if (a.isDirectory()) {
          kind = "dir mode=" + octal(FileMetadata.mode(a)) + " mtime=" + FileMetadata.modified(a);
        } else {
          kind = "file size=" + a.size() + " sha256=" + sha256(Files.readAllBytes(p)) + " mode=" + octal(FileMetadata.mode(a))
              + " mtime=" + FileMetadata.modified(a);
        }
        out.put(Trees.relative(root, p), kind);
      }
    }
    return out;
  }

  private static String octal(Integer mode) {
    return mode == null ? "-" : Integer.toOctalString(mode);
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static boolean exists(Path p) {
    return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
  }
}
