package dev.resilience.s3;

import dev.resilience.spi.RetentionMode;
import dev.resilience.spi.StorageTier;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Configuration of an {@link S3ObjectStore}. Immutable; build with {@link S3ObjectStore#builder()}.
 *
 * @param connection how to reach the endpoint
 * @param bucket the bucket (must exist)
 * @param prefix key prefix inside the bucket, empty or ending in {@code /}
 * @param storageClasses storage class per tier (HOT→STANDARD, COLD→STANDARD_IA, ARCHIVE→GLACIER unless set)
 * @param placements tier per key prefix (e.g. {@code data/}→COLD): a key under a rule's prefix is written into
 *     the colder of the requested tier and the rule's tier; when rules exist, keys under no rule always stay
 *     HOT, so config, index and snapshots never wait on an archive restore
 * @param multipartThreshold objects larger than this go up as multipart uploads
 * @param partSize multipart part size (at least 5 MiB)
 * @param objectLock the bucket has S3 Object Lock enabled: retention on put, {@code extendRetention},
 *     refusal of deletes under retention
 * @param defaultRetentionMode mode used by {@code extendRetention} on an object that has none yet
 * @param conditionalWrites how {@code putIfAbsent} is implemented
 * @param restore how archived objects are restored before reading
 */
public record S3ObjectStoreSettings(
    S3Connection connection,
    String bucket,
    String prefix,
    Map<StorageTier, String> storageClasses,
    Map<String, StorageTier> placements,
    long multipartThreshold,
    int partSize,
    boolean objectLock,
    RetentionMode defaultRetentionMode,
    S3ObjectStore.ConditionalWrites conditionalWrites,
    ArchiveRestoreSettings restore) {

  /** Largest object written with a single (buffered) PUT. */
  public static final long MAX_SINGLE_PUT = 1L << 30;

  public S3ObjectStoreSettings {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(defaultRetentionMode, "defaultRetentionMode");
    Objects.requireNonNull(conditionalWrites, "conditionalWrites");
    Objects.requireNonNull(restore, "restore");
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      throw new IllegalArgumentException("prefix must be empty or end with '/': '" + prefix + "'");
    }
    if (partSize < S3Uploads.MIN_PART_SIZE) {
      throw new IllegalArgumentException("partSize must be >= 5 MiB, got " + partSize);
    }
    if (multipartThreshold < partSize || multipartThreshold > MAX_SINGLE_PUT) {
      throw new IllegalArgumentException("multipartThreshold must be >= partSize and <= 1 GiB (single PUTs are buffered)");
    }
    EnumMap<StorageTier, String> classes = new EnumMap<>(StorageTier.class);
    classes.put(StorageTier.HOT, "STANDARD");
    classes.put(StorageTier.COLD, "STANDARD_IA");
    classes.put(StorageTier.ARCHIVE, "GLACIER");
    if (storageClasses != null) {
      classes.putAll(storageClasses);
    }
    storageClasses = Collections.unmodifiableMap(classes);
    placements = placements == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(placements));
  }

  /** The storage class objects of {@code tier} are written in. */
  public String storageClass(StorageTier tier) {
    return storageClasses.get(tier);
  }

  /** The tier a key is actually written into when {@code requested} is asked for (see {@link #placements()}). */
  public StorageTier placement(String key, StorageTier requested) {
    if (placements.isEmpty()) {
      return requested;
    }
    String best = null;
    for (String p : placements.keySet()) {
      if (key.startsWith(p) && (best == null || p.length() > best.length())) {
        best = p;
      }
    }
    if (best == null) {
      return StorageTier.HOT;
    }
    StorageTier rule = placements.get(best);
    return rule.compareTo(requested) > 0 ? rule : requested;
  }

  /** The tier of an object stored in {@code storageClass} ({@code null} means STANDARD). */
  public StorageTier tierOf(String storageClass) {
    if (storageClass == null) {
      return StorageTier.HOT;
    }
    for (Map.Entry<StorageTier, String> e : storageClasses.entrySet()) {
      if (e.getValue().equals(storageClass)) {
        return e.getKey();
      }
    }
    return StorageClassChange.tierOfClass(storageClass);
  }

  @Override
  public String toString() {
    return "S3ObjectStoreSettings[bucket=" + bucket + ", prefix=" + prefix + ", connection=" + connection
        + ", storageClasses=" + storageClasses + ", placements=" + placements + ", objectLock=" + objectLock
        + ", conditionalWrites=" + conditionalWrites + "]";
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * How archived objects are made readable.
   *
   * @param days how long the restored copy stays readable
   * @param tier {@code Expedited}, {@code Standard} or {@code Bulk}
   * @param timeout how long a read waits for the restore before failing (retryably)
   * @param pollInterval how often the restore status is checked
   */
  public record ArchiveRestoreSettings(int days, String tier, Duration timeout, Duration pollInterval) {
    public ArchiveRestoreSettings {
      Objects.requireNonNull(tier, "tier");
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(pollInterval, "pollInterval");
      if (days < 1) {
        throw new IllegalArgumentException("days must be >= 1");
      }
      if (!tier.equals("Expedited") && !tier.equals("Standard") && !tier.equals("Bulk")) {
        throw new IllegalArgumentException("restore tier must be Expedited, Standard or Bulk, got " + tier);
      }
      if (timeout.isNegative() || pollInterval.isNegative() || pollInterval.isZero()) {
        throw new IllegalArgumentException("timeout must be >= 0 and pollInterval > 0");
      }
    }

    /** One day, Standard tier, wait up to 12 hours polling every minute. */
    public static ArchiveRestoreSettings defaults() {
      return new ArchiveRestoreSettings(1, "Standard", Duration.ofHours(12), Duration.ofMinutes(1));
    }

    ArchiveRestore.Settings internal() {
      return new ArchiveRestore.Settings(days, tier, timeout, pollInterval);
    }
  }

  /** Builder; every setter validates its argument. */
  public static final class Builder {
    private S3Connection connection;
    private String bucket;
    private String prefix = "";
    private final EnumMap<StorageTier, String> storageClasses = new EnumMap<>(StorageTier.class);
    private final Map<String, StorageTier> placements = new TreeMap<>();
    private long multipartThreshold = 64L * 1024 * 1024;
    private int partSize = 16 * 1024 * 1024;
    private boolean objectLock;
    private RetentionMode defaultRetentionMode = RetentionMode.COMPLIANCE;
    private S3ObjectStore.ConditionalWrites conditionalWrites = S3ObjectStore.ConditionalWrites.AUTO;
    private ArchiveRestoreSettings restore = ArchiveRestoreSettings.defaults();

    private Builder() {}

    public Builder connection(S3Connection connection) {
      this.connection = Objects.requireNonNull(connection, "connection");
      return this;
    }

    public Builder bucket(String bucket) {
      this.bucket = requireBucketName(bucket);
      return this;
    }

    /** Key prefix inside the bucket; a trailing {@code /} is added if missing. */
    public Builder prefix(String prefix) {
      this.prefix = normalizePrefix(prefix);
      return this;
    }

    /** The storage class objects of {@code tier} go to (e.g. COLD→GLACIER_IR, ARCHIVE→DEEP_ARCHIVE). */
    public Builder storageClass(StorageTier tier, String storageClass) {
      Objects.requireNonNull(tier, "tier");
      Objects.requireNonNull(storageClass, "storageClass");
      if (!storageClass.matches("[A-Z_]+")) {
        throw new IllegalArgumentException("storage class must be an S3 storage class name like STANDARD_IA: '" + storageClass + "'");
      }
      storageClasses.put(tier, storageClass);
      return this;
    }

    /** Keys under {@code keyPrefix} are written at least as cold as {@code tier}; see {@link S3ObjectStoreSettings#placements()}. */
    public Builder placement(String keyPrefix, StorageTier tier) {
      Objects.requireNonNull(keyPrefix, "keyPrefix");
      Objects.requireNonNull(tier, "tier");
      if (placements.containsKey(keyPrefix)) {
        throw new IllegalStateException("placement for '" + keyPrefix + "' already set");
      }
      placements.put(keyPrefix, tier);
      return this;
    }

    public Builder multipart(long threshold, int partSize) {
      if (partSize < S3Uploads.MIN_PART_SIZE || threshold < partSize || threshold > MAX_SINGLE_PUT) {
        throw new IllegalArgumentException("need partSize >= 5 MiB and threshold >= partSize, got " + threshold + "/" + partSize);
      }
      this.multipartThreshold = threshold;
      this.partSize = partSize;
      return this;
    }

    /** The bucket has Object Lock enabled; {@code mode} is used when extending retention of an object without one. */
    public Builder objectLock(RetentionMode defaultMode) {
      this.objectLock = true;
      this.defaultRetentionMode = Objects.requireNonNull(defaultMode, "defaultMode");
      return this;
    }

    public Builder conditionalWrites(S3ObjectStore.ConditionalWrites mode) {
      this.conditionalWrites = Objects.requireNonNull(mode, "mode");
      return this;
    }

    public Builder archiveRestore(ArchiveRestoreSettings restore) {
      this.restore = Objects.requireNonNull(restore, "restore");
      return this;
    }

    public S3ObjectStoreSettings settings() {
      if (connection == null) {
        throw new IllegalStateException("connection is required");
      }
      if (bucket == null) {
        throw new IllegalStateException("bucket is required");
      }
      return new S3ObjectStoreSettings(connection, bucket, prefix, storageClasses, placements, multipartThreshold,
          partSize, objectLock, defaultRetentionMode, conditionalWrites, restore);
    }

    /** Builds the store (opens an HTTP client; close the store). */
    public S3ObjectStore build() {
      return S3ObjectStore.create(settings());
    }

    /** Builds the store with a clock (bounds archive-restore waits, checks retention before deletes). */
    public S3ObjectStore build(java.time.Clock clock) {
      return S3ObjectStore.create(settings(), clock);
    }
  }

  /** {@code bucket} if it is a valid S3 bucket name (3-63 lower-case letters, digits, '.' and '-'). */
  static String requireBucketName(String bucket) {
    Objects.requireNonNull(bucket, "bucket");
    if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw new IllegalArgumentException("not a valid bucket name: '" + bucket + "'");
    }
    return bucket;
  }

  static String normalizePrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    String p = prefix;
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    if (p.contains("..") || p.contains("//")) {
      throw new IllegalArgumentException("prefix must not contain '..' or '//': '" + prefix + "'");
    }
    return p.isEmpty() || p.endsWith("/") ? p : p + "/";
  }
}
