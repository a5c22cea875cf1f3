package dev.resilience.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilience.ConfigurationException;
import dev.resilience.Providers;
import dev.resilience.spi.BackupTarget;
import dev.resilience.spi.ObjectStore;
import dev.resilience.spi.StorageTier;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ServiceLoader providers parse their configuration strictly and never echo secrets. */
class S3ProvidersTest {
  private final Providers providers = Providers.using(getClass().getClassLoader());

  @Test
  void objectStoreFromConfiguration() {
    try (ObjectStore store = providers.objectStore("s3", Map.of("endpoint", "http://127.0.0.1:9000", "bucket", "backups",
        "prefix", "prod", "access-key", "AKIAEXAMPLE", "secret-key", "very-secret", "cold-prefixes", "data/",
        "storage-class.cold", "GLACIER_IR", "conditional-writes", "emulated"))) {
      S3ObjectStore s3 = (S3ObjectStore) store;
      assertThat(store.describe()).isEqualTo("s3://backups/prod at 127.0.0.1:9000").doesNotContain("very-secret");
      assertThat(s3.settings().prefix()).isEqualTo("prod/");
      assertThat(s3.settings().connection().pathStyle()).isTrue();
      assertThat(s3.settings().connection().checksumsWhenRequired()).isTrue();
      assertThat(s3.settings().placement("data/pack1", StorageTier.HOT)).isEqualTo(StorageTier.COLD);
      assertThat(s3.settings().placement("index/i1", StorageTier.ARCHIVE)).isEqualTo(StorageTier.HOT);
      assertThat(s3.settings().storageClass(StorageTier.COLD)).isEqualTo("GLACIER_IR");
      assertThat(s3.settings().toString()).doesNotContain("very-secret");
    }
  }

  @Test
  void unknownKeysAndBadValuesAreConfigurationErrorsWithoutSecrets() {
    assertThatThrownBy(() -> providers.objectStore("s3", Map.of("bucket", "b1x", "bukket", "x")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("bukket").hasMessageContaining("known:");
    assertThatThrownBy(() -> providers.objectStore("s3", Map.of("prefix", "p")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("bucket");
    assertThatThrownBy(() -> providers.objectStore("s3", Map.of("bucket", "b1x", "access-key", "AK", "secret-key", "sssecret",
        "endpoint", "ftp://nope")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("endpoint").hasMessageNotContaining("sssecret");
    assertThatThrownBy(() -> providers.objectStore("s3", Map.of("bucket", "b1x", "access-key", "AK")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("secret-key");
    assertThatThrownBy(() -> providers.objectStore("s3", Map.of("bucket", "b1x", "access-key-env", "RESILIENCE_NO_SUCH_VAR_1",
        "secret-key-env", "RESILIENCE_NO_SUCH_VAR_2")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("RESILIENCE_NO_SUCH_VAR_1");
  }

  @Test
  void bucketTargetFromConfiguration() {
    BackupTarget target = providers.backupTarget("s3-bucket", Map.of("bucket", "uploads", "prefix", "tenant-a",
        "endpoint", "http://localhost:9000", "access-key", "AK", "secret-key", "SK", "parallelism", "8"));
    assertThat(target.name()).isEqualTo("s3://uploads/tenant-a/@localhost:9000");
    ((S3BucketTarget) target).close();
  }

  @Test
  void connectionToStringHidesTheSecret() {
    S3Connection c = S3Connection.builder().credentials("AKIDEXAMPLE", "wJalrXUtnFEMI").build();
    assertThat(c.toString()).contains("AKIDEXAMPLE").doesNotContain("wJalrXUtnFEMI");
    assertThat(c.checksumsWhenRequired()).isFalse();
  }
}
