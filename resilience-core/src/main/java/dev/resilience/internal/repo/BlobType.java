package dev.resilience.internal.repo;

/** What a blob holds. Data blobs go into {@code data/} packs, tree blobs into {@code meta/} packs. */
public enum BlobType {
  /** A chunk of entry content. */
  DATA(0, "data/"),
  /** A chunk of a snapshot's serialized entry list. */
  TREE(1, "meta/");

  private final int code;
  private final String packPrefix;

  BlobType(int code, String packPrefix) {
    this.code = code;
    this.packPrefix = packPrefix;
  }

  public int code() {
    return code;
  }

  /** Key prefix of the packs holding blobs of this type. */
  public String packPrefix() {
    return packPrefix;
  }

  public static BlobType ofCode(int code) {
    for (BlobType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown blob type " + code);
  }
}
