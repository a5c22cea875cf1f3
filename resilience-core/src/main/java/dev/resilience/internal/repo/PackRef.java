package dev.resilience.internal.repo;

import java.util.HexFormat;
import java.util.Objects;

/**
 * Name of a pack: its kind (data or tree blobs) and a random 256-bit id. Stored at
 * {@code data/ab/ab12…} or {@code meta/ab/ab12…}.
 */
public record PackRef(BlobType type, String id) {
  public PackRef {
    Objects.requireNonNull(type, "type");
    if (id == null || id.length() != 64) {
      throw new IllegalArgumentException("pack id must be 64 hex digits");
    }
  }

  public static PackRef random(BlobType type, java.security.SecureRandom random) {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return new PackRef(type, HexFormat.of().formatHex(b));
  }

  /** The object key. */
  public String key() {
    return type.packPrefix() + id.substring(0, 2) + "/" + id;
  }

  /** The pack for an object key, or null if the key is not a pack's. */
  public static PackRef fromKey(String key) {
    for (BlobType t : BlobType.values()) {
      if (key.startsWith(t.packPrefix())) {
        int slash = key.lastIndexOf('/');
        String id = key.substring(slash + 1);
        if (id.length() == 64 && id.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
          return new PackRef(t, id);
        }
      }
    }
    return null;
  }

  // equals and hashCode by hand (see BlobId): no method-handle bootstrap in a short-lived process.
  @Override
  public boolean equals(Object o) {
    return o instanceof PackRef p && type == p.type && id.equals(p.id);
  }

  @Override
  public int hashCode() {
    return 31 * type.hashCode() + id.hashCode();
  }

  @Override
  public String toString() {
    return key();
  }
}
