package dev.resilience.evidence;

import java.util.Objects;

/**
 * The first place where a log stops being the log that was written.
 *
 * @param kind what was found
 * @param index zero-based position in the records given to the verifier (for {@link Kind#TRUNCATED}:
 *     the number of records present, i.e. where the first missing record should be)
 * @param sequence sequence number the record at {@code index} should have (for {@link Kind#DELETED} and
 *     {@link Kind#TRUNCATED}: the first missing sequence number)
 * @param message a sentence for people, naming the record
 */
public record EvidenceProblem(Kind kind, int index, long sequence, String message) {
  public EvidenceProblem {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
  }

  /** Kinds of damage or tampering. */
  public enum Kind {
    /** Not a parsable record (not JSON, missing members, unknown version). */
    MALFORMED,
    /** The record's content no longer matches its signature, or it is not in canonical form. */
    EDITED,
    /** A record that does not belong at this position (a replayed or forged record). */
    INSERTED,
    /** One or more records are missing at this position. */
    DELETED,
    /** The record is out of order: the expected record appears later. */
    REORDERED,
    /** Records at the end are missing compared with an anchor (expected count, hash or signed head). */
    TRUNCATED,
    /** Signed by a key that is neither trusted nor named by a key rotation. */
    UNTRUSTED_KEY,
    /** A validly signed record whose {@code prev} does not match the previous record (spliced chain). */
    BROKEN_CHAIN,
    /** The anchor itself (a signed head) does not verify with the log's keys. */
    BAD_ANCHOR
  }
}
