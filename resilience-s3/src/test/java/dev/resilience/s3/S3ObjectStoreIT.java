package dev.resilience.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilience.ConfigurationException;
import dev.resilience.NotFoundException;
import dev.resilience.spi.ObjectInfo;
import dev.resilience.spi.ObjectStore;
import dev.resilience.testkit.ObjectStoreContract;
import dev.resilience.spi.PutOptions;
import dev.resilience.spi.StorageTier;
import dev.resilience.spi.StoreFeature;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link S3ObjectStore} against S3Proxy: core's {@link ObjectStoreContract} (a fresh bucket per test), plus
 * S3-specific behaviour (multipart, placement of tiers, the conditional-write probe, retention without lock).
 */
class S3ObjectStoreIT extends ObjectStoreContract {
  private static S3ProxyServer server;

  @BeforeAll
  static void startServer() {
    server = S3ProxyServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Override
  protected ObjectStore createStore() {
    return S3ObjectStore.builder()
        .connection(server.connection())
        .bucket(server.createBucket("contract"))
        .prefix("repo")
        .multipart(8 * 1024 * 1024, 5 * 1024 * 1024)
        .build();
  }

  private S3ObjectStore store(String prefix) {
    return S3ObjectStore.builder()
        .connection(server.connection())
        .bucket(server.createBucket("store"))
        .prefix(prefix)
        .multipart(6 * 1024 * 1024, 5 * 1024 * 1024)
        .placement("data/", StorageTier.HOT)
        .build();
  }

  @Test
  void largeObjectsGoUpInPartsAndRangedReadsReturnTheExactBytes() {
    try (S3ObjectStore store = store("repo")) {
      byte[] big = new byte[13 * 1024 * 1024 + 17];
      new Random(7).nextBytes(big);
      store.put("data/pack-1", big);

      assertThat(store.requestCounts()).containsEntry("CreateMultipartUpload", 1L).containsEntry("UploadPart", 3L);
      assertThat(store.get("data/pack-1")).isEqualTo(big);
      assertThat(store.get("data/pack-1", 5 * 1024 * 1024 - 3, 1000))
          .isEqualTo(java.util.Arrays.copyOfRange(big, 5 * 1024 * 1024 - 3, 5 * 1024 * 1024 - 3 + 1000));
      assertThat(store.get("data/pack-1", big.length - 5, 5)).isEqualTo(java.util.Arrays.copyOfRange(big, big.length - 5, big.length));
      assertThatThrownBy(() -> store.get("data/pack-1", big.length - 5, 6)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.get("data/pack-1", big.length + 10, 6)).isInstanceOf(IllegalArgumentException.class);
      assertThat(store.stat("data/pack-1")).get().extracting(ObjectInfo::size).isEqualTo((long) big.length);
    }
  }

  @Test
  void missingKeysAreNotFoundAndNamed() {
    try (S3ObjectStore store = store("p")) {
      assertThatThrownBy(() -> store.get("index/nope")).isInstanceOf(NotFoundException.class).hasMessageContaining("p/index/nope");
      assertThat(store.stat("index/nope")).isEmpty();
      store.delete("index/nope");
    }
  }

  @Test
  void storageClassesFollowPlacementAndChangeTierRewritesTheClass() {
    S3Connection c = server.connection();
    try (S3ObjectStore store = S3ObjectStore.builder().connection(c).bucket(server.createBucket("tiers"))
        .storageClass(StorageTier.COLD, "GLACIER_IR").placement("data/", StorageTier.COLD).build()) {
      byte[] bytes = "pack".getBytes(StandardCharsets.UTF_8);
      store.put("data/p1", bytes, PutOptions.tier(StorageTier.HOT));
      store.put("index/i1", bytes, PutOptions.tier(StorageTier.ARCHIVE));
      assertThat(store.stat("data/p1").orElseThrow().tier()).isEqualTo(StorageTier.COLD);
      assertThat(store.stat("index/i1").orElseThrow().tier()).isEqualTo(StorageTier.HOT);
      store.changeTier("data/p1", StorageTier.ARCHIVE);
      assertThat(store.stat("data/p1").orElseThrow().tier()).isEqualTo(StorageTier.ARCHIVE);
      assertThat(store.list("data/")).extracting(ObjectInfo::tier).containsExactly(StorageTier.ARCHIVE);
      assertThat(store.get("data/p1")).isEqualTo(bytes);
    }
  }

  @Test
  void putIfAbsentWritesOnceAndTheEmulationIsDeclaredNonAtomic() {
    try (S3ObjectStore store = store("lease")) {
      assertThat(store.putIfAbsent("lease", "a".getBytes(StandardCharsets.UTF_8), PutOptions.DEFAULT)).isTrue();
      assertThat(store.putIfAbsent("lease", "b".getBytes(StandardCharsets.UTF_8), PutOptions.DEFAULT)).isFalse();
      assertThat(store.get("lease")).isEqualTo("a".getBytes(StandardCharsets.UTF_8));
      // S3Proxy 2.6 ignores If-None-Match on PUT: the probe notices and the store does not claim atomicity.
      assertThat(store.features()).doesNotContain(StoreFeature.ATOMIC_PUT_IF_ABSENT, StoreFeature.LOCAL).contains(StoreFeature.STORAGE_TIERS);
    }
  }

  @Test
  void retentionWithoutObjectLockIsAConfigurationError() {
    try (S3ObjectStore store = store("worm")) {
      assertThatThrownBy(() -> store.put("snap", new byte[] {1}, PutOptions.DEFAULT.withRetention(Instant.now().plusSeconds(60), null)))
          .isInstanceOf(ConfigurationException.class).hasMessageContaining("Object Lock");
      assertThat(store.stat("snap")).isEmpty();
    }
  }
}
