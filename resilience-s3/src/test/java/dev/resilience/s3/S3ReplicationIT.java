package dev.resilience.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilience.BackupEngine;
import dev.resilience.Classification;
import dev.resilience.DatasetPolicy;
import dev.resilience.KeyProviders;
import dev.resilience.ReplicationPolicy;
import dev.resilience.ReplicationResult;
import dev.resilience.Repository;
import dev.resilience.RepositoryOptions;
import dev.resilience.RestoreRequest;
import dev.resilience.Schedule;
import dev.resilience.Snapshot;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Cross-region copies: the engine replicates a bucket's snapshots from a repository on one S3 endpoint to
 * a repository (another key) on a second, independent S3Proxy, verifies each copy, and the copy restores
 * into a bucket in the second "region" byte for byte.
 */
class S3ReplicationIT extends S3ProxyTestSupport {

  @Test
  void snapshotsReplicateToASecondEndpointAndRestoreThere() {
    String source = server.createBucket("uploads");
    for (int i = 0; i < 8; i++) {
      byte[] bytes = ("record " + i + "\n").repeat(500 + i * 100).getBytes(StandardCharsets.UTF_8);
      client.putObject(b -> b.bucket(source).key("files/f" + bytes.length), RequestBody.fromBytes(bytes));
    }
    RepositoryOptions options = RepositoryOptions.builder().chunkSizes(16 * 1024, 64 * 1024, 256 * 1024)
        .packSize(4 * 1024 * 1024).parallelism(2).build();
    try (S3ProxyServer region2 = S3ProxyServer.start();
        S3ObjectStore primaryStore = S3ObjectStore.builder().connection(server.connection()).bucket(server.createBucket("primary"))
            .prefix("repo").build();
        S3ObjectStore drStore = S3ObjectStore.builder().connection(region2.connection()).bucket(region2.createBucket("dr"))
            .prefix("repo").build();
        Repository primary = Repository.init(primaryStore, KeyProviders.insecurePassphraseForTests("primary-pass".toCharArray(), 1000), options);
        Repository dr = Repository.init(drStore, KeyProviders.insecurePassphraseForTests("dr-pass".toCharArray(), 1000), options);
        S3BucketTarget target = S3BucketTarget.builder().connection(server.connection()).bucket(source).prefix("files").build()) {
      DatasetPolicy policy = DatasetPolicy.builder("acme", "uploads").classification(Classification.OPERATIONAL)
          .fullBackups(Schedule.cron("0 2 * * *")).rpo(Duration.ofHours(25)).rto(Duration.ofMinutes(30))
          .replication(new ReplicationPolicy("dr-eu", Schedule.cron("30 * * * *"))).build();
      try (BackupEngine engine = BackupEngine.builder(primary).replica("dr-eu", dr).register(policy, target).build()) {
        Snapshot first = engine.backupNow("acme", "uploads", true);
        client.putObject(b -> b.bucket(source).key("files/late"), RequestBody.fromString("uploaded later"));
        Snapshot second = engine.backupNow("acme", "uploads", false);

        ReplicationResult result = engine.replicate("acme", "uploads");
        assertThat(result.failed()).isEmpty();
        assertThat(result.copied()).containsOnlyKeys(first.id(), second.id());
        Snapshot copy = dr.snapshot(result.copied().get(second.id())).orElseThrow();
        assertThat(copy.contentDigest()).isEqualTo(second.contentDigest());
        assertThat(drStore.list("snapshots/")).hasSize(2);
        assertThat(drStore.describe()).contains(region2.endpoint().getAuthority());

        // Restore from the copy, in the second region, into a bucket there.
        String restored = "restored-" + Long.toHexString(System.nanoTime());
        try (S3BucketTarget destination = S3BucketTarget.builder().connection(region2.connection()).bucket(restored)
            .prefix("files").createBucket(true).build();
            var client2 = region2.client()) {
          dr.restore(copy.id(), destination, RestoreRequest.all());
          Map<String, byte[]> expected = contents(source, "files/");
          Map<String, byte[]> actual = new java.util.TreeMap<>();
          client2.listObjectsV2Paginator(b -> b.bucket(restored).prefix("files/")).contents().stream()
              .filter(o -> !o.key().endsWith("/"))
              .forEach(o -> actual.put(o.key().substring("files/".length()),
                  client2.getObjectAsBytes(b -> b.bucket(restored).key(o.key())).asByteArray()));
          assertThat(actual.keySet()).isEqualTo(expected.keySet());
          expected.forEach((k, v) -> assertThat(actual.get(k)).as(k).isEqualTo(v));
        }

        ReplicationResult again = engine.replicate("acme", "uploads");
        assertThat(again.copied()).isEmpty();
        assertThat(again.alreadyPresent()).containsExactlyInAnyOrder(first.id(), second.id());
      }
    }
  }
}
