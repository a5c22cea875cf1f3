package dev.resilience.evidence;

import dev.resilience.IntegrityException;
import dev.resilience.internal.evidence.AttestationPredicate;
import dev.resilience.internal.evidence.Jcs;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Signed attestations for a period, in the supply-chain ecosystem's format: an in-toto Statement v1
 * inside a DSSE envelope signed with Ed25519.
 *
 * <p>The statement's subjects are the snapshots backed up in the period ({@code snapshot:<id>} with the
 * snapshot's content SHA-256, from the backup records' {@code contentDigest}) and the evidence log
 * itself ({@code evidence-log}, digest = hash of the log's last record: an anchor against truncation).
 * The predicate ({@value #PREDICATE_TYPE}) summarises backups (count, failures, bytes, per dataset,
 * copies), drills (measured duration against RTO) and retention actions (decisions, deletions, legal
 * holds), and names the log's last sequence number and hash.
 */
public final class Attestations {
  /** DSSE payload type of in-toto statements. */
  public static final String PAYLOAD_TYPE = "application/vnd.in-toto+json";
  /** in-toto statement type. */
  public static final String STATEMENT_TYPE = AttestationPredicate.STATEMENT_TYPE;
  /** Predicate type of the evidence summary. */
  public static final String PREDICATE_TYPE = AttestationPredicate.PREDICATE_TYPE;

  private Attestations() {}

  /** The unsigned statement for {@code [from, to)} over a (verified) log. */
  public static Map<String, Object> statement(List<EvidenceRecord> log, Instant from, Instant to) {
    Objects.requireNonNull(log, "log");
    checkPeriod(from, to);
    return AttestationPredicate.statement(log, from, to);
  }

  /** Builds and signs the attestation for {@code [from, to)}. */
  public static DsseEnvelope export(List<EvidenceRecord> log, Instant from, Instant to, SigningKey key) {
    Objects.requireNonNull(key, "key");
    byte[] payload = Jcs.canonicalBytes(statement(log, from, to));
    return DsseEnvelope.sign(PAYLOAD_TYPE, payload, key);
  }

  /**
   * Verifies an attestation with the given public key(s) and returns its statement.
   *
   * @throws IntegrityException if no signature verifies with any of {@code keys}, or the envelope does
   *     not carry an in-toto statement
   */
  public static Map<String, Object> verify(DsseEnvelope envelope, Collection<PublicKey> keys) {
    Objects.requireNonNull(envelope, "envelope");
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("at least one public key is required");
    }
    if (!PAYLOAD_TYPE.equals(envelope.payloadType())) {
      throw new IntegrityException("attestation payload type is " + envelope.payloadType() + ", expected " + PAYLOAD_TYPE);
    }
    byte[] pae = DsseEnvelope.pae(envelope.payloadType(), envelope.payload());
    boolean verified = envelope.signatures().stream()
        .anyMatch(s -> keys.stream().anyMatch(k -> EvidenceKeys.verify(k, pae, s.sig())));
    if (!verified) {
      throw new IntegrityException("attestation signature does not verify with the given public key(s)");
    }
    Map<String, Object> statement;
    try {
      statement = Jcs.parseObject(new String(envelope.payload(), java.nio.charset.StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new IntegrityException("attestation payload is not JSON", e);
    }
    if (!STATEMENT_TYPE.equals(statement.get("_type"))) {
      throw new IntegrityException("attestation payload is not an in-toto Statement v1");
    }
    return statement;
  }

  private static void checkPeriod(Instant from, Instant to) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("from must be before to");
    }
  }
}
