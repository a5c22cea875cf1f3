package dev.resilience.s3;

import dev.resilience.ResilienceException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Create-if-absent by {@code If-None-Match: *} on PUT, and whether the endpoint honours it: known from the
 * configuration, or probed once by writing a scratch object twice (the second write must be refused).
 */
final class ConditionalPuts {
  private static final Logger LOG = LoggerFactory.getLogger(ConditionalPuts.class);

  private final S3Access access;
  private final String bucket;
  private final String probePrefix;
  private final String describe;
  private volatile Boolean honoured;

  ConditionalPuts(S3Access access, String bucket, String prefix, S3ObjectStore.ConditionalWrites mode, String describe) {
    this.access = access;
    this.bucket = bucket;
    this.probePrefix = prefix + ".resilience-probe/";
    this.describe = describe;
    this.honoured = switch (mode) {
      case NATIVE -> Boolean.TRUE;
      case EMULATED -> Boolean.FALSE;
      case AUTO -> null;
    };
  }

  /** Whether the endpoint refuses a conditional PUT over an existing object (probing once if unknown). */
  boolean honoured() {
    Boolean known = honoured;
    if (known == null) {
      synchronized (this) {
        if (honoured == null) {
          honoured = probe();
        }
        known = honoured;
      }
    }
    return known;
  }

  /** Writes {@code fullKey} unless it exists; {@code false} if it existed or a concurrent conditional write won. */
  boolean put(String fullKey, String what, byte[] data, ObjectAttributes attributes) {
    try {
      PutObjectRequest.Builder put =
          PutObjectRequest.builder().bucket(bucket).key(fullKey).ifNoneMatch("*").contentLength((long) data.length);
      attributes.apply(put);
      access.client().putObject(put.build(), RequestBody.fromBytes(data));
      return true;
    } catch (S3Exception e) {
      // 412: the object exists; 409 ConditionalRequestConflict: a concurrent conditional write won.
      if (e.statusCode() == 412 || e.statusCode() == 409) {
        return false;
      }
      throw S3Errors.map("PutObject(If-None-Match)", what, e);
    } catch (SdkException e) {
      throw S3Errors.map("PutObject(If-None-Match)", what, e);
    }
  }

  private boolean probe() {
    String key = probePrefix + UUID.randomUUID();
    byte[] bytes = "probe".getBytes(StandardCharsets.US_ASCII);
    try {
      boolean first = put(key, key, bytes, ObjectAttributes.of(null));
      boolean second = put(key, key, bytes, ObjectAttributes.of(null));
      boolean ok = first && !second;
      if (!ok) {
        LOG.warn("{} ignores If-None-Match on PUT; putIfAbsent falls back to HEAD+PUT, atomic only within this process", describe);
      }
      return ok;
    } catch (ResilienceException e) {
      // 501 (not implemented), or no permission to write the probe: assume the weaker, non-atomic behaviour.
      LOG.warn("{} could not confirm conditional PUT ({}); putIfAbsent falls back to HEAD+PUT", describe, e.getMessage());
      return false;
    } finally {
      try {
        access.client().deleteObject(b -> b.bucket(bucket).key(key));
      } catch (SdkException ignored) {
        // a scratch object; a bucket default retention may keep it, which is harmless
      }
    }
  }
}
