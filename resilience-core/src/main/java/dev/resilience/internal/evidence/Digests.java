package dev.resilience.internal.evidence;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers for the evidence chain. */
public final class Digests {
  /** The {@code prev} value of the first record of a log: 64 zeros. */
  public static final String GENESIS = "0".repeat(64);

  private Digests() {}

  public static String sha256Hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  /** Hash of one record line: SHA-256 of its UTF-8 bytes, lower-case hex. */
  public static String recordHash(String canonicalRecord) {
    return sha256Hex(canonicalRecord.getBytes(StandardCharsets.UTF_8));
  }
}
