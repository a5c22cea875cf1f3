package dev.resilience.spi;

/** Kind of a snapshot entry. */
public enum EntryType {
  /** Content bytes (a file, a table's COPY stream, a Redis RDB, an object). */
  FILE,
  /** A container with no content of its own. */
  DIRECTORY,
  /** A symbolic link; {@link Entry#linkTarget()} holds the target. */
  SYMLINK
}
