package dev.resilience.s3;

import dev.resilience.StoreUnavailableException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Checks whole-object reads against the ETag, which S3 defines as the MD5 of a single-part object's bytes
 * (unless SSE-KMS/SSE-C encrypts it). A mismatch means the read was torn by a concurrent overwrite on a
 * server that does not replace objects atomically (S3Proxy's filesystem backend streams the new file under
 * the old length); the read is repeated. If two consecutive reads agree with each other but not with the
 * ETag, this endpoint's ETags are not MD5s and verification is switched off for the store.
 */
final class WholeReads {
  private static final Logger LOG = LoggerFactory.getLogger(WholeReads.class);
  private static final int ATTEMPTS = 8;

  private volatile boolean etagsAreMd5 = true;

  byte[] read(String what, Supplier<ResponseBytes<GetObjectResponse>> get) {
    ResponseBytes<GetObjectResponse> previous = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      ResponseBytes<GetObjectResponse> r = get.get();
      byte[] bytes = r.asByteArray();
      String etag = md5Etag(r.response().eTag());
      if (!etagsAreMd5 || etag == null || etag.equals(md5(bytes))) {
        return bytes;
      }
      if (previous != null && Arrays.equals(previous.asByteArray(), bytes)
          && String.valueOf(previous.response().eTag()).equals(String.valueOf(r.response().eTag()))) {
        LOG.info("ETags of {} are not MD5s of the content (encrypted objects?); not verifying reads against them", what);
        etagsAreMd5 = false;
        return bytes;
      }
      previous = r;
    }
    throw new StoreUnavailableException("reads of " + what + " kept disagreeing with its ETag (" + ATTEMPTS
        + " attempts): it is being overwritten concurrently or the endpoint returns damaged data");
  }

  /** The ETag if it looks like a single-part MD5 (32 hex digits), else {@code null}. */
  private static String md5Etag(String etag) {
    if (etag == null) {
      return null;
    }
    String e = etag.replace("\"", "").toLowerCase(java.util.Locale.ROOT);
    return e.length() == 32 && e.chars().allMatch(c -> Character.digit(c, 16) >= 0) ? e : null;
  }

  private static String md5(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is a required JDK algorithm", e);
    }
  }
}
