package dev.resilience.internal.target;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/** Reading and applying the metadata a directory target keeps: POSIX permission bits and mtimes. */
final class FileMetadata {
  private static final PosixFilePermission[] BITS = {
    PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
    PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
    PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
  };

  private FileMetadata() {}

  static boolean posix(FileSystem fs) {
    return fs.supportedFileAttributeViews().contains("posix");
  }

  /** Attributes of {@code p} itself (links are not followed). */
  static BasicFileAttributes read(Path p, boolean posix) throws IOException {
    return posix
        ? Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
        : Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
  }

  /** Permission bits ({@code 0755}), or null where the file system has none. Symlinks have none. */
  static Integer mode(BasicFileAttributes attrs) {
    if (!(attrs instanceof PosixFileAttributes posix) || attrs.isSymbolicLink()) {
      return null;
    }
    int mode = 0;
    for (int i = 0; i < BITS.length; i++) {
      if (posix.permissions().contains(BITS[i])) {
        mode |= 1 << i;
      }
    }
    return mode;
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    for (int i = 0; i < BITS.length; i++) {
      if ((mode & (1 << i)) != 0) {
        set.add(BITS[i]);
      }
    }
    return set;
  }

  /**
   * The permission bits a file gets when this process creates it in {@code dir} without asking for any
   * (0666 less the umask, or what the directory's default ACL gives), found with a probe file that is
   * deleted again; null where there are no POSIX permissions or the probe fails. A restore skips setting a
   * file's permissions when they are these already: a {@code chmod} per file of a tree of small files.
   */
  static Integer createdMode(Path dir, boolean posix) {
    if (!posix) {
      return null;
    }
    Path probe = dir.resolve(".resilience-mode-" + UUID.randomUUID());
    try {
      Files.newOutputStream(probe, StandardOpenOption.CREATE_NEW).close();
      return mode(read(probe, true));
    } catch (IOException e) {
      return null;
    } finally {
      try {
        Files.deleteIfExists(probe);
      } catch (IOException ignored) {
        // a probe left behind is an empty file with a telling name
      }
    }
  }

  /** The modification time at the precision every supported platform can restore (microseconds). */
  static Instant modified(BasicFileAttributes attrs) {
    return attrs.lastModifiedTime().toInstant().truncatedTo(ChronoUnit.MICROS);
  }

  /** Sets the permission bits (if any and if supported) and then the modification time (if any). */
  static void apply(Path p, Integer mode, Instant modified, boolean posix) throws IOException {
    if (mode != null && posix) {
      Files.setPosixFilePermissions(p, permissions(mode));
    }
    if (modified != null) {
      // The access time is set too (to now, as writing the file left it): given only one of the two, the
      // JDK reads the file's attributes first to keep the other, a stat call per restored file.
      Files.getFileAttributeView(p, BasicFileAttributeView.class)
          .setTimes(FileTime.from(modified), FileTime.from(Instant.now()), null);
    }
  }

  /** Sets a symlink's own modification time where the platform allows it; silently skipped otherwise. */
  static void applyToLink(Path link, Instant modified) {
    if (modified == null) {
      return;
    }
    try {
      Files.getFileAttributeView(link, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .setTimes(FileTime.from(modified), null, null);
    } catch (IOException | UnsupportedOperationException e) {
      // not every platform can set a link's own times; link targets are what matters
    }
  }
}
