package dev.resilience.internal.repo;

import static dev.resilience.internal.repo.RepoFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilience.BackupRequest;
import dev.resilience.CheckRequest;
import dev.resilience.IntegrityException;
import dev.resilience.NotFoundException;
import dev.resilience.ObjectStores;
import dev.resilience.PruneRequest;
import dev.resilience.Repository;
import dev.resilience.Snapshot;
import dev.resilience.spi.ObjectInfo;
import dev.resilience.spi.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SealedObjectStoreTest {
  private static final byte[] SECRET = "card 4111-1111-1111-1111 belongs to alice".getBytes(StandardCharsets.UTF_8);

  private final ObjectStore store = ObjectStores.inMemory();

  @Test
  void roundTripsThroughTheRepositoryStoreEncryptedWithPlaintextSizesAndRelativeKeys() {
    try (Repository repo = init(store)) {
      ObjectStore wal = repo.sealedStore("wal");
      wal.put("main/000000010000000000000001", SECRET);
      assertThat(wal.putIfAbsent("main/000000010000000000000002", new byte[0], dev.resilience.spi.PutOptions.DEFAULT))
          .isTrue();
      assertThat(wal.putIfAbsent("main/000000010000000000000002", SECRET, dev.resilience.spi.PutOptions.DEFAULT))
          .isFalse();

      assertThat(wal.get("main/000000010000000000000001")).isEqualTo(SECRET);
      assertThat(wal.get("main/000000010000000000000002")).isEmpty();
      assertThat(wal.get("main/000000010000000000000001", 5, 4)).isEqualTo(Arrays.copyOfRange(SECRET, 5, 9));
      assertThat(wal.list("main/")).extracting(ObjectInfo::key, ObjectInfo::size).containsExactly(
          org.assertj.core.groups.Tuple.tuple("main/000000010000000000000001", (long) SECRET.length),
          org.assertj.core.groups.Tuple.tuple("main/000000010000000000000002", 0L));
      assertThat(wal.stat("main/000000010000000000000001")).get().extracting(ObjectInfo::size)
          .isEqualTo((long) SECRET.length);

      byte[] raw = store.get("sealed/wal/main/000000010000000000000001");
      assertThat(new String(raw, StandardCharsets.ISO_8859_1)).doesNotContain("4111-1111");
      assertThat(raw).hasSize(SECRET.length + 28);

      wal.delete("main/000000010000000000000002");
      assertThat(wal.stat("main/000000010000000000000002")).isEmpty();
      assertThatThrownBy(() -> wal.get("main/000000010000000000000002")).isInstanceOf(NotFoundException.class);
      assertThat(repo.sealedStore("other").list("")).isEmpty();
      assertThatThrownBy(() -> repo.sealedStore("../data")).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aTamperedByteIsAnIntegrityErrorNamingTheKey() {
    try (Repository repo = init(store)) {
      ObjectStore wal = repo.sealedStore("wal");
      wal.put("seg", SECRET);
      byte[] raw = store.get("sealed/wal/seg");
      raw[20] ^= 1;
      store.put("sealed/wal/seg", raw);
      assertThatThrownBy(() -> wal.get("seg")).isInstanceOf(IntegrityException.class)
          .hasMessageContaining("sealed/wal/seg");
      assertThatThrownBy(() -> wal.get("seg", 0, 1)).isInstanceOf(IntegrityException.class);
    }
  }

  @Test
  void swappingTwoObjectsOrMovingOneToAnotherNamespaceIsDetected() {
    try (Repository repo = init(store)) {
      ObjectStore wal = repo.sealedStore("wal");
      wal.put("a", "first".getBytes(StandardCharsets.UTF_8));
      wal.put("b", "second".getBytes(StandardCharsets.UTF_8));
      byte[] a = store.get("sealed/wal/a");
      byte[] b = store.get("sealed/wal/b");
      store.put("sealed/wal/a", b);
      store.put("sealed/wal/b", a);
      store.put("sealed/other/a", a);
      assertThatThrownBy(() -> wal.get("a")).isInstanceOf(IntegrityException.class).hasMessageContaining("sealed/wal/a");
      assertThatThrownBy(() -> wal.get("b")).isInstanceOf(IntegrityException.class).hasMessageContaining("sealed/wal/b");
      assertThatThrownBy(() -> repo.sealedStore("other").get("a")).isInstanceOf(IntegrityException.class);
    }
  }

  @Test
  void checkDoesNotReportThemAndPruneDoesNotDeleteThem() {
    try (Repository repo = init(store)) {
      repo.sealedStore("wal").put("seg", SECRET);
      Snapshot s = repo.backup(generatedTree("map:a", 7), BackupRequest.defaults());
      repo.forget(s.id());
      repo.prune(PruneRequest.defaults().withSafetyMargin(Duration.ZERO));
      assertThat(keys(store, "data/")).isEmpty();
      assertThat(repo.check(CheckRequest.readAllData()).problems()).isEmpty();
      repo.rebuildIndex();
      assertThat(repo.check(CheckRequest.readAllData()).problems()).isEmpty();
      assertThat(repo.sealedStore("wal").get("seg")).isEqualTo(SECRET);
    }
  }

  @Test
  void anotherRepositoryCannotReadThem() {
    ObjectStore otherStore = ObjectStores.inMemory();
    try (Repository repo = init(store); Repository other = Repository.init(otherStore, key("another"), options())) {
      repo.sealedStore("wal").put("seg", SECRET);
      otherStore.put("sealed/wal/seg", store.get("sealed/wal/seg"));
      assertThatThrownBy(() -> other.sealedStore("wal").get("seg")).isInstanceOf(IntegrityException.class)
          .hasMessageContaining("sealed/wal/seg");
    }
  }
}
