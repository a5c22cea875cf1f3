package dev.resilience;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Catalog entry of one backup: an immutable manifest stored in the repository.
 *
 * @param id hex id (the keyed hash of the manifest)
 * @param parentId id of the parent snapshot for incrementals, or {@code null}
 * @param target the {@link dev.resilience.spi.BackupTarget#name()} backed up
 * @param tenant owning tenant, or {@code null}
 * @param dataset dataset name in the host application's policy, or {@code null}
 * @param classification data classification, or {@code null}
 * @param kind full or incremental
 * @param startedAt when the backup started
 * @param finishedAt when the snapshot was committed
 * @param status complete or partial
 * @param tags free-form labels (e.g. {@code scheduled}, {@code pre-migration})
 * @param stats sizes
 * @param contentDigest hex SHA-256 over the sorted list of (path, content SHA-256), a checksum of the
 *     snapshot's whole content that auditors can compare across copies
 * @param metadata target-specific snapshot metadata (LSN, server version, objects not captured)
 */
public record Snapshot(
    String id,
    String parentId,
    String target,
    String tenant,
    String dataset,
    Classification classification,
    BackupKind kind,
    Instant startedAt,
    Instant finishedAt,
    SnapshotStatus status,
    Map<String, String> tags,
    SnapshotStats stats,
    String contentDigest,
    Map<String, String> metadata) {

  public Snapshot {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(stats, "stats");
    tags = tags == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(tags));
    metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(metadata));
  }

  /** How long the backup took. */
  public Duration duration() {
    return Duration.between(startedAt, finishedAt);
  }

  /** The first 8 hex digits of the id, as shown to people. */
  public String shortId() {
    return id.length() <= 8 ? id : id.substring(0, 8);
  }
}
