package dev.resilience.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilience.ConfigurationException;
import dev.resilience.ObjectStores;
import dev.resilience.PolicyViolationException;
import dev.resilience.Providers;
import dev.resilience.spi.ObjectInfo;
import dev.resilience.spi.ObjectStore;
import dev.resilience.spi.PutOptions;
import dev.resilience.spi.RetentionMode;
import dev.resilience.spi.StorageTier;
import dev.resilience.spi.StoreFeature;
import dev.resilience.testkit.ObjectStoreContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class FileSystemObjectStoreTest extends ObjectStoreContract {
  private Path dir;

  @Override
  protected ObjectStore createStore() throws IOException {
    dir = Files.createTempDirectory("fs-store-");
    return ObjectStores.filesystem(dir);
  }

  @Override
  protected void destroyStore(ObjectStore store) throws IOException {
    store.close();
    deleteTree(dir);
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private List<Path> filesUnder(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      return paths.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
    }
  }

  @Test
  void declaresAtomicPutIfAbsentWhereHardLinksWork() {
    assertThat(store.features()).contains(StoreFeature.ATOMIC_PUT_IF_ABSENT, StoreFeature.STORAGE_TIERS, StoreFeature.LOCAL);
  }

  @Test
  void objectsAreFilesAtTheirKeyAndNoTemporaryFilesAreLeft() throws IOException {
    store.put("data/ab/cdef", bytes("pack"));
    store.put("config", bytes("cfg"));
    store.putIfAbsent("locks/x", bytes("lease"), PutOptions.DEFAULT);
    store.putIfAbsent("locks/x", bytes("lease2"), PutOptions.DEFAULT);
    assertThat(Files.readString(dir.resolve("data/ab/cdef"))).isEqualTo("pack");
    assertThat(filesUnder(dir)).containsExactly(Path.of("config"), Path.of("data/ab/cdef"), Path.of("locks/x"));
  }

  @Test
  void largeObjectsWrittenAndReadPastThePageCacheKeepEveryByte() throws IOException {
    byte[] pack = new byte[3 * 1024 * 1024 + 4099];
    new Random(3).nextBytes(pack);
    store.put("data/big", pack, 100, pack.length - 200, PutOptions.DEFAULT);
    byte[] expected = Arrays.copyOfRange(pack, 100, pack.length - 100);
    assertThat(Files.readAllBytes(dir.resolve("data/big"))).isEqualTo(expected);
    assertThat(store.get("data/big")).isEqualTo(expected);
    byte[] range = new byte[DirectIo.THRESHOLD + 1001];
    store.read("data/big", 12_345, range, 0, range.length);
    assertThat(range).isEqualTo(Arrays.copyOfRange(expected, 12_345, 12_345 + range.length));
    assertThatThrownBy(() -> store.read("data/big", expected.length - DirectIo.THRESHOLD, new byte[DirectIo.THRESHOLD + 1], 0, DirectIo.THRESHOLD + 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(filesUnder(dir)).containsExactly(Path.of("data/big"));
  }

  @Test
  void coldObjectsLiveInTheirOwnArea() throws IOException {
    store.put("data/p1", bytes("cold"), PutOptions.tier(StorageTier.COLD));
    assertThat(Files.readString(dir.resolve(".cold/data/p1"))).isEqualTo("cold");
    assertThat(dir.resolve("data/p1")).doesNotExist();
    store.changeTier("data/p1", StorageTier.HOT);
    assertThat(dir.resolve(".cold/data/p1")).doesNotExist();
    assertThat(Files.readString(dir.resolve("data/p1"))).isEqualTo("cold");
  }

  @Test
  void leftoverTemporaryFilesFromACrashAreInvisible() throws IOException {
    store.put("data/a", bytes("a"));
    Files.write(dir.resolve("data/.tmp-crashed"), bytes("partial"));
    assertThat(store.list("")).extracting(ObjectInfo::key).containsExactly("data/a");
  }

  @Test
  void reservedAreasAndTemporaryNamesCannotBeUsedAsKeys() {
    for (String bad : List.of(".cold/x", ".worm/x", ".archive", "data/.tmp-x")) {
      assertThatThrownBy(() -> store.put(bad, bytes("x"))).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void retentionFollowsTheInjectedClockAndSurvivesReopening() throws IOException {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    ObjectStore early = ObjectStores.filesystem(dir, Clock.fixed(t0, ZoneOffset.UTC));
    early.put("snapshots/s1", bytes("s1"), PutOptions.DEFAULT.withRetention(t0.plus(Duration.ofDays(7)), RetentionMode.COMPLIANCE));
    assertThatThrownBy(() -> early.delete("snapshots/s1")).isInstanceOf(PolicyViolationException.class);
    assertThatThrownBy(() -> early.put("snapshots/s1", bytes("overwrite"))).isInstanceOf(PolicyViolationException.class);

    ObjectStore later = ObjectStores.filesystem(dir, Clock.fixed(t0.plus(Duration.ofDays(8)), ZoneOffset.UTC));
    assertThat(later.stat("snapshots/s1")).map(ObjectInfo::retainUntil).contains(t0.plus(Duration.ofDays(7)));
    later.delete("snapshots/s1");
    assertThat(later.stat("snapshots/s1")).isEmpty();
    assertThat(filesUnder(dir)).isEmpty();
  }

  @Test
  void keyThatIsAlsoADirectoryIsRejectedClearly() {
    store.put("a", bytes("file"));
    assertThatThrownBy(() -> store.put("a/b", bytes("x"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a/b");
  }

  @Test
  void providersFindFileAndMemoryStoresByName() throws IOException {
    Providers providers = Providers.defaults();
    ObjectStore viaName = providers.objectStore("file", Map.of("path", dir.resolve("sub").toString()));
    viaName.put("x", bytes("y"));
    assertThat(Files.readString(dir.resolve("sub/x"))).isEqualTo("y");
    assertThat(providers.objectStore("memory", Map.of()).list("")).isEmpty();
    assertThatThrownBy(() -> providers.objectStore("file", Map.of())).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("path");
    assertThatThrownBy(() -> providers.objectStore("file", Map.of("path", "/tmp/x", "pth", "typo")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("pth");
    assertThatThrownBy(() -> providers.objectStore("nope", Map.of())).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("file").hasMessageContaining("memory");
  }
}
