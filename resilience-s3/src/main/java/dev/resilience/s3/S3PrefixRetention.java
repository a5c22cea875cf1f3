package dev.resilience.s3;

import dev.resilience.ConfigurationException;
import dev.resilience.PolicyViolationException;
import dev.resilience.ResilienceException;
import dev.resilience.spi.LiveDataRetention;
import dev.resilience.spi.RetentionSelection;
import dev.resilience.spi.SnapshotWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Predicate;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Live-data retention of the objects under a bucket prefix: objects last modified more than
 * {@code maxAge} before "now" are deleted, or moved into a colder storage class. Optionally the engine
 * archives them into the repository first ({@link #archive}).
 *
 * <p>{@link #select} only lists. {@link #archive} and {@link #purge} list again and act only on objects
 * whose last-modified time is still before the selection's cutoff: an object rewritten after the selection
 * is newer and is spared; repeating an interrupted purge acts on what is left. Deletes go in DeleteObjects
 * batches of at most {@code min(batchSize, 1000)} keys; a transition is one copy-in-place per object.
 * A transition only ever moves objects to a colder tier: objects already in a class of the target's tier or
 * colder (by S3's class names: STANDARD &lt; STANDARD_IA, GLACIER_IR &lt; GLACIER, DEEP_ARCHIVE) are not selected.
 * Keys that cannot be snapshot paths (folder markers ending in {@code /}) are never selected.
 */
public final class S3PrefixRetention implements LiveDataRetention, AutoCloseable {
  private final S3Connection connection;
  private final String bucket;
  private final String prefix;
  private final Duration maxAge;
  private final String transitionTo;
  private final S3Access access;
  private final StorageClassChange classChange;

  private S3PrefixRetention(Builder b) {
    this.connection = b.connection;
    this.bucket = b.bucket;
    this.prefix = b.prefix;
    this.maxAge = b.maxAge;
    this.transitionTo = b.transitionTo;
    this.access = new S3Access(connection, 8);
    this.classChange = new StorageClassChange(access, 64L * 1024 * 1024, 16 * 1024 * 1024);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** API calls made so far, by S3 operation name. */
  public Map<String, Long> requestCounts() {
    return access.requestCounts();
  }

  @Override
  public String describe() {
    return "objects under s3://" + bucket + "/" + prefix + " last modified more than " + maxAge + " ago: "
        + (transitionTo == null ? "delete" : "move to storage class " + transitionTo);
  }

  @Override
  public RetentionSelection select(Instant now) {
    Objects.requireNonNull(now, "now");
    Instant cutoff = now.minus(maxAge);
    BucketObjects objects = objects();
    List<S3Object> selected = objects.list(expired(objects, cutoff));
    long bytes = selected.stream().mapToLong(S3Object::size).sum();
    List<String> sample = selected.stream().limit(10).map(S3Object::key).toList();
    Map<String, String> parameters = new TreeMap<>();
    parameters.put("bucket", bucket);
    parameters.put("prefix", prefix);
    parameters.put("action", transitionTo == null ? "delete" : "transition");
    if (transitionTo != null) {
      parameters.put("storage-class", transitionTo);
    }
    String description = "objects under s3://" + bucket + "/" + prefix + " last modified before " + cutoff
        + (transitionTo == null ? " (delete)" : " in a warmer class than " + transitionTo + " (move to " + transitionTo + ")");
    return new RetentionSelection(description, cutoff, selected.size(), bytes, sample, parameters);
  }

  @Override
  public void archive(RetentionSelection selection, SnapshotWriter writer) {
    check(selection);
    BucketObjects objects = objects();
    List<S3Object> selected = objects.list(expired(objects, selection.cutoff()));
    List<String> missed = java.util.Collections.synchronizedList(new ArrayList<>());
    Parallel.forEach(selected, 4, "s3-archive", o -> {
      if (!objects.copyInto(writer, objects.path(o.key()), o)) {
        missed.add(o.key());
      }
    });
    writer.putMetadata("s3.bucket", bucket);
    writer.putMetadata("s3.prefix", prefix);
    writer.putMetadata("s3.retention.cutoff", selection.cutoff().toString());
    if (!missed.isEmpty()) {
      writer.putMetadata("s3.not-captured", missed.size() + ": " + String.join(", ", missed.subList(0, Math.min(20, missed.size()))));
    }
  }

  @Override
  public long purge(RetentionSelection selection, int batchSize) {
    check(selection);
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    BucketObjects objects = objects();
    List<S3Object> selected = objects.list(expired(objects, selection.cutoff()));
    return transitionTo == null ? delete(selected, Math.min(batchSize, 1000)) : transition(selected);
  }

  private long delete(List<S3Object> selected, int batchSize) {
    long removed = 0;
    for (int from = 0; from < selected.size(); from += batchSize) {
      List<ObjectIdentifier> ids = selected.subList(from, Math.min(selected.size(), from + batchSize)).stream()
          .map(o -> ObjectIdentifier.builder().key(o.key()).build()).toList();
      DeleteObjectsResponse r;
      try {
        r = access.client().deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(ids).quiet(true)));
      } catch (SdkException e) {
        throw S3Errors.map("DeleteObjects", "s3://" + bucket + "/" + prefix + "*", e);
      }
      removed += ids.size() - r.errors().size();
      if (!r.errors().isEmpty()) {
        S3Error first = r.errors().get(0);
        String message = removed + " objects deleted, then " + r.errors().size() + " refused under s3://" + bucket + "/"
            + prefix + ", first " + first.key() + ": " + first.code() + " " + first.message();
        throw first.code() != null && first.code().equals("AccessDenied")
            ? new PolicyViolationException(message + " (Object Lock retention or a bucket policy)")
            : new ResilienceException(message);
      }
    }
    return removed;
  }

  private long transition(List<S3Object> selected) {
    for (S3Object o : selected) {
      try {
        HeadObjectResponse head = access.client().headObject(b -> b.bucket(bucket).key(o.key()));
        classChange.change(bucket, o.key(), head, transitionTo);
      } catch (SdkException e) {
        throw S3Errors.map("CopyObject", "s3://" + bucket + "/" + o.key(), e);
      }
    }
    return selected.size();
  }

  private Predicate<S3Object> expired(BucketObjects objects, Instant cutoff) {
    return o -> objects.path(o.key()) != null
        && o.lastModified() != null && o.lastModified().isBefore(cutoff)
        && (transitionTo == null
            || StorageClassChange.tierOfClass(o.storageClassAsString()).compareTo(StorageClassChange.tierOfClass(transitionTo)) < 0);
  }

  private BucketObjects objects() {
    return new BucketObjects(access, bucket, prefix, true);
  }

  private void check(RetentionSelection selection) {
    Objects.requireNonNull(selection, "selection");
    if (!bucket.equals(selection.parameters().get("bucket")) || !prefix.equals(selection.parameters().get("prefix"))) {
      throw new ConfigurationException("selection " + selection.parameters() + " was not made by " + describe());
    }
  }

  @Override
  public void close() {
    access.close();
  }

  @Override
  public String toString() {
    return "S3PrefixRetention[" + describe() + "]";
  }

  /** Builder; {@code connection}, {@code bucket} and {@code maxAge} are required; the default action deletes. */
  public static final class Builder {
    private S3Connection connection;
    private String bucket;
    private String prefix = "";
    private Duration maxAge;
    private String transitionTo;

    private Builder() {}

    public Builder connection(S3Connection connection) {
      this.connection = Objects.requireNonNull(connection, "connection");
      return this;
    }

    public Builder bucket(String bucket) {
      this.bucket = S3ObjectStoreSettings.requireBucketName(bucket);
      return this;
    }

    public Builder prefix(String prefix) {
      this.prefix = S3ObjectStoreSettings.normalizePrefix(prefix);
      return this;
    }

    /** Objects last modified longer ago than this are expired. */
    public Builder maxAge(Duration maxAge) {
      Objects.requireNonNull(maxAge, "maxAge");
      if (maxAge.isNegative() || maxAge.isZero()) {
        throw new IllegalArgumentException("maxAge must be positive, got " + maxAge);
      }
      this.maxAge = maxAge;
      return this;
    }

    /** Instead of deleting, move expired objects into this storage class (e.g. {@code GLACIER}). */
    public Builder transitionTo(String storageClass) {
      Objects.requireNonNull(storageClass, "storageClass");
      if (!storageClass.matches("[A-Z_]+")) {
        throw new IllegalArgumentException("not an S3 storage class name: '" + storageClass + "'");
      }
      if (transitionTo != null) {
        throw new IllegalStateException("transitionTo already set");
      }
      this.transitionTo = storageClass;
      return this;
    }

    public S3PrefixRetention build() {
      if (connection == null || bucket == null || maxAge == null) {
        throw new IllegalStateException("connection, bucket and maxAge are required");
      }
      return new S3PrefixRetention(this);
    }
  }
}
