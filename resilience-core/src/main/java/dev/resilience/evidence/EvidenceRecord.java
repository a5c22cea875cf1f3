package dev.resilience.evidence;

import dev.resilience.internal.evidence.Digests;
import dev.resilience.internal.evidence.Jcs;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One signed, chained evidence record. Its stored form is RFC 8785 canonical JSON on one line:
 *
 * <pre>{"action":"backup","actor":"engine@host-1","details":{...},"keyId":"ed25519:...","prev":"&lt;hex&gt;",
 * "seq":1,"sig":"&lt;base64&gt;","subject":{"dataset":"orders","snapshot":"ab12...","tenant":"acme"},
 * "time":"2026-11-23T00:00:00Z","v":1}</pre>
 *
 * <ul>
 *   <li>{@code seq} starts at 1 and increases by one per record, across rotated files;
 *   <li>{@code prev} is the lower-case hex SHA-256 of the previous record's line (UTF-8), 64 zeros for
 *       the first record;
 *   <li>{@code sig} is the base64 Ed25519 signature over the canonical JSON of the record without the
 *       {@code sig} member, made with the key named by {@code keyId}.
 * </ul>
 *
 * @param sequence position in the log, from 1
 * @param time when the record was made
 * @param actor who acted (service instance, operator)
 * @param action what happened
 * @param subject tenant, dataset, snapshot
 * @param details action-specific values (see {@link EvidenceAction}); strings, integers, booleans,
 *     null, lists and maps only
 * @param prevHash hash of the previous record, or 64 zeros
 * @param keyId id of the signing key ({@link SigningKey#keyId()})
 * @param signature base64 signature, or {@code null} for a record not signed yet
 */
public record EvidenceRecord(
    long sequence,
    Instant time,
    String actor,
    EvidenceAction action,
    EvidenceSubject subject,
    Map<String, Object> details,
    String prevHash,
    String keyId,
    String signature) {

  /** Format version written in {@code v}. */
  public static final int VERSION = 1;

  private static final Set<String> FIELDS =
      Set.of("v", "seq", "time", "actor", "action", "subject", "details", "prev", "keyId", "sig");

  @SuppressWarnings("unchecked")
  public EvidenceRecord {
    if (sequence < 1) {
      throw new IllegalArgumentException("sequence must be >= 1");
    }
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    subject = subject == null ? EvidenceSubject.NONE : subject;
    details = details == null ? Map.of() : (Map<String, Object>) Jcs.immutableCopy(details);
    Objects.requireNonNull(prevHash, "prevHash");
    if (!prevHash.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("prevHash must be 64 lower-case hex digits");
    }
    Objects.requireNonNull(keyId, "keyId");
  }

  /** The members that are signed (everything but {@code sig}). */
  Map<String, Object> unsignedJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("v", VERSION);
    m.put("seq", sequence);
    m.put("time", time.toString());
    m.put("actor", actor);
    m.put("action", action.wireName());
    m.put("subject", subject.toJson());
    m.put("details", details);
    m.put("prev", prevHash);
    m.put("keyId", keyId);
    return m;
  }

  /** The canonical JSON line (requires a signature). */
  public String toCanonicalJson() {
    if (signature == null) {
      throw new IllegalStateException("record is not signed");
    }
    Map<String, Object> m = unsignedJson();
    m.put("sig", signature);
    return Jcs.canonicalize(m);
  }

  /** SHA-256 (hex) of this record's canonical line; the next record's {@code prev}. */
  public String hash() {
    return Digests.recordHash(toCanonicalJson());
  }

  /** A string detail, or {@code null} when absent or not a string. */
  public String detailString(String key) {
    return details.get(key) instanceof String s ? s : null;
  }

  /** An integer detail, or {@code null} when absent or not an integer. */
  public Long detailLong(String key) {
    return details.get(key) instanceof Long l ? l : null;
  }

  /** A boolean detail, or {@code null} when absent or not a boolean. */
  public Boolean detailBoolean(String key) {
    return details.get(key) instanceof Boolean b ? b : null;
  }

  /**
   * Parses one stored line. Checks shape only; signatures and the chain are checked by
   * {@link EvidenceVerifier}.
   *
   * @throws IllegalArgumentException if the line is not a well-formed record
   */
  public static EvidenceRecord parse(String line) {
    return fromJson(Jcs.parseObject(line));
  }

  @SuppressWarnings("unchecked")
  static EvidenceRecord fromJson(Map<String, Object> m) {
    for (String key : m.keySet()) {
      if (!FIELDS.contains(key)) {
        throw new IllegalArgumentException("unknown member '" + key + "'");
      }
    }
    if (!Long.valueOf(VERSION).equals(m.get("v"))) {
      throw new IllegalArgumentException("unsupported record version " + m.get("v") + " (this reader knows " + VERSION + ")");
    }
    Object details = m.get("details");
    if (details != null && !(details instanceof Map)) {
      throw new IllegalArgumentException("details is not an object");
    }
    Instant time;
    try {
      time = Instant.parse(required(m, "time", String.class));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("time is not an ISO-8601 instant", e);
    }
    Object sig = m.get("sig");
    if (sig != null && !(sig instanceof String)) {
      throw new IllegalArgumentException("sig is not a string");
    }
    return new EvidenceRecord(
        required(m, "seq", Long.class),
        time,
        required(m, "actor", String.class),
        EvidenceAction.fromWireName(required(m, "action", String.class)),
        EvidenceSubject.fromJson(m.get("subject")),
        (Map<String, Object>) details,
        required(m, "prev", String.class),
        required(m, "keyId", String.class),
        (String) sig);
  }

  private static <T> T required(Map<String, Object> m, String key, Class<T> type) {
    Object v = m.get(key);
    if (!type.isInstance(v)) {
      throw new IllegalArgumentException("member '" + key + "' missing or not a " + type.getSimpleName().toLowerCase());
    }
    return type.cast(v);
  }
}
