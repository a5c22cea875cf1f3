package dev.resilience;

/** Status of a snapshot in the catalog. */
public enum SnapshotStatus {
  /** Complete: every entry's data is in the repository. */
  COMPLETE,
  /** The source reported problems for some entries, which are listed in the snapshot's metadata. */
  PARTIAL
}
