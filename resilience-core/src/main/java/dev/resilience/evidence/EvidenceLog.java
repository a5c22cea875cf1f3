package dev.resilience.evidence;

import dev.resilience.ConfigurationException;
import dev.resilience.internal.evidence.Digests;
import dev.resilience.internal.evidence.Jcs;
import dev.resilience.spi.EvidenceSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tamper-evident evidence log: builds each record, chains it to the previous one (SHA-256 of the
 * previous record's canonical line), signs it with Ed25519 and appends it to an {@link EvidenceSink}.
 * On start it resumes the chain from the sink's last record, so a restarted service continues the same
 * chain. Thread-safe: records are numbered and appended one at a time.
 *
 * <pre>{@code
 * EvidenceLog log = EvidenceLog.builder()
 *     .sink(JsonLinesEvidenceSink.builder(dir).maxRecords(10_000).build())
 *     .signingKey(sealedKey.unseal(keyProvider))
 *     .actor("billing-service@host-1")
 *     .build();
 * log.record(EvidenceAction.BACKUP, EvidenceSubject.of("acme", "orders", snapshot.id()),
 *     Map.of("contentDigest", snapshot.contentDigest(), "stored", 1234L, "encrypted", true,
 *            "worm", true, "repository", "s3://backups-eu", "region", "eu-west-1"));
 * }</pre>
 *
 * <p>The {@code details} keys each action should carry (and that the controls report reads) are listed
 * on {@link EvidenceAction}. Values are strings, integers, booleans, null, lists and maps.
 */
public final class EvidenceLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EvidenceLog.class);

  private final EvidenceSink sink;
  private final Clock clock;
  private final String actor;
  private final Path headFile;
  private final Object lock = new Object();
  private SigningKey key;
  private long lastSequence;
  private String lastHash;

  private EvidenceLog(Builder b) {
    this.sink = b.sink;
    this.clock = b.clock;
    this.actor = b.actor;
    this.headFile = b.headFile;
    this.key = b.signingKey;
    resume();
  }

  public static Builder builder() {
    return new Builder();
  }

  private void resume() {
    Optional<String> lastLine;
    try {
      lastLine = sink.lastRecord();
    } catch (UnsupportedOperationException e) {
      LOG.warn("evidence sink {} cannot be read back; starting a new chain at sequence 1",
          sink.getClass().getSimpleName());
      lastLine = Optional.empty();
    }
    if (lastLine.isEmpty()) {
      lastSequence = 0;
      lastHash = Digests.GENESIS;
      return;
    }
    String line = lastLine.get();
    EvidenceRecord last;
    try {
      last = EvidenceRecord.parse(line);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("cannot resume evidence chain: last record is malformed: " + e.getMessage(), e);
    }
    lastSequence = last.sequence();
    lastHash = Digests.recordHash(line);
    String expectedKey = last.action() == EvidenceAction.KEY_ROTATION ? last.detailString("nextKeyId") : last.keyId();
    if (!key.keyId().equals(expectedKey)) {
      throw new ConfigurationException("evidence log is signed with key " + expectedKey
          + " since its last record (seq " + lastSequence + ") but the signing key given is " + key.keyId());
    }
  }

  /**
   * Signs, chains and appends a record.
   *
   * @param details action-specific values (see {@link EvidenceAction}); may be empty
   * @return the record as stored
   * @throws dev.resilience.StoreUnavailableException if the sink cannot store it (the sequence is not
   *     consumed)
   */
  public EvidenceRecord record(EvidenceAction action, EvidenceSubject subject, Map<String, ?> details) {
    Objects.requireNonNull(action, "action");
    synchronized (lock) {
      return append(action, subject, details, key);
    }
  }

  /**
   * Rotates the signing key: appends a {@link EvidenceAction#KEY_ROTATION} record, signed by the current
   * key, that names {@code next} (key id and public key); later records are signed by {@code next}.
   * Verifiers that trust the current key thereby learn to trust the next one from that record on.
   */
  public EvidenceRecord rotateKey(SigningKey next) {
    Objects.requireNonNull(next, "next");
    synchronized (lock) {
      if (next.keyId().equals(key.keyId())) {
        throw new IllegalArgumentException("next key is the current key");
      }
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("nextKeyId", next.keyId());
      details.put("nextPublicKey", Base64.getEncoder().encodeToString(next.publicKey().getEncoded()));
      EvidenceRecord r = append(EvidenceAction.KEY_ROTATION, EvidenceSubject.NONE, details, key);
      key = next;
      return r;
    }
  }

  private EvidenceRecord append(EvidenceAction action, EvidenceSubject subject, Map<String, ?> details, SigningKey signer) {
    Map<String, Object> copy = details == null ? Map.of() : new LinkedHashMap<>(details);
    EvidenceRecord unsigned = new EvidenceRecord(lastSequence + 1, clock.instant(), actor, action, subject,
        copy, lastHash, signer.keyId(), null);
    byte[] toSign = Jcs.canonicalize(unsigned.unsignedJson()).getBytes(StandardCharsets.UTF_8);
    String sig = Base64.getEncoder().encodeToString(signer.sign(toSign));
    EvidenceRecord signed = new EvidenceRecord(unsigned.sequence(), unsigned.time(), actor, action,
        unsigned.subject(), unsigned.details(), lastHash, signer.keyId(), sig);
    String line = signed.toCanonicalJson();
    sink.append(line);
    lastSequence = signed.sequence();
    lastHash = Digests.recordHash(line);
    if (headFile != null) {
      writeHead();
    }
    return signed;
  }

  /** A signed checkpoint of the log as it is now (sequence and hash of the last record). */
  public EvidenceHead head() {
    synchronized (lock) {
      return EvidenceHead.sign(lastSequence, lastHash, clock.instant(), key);
    }
  }

  private void writeHead() {
    try {
      AtomicFiles.write(headFile, (EvidenceHead.sign(lastSequence, lastHash, clock.instant(), key).toJson() + "\n")
          .getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // The record itself is stored; a stale head only narrows what truncation checks can see.
      LOG.warn("cannot update evidence head file {} after seq {}: {}", headFile, lastSequence, e.toString());
    }
  }

  /**
   * Signs, with the current key, an in-toto attestation over this log's records in {@code [from, to)}
   * (see {@link Attestations}).
   */
  public DsseEnvelope attest(java.time.Instant from, java.time.Instant to) {
    synchronized (lock) {
      return Attestations.export(records(), from, to, key);
    }
  }

  /** Sequence number of the last record (0 for an empty log). */
  public long lastSequence() {
    synchronized (lock) {
      return lastSequence;
    }
  }

  /** Hash of the last record (64 zeros for an empty log). */
  public String lastHash() {
    synchronized (lock) {
      return lastHash;
    }
  }

  /** Id of the key that signs the next record. */
  public String currentKeyId() {
    synchronized (lock) {
      return key.keyId();
    }
  }

  /** Every record in the sink, parsed (not verified: use {@link EvidenceVerifier} for that). */
  public List<EvidenceRecord> records() {
    List<EvidenceRecord> out = new ArrayList<>();
    for (String line : sink.readAll()) {
      out.add(EvidenceRecord.parse(line));
    }
    return out;
  }

  @Override
  public void close() {
    sink.close();
  }

  /** Builds an {@link EvidenceLog}; each option may be set once. */
  public static final class Builder {
    private EvidenceSink sink;
    private SigningKey signingKey;
    private Clock clock;
    private String actor;
    private Path headFile;

    private Builder() {}

    /** Where records are stored (required). */
    public Builder sink(EvidenceSink sink) {
      once(this.sink, "sink");
      this.sink = Objects.requireNonNull(sink, "sink");
      return this;
    }

    /** The current signing key (required); after a rotation, the key named by the last rotation. */
    public Builder signingKey(SigningKey signingKey) {
      once(this.signingKey, "signingKey");
      this.signingKey = Objects.requireNonNull(signingKey, "signingKey");
      return this;
    }

    /** Clock for record times (default: system UTC). */
    public Builder clock(Clock clock) {
      once(this.clock, "clock");
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Who acts, written into every record (required), e.g. {@code service@host}. */
    public Builder actor(String actor) {
      once(this.actor, "actor");
      if (actor == null || actor.isBlank()) {
        throw new IllegalArgumentException("actor must not be blank");
      }
      this.actor = actor;
      return this;
    }

    /**
     * A file rewritten atomically after every record with a signed {@link EvidenceHead}; keep it (or a
     * copy) where whoever can truncate the log cannot, and pass it to the verifier to detect truncation.
     * Signing the head doubles the signing cost per record. A failed head update is logged, not thrown
     * (the record is already stored).
     */
    public Builder headFile(Path headFile) {
      once(this.headFile, "headFile");
      this.headFile = Objects.requireNonNull(headFile, "headFile");
      return this;
    }

    public EvidenceLog build() {
      if (sink == null || signingKey == null || actor == null) {
        throw new IllegalStateException("sink, signingKey and actor are required");
      }
      if (clock == null) {
        clock = Clock.systemUTC();
      }
      return new EvidenceLog(this);
    }

    private static void once(Object current, String name) {
      if (current != null) {
        throw new IllegalStateException(name + " already set");
      }
    }
  }
}
