package dev.resilience.spi;

import dev.resilience.Snapshot;
import java.util.Optional;

/** What a {@link Verifier} gets to look at. */
public interface VerificationContext {
  /** The snapshot under test. */
  Snapshot snapshot();

  /** Reads the snapshot's content from the repository. */
  SnapshotReader reader();

  /** The sandbox target the snapshot was restored into, for restore-based verifiers (drills). */
  Optional<BackupTarget> restored();
}
