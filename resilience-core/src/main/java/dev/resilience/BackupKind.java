package dev.resilience;

/** Whether a snapshot was taken with or without a parent. */
public enum BackupKind {
  /** Every byte was read from the source. */
  FULL,
  /** Unchanged entries were taken from the parent snapshot without reading them. */
  INCREMENTAL
}
