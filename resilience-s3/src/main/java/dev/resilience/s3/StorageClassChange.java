package dev.resilience.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;

/**
 * Moves an object to another storage class in place: a CopyObject onto itself with the new class (the S3
 * way). Some S3-compatible servers accept the copy but keep the old class; that is detected once (HEAD after
 * the copy) and from then on the object is streamed into a fresh PUT with the new class instead. Metadata
 * and Object Lock retention are carried over either way. SDK exceptions propagate to the caller.
 */
final class StorageClassChange {
  private static final Logger LOG = LoggerFactory.getLogger(StorageClassChange.class);

  private final S3Access access;
  private final long multipartThreshold;
  private final int partSize;
  private volatile boolean copyIgnoresStorageClass;

  StorageClassChange(S3Access access, long multipartThreshold, int partSize) {
    this.access = access;
    this.multipartThreshold = multipartThreshold;
    this.partSize = partSize;
  }

  /** The tier a storage class belongs to by S3's (and GCS's) standard class names; unknown names are HOT. */
  static dev.resilience.spi.StorageTier tierOfClass(String storageClass) {
    if (storageClass == null) {
      return dev.resilience.spi.StorageTier.HOT;
    }
    switch (storageClass.toUpperCase(java.util.Locale.ROOT)) {
      case "GLACIER":
      case "DEEP_ARCHIVE":
      case "ARCHIVE":
        return dev.resilience.spi.StorageTier.ARCHIVE;
      case "STANDARD_IA":
      case "ONEZONE_IA":
      case "GLACIER_IR":
      case "NEARLINE":
      case "COLDLINE":
        return dev.resilience.spi.StorageTier.COLD;
      default:
        return dev.resilience.spi.StorageTier.HOT;
    }
  }

  static String classOf(HeadObjectResponse head) {
    return head.storageClassAsString() == null ? "STANDARD" : head.storageClassAsString();
  }

  /** Rewrites {@code key} (described by {@code head}) into {@code target}; a no-op if it is there already. */
  void change(String bucket, String key, HeadObjectResponse head, String target) {
    if (classOf(head).equals(target)) {
      return;
    }
    if (!copyIgnoresStorageClass) {
      access.client().copyObject(b -> {
        b.sourceBucket(bucket).sourceKey(key).destinationBucket(bucket).destinationKey(key)
            .storageClass(target)
            // REPLACE with the object's own metadata: S3 accepts COPY when only the class changes, but
            // several S3-compatible servers refuse a copy onto itself without REPLACE.
            .metadataDirective(MetadataDirective.REPLACE)
            .metadata(head.metadata())
            .contentType(head.contentType())
            .contentEncoding(head.contentEncoding())
            .contentDisposition(head.contentDisposition())
            .contentLanguage(head.contentLanguage())
            .cacheControl(head.cacheControl());
        if (head.objectLockRetainUntilDate() != null) {
          b.objectLockMode(head.objectLockMode()).objectLockRetainUntilDate(head.objectLockRetainUntilDate());
        }
      });
      String now = classOf(access.client().headObject(b -> b.bucket(bucket).key(key)));
      // Some servers map classes onto fewer tiers (S3Proxy: GLACIER comes back as DEEP_ARCHIVE); a class of
      // the target's tier counts as done.
      if (now.equals(target) || tierOfClass(now) == tierOfClass(target) && tierOfClass(target) != tierOfClass(classOf(head))) {
        return;
      }
      LOG.warn("{} ignored the storage class of a copy-in-place; changing classes by rewriting objects instead",
          access.connection().host());
      copyIgnoresStorageClass = true;
    }
    try (var in = access.client().getObject(b -> b.bucket(bucket).key(key))) {
      S3Uploads.upload(access.client(), bucket, key, in, in.response().contentLength(), multipartThreshold, partSize,
          ObjectAttributes.from(head, target));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
