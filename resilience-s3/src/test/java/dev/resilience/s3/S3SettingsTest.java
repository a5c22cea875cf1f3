package dev.resilience.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilience.spi.Entry;
import dev.resilience.spi.StorageTier;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pure logic of the adapter: tier placement, class → tier, key rules, restore attributes. */
class S3SettingsTest {
  private final S3Connection connection = S3Connection.builder().build();

  @Test
  void placementKeepsMetadataHotAndOnlyEverMakesDataColder() {
    S3ObjectStoreSettings s = S3ObjectStore.builder().connection(connection).bucket("backups")
        .placement("data/", StorageTier.COLD).storageClass(StorageTier.ARCHIVE, "DEEP_ARCHIVE").settings();
    assertThat(s.placement("data/p1", StorageTier.HOT)).isEqualTo(StorageTier.COLD);
    assertThat(s.placement("data/p1", StorageTier.ARCHIVE)).isEqualTo(StorageTier.ARCHIVE);
    assertThat(s.placement("index/i1", StorageTier.ARCHIVE)).isEqualTo(StorageTier.HOT);
    assertThat(s.placement("config", StorageTier.COLD)).isEqualTo(StorageTier.HOT);
    assertThat(s.storageClass(StorageTier.ARCHIVE)).isEqualTo("DEEP_ARCHIVE");
    assertThat(s.tierOf("DEEP_ARCHIVE")).isEqualTo(StorageTier.ARCHIVE);
    assertThat(s.tierOf("GLACIER_IR")).isEqualTo(StorageTier.COLD);
    assertThat(s.tierOf(null)).isEqualTo(StorageTier.HOT);

    S3ObjectStoreSettings open = S3ObjectStore.builder().connection(connection).bucket("backups").settings();
    assertThat(open.placement("index/i1", StorageTier.COLD)).as("no rules: the request decides").isEqualTo(StorageTier.COLD);
  }

  @Test
  void buildersRejectBadValues() {
    var b = S3ObjectStore.builder().connection(connection);
    assertThatThrownBy(() -> b.bucket("Bad_Bucket")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.prefix("a/../b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.multipart(1024, 1024)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.storageClass(StorageTier.COLD, "standard ia")).isInstanceOf(IllegalArgumentException.class);
    b.placement("data/", StorageTier.COLD);
    assertThatThrownBy(() -> b.placement("data/", StorageTier.ARCHIVE)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(b::settings).isInstanceOf(IllegalStateException.class).hasMessageContaining("bucket");
    assertThatThrownBy(() -> S3Connection.builder().endpoint(java.net.URI.create("http://user:pw@host:9000")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("pw");
  }

  @Test
  void keysFollowTheObjectStoreRules() {
    S3ObjectStore.checkKey("data/ab/cdef");
    for (String bad : new String[] {"", "/a", "a/", "a//b", "a/../b", "./a", "a\\b", "a\u00e9"}) {
      assertThatThrownBy(() -> S3ObjectStore.checkKey(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void restoredObjectsCarryTheirMetadataAndTagsButNoTransferArtifacts() {
    Entry e = Entry.file("a/b.txt", 3, Instant.EPOCH).withAttributes(Map.of(
        "s3.content-type", "text/plain;charset=utf-8", "s3.content-encoding", "gzip, aws-chunked",
        "s3.meta.owner", "u1", "s3.tag.team", "data & ml", "s3.storage-class", "GLACIER"));
    ObjectAttributes a = BucketObjects.attributesOf(e, false);
    assertThat(a.contentType()).isEqualTo("text/plain;charset=UTF-8");
    assertThat(a.contentEncoding()).isEqualTo("gzip");
    assertThat(a.metadata()).containsExactly(Map.entry("owner", "u1"));
    assertThat(a.tagging()).isEqualTo("team=data%20%26%20ml");
    assertThat(a.storageClass()).isNull();
    assertThat(BucketObjects.attributesOf(e, true).storageClass()).isEqualTo("GLACIER");
    assertThat(BucketObjects.objectEncoding("aws-chunked")).isNull();
  }
}
