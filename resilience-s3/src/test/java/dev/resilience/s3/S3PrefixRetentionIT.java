package dev.resilience.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilience.BackupEngine;
import dev.resilience.Classification;
import dev.resilience.DatasetPolicy;
import dev.resilience.KeyProviders;
import dev.resilience.LiveRetentionReport;
import dev.resilience.Repository;
import dev.resilience.RepositoryOptions;
import dev.resilience.RestoreRequest;
import dev.resilience.Schedule;
import dev.resilience.spi.Entry;
import dev.resilience.spi.RetentionSelection;
import dev.resilience.testkit.InMemorySnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * {@link S3PrefixRetention} against S3Proxy. Objects are back-dated on the server's filesystem (as if
 * uploaded 90 days ago), so "now" is the real now and nothing waits.
 */
class S3PrefixRetentionIT extends S3ProxyTestSupport {

  /** 20 objects under logs/ uploaded 90 days ago, 10 fresh ones, and 5 old ones under keep/. Returns old logs' contents. */
  private static Map<String, byte[]> populate(String bucket) {
    Instant old = Instant.now().minus(Duration.ofDays(90));
    Map<String, byte[]> expired = new TreeMap<>();
    Random random = new Random(3);
    for (int i = 0; i < 35; i++) {
      byte[] bytes = new byte[100 + i];
      random.nextBytes(bytes);
      String key = i < 20 ? String.format("logs/old-%02d", i) : i < 30 ? String.format("logs/new-%02d", i) : "keep/old-" + i;
      client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
      if (i < 20 || i >= 30) {
        server.age(bucket, key, old);
      }
      if (i < 20) {
        expired.put(key, bytes);
      }
    }
    return expired;
  }

  private static Set<String> keys(String bucket) {
    return client.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
        .map(o -> o.key()).filter(k -> !k.endsWith("/")).collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  @Test
  void deletesExactlyTheExpiredObjectsInBatchesAfterArchivingThem() {
    String bucket = server.createBucket("retention");
    Map<String, byte[]> expired = populate(bucket);
    try (S3PrefixRetention retention = S3PrefixRetention.builder().connection(server.connection()).bucket(bucket)
        .prefix("logs/").maxAge(Duration.ofDays(30)).build()) {
      RetentionSelection selection = retention.select(Instant.now());
      assertThat(selection.count()).isEqualTo(20);
      assertThat(selection.bytes()).isEqualTo(expired.values().stream().mapToLong(b -> b.length).sum());
      assertThat(selection.sample()).hasSize(10).allMatch(k -> k.startsWith("logs/old-"));
      assertThat(keys(bucket)).hasSize(35); // select changes nothing

      InMemorySnapshot archive = InMemorySnapshot.full();
      retention.archive(selection, archive.writer());
      assertThat(archive.entries()).extracting(Entry::path)
          .containsExactlyElementsOf(expired.keySet().stream().map(k -> k.substring("logs/".length())).toList());
      expired.forEach((k, v) -> assertThat(archive.content(k.substring("logs/".length()))).isEqualTo(v));

      // One expired object is rewritten after the selection: it is no longer expired and must survive.
      client.putObject(b -> b.bucket(bucket).key("logs/old-07"), RequestBody.fromString("rewritten today"));

      long deleteCallsBefore = retention.requestCounts().getOrDefault("DeleteObjects", 0L);
      assertThat(retention.purge(selection, 7)).isEqualTo(19);
      assertThat(retention.requestCounts().get("DeleteObjects") - deleteCallsBefore).as("batches of 7").isEqualTo(3);

      Set<String> left = keys(bucket);
      assertThat(left).filteredOn(k -> k.startsWith("logs/old-")).containsExactly("logs/old-07");
      assertThat(left).filteredOn(k -> k.startsWith("logs/new-")).hasSize(10);
      assertThat(left).filteredOn(k -> k.startsWith("keep/")).hasSize(5);
      assertThat(retention.purge(selection, 7)).as("repeating is safe").isZero();
    }
  }

  @Test
  void movesExpiredObjectsToAColderStorageClassAndLeavesTheRestHot() {
    String bucket = server.createBucket("tiering");
    Map<String, byte[]> expired = populate(bucket);
    try (S3PrefixRetention retention = S3PrefixRetention.builder().connection(server.connection()).bucket(bucket)
        .prefix("logs").maxAge(Duration.ofDays(30)).transitionTo("GLACIER").build()) {
      RetentionSelection selection = retention.select(Instant.now());
      assertThat(selection.count()).isEqualTo(20);
      assertThat(retention.purge(selection, 100)).isEqualTo(20);
      for (String key : keys(bucket)) {
        String storageClass = client.headObject(b -> b.bucket(bucket).key(key)).storageClassAsString();
        if (expired.containsKey(key)) {
          // S3Proxy keeps only jclouds' tiers: GLACIER is reported back as DEEP_ARCHIVE (same archive tier).
          assertThat(storageClass).as(key).isIn("GLACIER", "DEEP_ARCHIVE");
          assertThat(client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray()).isEqualTo(expired.get(key));
        } else {
          assertThat(storageClass).as(key).isIn(null, "STANDARD");
        }
      }
      assertThat(retention.select(Instant.now()).count()).as("nothing left to move").isZero();
    }
  }

  @Test
  void theEngineArchivesExpiredObjectsIntoAnS3RepositoryThenPurgesThem() {
    String bucket = server.createBucket("live");
    Map<String, byte[]> expired = populate(bucket);
    DatasetPolicy policy = DatasetPolicy.builder("acme", "logs").classification(Classification.OPERATIONAL)
        .fullBackups(Schedule.cron("0 2 * * *")).rpo(Duration.ofHours(25)).rto(Duration.ofMinutes(30)).build();
    try (S3ObjectStore store = S3ObjectStore.builder().connection(server.connection()).bucket(server.createBucket("repo"))
            .build();
        Repository repository = Repository.init(store, KeyProviders.insecurePassphraseForTests("pass".toCharArray(), 1000),
            RepositoryOptions.builder().chunkSizes(16 * 1024, 64 * 1024, 256 * 1024).packSize(4 * 1024 * 1024).build());
        S3BucketTarget target = S3BucketTarget.builder().connection(server.connection()).bucket(bucket).prefix("logs").build();
        S3PrefixRetention retention = S3PrefixRetention.builder().connection(server.connection()).bucket(bucket)
            .prefix("logs").maxAge(Duration.ofDays(30)).build();
        BackupEngine engine = BackupEngine.builder(repository).register(policy, target, retention).build()) {
      LiveRetentionReport plan = engine.enforceLiveRetention("acme", "logs", true, true, 1000).get(0);
      assertThat(plan.selected()).isEqualTo(20);
      assertThat(plan.purged()).isZero();
      assertThat(keys(bucket)).hasSize(35);

      LiveRetentionReport done = engine.enforceLiveRetention("acme", "logs", false, true, 1000).get(0);
      assertThat(done.purged()).isEqualTo(20);
      assertThat(done.archiveSnapshotId()).isNotNull();
      assertThat(keys(bucket)).hasSize(15).noneMatch(k -> k.startsWith("logs/old-"));

      // The archive restores the purged objects exactly.
      String restored = "archive-" + Long.toHexString(System.nanoTime());
      try (S3BucketTarget destination = S3BucketTarget.builder().connection(server.connection()).bucket(restored)
          .prefix("logs").createBucket(true).build()) {
        repository.restore(done.archiveSnapshotId(), destination, RestoreRequest.all());
      }
      Map<String, byte[]> back = contents(restored, "");
      assertThat(back.keySet()).isEqualTo(expired.keySet());
      expired.forEach((k, v) -> assertThat(back.get(k)).as(k).isEqualTo(v));
    }
  }
}
