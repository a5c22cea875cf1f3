package dev.resilience.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.resilience.BackupRequest;
import dev.resilience.KeyProviders;
import dev.resilience.spi.KeyProvider;
import dev.resilience.Repository;
import dev.resilience.RepositoryOptions;
import dev.resilience.RestoreRequest;
import dev.resilience.Snapshot;
import dev.resilience.spi.ObjectInfo;
import dev.resilience.spi.Sandbox;
import dev.resilience.spi.StorageTier;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * A whole backup and restore through a repository that lives in S3 (S3Proxy): a bucket of uploads is backed
 * up into an S3-backed repository, incrementally, and restored into another bucket and a sandbox bucket.
 */
class S3RepositoryIT extends S3ProxyTestSupport {


  private S3ObjectStore repositoryStore(String bucket) {
    return S3ObjectStore.builder().connection(server.connection()).bucket(bucket).prefix("repo")
        .multipart(6 * 1024 * 1024, 5 * 1024 * 1024)
        .placement("data/", StorageTier.COLD) // packs of file data go cold; config, keys, index, snapshots stay hot
        .build();
  }

  @Test
  void fullAndIncrementalBackupIntoAnS3RepositoryRestoreByteForByte() {
    String source = server.createBucket("uploads");
    Random random = new Random(5);
    for (int i = 0; i < 15; i++) {
      byte[] bytes;
      if (i == 0) {
        bytes = new byte[9 * 1024 * 1024];
        random.nextBytes(bytes);
      } else {
        bytes = ("invoice " + i + " ").repeat(200 + i * 50).getBytes(StandardCharsets.UTF_8);
      }
      client.putObject(b -> b.bucket(source).key("files/doc-" + bytes.length), RequestBody.fromBytes(bytes));
    }
    Map<String, byte[]> original = contents(source, "files/");
    String repoBucket = server.createBucket("repository");
    KeyProvider keys = KeyProviders.insecurePassphraseForTests("correct horse battery staple".toCharArray(), 1000);
    RepositoryOptions options = RepositoryOptions.builder().chunkSizes(64 * 1024, 256 * 1024, 1024 * 1024)
        .packSize(8 * 1024 * 1024).parallelism(2).build();

    Snapshot first;
    Snapshot second;
    Map<String, byte[]> changed;
    try (S3BucketTarget target = S3BucketTarget.builder().connection(server.connection()).bucket(source).prefix("files").build();
        S3ObjectStore store = repositoryStore(repoBucket)) {
      Repository repo;
      try {
        repo = Repository.init(store, keys, options);
      } catch (UnsupportedOperationException e) {
        assumeTrue(false, "the repository implementation is not in this build yet: " + e.getMessage());
        return;
      }
      try (repo) {
        first = repo.backup(target, BackupRequest.builder().tenant("tenant-a").dataset("uploads").build());
        assertThat(first.stats().files()).isEqualTo(15);

        client.putObject(b -> b.bucket(source).key("files/doc-new"), RequestBody.fromString("a new upload"));
        client.putObject(b -> b.bucket(source).key("files/doc-" + (9 * 1024 * 1024)), RequestBody.fromBytes(new byte[] {1, 2, 3}));
        client.deleteObject(b -> b.bucket(source).key(original.keySet().stream().filter(k -> !k.equals("doc-" + (9 * 1024 * 1024))).findFirst().orElseThrow()));
        changed = contents(source, "files/");
        long getsBefore = target.requestCounts().get("GetObject");
        second = repo.backup(target, BackupRequest.builder().tenant("tenant-a").dataset("uploads").build());
        assertThat(target.requestCounts().get("GetObject") - getsBefore).as("only changed objects downloaded").isEqualTo(2);
        assertThat(second.parentId()).isEqualTo(first.id());
      }

      // Data packs are in the cold class; everything a restore reads first stays hot.
      assertThat(store.list("data/")).isNotEmpty().allMatch(o -> store.stat(o.key()).map(ObjectInfo::tier).orElseThrow() == StorageTier.COLD);
      assertThat(store.list("snapshots/")).isNotEmpty().allMatch(o -> store.stat(o.key()).map(ObjectInfo::tier).orElseThrow() == StorageTier.HOT);
    }

    // A new process opens the repository from S3 alone and restores both snapshots.
    String restoredBucket = "restored-" + Long.toHexString(System.nanoTime());
    try (S3ObjectStore store = repositoryStore(repoBucket); Repository repo = Repository.open(store, keys, options);
        S3BucketTarget destination = S3BucketTarget.builder().connection(server.connection()).bucket(restoredBucket)
            .prefix("files").createBucket(true).build()) {
      assertThat(repo.snapshots()).extracting(Snapshot::id).containsExactly(first.id(), second.id());
      repo.restore(second.id(), destination, RestoreRequest.all());
      Map<String, byte[]> restored = contents(restoredBucket, "files/");
      assertThat(restored.keySet()).isEqualTo(changed.keySet());
      changed.forEach((k, v) -> assertThat(restored.get(k)).as(k).isEqualTo(v));
      assertThat(store.requestCounts()).containsKey("GetObject");

      try (Sandbox sandbox = destination.openSandbox().orElseThrow()) {
        repo.restore(first.id(), sandbox.target(), RestoreRequest.all());
        String sandboxBucket = ((S3BucketTarget) sandbox.target()).bucket();
        Map<String, byte[]> old = contents(sandboxBucket, "files/");
        assertThat(old.keySet()).isEqualTo(original.keySet());
        original.forEach((k, v) -> assertThat(old.get(k)).as(k).isEqualTo(v));
      }
    }
  }
}
