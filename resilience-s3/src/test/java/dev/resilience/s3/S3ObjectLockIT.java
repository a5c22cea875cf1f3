package dev.resilience.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.resilience.PolicyViolationException;
import dev.resilience.spi.ObjectInfo;
import dev.resilience.spi.PutOptions;
import dev.resilience.spi.RetentionMode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * WORM through S3 Object Lock: retention set on put, only ever extended, deletes refused.
 *
 * <p>S3Proxy 2.6 does not implement Object Lock (it ignores the {@code x-amz-object-lock-*} headers and
 * reports no retention), so against it this test is skipped after probing. Point it at a server that has
 * Object Lock (AWS S3, MinIO) with {@code RESILIENCE_S3_LOCK_ENDPOINT}, {@code RESILIENCE_S3_LOCK_BUCKET}
 * (created with Object Lock enabled), {@code RESILIENCE_S3_LOCK_ACCESS_KEY} and
 * {@code RESILIENCE_S3_LOCK_SECRET_KEY}.
 */
class S3ObjectLockIT {

  @Test
  void lockedObjectsCannotBeDeletedAndRetentionOnlyExtends() {
    String endpoint = System.getenv("RESILIENCE_S3_LOCK_ENDPOINT");
    S3ProxyServer server = endpoint == null ? S3ProxyServer.start() : null;
    try {
      S3Connection connection = server != null ? server.connection()
          : S3Connection.builder().endpoint(URI.create(endpoint)).pathStyle(true)
              .credentials(System.getenv("RESILIENCE_S3_LOCK_ACCESS_KEY"), System.getenv("RESILIENCE_S3_LOCK_SECRET_KEY")).build();
      String bucket = server != null ? server.createBucket("locked") : System.getenv("RESILIENCE_S3_LOCK_BUCKET");
      try (S3ObjectStore store = S3ObjectStore.builder().connection(connection).bucket(bucket)
          .prefix("worm-" + System.nanoTime()).objectLock(RetentionMode.COMPLIANCE).build()) {
        Instant until = Instant.now().plus(Duration.ofMinutes(2)).truncatedTo(ChronoUnit.SECONDS);
        store.put("snapshots/s1", "manifest".getBytes(StandardCharsets.UTF_8),
            PutOptions.DEFAULT.withRetention(until, RetentionMode.GOVERNANCE));

        Optional<Instant> reported = store.stat("snapshots/s1").map(ObjectInfo::retainUntil);
        assumeTrue(reported.isPresent(), "the endpoint (" + connection.host() + ") accepted the write but reports no "
            + "Object Lock retention: it does not implement S3 Object Lock (S3Proxy 2.6 does not)");

        assertThat(reported).contains(until);
        assertThatThrownBy(() -> store.delete("snapshots/s1")).isInstanceOf(PolicyViolationException.class)
            .hasMessageContaining("retention");
        assertThatThrownBy(() -> store.extendRetention("snapshots/s1", until.minusSeconds(60)))
            .isInstanceOf(PolicyViolationException.class);
        store.extendRetention("snapshots/s1", until.plusSeconds(60));
        assertThat(store.stat("snapshots/s1").map(ObjectInfo::retainUntil)).contains(until.plusSeconds(60));
        assertThat(store.get("snapshots/s1")).isEqualTo("manifest".getBytes(StandardCharsets.UTF_8));
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }
}
