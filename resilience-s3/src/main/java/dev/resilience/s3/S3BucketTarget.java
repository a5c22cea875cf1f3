package dev.resilience.s3;

import dev.resilience.spi.BackupTarget;
import dev.resilience.spi.Capability;
import dev.resilience.spi.Entry;
import dev.resilience.spi.EntryType;
import dev.resilience.spi.Sandbox;
import dev.resilience.spi.SnapshotReader;
import dev.resilience.spi.SnapshotWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A bucket, or a prefix of one, as a {@link BackupTarget}: the platform's uploaded objects and logs.
 *
 * <p><b>Backup</b> lists the prefix and records one file entry per object (path = key without the prefix),
 * with its ETag, storage class, content type and other HTTP metadata, user metadata ({@code s3.meta.*}) and
 * tags ({@code s3.tag.*}) as entry attributes. Incrementally, an object whose ETag, size and
 * last-modified time equal the parent snapshot's entry is not downloaded again
 * ({@link SnapshotWriter#reuseParent}); only its tags are re-read. Downloads run in parallel. Folder
 * markers (keys ending in {@code /}) are skipped and counted; keys that cannot be snapshot paths
 * ({@code a//b}, {@code ..} segments) and objects in an archive storage class are not captured and are
 * listed in the snapshot metadata ({@value #META_NOT_CAPTURED}).
 *
 * <p><b>Restore</b> writes every entry back as an object under this target's bucket and prefix (so restoring
 * into the same bucket, another bucket or another prefix is a matter of which target is built), with its
 * metadata and tags, in parallel. Objects not in the snapshot are left alone. A drill {@link #openSandbox()
 * sandbox} is a fresh bucket that is emptied and deleted on close.
 *
 * <p>Close the target to release its HTTP client.
 */
public final class S3BucketTarget implements BackupTarget, AutoCloseable {
  /** Snapshot metadata keys. */
  public static final String META_NOT_CAPTURED = "s3.not-captured";

  private final S3Connection connection;
  private final String bucket;
  private final String prefix;
  private final int parallelism;
  private final boolean captureTags;
  private final boolean keepStorageClasses;
  private final boolean createBucket;
  private final S3Access access;

  private S3BucketTarget(Builder b) {
    this.connection = b.connection;
    this.bucket = b.bucket;
    this.prefix = b.prefix;
    this.parallelism = b.parallelism;
    this.captureTags = b.captureTags;
    this.keepStorageClasses = b.keepStorageClasses;
    this.createBucket = b.createBucket;
    this.access = new S3Access(connection, parallelism);
  }

  public static Builder builder() {
    return new Builder();
  }

  public String bucket() {
    return bucket;
  }

  public String prefix() {
    return prefix;
  }

  /** API calls made by this target so far, by S3 operation name ({@code GetObject}, {@code ListObjectsV2}, ...). */
  public Map<String, Long> requestCounts() {
    return access.requestCounts();
  }

  @Override
  public String name() {
    String location = bucket + "/" + prefix;
    return connection.endpoint() == null ? "s3://" + location : "s3://" + location + "@" + connection.host();
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(Capability.FULL, Capability.INCREMENTAL, Capability.SANDBOX);
  }

  @Override
  public void backup(SnapshotWriter writer) {
    BucketObjects objects = new BucketObjects(access, bucket, prefix, captureTags);
    List<String> notCaptured = new ArrayList<>();
    List<S3Object> listed = new ArrayList<>();
    long folderMarkers = 0;
    for (S3Object o : objects.list(o -> true)) {
      if (o.key().endsWith("/")) {
        folderMarkers++; // "directory" placeholders of consoles and file-backed servers: no data
      } else if (objects.path(o.key()) == null) {
        notCaptured.add(o.key() + " (not a valid path)");
      } else {
        listed.add(o);
      }
    }
    ConcurrentLinkedQueue<String> skipped = new ConcurrentLinkedQueue<>();
    AtomicLong reused = new AtomicLong();
    Parallel.forEach(listed, parallelism, "s3-backup", o -> {
      String path = objects.path(o.key());
      Optional<Entry> parent = writer.parentEntry(path);
      if (parent.isPresent() && BucketObjects.unchanged(parent.get(), o)) {
        Map<String, String> tags = objects.tags(o.key());
        if (writer.reuseParent(BucketObjects.withTags(parent.get(), tags, objects.tagsSupported()))) {
          reused.incrementAndGet();
          return;
        }
      }
      if (!objects.copyInto(writer, path, o)) {
        skipped.add(o.key() + " (vanished or archived)");
      }
    });
    notCaptured.addAll(skipped);
    writer.putMetadata("s3.bucket", bucket);
    writer.putMetadata("s3.prefix", prefix);
    writer.putMetadata("s3.objects", Long.toString(listed.size() - skipped.size()));
    writer.putMetadata("s3.unchanged", Long.toString(reused.get()));
    writer.putMetadata("s3.folder-markers-skipped", Long.toString(folderMarkers));
    writer.putMetadata("s3.tags", captureTags ? (objects.tagsSupported() ? "captured" : "not supported by endpoint") : "not captured");
    if (!notCaptured.isEmpty()) {
      writer.putMetadata(META_NOT_CAPTURED, notCaptured.size() + ": " + String.join(", ", notCaptured.subList(0, Math.min(20, notCaptured.size()))));
    }
  }

  @Override
  public void restore(SnapshotReader reader) {
    if (createBucket) {
      ensureBucket();
    }
    List<Entry> files = reader.entries().stream().filter(e -> e.type() == EntryType.FILE).toList();
    int threads = Math.max(1, Math.min(parallelism, reader.parallelism() > 0 ? reader.parallelism() : parallelism));
    Parallel.forEach(files, threads, "s3-restore", e -> {
      String key = prefix + e.path();
      try (InputStream in = reader.open(e)) {
        S3Uploads.upload(access.client(), bucket, key, in, e.size(), 16L * 1024 * 1024, 8 * 1024 * 1024,
            BucketObjects.attributesOf(e, keepStorageClasses));
      } catch (IOException x) {
        throw new UncheckedIOException(x);
      } catch (SdkException x) {
        throw S3Errors.map("PutObject", "s3://" + bucket + "/" + key, x);
      }
    });
  }

  private void ensureBucket() {
    try {
      access.client().headBucket(b -> b.bucket(bucket));
    } catch (S3Exception e) {
      if (e.statusCode() != 404) {
        throw S3Errors.map("HeadBucket", "s3://" + bucket, e);
      }
      try {
        access.client().createBucket(b -> b.bucket(bucket));
      } catch (SdkException x) {
        throw S3Errors.map("CreateBucket", "s3://" + bucket, x);
      }
    } catch (SdkException e) {
      throw S3Errors.map("HeadBucket", "s3://" + bucket, e);
    }
  }

  /** A fresh bucket ({@code resilience-sandbox-<random>}) with the same prefix; emptied and deleted on close. */
  @Override
  public Optional<Sandbox> openSandbox() {
    byte[] random = new byte[6];
    new SecureRandom().nextBytes(random);
    String name = "resilience-sandbox-" + HexFormat.of().formatHex(random);
    S3BucketTarget target = builder().connection(connection).bucket(name).prefix(prefix).parallelism(parallelism)
        .captureTags(captureTags).keepStorageClasses(keepStorageClasses).createBucket(true).build();
    target.ensureBucket();
    return Optional.of(new BucketSandbox(target));
  }

  @Override
  public void close() {
    access.close();
  }

  @Override
  public String toString() {
    return "S3BucketTarget[" + name() + "]";
  }

  /** Deletes every object in the bucket (batches of 1000) and then the bucket. */
  void deleteBucket() {
    try {
      List<ObjectIdentifier> batch = new ArrayList<>();
      for (S3Object o : access.client().listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
        batch.add(ObjectIdentifier.builder().key(o.key()).build());
        if (batch.size() == 1000) {
          deleteBatch(batch);
        }
      }
      deleteBatch(batch);
      access.client().deleteBucket(b -> b.bucket(bucket));
    } catch (SdkException e) {
      throw S3Errors.map("DeleteBucket", "s3://" + bucket, e);
    }
  }

  private void deleteBatch(List<ObjectIdentifier> batch) {
    if (!batch.isEmpty()) {
      List<ObjectIdentifier> copy = List.copyOf(batch);
      access.client().deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(copy).quiet(true)));
      batch.clear();
    }
  }

  private static final class BucketSandbox implements Sandbox {
    private final S3BucketTarget target;

    BucketSandbox(S3BucketTarget target) {
      this.target = target;
    }

    @Override
    public BackupTarget target() {
      return target;
    }

    @Override
    public String describe() {
      return target.name();
    }

    @Override
    public void close() {
      try {
        target.deleteBucket();
      } finally {
        target.close();
      }
    }
  }

  /** Builder; setters validate. Defaults: no prefix, 4 parallel transfers, tags captured, STANDARD on restore. */
  public static final class Builder {
    private S3Connection connection;
    private String bucket;
    private String prefix = "";
    private int parallelism = 4;
    private boolean captureTags = true;
    private boolean keepStorageClasses;
    private boolean createBucket;

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

    /** Objects downloaded or uploaded at once. */
    public Builder parallelism(int parallelism) {
      if (parallelism < 1 || parallelism > 256) {
        throw new IllegalArgumentException("parallelism must be 1..256, got " + parallelism);
      }
      this.parallelism = parallelism;
      return this;
    }

    /** Read each object's tags (one GetObjectTagging per object); endpoints without tagging are detected. */
    public Builder captureTags(boolean capture) {
      this.captureTags = capture;
      return this;
    }

    /** Restore objects into their original storage class instead of STANDARD. */
    public Builder keepStorageClasses(boolean keep) {
      this.keepStorageClasses = keep;
      return this;
    }

    /** Create the bucket on restore if it does not exist. */
    public Builder createBucket(boolean create) {
      this.createBucket = create;
      return this;
    }

    public S3BucketTarget build() {
      if (connection == null || bucket == null) {
        throw new IllegalStateException("connection and bucket are required");
      }
      return new S3BucketTarget(this);
    }
  }

}
