package dev.resilience;

import java.util.List;

/**
 * Result of {@link Repository#check}.
 *
 * @param problems every problem found, each naming the object (e.g. {@code data/ab/ab12…: blob 3 fails authentication})
 * @param snapshotsChecked snapshots whose manifests were read
 * @param packsChecked packs examined
 * @param blobsRead blobs decrypted and hashed (0 without readData)
 */
public record CheckReport(List<String> problems, int snapshotsChecked, int packsChecked, long blobsRead) {
  public CheckReport {
    problems = List.copyOf(problems);
  }

  public boolean ok() {
    return problems.isEmpty();
  }
}
