package dev.resilience.internal.repo;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/** A 256-bit blob id (the keyed hash of the plaintext), compact for large in-memory indexes. */
public record BlobId(long a, long b, long c, long d) implements Comparable<BlobId> {
  private static final HexFormat HEX = HexFormat.of();

  public static BlobId of(byte[] bytes) {
    if (bytes.length != 32) {
      throw new IllegalArgumentException("blob id must be 32 bytes");
    }
    ByteBuffer bb = ByteBuffer.wrap(bytes);
    return new BlobId(bb.getLong(), bb.getLong(), bb.getLong(), bb.getLong());
  }

  public static BlobId read(ByteBuffer bb) {
    return new BlobId(bb.getLong(), bb.getLong(), bb.getLong(), bb.getLong());
  }

  public static BlobId parse(String hex) {
    if (hex.length() != 64) {
      throw new IllegalArgumentException("blob id must be 64 hex digits");
    }
    return of(HEX.parseHex(hex));
  }

  public void write(ByteBuffer bb) {
    bb.putLong(a).putLong(b).putLong(c).putLong(d);
  }

  public byte[] bytes() {
    ByteBuffer bb = ByteBuffer.allocate(32);
    write(bb);
    return bb.array();
  }

  public String hex() {
    return HEX.formatHex(bytes());
  }

  @Override
  public int compareTo(BlobId o) {
    int r = Long.compareUnsigned(a, o.a);
    if (r == 0) r = Long.compareUnsigned(b, o.b);
    if (r == 0) r = Long.compareUnsigned(c, o.c);
    if (r == 0) r = Long.compareUnsigned(d, o.d);
    return r;
  }

  // equals and hashCode by hand: the record's generated ones bootstrap through method handles, which a
  // short CLI process pays for in class spinning and JIT work; these are plain field comparisons.
  @Override
  public boolean equals(Object o) {
    return o instanceof BlobId x && a == x.a && b == x.b && c == x.c && d == x.d;
  }

  @Override
  public int hashCode() {
    // The id is a keyed hash, so any of its words is uniformly distributed.
    return (int) (a ^ (a >>> 32));
  }

  @Override
  public String toString() {
    return hex();
  }
}
