package dev.resilience.s3;

import dev.resilience.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tier;

/**
 * Makes an object in an archive storage class (GLACIER, DEEP_ARCHIVE) readable: requests a temporary
 * restored copy (RestoreObject) and polls HeadObject's {@code x-amz-restore} header until the copy is
 * ready or a bounded timeout passes.
 */
final class ArchiveRestore {
  /** How a restore is requested and how long we wait for it. */
  record Settings(int days, String tier, Duration timeout, Duration pollInterval) {}

  private ArchiveRestore() {}

  static void restoreAndWait(S3Client client, String bucket, String key, String what, Settings settings, Clock clock) {
    Instant requested = clock.instant();
    try {
      client.restoreObject(
          b -> b.bucket(bucket).key(key)
              .restoreRequest(r -> r.days(settings.days()).glacierJobParameters(g -> g.tier(Tier.fromValue(settings.tier())))));
    } catch (S3Exception e) {
      // 409 RestoreAlreadyInProgress: someone asked before us; wait for that restore.
      if (e.statusCode() != 409) {
        throw S3Errors.map("RestoreObject", what, e);
      }
    }
    Instant deadline = requested.plus(settings.timeout());
    while (true) {
      HeadObjectResponse head = client.headObject(b -> b.bucket(bucket).key(key));
      String restore = head.restore();
      if (restore == null || restore.contains("ongoing-request=\"false\"")) {
        return;
      }
      if (!clock.instant().isBefore(deadline)) {
        throw new StoreUnavailableException(
            what + " is in archive storage class " + head.storageClassAsString() + "; a " + settings.tier()
                + " restore was requested at " + requested + " and is not finished after " + settings.timeout()
                + " (archive restores take minutes to hours); retry later, the restore continues");
      }
      try {
        Thread.sleep(settings.pollInterval().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreUnavailableException("interrupted while waiting for the restore of " + what, e);
      }
    }
  }
}
