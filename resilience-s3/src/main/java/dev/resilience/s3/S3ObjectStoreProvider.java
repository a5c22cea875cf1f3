package dev.resilience.s3;

import dev.resilience.spi.ObjectStore;
import dev.resilience.spi.ObjectStoreProvider;
import dev.resilience.spi.RetentionMode;
import dev.resilience.spi.StorageTier;
import java.util.Map;
import java.util.Set;

/**
 * ServiceLoader provider {@code s3}. Keys: {@code bucket} (required), {@code prefix}, {@code endpoint},
 * {@code region}, {@code path-style} (default true with a custom endpoint), {@code access-key} and
 * {@code secret-key}, or {@code access-key-env} and {@code secret-key-env} naming environment variables
 * (neither: the SDK's default chain), {@code max-attempts}, {@code checksums-when-required},
 * {@code storage-class.cold}, {@code storage-class.archive}, {@code cold-prefixes} (comma-separated key
 * prefixes written COLD; everything else stays HOT), {@code object-lock} ({@code governance} or
 * {@code compliance}), {@code conditional-writes} ({@code auto}, {@code native}, {@code emulated}),
 * {@code multipart-threshold} and {@code part-size} (bytes).
 */
public final class S3ObjectStoreProvider implements ObjectStoreProvider {
  private static final Set<String> KEYS = Set.of("bucket", "prefix", "storage-class.hot", "storage-class.cold",
      "storage-class.archive", "cold-prefixes", "object-lock", "conditional-writes", "multipart-threshold", "part-size");

  @Override
  public String name() {
    return "s3";
  }

  @Override
  public ObjectStore create(Map<String, String> config) {
    ProviderConfig c = new ProviderConfig("object store 's3'", config, KEYS, System::getenv);
    S3Connection connection = c.connection();
    S3ObjectStoreSettings settings = c.check("settings", () -> {
      S3ObjectStoreSettings.Builder b = S3ObjectStore.builder().connection(connection).bucket(c.required("bucket"))
          .prefix(c.optional("prefix", ""));
      b.storageClass(StorageTier.HOT, c.optional("storage-class.hot", "STANDARD"));
      b.storageClass(StorageTier.COLD, c.optional("storage-class.cold", "STANDARD_IA"));
      b.storageClass(StorageTier.ARCHIVE, c.optional("storage-class.archive", "GLACIER"));
      String cold = c.optional("cold-prefixes", null);
      if (cold != null) {
        for (String p : cold.split(",")) {
          if (!p.isBlank()) {
            b.placement(p.trim(), StorageTier.COLD);
          }
        }
      }
      if (c.optional("object-lock", null) != null) {
        b.objectLock(c.choice("object-lock", RetentionMode.class, RetentionMode.COMPLIANCE));
      }
      b.conditionalWrites(c.choice("conditional-writes", S3ObjectStore.ConditionalWrites.class, S3ObjectStore.ConditionalWrites.AUTO));
      long part = c.number("part-size", 16L * 1024 * 1024);
      b.multipart(c.number("multipart-threshold", Math.max(64L * 1024 * 1024, part)), (int) part);
      return b.settings();
    });
    return S3ObjectStore.create(settings);
  }
}
