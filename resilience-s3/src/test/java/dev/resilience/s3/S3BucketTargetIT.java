package dev.resilience.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilience.spi.Entry;
import dev.resilience.spi.Sandbox;
import dev.resilience.testkit.InMemorySnapshot;
import java.util.HashMap;

import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/** {@link S3BucketTarget} against S3Proxy: full and incremental bucket backups, restore elsewhere, sandboxes. */
class S3BucketTargetIT extends S3ProxyTestSupport {

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static void put(String bucket, String key, byte[] bytes, String contentType, Map<String, String> meta) {
    client.putObject(b -> b.bucket(bucket).key(key).contentType(contentType).metadata(meta), RequestBody.fromBytes(bytes));
  }


  @Test
  void incrementalBackupDownloadsOnlyChangedObjectsAndRestoreEqualsTheOriginal() {
    String source = server.createBucket("uploads");
    Map<String, byte[]> original = new TreeMap<>();
    for (int i = 0; i < 12; i++) {
      byte[] bytes = random(i == 5 ? 7 * 1024 * 1024 : 1000 + i * 97, i);
      String key = "tenant-a/" + (i % 3) + "/file-" + i + ".bin";
      put(source, "uploads/" + key, bytes, i % 2 == 0 ? "image/png" : "application/pdf", Map.of("owner", "user-" + i));
      original.put(key, bytes);
    }
    put(source, "other/not-in-prefix", random(10, 99), "text/plain", Map.of());

    try (S3BucketTarget target = S3BucketTarget.builder().connection(server.connection()).bucket(source).prefix("uploads").build()) {
      InMemorySnapshot full = InMemorySnapshot.full();
      target.backup(full.writer());
      assertThat(full.entries()).extracting(Entry::path).containsExactlyElementsOf(original.keySet());
      assertThat(full.readPaths()).hasSize(12);
      assertThat(target.requestCounts()).containsEntry("GetObject", 12L);
      original.forEach((k, v) -> assertThat(full.content(k)).as(k).isEqualTo(v));
      Entry first = full.entries().get(0);
      assertThat(first.attributes()).containsEntry("s3.meta.owner", "user-0").containsEntry("s3.content-type", "image/png")
          .containsKey("s3.etag").containsEntry("s3.storage-class", "STANDARD");
      // S3Proxy does not implement object tagging; the snapshot says so instead of silently dropping tags.
      assertThat(full.metadata()).containsEntry("s3.tags", "not supported by endpoint").containsEntry("s3.objects", "12");

      // Change two objects (one keeps its size), add one, delete one.
      Map<String, byte[]> changed = new TreeMap<>(original);
      String sameSize = "tenant-a/1/file-1.bin";
      changed.put(sameSize, random(original.get(sameSize).length, 1001));
      changed.put("tenant-a/2/file-2.bin", random(5000, 1002));
      changed.put("tenant-a/new.bin", random(300, 1003));
      changed.remove("tenant-a/0/file-3.bin");
      put(source, "uploads/" + sameSize, changed.get(sameSize), "application/pdf", Map.of("owner", "user-1"));
      put(source, "uploads/tenant-a/2/file-2.bin", changed.get("tenant-a/2/file-2.bin"), "image/png", Map.of("owner", "someone-else"));
      put(source, "uploads/tenant-a/new.bin", changed.get("tenant-a/new.bin"), "text/csv", Map.of());
      client.deleteObject(b -> b.bucket(source).key("uploads/tenant-a/0/file-3.bin"));

      InMemorySnapshot incremental = InMemorySnapshot.incremental(full);
      long getsBefore = target.requestCounts().get("GetObject");
      target.backup(incremental.writer());
      assertThat(target.requestCounts().get("GetObject") - getsBefore).as("objects downloaded again").isEqualTo(3);
      assertThat(incremental.readPaths()).containsExactlyInAnyOrder(sameSize, "tenant-a/2/file-2.bin", "tenant-a/new.bin");
      assertThat(incremental.reusedPaths()).hasSize(9).doesNotContain(sameSize, "tenant-a/0/file-3.bin");
      assertThat(incremental.entries()).extracting(Entry::path).containsExactlyElementsOf(changed.keySet());
      changed.forEach((k, v) -> assertThat(incremental.content(k)).as(k).isEqualTo(v));

      // Restore into another bucket under another prefix: same bytes, content types and metadata.
      String other = "restored-" + Long.toHexString(System.nanoTime());
      try (S3BucketTarget restoreTarget = S3BucketTarget.builder().connection(server.connection()).bucket(other)
          .prefix("copy/").createBucket(true).build()) {
        restoreTarget.restore(incremental.reader(4));
      }
      Map<String, byte[]> restored = contents(other, "copy/");
      assertThat(restored.keySet()).isEqualTo(changed.keySet());
      changed.forEach((k, v) -> assertThat(restored.get(k)).as(k).isEqualTo(v));
      HeadObjectResponse head = client.headObject(b -> b.bucket(other).key("copy/tenant-a/2/file-2.bin"));
      assertThat(head.contentType()).isEqualTo("image/png");
      assertThat(head.metadata()).containsEntry("owner", "someone-else");

      // Restore into the same bucket and prefix after a loss: the deleted object comes back.
      client.deleteObject(b -> b.bucket(source).key("uploads/tenant-a/new.bin"));
      target.restore(incremental.reader(2));
      Map<String, byte[]> back = contents(source, "uploads/");
      changed.forEach((k, v) -> assertThat(back.get(k)).as(k).isEqualTo(v));
    }
  }

  @Test
  void aSandboxIsAFreshBucketThatIsGoneAfterClose() {
    String source = server.createBucket("drill");
    Map<String, byte[]> original = new HashMap<>();
    for (int i = 0; i < 5; i++) {
      byte[] bytes = random(2000 + i, 50 + i);
      put(source, "logs/day-" + i, bytes, "text/plain", Map.of());
      original.put("day-" + i, bytes);
    }
    try (S3BucketTarget target = S3BucketTarget.builder().connection(server.connection()).bucket(source).prefix("logs").build()) {
      InMemorySnapshot snap = InMemorySnapshot.full();
      target.backup(snap.writer());
      String sandboxBucket;
      try (Sandbox sandbox = target.openSandbox().orElseThrow()) {
        S3BucketTarget inside = (S3BucketTarget) sandbox.target();
        sandboxBucket = inside.bucket();
        assertThat(sandboxBucket).isNotEqualTo(source).startsWith("resilience-sandbox-");
        inside.restore(snap.reader(2));
        Map<String, byte[]> restored = contents(sandboxBucket, "logs/");
        assertThat(restored.keySet()).isEqualTo(original.keySet());
        original.forEach((k, v) -> assertThat(restored.get(k)).isEqualTo(v));
      }
      Set<String> buckets = Set.copyOf(client.listBuckets().buckets().stream().map(b -> b.name()).toList());
      assertThat(buckets).contains(source).doesNotContain(sandboxBucket);
      assertThat(contents(source, "logs/")).hasSize(5);
    }
  }

  @Test
  void folderMarkersAreSkippedAndCounted() {
    String source = server.createBucket("odd");
    put(source, "p/good", new byte[] {1}, "text/plain", Map.of());
    put(source, "p/sub/file", new byte[] {2}, "text/plain", Map.of());
    put(source, "p/empty/", new byte[0], "application/x-directory", Map.of());
    try (S3BucketTarget target = S3BucketTarget.builder().connection(server.connection()).bucket(source).prefix("p").build()) {
      InMemorySnapshot snap = InMemorySnapshot.full();
      target.backup(snap.writer());
      assertThat(snap.entries()).extracting(Entry::path).containsExactly("good", "sub/file");
      assertThat(Long.parseLong(snap.metadata().get("s3.folder-markers-skipped"))).isPositive();
    }
  }
}
