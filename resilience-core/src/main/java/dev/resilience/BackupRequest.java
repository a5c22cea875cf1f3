package dev.resilience;

import dev.resilience.event.ProgressListener;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What to record with a backup and how to run it. Build with {@link #builder()}; immutable.
 *
 * @param parentId explicit parent snapshot id; {@code null} means the latest snapshot of the same target
 *     (unless {@code full} is set)
 * @param full force a full backup (read every byte) even if a parent exists
 * @param bytesPerSecond bandwidth limit for reading the source, {@code 0} for none
 */
public record BackupRequest(
    String tenant,
    String dataset,
    Classification classification,
    Map<String, String> tags,
    String parentId,
    boolean full,
    long bytesPerSecond,
    ProgressListener progress) {

  public BackupRequest {
    tags = tags == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(tags));
    progress = progress == null ? ProgressListener.NONE : progress;
    if (bytesPerSecond < 0) {
      throw new IllegalArgumentException("bytesPerSecond must be >= 0");
    }
    if (full && parentId != null) {
      throw new IllegalStateException("a full backup has no parent; do not set both full and parentId");
    }
  }

  /** A request with defaults: no tenant, latest parent, no limit. */
  public static BackupRequest defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder for {@link BackupRequest}. */
  public static final class Builder {
    private String tenant;
    private String dataset;
    private Classification classification;
    private final Map<String, String> tags = new TreeMap<>();
    private String parentId;
    private boolean full;
    private long bytesPerSecond;
    private ProgressListener progress = ProgressListener.NONE;

    private Builder() {}

    public Builder tenant(String tenant) {
      this.tenant = Objects.requireNonNull(tenant, "tenant");
      return this;
    }

    public Builder dataset(String dataset) {
      this.dataset = Objects.requireNonNull(dataset, "dataset");
      return this;
    }

    public Builder classification(Classification classification) {
      this.classification = Objects.requireNonNull(classification, "classification");
      return this;
    }

    public Builder tag(String key, String value) {
      tags.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public Builder parent(String snapshotId) {
      this.parentId = Objects.requireNonNull(snapshotId, "snapshotId");
      return this;
    }

    public Builder full() {
      this.full = true;
      return this;
    }

    public Builder bytesPerSecond(long limit) {
      if (limit < 0) {
        throw new IllegalArgumentException("bytesPerSecond must be >= 0, got " + limit);
      }
      this.bytesPerSecond = limit;
      return this;
    }

    public Builder progress(ProgressListener listener) {
      this.progress = Objects.requireNonNull(listener, "listener");
      return this;
    }

    public BackupRequest build() {
      return new BackupRequest(tenant, dataset, classification, tags, parentId, full, bytesPerSecond, progress);
    }
  }
}
