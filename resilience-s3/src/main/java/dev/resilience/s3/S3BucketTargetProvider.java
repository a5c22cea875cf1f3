package dev.resilience.s3;

import dev.resilience.spi.BackupTarget;
import dev.resilience.spi.BackupTargetProvider;
import java.util.Map;
import java.util.Set;

/**
 * ServiceLoader provider {@code s3-bucket}. Keys: {@code bucket} (required), {@code prefix},
 * {@code parallelism}, {@code capture-tags}, {@code keep-storage-classes}, {@code create-bucket}, and the
 * connection keys of the {@code s3} object store ({@code endpoint}, {@code region}, {@code path-style},
 * {@code access-key}/{@code secret-key} or {@code access-key-env}/{@code secret-key-env}, {@code max-attempts}).
 */
public final class S3BucketTargetProvider implements BackupTargetProvider {
  private static final Set<String> KEYS =
      Set.of("bucket", "prefix", "parallelism", "capture-tags", "keep-storage-classes", "create-bucket");

  @Override
  public String name() {
    return "s3-bucket";
  }

  @Override
  public BackupTarget create(Map<String, String> config) {
    ProviderConfig c = new ProviderConfig("backup target 's3-bucket'", config, KEYS, System::getenv);
    S3Connection connection = c.connection();
    return c.check("settings", () -> S3BucketTarget.builder()
        .connection(connection)
        .bucket(c.required("bucket"))
        .prefix(c.optional("prefix", ""))
        .parallelism((int) c.number("parallelism", 4))
        .captureTags(c.flag("capture-tags", true))
        .keepStorageClasses(c.flag("keep-storage-classes", false))
        .createBucket(c.flag("create-bucket", false))
        .build());
  }
}
