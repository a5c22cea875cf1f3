package dev.resilience.spi;

/** What a {@link BackupTarget} can do. */
public enum Capability {
  /** Takes full backups (every target does). */
  FULL,
  /** Takes incremental backups that read only what changed since the parent snapshot. */
  INCREMENTAL,
  /** All entries of one snapshot reflect one instant (a database snapshot, an RDB). */
  CONSISTENT_SNAPSHOT,
  /** Can be restored to an arbitrary point in time (WAL archiving). */
  POINT_IN_TIME,
  /** Provides isolated {@link Sandbox}es for drills. */
  SANDBOX
}
