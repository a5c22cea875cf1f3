package dev.resilience.s3;

import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * What a write of one object carries besides its bytes: storage class, HTTP metadata, user metadata,
 * tags and Object Lock retention. Applied to a single PUT or to CreateMultipartUpload alike.
 * {@code null} fields are not sent; a STANDARD storage class is not sent (it is the default everywhere).
 */
record ObjectAttributes(
    String storageClass,
    String contentType,
    String contentEncoding,
    String contentDisposition,
    String contentLanguage,
    String cacheControl,
    Map<String, String> metadata,
    String tagging,
    String lockMode,
    Instant retainUntil) {

  ObjectAttributes {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  static ObjectAttributes of(String storageClass) {
    return new ObjectAttributes(storageClass, null, null, null, null, null, Map.of(), null, null, null);
  }

  /** The attributes an object has now (from HEAD), with another storage class. */
  static ObjectAttributes from(HeadObjectResponse head, String storageClass) {
    return new ObjectAttributes(storageClass, head.contentType(), head.contentEncoding(), head.contentDisposition(),
        head.contentLanguage(), head.cacheControl(), head.metadata(), null,
        head.objectLockModeAsString(), head.objectLockRetainUntilDate());
  }

  ObjectAttributes withRetention(String mode, Instant until) {
    return new ObjectAttributes(storageClass, contentType, contentEncoding, contentDisposition, contentLanguage,
        cacheControl, metadata, tagging, mode, until);
  }

  private boolean sendsClass() {
    return storageClass != null && !storageClass.equals("STANDARD");
  }

  void apply(PutObjectRequest.Builder b) {
    if (sendsClass()) {
      b.storageClass(storageClass);
    }
    b.contentType(contentType).contentEncoding(contentEncoding).contentDisposition(contentDisposition)
        .contentLanguage(contentLanguage).cacheControl(cacheControl);
    if (!metadata.isEmpty()) {
      b.metadata(metadata);
    }
    if (tagging != null && !tagging.isEmpty()) {
      b.tagging(tagging);
    }
    if (retainUntil != null) {
      b.objectLockMode(lockMode).objectLockRetainUntilDate(retainUntil);
    }
  }

  void apply(CreateMultipartUploadRequest.Builder b) {
    if (sendsClass()) {
      b.storageClass(storageClass);
    }
    b.contentType(contentType).contentEncoding(contentEncoding).contentDisposition(contentDisposition)
        .contentLanguage(contentLanguage).cacheControl(cacheControl);
    if (!metadata.isEmpty()) {
      b.metadata(metadata);
    }
    if (tagging != null && !tagging.isEmpty()) {
      b.tagging(tagging);
    }
    if (retainUntil != null) {
      b.objectLockMode(lockMode).objectLockRetainUntilDate(retainUntil);
    }
  }
}
