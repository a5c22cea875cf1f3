package dev.resilience.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.resilience.NotFoundException;
import dev.resilience.PolicyViolationException;
import dev.resilience.spi.ObjectInfo;
import dev.resilience.spi.ObjectStore;
import dev.resilience.spi.PutOptions;
import dev.resilience.spi.RetentionMode;
import dev.resilience.spi.StorageTier;
import dev.resilience.spi.StoreFeature;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ObjectStore} must have (see its Javadoc contract). An implementation's test
 * extends this class and provides a fresh, empty store per test; this kit ships in {@code resilience-core}'s
 * test-jar:
 *
 * <pre>{@code
 * <dependency>
 *   <groupId>dev.resilience</groupId><artifactId>resilience-core</artifactId>
 *   <type>test-jar</type><scope>test</scope>
 * </dependency>
 * }</pre>
 *
 * Optional features ({@link StoreFeature}) are tested only when the store declares them.
 */
public abstract class ObjectStoreContract {

  /** The store under test: fresh and empty for every test. */
  protected ObjectStore store;

  /** A new, empty store. Called before every test. */
  protected abstract ObjectStore createStore() throws Exception;

  /** Releases what {@link #createStore()} made (temporary directories, buckets). Default: closes the store. */
  protected void destroyStore(ObjectStore store) throws Exception {
    store.close();
  }

  @BeforeEach
  void setUpStore() throws Exception {
    store = createStore();
  }

  @AfterEach
  void tearDownStore() throws Exception {
    if (store != null) {
      destroyStore(store);
    }
  }

  protected static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  protected static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private List<String> keys(String prefix) {
    return store.list(prefix).stream().map(ObjectInfo::key).collect(Collectors.toList());
  }

  @Test
  void putThenGetReturnsTheSameBytes() {
    store.put("config", bytes("hello"));
    assertThat(store.get("config")).isEqualTo(bytes("hello"));
  }

  @Test
  void emptyObjectRoundTrips() {
    store.put("empty", new byte[0]);
    assertThat(store.get("empty")).isEmpty();
    assertThat(store.stat("empty")).map(ObjectInfo::size).contains(0L);
  }

  @Test
  void everyByteValueRoundTrips() {
    byte[] all = new byte[256 * 4];
    for (int i = 0; i < all.length; i++) {
      all[i] = (byte) i;
    }
    store.put("data/binary", all);
    assertThat(store.get("data/binary")).isEqualTo(all);
  }

  @Test
  void putReplacesTheWholeObject() {
    store.put("index/a", bytes("a much longer first version"));
    store.put("index/a", bytes("short"));
    assertThat(store.get("index/a")).isEqualTo(bytes("short"));
    assertThat(store.stat("index/a")).map(ObjectInfo::size).contains(5L);
  }

  @Test
  void storedBytesDoNotChangeWhenTheCallerReusesItsArray() {
    byte[] data = bytes("original");
    store.put("k", data);
    Arrays.fill(data, (byte) 'x');
    byte[] read = store.get("k");
    Arrays.fill(read, (byte) 'y');
    assertThat(store.get("k")).isEqualTo(bytes("original"));
  }

  @Test
  void rangedGetReturnsTheSlice() {
    byte[] data = random(10_000, 1);
    store.put("data/pack", data);
    assertThat(store.get("data/pack", 0, 10)).isEqualTo(Arrays.copyOfRange(data, 0, 10));
    assertThat(store.get("data/pack", 4321, 1234)).isEqualTo(Arrays.copyOfRange(data, 4321, 4321 + 1234));
    assertThat(store.get("data/pack", 9_990, 10)).isEqualTo(Arrays.copyOfRange(data, 9_990, 10_000));
    assertThat(store.get("data/pack", 10_000, 0)).isEmpty();
  }

  @Test
  void rangedGetOutsideTheObjectIsAnIllegalArgument() {
    store.put("data/pack", random(100, 2));
    assertThatThrownBy(() -> store.get("data/pack", 90, 11)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.get("data/pack", 101, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.get("data/pack", -1, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.get("data/pack", 0, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void putOfARangeStoresExactlyThatRange() {
    byte[] data = random(300_000, 7);
    store.put("data/range", data, 1_000, 250_000, PutOptions.DEFAULT);
    assertThat(store.get("data/range")).isEqualTo(Arrays.copyOfRange(data, 1_000, 251_000));
    store.put("data/range", data, 299_990, 10, PutOptions.DEFAULT);
    assertThat(store.get("data/range")).isEqualTo(Arrays.copyOfRange(data, 299_990, 300_000));
    assertThatThrownBy(() -> store.put("data/range", data, 299_990, 11, PutOptions.DEFAULT))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(store.get("data/range")).hasSize(10);
  }

  @Test
  void readIntoFillsTheCallersArrayAndChecksTheRange() {
    byte[] data = random(600_000, 8);
    store.put("data/pack", data);
    byte[] dst = new byte[600_010];
    Arrays.fill(dst, (byte) 0x5a);
    store.read("data/pack", 100, dst, 5, 599_900);
    assertThat(Arrays.copyOfRange(dst, 5, 599_905)).isEqualTo(Arrays.copyOfRange(data, 100, 600_000));
    assertThat(dst[4]).isEqualTo((byte) 0x5a);
    assertThat(dst[599_905]).isEqualTo((byte) 0x5a);
    assertThatThrownBy(() -> store.read("data/pack", 599_999, dst, 0, 2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.read("data/missing", 0, dst, 0, 1)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void aRangeReaderReadsLikeReadSmallAndLargeRangesAlike() {
    byte[] data = random(2_000_000, 9);
    store.put("data/pack", data);
    try (ObjectStore.RangeReader reader = store.openRangeReader("data/pack")) {
      // Small and large reads (a store may read large ones another way), in any order, many times.
      int[][] ranges = {{0, 10}, {1_500_000, 400_000}, {17, 4_000}, {600_001, 300_000}, {1_999_990, 10}, {0, 2_000_000}};
      for (int[] r : ranges) {
        byte[] dst = new byte[r[1] + 2];
        reader.read(r[0], dst, 1, r[1]);
        assertThat(Arrays.copyOfRange(dst, 1, 1 + r[1])).isEqualTo(Arrays.copyOfRange(data, r[0], r[0] + r[1]));
        assertThat(dst[0]).isZero();
        assertThat(dst[dst.length - 1]).isZero();
      }
      assertThatThrownBy(() -> reader.read(1_999_999, new byte[2], 0, 2)).isInstanceOf(IllegalArgumentException.class);
    }
    try (ObjectStore.RangeReader missing = store.openRangeReader("data/missing")) {
      assertThatThrownBy(() -> missing.read(0, new byte[1], 0, 1))
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining("data/missing");
    }
  }

  @Test
  void missingKeyIsNotFoundNamingTheKey() {
    assertThatThrownBy(() -> store.get("snapshots/nope"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("snapshots/nope");
    assertThatThrownBy(() -> store.get("snapshots/nope", 0, 1))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("snapshots/nope");
    assertThat(store.stat("snapshots/nope")).isEmpty();
  }

  @Test
  void statDescribesTheObject() {
    Instant before = Instant.now().minus(Duration.ofMinutes(5));
    store.put("keys/slot1", random(1234, 3));
    Optional<ObjectInfo> info = store.stat("keys/slot1");
    assertThat(info).isPresent();
    assertThat(info.get().key()).isEqualTo("keys/slot1");
    assertThat(info.get().size()).isEqualTo(1234);
    assertThat(info.get().tier()).isEqualTo(StorageTier.HOT);
    assertThat(info.get().retainUntil()).isNull();
    assertThat(info.get().lastModified()).isAfter(before);
  }

  @Test
  void listReturnsKeysWithThePrefixSorted() {
    for (String k : List.of("data/bb/2", "data/aa/1", "data/aa/0", "index/1", "data/ab", "snapshots/x", "dat")) {
      store.put(k, bytes(k));
    }
    assertThat(keys("data/")).containsExactly("data/aa/0", "data/aa/1", "data/ab", "data/bb/2");
    assertThat(keys("data/a")).containsExactly("data/aa/0", "data/aa/1", "data/ab");
    assertThat(keys("data/aa/")).containsExactly("data/aa/0", "data/aa/1");
    assertThat(keys("dat")).containsExactly("dat", "data/aa/0", "data/aa/1", "data/ab", "data/bb/2");
    assertThat(keys("")).containsExactly(
        "dat", "data/aa/0", "data/aa/1", "data/ab", "data/bb/2", "index/1", "snapshots/x");
    assertThat(keys("locks/")).isEmpty();
    assertThat(store.list("index/")).singleElement().satisfies(i -> {
      assertThat(i.size()).isEqualTo(7);
      assertThat(i.tier()).isEqualTo(StorageTier.HOT);
    });
  }

  @Test
  void listOfAnEmptyStoreIsEmpty() {
    assertThat(store.list("")).isEmpty();
  }

  @Test
  void deleteRemovesTheObjectAndMissingKeysAreANoOp() {
    store.put("locks/a", bytes("a"));
    store.put("locks/b", bytes("b"));
    store.delete("locks/a");
    store.delete("locks/a");
    store.delete("never/existed");
    assertThat(store.stat("locks/a")).isEmpty();
    assertThat(keys("locks/")).containsExactly("locks/b");
    assertThatThrownBy(() -> store.get("locks/a")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void putIfAbsentWritesOnlyOnce() {
    assertThat(store.putIfAbsent("locks/lease", bytes("first"), PutOptions.DEFAULT)).isTrue();
    assertThat(store.putIfAbsent("locks/lease", bytes("second"), PutOptions.DEFAULT)).isFalse();
    assertThat(store.get("locks/lease")).isEqualTo(bytes("first"));
    store.delete("locks/lease");
    assertThat(store.putIfAbsent("locks/lease", bytes("third"), PutOptions.DEFAULT)).isTrue();
    assertThat(store.get("locks/lease")).isEqualTo(bytes("third"));
  }

  @Test
  void exactlyOneOfManyConcurrentPutIfAbsentCallersWins() throws Exception {
    assumeTrue(store.features().contains(StoreFeature.ATOMIC_PUT_IF_ABSENT), "store has no atomic putIfAbsent");
    int callers = 16;
    for (int round = 0; round < 5; round++) {
      String key = "locks/round-" + round;
      List<Boolean> results = runConcurrently(callers, i -> store.putIfAbsent(key, bytes("caller-" + i), PutOptions.DEFAULT));
      assertThat(results.stream().filter(b -> b).count()).as("winners of round %d", round).isEqualTo(1);
      int winner = results.indexOf(true);
      assertThat(store.get(key)).isEqualTo(bytes("caller-" + winner));
    }
  }

  @Test
  void manyConcurrentWritersOfDifferentKeysAllLand() throws Exception {
    int writers = 8;
    int perWriter = 40;
    runConcurrently(writers, w -> {
      for (int i = 0; i < perWriter; i++) {
        store.put("data/" + w + "/" + String.format("%03d", i), random(1000 + i, w * 1000L + i));
      }
      return true;
    });
    assertThat(store.list("data/")).hasSize(writers * perWriter);
    for (int w = 0; w < writers; w++) {
      for (int i = 0; i < perWriter; i += 13) {
        assertThat(store.get("data/" + w + "/" + String.format("%03d", i))).isEqualTo(random(1000 + i, w * 1000L + i));
      }
    }
  }

  @Test
  void concurrentOverwritesOfOneKeyLeaveOneWholeVersion() throws Exception {
    int writers = 6;
    runConcurrently(writers, w -> {
      for (int i = 0; i < 10; i++) {
        store.put("index/hot", random(50_000, w));
      }
      return true;
    });
    byte[] read = store.get("index/hot");
    boolean matchesOne = false;
    for (int w = 0; w < writers; w++) {
      matchesOne |= Arrays.equals(read, random(50_000, w));
    }
    assertThat(matchesOne).as("final object equals one writer's whole version").isTrue();
  }

  @Test
  void readersNeverSeeAPartiallyWrittenObject() throws Exception {
    byte[] small = random(10_000, 11);
    byte[] large = random(400_000, 12);
    store.put("index/live", small);
    java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
    List<Boolean> results = runConcurrently(3, i -> {
      if (i == 0) {
        try {
          for (int round = 0; round < 30; round++) {
            store.put("index/live", round % 2 == 0 ? large : small);
          }
        } finally {
          writing.set(false);
        }
        return true;
      }
      boolean allWhole = true;
      int reads = 0;
      while (writing.get() || reads < 5) {
        byte[] read = store.get("index/live");
        allWhole &= Arrays.equals(read, small) || Arrays.equals(read, large);
        reads++;
      }
      return allWhole;
    });
    assertThat(results).as("every read returned one whole version").containsOnly(true);
  }

  @Test
  void largeObjectRoundTrips() {
    byte[] big = random(20 * 1024 * 1024, 42);
    store.put("data/big", big);
    assertThat(store.stat("data/big")).map(ObjectInfo::size).contains((long) big.length);
    assertThat(store.get("data/big", 13 * 1024 * 1024 + 7, 4096))
        .isEqualTo(Arrays.copyOfRange(big, 13 * 1024 * 1024 + 7, 13 * 1024 * 1024 + 7 + 4096));
    assertThat(Arrays.equals(store.get("data/big"), big)).as("20 MiB object equal").isTrue();
  }

  @Test
  void keysWithDotDotSegmentsOrBackslashesAreRejected() {
    for (String bad : List.of("../escape", "a/../../b", "/absolute", "a\\b", "a//b", "trailing/", "")) {
      assertThatThrownBy(() -> store.put(bad, bytes("x"))).as("key '%s'", bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void changeTierKeepsTheContentAndReportsTheTier() {
    assumeTrue(store.features().contains(StoreFeature.STORAGE_TIERS), "store has no storage tiers");
    byte[] data = random(5000, 7);
    store.put("data/cold-pack", data, PutOptions.tier(StorageTier.COLD));
    store.put("data/hot-pack", bytes("hot"));
    assertThat(store.stat("data/cold-pack")).map(ObjectInfo::tier).contains(StorageTier.COLD);
    assertThat(store.get("data/cold-pack")).isEqualTo(data);
    assertThat(store.list("data/")).extracting(ObjectInfo::key, ObjectInfo::tier)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("data/cold-pack", StorageTier.COLD),
            org.assertj.core.groups.Tuple.tuple("data/hot-pack", StorageTier.HOT));

    store.changeTier("data/hot-pack", StorageTier.COLD);
    store.changeTier("data/cold-pack", StorageTier.HOT);
    assertThat(store.stat("data/hot-pack")).map(ObjectInfo::tier).contains(StorageTier.COLD);
    assertThat(store.stat("data/cold-pack")).map(ObjectInfo::tier).contains(StorageTier.HOT);
    assertThat(store.get("data/hot-pack")).isEqualTo(bytes("hot"));
    assertThat(store.get("data/cold-pack", 100, 50)).isEqualTo(Arrays.copyOfRange(data, 100, 150));
    assertThat(keys("data/")).containsExactly("data/cold-pack", "data/hot-pack");

    store.delete("data/hot-pack");
    assertThat(store.stat("data/hot-pack")).isEmpty();
    assertThatThrownBy(() -> store.changeTier("data/hot-pack", StorageTier.HOT)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void retainedObjectsCannotBeDeletedAndRetentionOnlyExtends() {
    assumeTrue(store.features().contains(StoreFeature.OBJECT_LOCK), "store has no object lock");
    Instant until = Instant.now().plus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    store.put("snapshots/locked", bytes("evidence"), PutOptions.DEFAULT.withRetention(until, RetentionMode.COMPLIANCE));
    assertThat(store.stat("snapshots/locked")).map(ObjectInfo::retainUntil).contains(until);

    assertThatThrownBy(() -> store.delete("snapshots/locked")).isInstanceOf(PolicyViolationException.class);
    assertThat(store.get("snapshots/locked")).isEqualTo(bytes("evidence"));

    assertThatThrownBy(() -> store.extendRetention("snapshots/locked", until.minus(Duration.ofHours(1))))
        .isInstanceOf(PolicyViolationException.class);
    Instant later = until.plus(Duration.ofDays(30));
    store.extendRetention("snapshots/locked", later);
    assertThat(store.stat("snapshots/locked")).map(ObjectInfo::retainUntil).contains(later);
    assertThatThrownBy(() -> store.delete("snapshots/locked")).isInstanceOf(PolicyViolationException.class);
    assertThat(store.get("snapshots/locked")).isEqualTo(bytes("evidence"));
  }

  @Test
  void expiredRetentionNoLongerBlocksDelete() {
    assumeTrue(store.features().contains(StoreFeature.OBJECT_LOCK), "store has no object lock");
    Instant past = Instant.now().minus(Duration.ofMinutes(1));
    store.put("snapshots/old", bytes("x"), PutOptions.DEFAULT.withRetention(past, RetentionMode.GOVERNANCE));
    store.delete("snapshots/old");
    assertThat(store.stat("snapshots/old")).isEmpty();
  }

  /** A callable taking the caller's index. */
  protected interface IndexedTask<T> {
    T call(int index) throws Exception;
  }

  /** Runs {@code n} tasks released at the same moment and returns their results in index order. */
  protected static <T> List<T> runConcurrently(int n, IndexedTask<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        Callable<T> c = () -> {
          start.await();
          return task.call(index);
        };
        futures.add(pool.submit(c));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(2, TimeUnit.MINUTES));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
