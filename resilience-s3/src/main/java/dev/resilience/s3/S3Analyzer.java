package dev.resilience.s3;

import dev.resilience.NotFoundException;
import dev.resilience.s3.AnalysisReport.Finding;
import dev.resilience.s3.AnalysisReport.Outcome;
import dev.resilience.spi.ObjectInfo;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Certifies an S3-compatible endpoint before backups are trusted to it, in the spirit of Elasticsearch's
 * repository analysis API: it writes, reads, lists and deletes scratch objects under
 * {@code .resilience-analysis/<random>/} in the store's bucket and prefix and reports, per check, what the
 * endpoint gets wrong:
 *
 * <ul>
 *   <li>{@code read-after-write}: a new object and an overwrite are read back at once, byte for byte;
 *   <li>{@code list-after-write}: new objects are listed at once, deleted ones vanish from listings and reads;
 *   <li>{@code concurrent-writes}: many writers of distinct keys all land intact;
 *   <li>{@code concurrent-overwrites}: concurrent writers of one key leave exactly one whole version;
 *   <li>{@code conditional-put}: a PUT with {@code If-None-Match: *} over an existing object is refused, and of
 *       concurrent conditional writers exactly one wins (what leases rely on);
 *   <li>{@code aborted-multipart}: an aborted multipart upload leaves no object and no pending upload;
 *   <li>{@code large-object}: a multipart upload round-trips byte for byte;
 *   <li>{@code ranged-reads}: ranges at the start, across a part boundary and at the end return the exact
 *       bytes; a range beyond the end is refused.
 * </ul>
 *
 * <p>Bounded: a fixed number of objects and threads and a time budget after which remaining checks are
 * skipped. Everything written is deleted afterwards.
 */
public final class S3Analyzer {
  private final S3ObjectStore store;
  private final int concurrency;
  private final int objects;
  private final Duration budget;
  private final Clock clock;

  private S3Analyzer(S3ObjectStore store, int concurrency, int objects, Duration budget, Clock clock) {
    this.store = store;
    this.concurrency = concurrency;
    this.objects = objects;
    this.budget = budget;
    this.clock = clock;
  }

  /** Analyses the endpoint under {@code store} with 8 threads, 32 objects per check and a 5-minute budget. */
  public static AnalysisReport analyze(S3ObjectStore store) {
    return analyze(store, 8, 32, Duration.ofMinutes(5));
  }

  /**
   * Analyses the endpoint under {@code store}.
   *
   * @param concurrency threads of the concurrent checks (1..64)
   * @param objects objects written by the concurrent and listing checks (1..1000)
   * @param budget checks not started within this time are skipped
   */
  public static AnalysisReport analyze(S3ObjectStore store, int concurrency, int objects, Duration budget) {
    java.util.Objects.requireNonNull(store, "store");
    java.util.Objects.requireNonNull(budget, "budget");
    if (concurrency < 1 || concurrency > 64) {
      throw new IllegalArgumentException("concurrency must be 1..64, got " + concurrency);
    }
    if (objects < 1 || objects > 1000) {
      throw new IllegalArgumentException("objects must be 1..1000, got " + objects);
    }
    return new S3Analyzer(store, concurrency, objects, budget, Clock.systemUTC()).run();
  }

  private interface Check {
    String run() throws Exception;
  }

  /** A check found the endpoint misbehaving. */
  private static final class Wrong extends Exception {
    private static final long serialVersionUID = 1L;

    Wrong(String message) {
      super(message);
    }
  }

  private AnalysisReport run() {
    Instant start = clock.instant();
    Instant deadline = start.plus(budget);
    String scratch = ".resilience-analysis/" + UUID.randomUUID() + "/";
    List<Finding> findings = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(concurrency, r -> {
      Thread t = new Thread(r, "s3-analyzer");
      t.setDaemon(true);
      return t;
    });
    try {
      check(findings, deadline, "read-after-write", () -> readAfterWrite(scratch + "raw/"));
      check(findings, deadline, "list-after-write", () -> listAfterWrite(scratch + "law/"));
      check(findings, deadline, "concurrent-writes", () -> concurrentWrites(pool, scratch + "cw/"));
      check(findings, deadline, "concurrent-overwrites", () -> concurrentOverwrites(pool, scratch + "co/"));
      check(findings, deadline, "conditional-put", () -> conditionalPut(pool, scratch + "cp/"));
      check(findings, deadline, "aborted-multipart", () -> abortedMultipart(scratch + "am/"));
      byte[] large = random(2 * S3Uploads.MIN_PART_SIZE + 123, 11);
      boolean largeOk = check(findings, deadline, "large-object", () -> largeObject(scratch + "lo/big", large));
      if (largeOk) {
        check(findings, deadline, "ranged-reads", () -> rangedReads(scratch + "lo/big", large));
      } else {
        findings.add(new Finding("ranged-reads", Outcome.SKIPPED, "needs the large object"));
      }
    } finally {
      pool.shutdownNow();
      cleanUp(scratch);
    }
    return new AnalysisReport(store.describe(), start, Duration.between(start, clock.instant()), findings);
  }

  private boolean check(List<Finding> findings, Instant deadline, String name, Check check) {
    if (clock.instant().isAfter(deadline)) {
      findings.add(new Finding(name, Outcome.SKIPPED, "time budget of " + budget + " used up"));
      return false;
    }
    try {
      findings.add(new Finding(name, Outcome.PASSED, check.run()));
      return true;
    } catch (Wrong w) {
      findings.add(new Finding(name, Outcome.FAILED, w.getMessage()));
    } catch (Exception e) {
      findings.add(new Finding(name, Outcome.FAILED, "error: " + e));
    }
    return false;
  }

  private String readAfterWrite(String dir) throws Wrong {
    byte[] first = random(1024, 1);
    byte[] second = random(2048, 2);
    store.put(dir + "obj", first);
    expect(Arrays.equals(store.get(dir + "obj"), first), "a new object read back different bytes");
    store.put(dir + "obj", second);
    expect(Arrays.equals(store.get(dir + "obj"), second), "an overwritten object read back stale or mixed bytes");
    expect(store.stat(dir + "obj").map(ObjectInfo::size).orElse(-1L) == second.length, "HEAD after overwrite reported a stale size");
    return "new and overwritten objects read back immediately";
  }

  private String listAfterWrite(String dir) throws Wrong {
    Set<String> written = new HashSet<>();
    for (int i = 0; i < objects; i++) {
      String key = dir + String.format("o%04d", i);
      store.put(key, random(64, i));
      written.add(key);
    }
    Set<String> listed = keys(store.list(dir));
    expect(listed.equals(written), "listing right after writing " + written.size() + " objects showed " + listed.size());
    Set<String> deleted = new HashSet<>();
    for (String key : written) {
      if (deleted.size() * 2 < written.size()) {
        store.delete(key);
        deleted.add(key);
      }
    }
    Set<String> after = keys(store.list(dir));
    Set<String> expected = new HashSet<>(written);
    expected.removeAll(deleted);
    expect(after.equals(expected), "after deleting " + deleted.size() + " objects the listing showed " + after.size() + " instead of " + expected.size());
    String gone = deleted.iterator().next();
    try {
      store.get(gone);
      throw new Wrong("a deleted object could still be read");
    } catch (NotFoundException expectedNotFound) {
      // correct
    }
    return objects + " objects listed right after writing; deletes visible at once";
  }

  private String concurrentWrites(ExecutorService pool, String dir) throws Exception {
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int i = 0; i < objects; i++) {
      int n = i;
      tasks.add(() -> {
        store.put(dir + "o" + n, random(4096 + n, 100 + n));
        return null;
      });
    }
    runAll(pool, tasks);
    for (int i = 0; i < objects; i++) {
      expect(Arrays.equals(store.get(dir + "o" + i), random(4096 + i, 100 + i)), "object " + i + " of " + objects + " concurrent writes is wrong");
    }
    return objects + " objects written by " + concurrency + " threads all intact";
  }

  private String concurrentOverwrites(ExecutorService pool, String dir) throws Exception {
    List<byte[]> versions = new ArrayList<>();
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int i = 0; i < concurrency * 2; i++) {
      byte[] v = random(64 * 1024 + i, 500 + i);
      versions.add(v);
      tasks.add(() -> {
        store.put(dir + "shared", v);
        return null;
      });
    }
    runAll(pool, tasks);
    byte[] last = store.get(dir + "shared");
    expect(versions.stream().anyMatch(v -> Arrays.equals(v, last)), "after " + versions.size() + " concurrent overwrites the object matches none of the written versions (torn write)");
    return versions.size() + " concurrent overwrites left one whole version";
  }

  private String conditionalPut(ExecutorService pool, String dir) throws Exception {
    S3Client client = store.access().client();
    String bucket = store.settings().bucket();
    String key = store.fullKey(dir + "lease");
    expect(conditional(client, bucket, key, "first"), "a conditional PUT of a new key was refused");
    if (conditional(client, bucket, key, "second")) {
      throw new Wrong("the endpoint ignores If-None-Match: * on PUT: an existing object was overwritten"
          + " (putIfAbsent is emulated by HEAD+PUT here and is not atomic across processes)");
    }
    expect(new String(store.get(dir + "lease"), StandardCharsets.UTF_8).equals("first"), "a refused conditional PUT changed the object");
    String race = store.fullKey(dir + "race");
    List<Callable<Boolean>> tasks = new ArrayList<>();
    for (int i = 0; i < concurrency * 2; i++) {
      String body = "writer-" + i;
      tasks.add(() -> conditional(client, bucket, race, body));
    }
    long winners = 0;
    for (Future<Boolean> f : pool.invokeAll(tasks, 2, TimeUnit.MINUTES)) {
      if (f.get()) {
        winners++;
      }
    }
    expect(winners == 1, winners + " of " + tasks.size() + " concurrent conditional PUTs of one key won; exactly one should");
    return "overwrite refused; exactly 1 of " + tasks.size() + " concurrent conditional writers won";
  }

  private static boolean conditional(S3Client client, String bucket, String key, String body) {
    try {
      client.putObject(b -> b.bucket(bucket).key(key).ifNoneMatch("*"), RequestBody.fromString(body));
      return true;
    } catch (S3Exception e) {
      if (e.statusCode() == 412 || e.statusCode() == 409) {
        return false;
      }
      throw e;
    }
  }

  private String abortedMultipart(String dir) throws Wrong {
    S3Client client = store.access().client();
    String bucket = store.settings().bucket();
    String key = store.fullKey(dir + "aborted");
    String uploadId = client.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
    client.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(1), RequestBody.fromBytes(random(S3Uploads.MIN_PART_SIZE, 3)));
    client.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
    expect(store.stat(dir + "aborted").isEmpty(), "an aborted multipart upload left an object behind");
    String pending;
    try {
      boolean listed = client.listMultipartUploads(b -> b.bucket(bucket).prefix(key)).uploads().stream().anyMatch(u -> u.uploadId().equals(uploadId));
      expect(!listed, "an aborted multipart upload is still listed as pending (its parts may still be billed)");
      pending = "no pending upload listed";
    } catch (S3Exception e) {
      pending = "ListMultipartUploads not available (" + e.statusCode() + ")";
    }
    return "aborted upload left no object; " + pending;
  }

  private String largeObject(String key, byte[] large) throws Wrong {
    S3Client client = store.access().client();
    S3Uploads.multipart(client, store.settings().bucket(), store.fullKey(key), new ByteArrayInputStream(large), large.length,
        S3Uploads.MIN_PART_SIZE, ObjectAttributes.of(null));
    expect(store.stat(key).map(ObjectInfo::size).orElse(-1L) == large.length, "size of a multipart object is wrong");
    expect(Arrays.equals(store.get(key), large), "a " + large.length + "-byte multipart object read back different bytes");
    return large.length + " bytes in 3 parts round-tripped";
  }

  private String rangedReads(String key, byte[] large) throws Wrong {
    int boundary = S3Uploads.MIN_PART_SIZE;
    int[][] ranges = {{0, 1}, {boundary - 10, 20}, {large.length - 7, 7}, {12345, 65536}};
    for (int[] r : ranges) {
      expect(Arrays.equals(store.get(key, r[0], r[1]), Arrays.copyOfRange(large, r[0], r[0] + r[1])),
          "range " + r[0] + "+" + r[1] + " returned different bytes");
    }
    try {
      store.get(key, large.length + 100, 10);
      throw new Wrong("a range beyond the end of the object was not refused");
    } catch (IllegalArgumentException expected) {
      // correct
    }
    return ranges.length + " ranges exact (incl. across a part boundary); out-of-range refused";
  }

  private void cleanUp(String scratch) {
    try {
      for (ObjectInfo o : store.list(scratch)) {
        store.delete(o.key());
      }
    } catch (RuntimeException e) {
      // best effort: the scratch prefix is named in the report's endpoint; nothing else was touched
    }
  }

  private static void runAll(ExecutorService pool, List<Callable<Void>> tasks) throws Exception {
    for (Future<Void> f : pool.invokeAll(tasks, 2, TimeUnit.MINUTES)) {
      f.get();
    }
  }

  private static Set<String> keys(List<ObjectInfo> infos) {
    Set<String> keys = new HashSet<>();
    infos.forEach(i -> keys.add(i.key()));
    return keys;
  }

  private static void expect(boolean ok, String wrong) throws Wrong {
    if (!ok) {
      throw new Wrong(wrong);
    }
  }

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }
}
