package dev.resilience.evidence;

import dev.resilience.internal.evidence.Jcs;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A signed checkpoint of a log: "at {@code time} the log had {@code sequence} records and the last one
 * hashed to {@code hash}". A hash chain alone cannot reveal that its newest records were cut off (the
 * shorter log is still a valid chain); a head kept somewhere else (a file the
 * {@link EvidenceLog.Builder#headFile head file}, an attestation, a ticket) is the anchor that makes such
 * truncation detectable: {@link EvidenceVerifier} reports the first missing record.
 *
 * @param sequence sequence number of the last record covered
 * @param hash hash of that record
 * @param time when the head was signed
 * @param keyId signing key id
 * @param signature base64 Ed25519 signature over the canonical JSON without {@code sig}
 */
public record EvidenceHead(long sequence, String hash, Instant time, String keyId, String signature) {
  public EvidenceHead {
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must be >= 0");
    }
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(signature, "signature");
  }

  static EvidenceHead sign(long sequence, String hash, Instant time, SigningKey key) {
    String sig = Base64.getEncoder().encodeToString(key.sign(signedBytes(sequence, hash, time, key.keyId())));
    return new EvidenceHead(sequence, hash, time, key.keyId(), sig);
  }

  /** Whether the signature verifies with {@code key}. */
  public boolean verifiesWith(PublicKey key) {
    try {
      return EvidenceKeys.verify(key, signedBytes(sequence, hash, time, keyId), Base64.getDecoder().decode(signature));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] signedBytes(long sequence, String hash, Instant time, String keyId) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "resilience-evidence-head");
    m.put("seq", sequence);
    m.put("hash", hash);
    m.put("time", time.toString());
    m.put("keyId", keyId);
    return Jcs.canonicalize(m).getBytes(StandardCharsets.UTF_8);
  }

  /** Canonical JSON form. */
  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "resilience-evidence-head");
    m.put("seq", sequence);
    m.put("hash", hash);
    m.put("time", time.toString());
    m.put("keyId", keyId);
    m.put("sig", signature);
    return Jcs.canonicalize(m);
  }

  /** Parses {@link #toJson()} output. */
  public static EvidenceHead fromJson(String json) {
    Map<String, Object> m = Jcs.parseObject(json.strip());
    if (!"resilience-evidence-head".equals(m.get("type"))) {
      throw new IllegalArgumentException("not an evidence head");
    }
    try {
      return new EvidenceHead((Long) m.get("seq"), (String) m.get("hash"), Instant.parse((String) m.get("time")),
          (String) m.get("keyId"), (String) m.get("sig"));
    } catch (ClassCastException | NullPointerException | java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("malformed evidence head", e);
    }
  }
}
