package dev.resilience.evidence;

import dev.resilience.evidence.EvidenceProblem.Kind;
import dev.resilience.internal.evidence.Digests;
import dev.resilience.internal.evidence.Jcs;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Verifies an evidence log offline, with nothing but its records and the trusted public key(s), and names
 * the first record where it was changed.
 *
 * <p>Checks, record by record: canonical JSON; sequence numbers 1, 2, 3, ... without gaps; {@code prev}
 * equal to the hash of the previous record; an Ed25519 signature by the current key. The first record
 * must be signed by a trusted key; a valid {@link EvidenceAction#KEY_ROTATION} record switches the current
 * key to the one it names (and the old key is no longer accepted).
 *
 * <p><b>Detected without an anchor:</b> an edited record (its signature fails), a deleted record (a gap
 * in the sequence), an inserted record (a sequence number out of place, or a record not signed by the
 * current key followed by the genuine one), records reordered (the expected record appears later), records
 * removed from the start (the first record is not sequence 1 with a zero {@code prev}), and records
 * spliced in from another chain. <b>Not detectable without an anchor:</b> records cut off the <em>end</em>
 * of the log (what remains is a valid, shorter chain), and a whole log rewritten by someone holding the
 * private signing key. Anchors close the first gap: an expected record count, an expected last hash (for
 * example from an earlier verification or an attestation's predicate), or a signed {@link EvidenceHead}
 * kept apart from the log; with one, truncation is reported at the first missing sequence number.
 */
public final class EvidenceVerifier {
  private final Map<String, PublicKey> trusted;
  private final Long expectedCount;
  private final Long anchorSequence;
  private final String anchorHash;
  private final EvidenceHead head;
  private final long startSequence;
  private final String startHash;

  private EvidenceVerifier(Builder b) {
    this.trusted = Map.copyOf(b.trusted);
    this.expectedCount = b.expectedCount;
    this.anchorSequence = b.anchorSequence;
    this.anchorHash = b.anchorHash;
    this.head = b.head;
    this.startSequence = b.startSequence;
    this.startHash = b.startHash;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Verifies with these trusted keys and no anchor. */
  public static EvidenceVerifier trusting(PublicKey... keys) {
    Builder b = builder();
    for (PublicKey k : keys) {
      b.trust(k);
    }
    return b.build();
  }

  /** Verifies records in log order (for example {@link dev.resilience.spi.EvidenceSink#readAll()}). */
  public EvidenceVerification verify(List<String> lines) {
    Objects.requireNonNull(lines, "lines");
    int n = lines.size();
    long[] seqs = new long[n];
    for (int i = 0; i < n; i++) {
      seqs[i] = peekSequence(lines.get(i));
    }
    Chain chain = new Chain(startSequence, startHash);
    for (int p = 0; p < n; p++) {
      EvidenceProblem problem = checkRecord(lines.get(p), p, seqs, chain);
      if (problem != null) {
        return chain.result(problem, anchored());
      }
    }
    return chain.result(checkAnchors(chain), anchored());
  }

  private boolean anchored() {
    return expectedCount != null || anchorHash != null || head != null;
  }

  private EvidenceProblem checkRecord(String line, int p, long[] seqs, Chain chain) {
    long e = chain.nextSequence();
    Map<String, Object> raw;
    EvidenceRecord r;
    try {
      raw = Jcs.parseObject(line);
      r = EvidenceRecord.fromJson(raw);
    } catch (IllegalArgumentException ex) {
      return new EvidenceProblem(Kind.MALFORMED, p, e, at(p, e) + " is malformed: " + ex.getMessage());
    }
    long s = r.sequence();
    if (s > e) {
      for (int q = p + 1; q < seqs.length; q++) {
        if (seqs[q] == e) {
          return new EvidenceProblem(Kind.REORDERED, p, e, at(p, e) + " has seq " + s
              + " but seq " + e + " comes later, at position " + (q + 1) + ": records were reordered");
        }
      }
      return new EvidenceProblem(Kind.DELETED, p, e, "record seq " + e + (s - e > 1 ? ".." + (s - 1) : "")
          + " missing before position " + (p + 1) + " (which has seq " + s + "): " + (s - e) + " record(s) deleted");
    }
    if (s < e) {
      return new EvidenceProblem(Kind.INSERTED, p, e, at(p, e) + " has seq " + s
          + ", already seen: a record was inserted or replayed");
    }
    if (!Jcs.canonicalize(raw).equals(line)) {
      return new EvidenceProblem(Kind.EDITED, p, e, at(p, e) + " is not in canonical JSON form: it was rewritten");
    }
    boolean nextHasSameSeq = p + 1 < seqs.length && seqs[p + 1] == e;
    PublicKey key = chain.currentKey != null ? (r.keyId().equals(chain.currentKeyId) ? chain.currentKey : null)
        : trusted.get(r.keyId());
    if (key == null || !signatureValid(raw, key)) {
      if (nextHasSameSeq) {
        return new EvidenceProblem(Kind.INSERTED, p, e, at(p, e) + " does not verify and the next record has the"
            + " same seq: a record was inserted");
      }
      if (key == null) {
        return new EvidenceProblem(Kind.UNTRUSTED_KEY, p, e, at(p, e) + " is signed by key " + r.keyId()
            + (chain.currentKeyId == null ? ", which is not trusted" : " but the current key is " + chain.currentKeyId));
      }
      return new EvidenceProblem(Kind.EDITED, p, e, at(p, e) + " was edited: its signature does not verify");
    }
    if (!r.prevHash().equals(chain.lastHash())) {
      return new EvidenceProblem(Kind.BROKEN_CHAIN, p, e, at(p, e) + " does not chain to "
          + (p > 0 ? "the previous record" : startSequence > 0 ? "the record it should continue from (seq "
              + startSequence + ")" : "the start of a log (prev is not zero): earlier records were removed"));
    }
    chain.accept(line, r, key);
    if (r.action() == EvidenceAction.KEY_ROTATION) {
      try {
        PublicKey next = EvidenceKeys.publicKey(Base64.getDecoder().decode(r.detailString("nextPublicKey")));
        if (!EvidenceKeys.keyId(next).equals(r.detailString("nextKeyId"))) {
          throw new IllegalArgumentException("nextKeyId does not match nextPublicKey");
        }
        chain.rotate(next);
      } catch (RuntimeException ex) {
        return new EvidenceProblem(Kind.MALFORMED, p, e, at(p, e) + " is a key rotation without a valid next key: "
            + ex.getMessage());
      }
    }
    return null;
  }

  private EvidenceProblem checkAnchors(Chain chain) {
    if (expectedCount != null && chain.lastSequence() < expectedCount) {
      return truncated(chain, expectedCount + " records expected");
    }
    if (head != null) {
      boolean ok = chain.keys.values().stream().anyMatch(head::verifiesWith)
          || (chain.keys.isEmpty() && trusted.values().stream().anyMatch(head::verifiesWith));
      if (!ok) {
        return new EvidenceProblem(Kind.BAD_ANCHOR, chain.hashes.size(), head.sequence(),
            "the signed head (seq " + head.sequence() + ") does not verify with the log's keys");
      }
      EvidenceProblem p = checkSequenceAnchor(chain, head.sequence(), head.hash());
      if (p != null) {
        return p;
      }
    }
    if (anchorHash != null) {
      if (anchorSequence != null) {
        return checkSequenceAnchor(chain, anchorSequence, anchorHash);
      }
      if (!chain.hashes.contains(anchorHash)) {
        return truncated(chain, "the anchored last record " + anchorHash.substring(0, Math.min(12, anchorHash.length()))
            + "... is not in the log");
      }
    }
    return null;
  }

  private static EvidenceProblem checkSequenceAnchor(Chain chain, long seq, String hash) {
    if (chain.lastSequence() < seq) {
      return truncated(chain, "the anchor covers " + seq + " records");
    }
    int index = (int) (seq - chain.offset - 1);
    if (index >= 0 && !chain.hashes.get(index).equals(hash)) {
      return new EvidenceProblem(Kind.EDITED, index, seq, at(index, seq)
          + " differs from the anchored record (hash mismatch): the log was rewritten");
    }
    return null;
  }

  private static EvidenceProblem truncated(Chain chain, String why) {
    long last = chain.lastSequence();
    return new EvidenceProblem(Kind.TRUNCATED, chain.hashes.size(), last + 1, "log ends after seq " + last + " but "
        + why + ": records from seq " + (last + 1) + " on were removed");
  }

  private static boolean signatureValid(Map<String, Object> raw, PublicKey key) {
    Map<String, Object> unsigned = new LinkedHashMap<>(raw);
    Object sig = unsigned.remove("sig");
    if (!(sig instanceof String s)) {
      return false;
    }
    try {
      return EvidenceKeys.verify(key, Jcs.canonicalize(unsigned).getBytes(StandardCharsets.UTF_8),
          Base64.getDecoder().decode(s));
    } catch (IllegalArgumentException ex) {
      return false;
    }
  }

  private static long peekSequence(String line) {
    try {
      return Jcs.parseObject(line).get("seq") instanceof Long l ? l : -1;
    } catch (IllegalArgumentException e) {
      return -1;
    }
  }

  private static String at(int index, long seq) {
    return "record at position " + (index + 1) + " (seq " + seq + ")";
  }

  /** State while walking the chain. */
  private static final class Chain {
    final long offset;
    final String startHash;
    final List<String> hashes = new ArrayList<>();
    final List<EvidenceRecord> parsed = new ArrayList<>();
    final Map<String, PublicKey> keys = new LinkedHashMap<>();
    PublicKey currentKey;
    String currentKeyId;

    Chain(long offset, String startHash) {
      this.offset = offset;
      this.startHash = startHash;
    }

    long nextSequence() {
      return offset + hashes.size() + 1;
    }

    long lastSequence() {
      return offset + hashes.size();
    }

    String lastHash() {
      return hashes.isEmpty() ? startHash : hashes.get(hashes.size() - 1);
    }

    void accept(String line, EvidenceRecord r, PublicKey key) {
      hashes.add(Digests.recordHash(line));
      parsed.add(r);
      if (currentKey == null) {
        currentKey = key;
        currentKeyId = r.keyId();
        keys.put(currentKeyId, key);
      }
    }

    void rotate(PublicKey next) {
      currentKey = next;
      currentKeyId = EvidenceKeys.keyId(next);
      keys.put(currentKeyId, next);
    }

    EvidenceVerification result(EvidenceProblem problem, boolean anchored) {
      return new EvidenceVerification(hashes.size(), lastSequence(), lastHash(), new ArrayList<>(keys.keySet()), anchored,
          problem, parsed);
    }
  }

  /** Trusted keys and optional anchors. */
  public static final class Builder {
    private final Map<String, PublicKey> trusted = new LinkedHashMap<>();
    private Long expectedCount;
    private Long anchorSequence;
    private String anchorHash;
    private EvidenceHead head;
    private long startSequence;
    private String startHash = Digests.GENESIS;

    private Builder() {}

    /**
     * Verifies a log whose earlier records were archived: the first record given must have sequence
     * {@code sequence + 1} and chain to {@code hash} (the last verified record, from an earlier
     * verification or an attestation), and be signed by a trusted key (the key current at that point).
     */
    public Builder continueFrom(long sequence, String hash) {
      if (startSequence != 0) {
        throw new IllegalStateException("continueFrom already set");
      }
      if (sequence < 1) {
        throw new IllegalArgumentException("sequence must be >= 1");
      }
      if (hash == null || !hash.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException("hash must be 64 lower-case hex digits");
      }
      this.startSequence = sequence;
      this.startHash = hash;
      return this;
    }

    /** Trusts {@code key} to sign the first record of a log. */
    public Builder trust(PublicKey key) {
      Objects.requireNonNull(key, "key");
      trusted.put(EvidenceKeys.keyId(key), key);
      return this;
    }

    /** Trusts every key in PEM text. */
    public Builder trustPem(String pem) {
      EvidenceKeys.parsePem(pem).forEach(this::trust);
      return this;
    }

    /** The log must have at least this many records. */
    public Builder expectCount(long count) {
      if (expectedCount != null) {
        throw new IllegalStateException("expectCount already set");
      }
      if (count < 0) {
        throw new IllegalArgumentException("count must be >= 0");
      }
      this.expectedCount = count;
      return this;
    }

    /** The log must contain a record with this hash (a previous last hash). */
    public Builder expectLastHash(String hash) {
      return expectLast(null, hash);
    }

    /** Record {@code sequence} must exist and have {@code hash}. */
    public Builder expectLast(Long sequence, String hash) {
      if (anchorHash != null) {
        throw new IllegalStateException("expected last record already set");
      }
      if (hash == null || !hash.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException("hash must be 64 lower-case hex digits");
      }
      if (sequence != null && sequence < 1) {
        throw new IllegalArgumentException("sequence must be >= 1");
      }
      this.anchorSequence = sequence;
      this.anchorHash = hash;
      return this;
    }

    /** A signed head that the log must reach. */
    public Builder expectHead(EvidenceHead head) {
      if (this.head != null) {
        throw new IllegalStateException("head already set");
      }
      this.head = Objects.requireNonNull(head, "head");
      return this;
    }

    public EvidenceVerifier build() {
      if (trusted.isEmpty()) {
        throw new IllegalStateException("at least one trusted public key is required");
      }
      return new EvidenceVerifier(this);
    }
  }
}
