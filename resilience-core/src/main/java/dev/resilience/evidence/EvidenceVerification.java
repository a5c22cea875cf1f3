package dev.resilience.evidence;

import java.util.List;
import java.util.Optional;

/**
 * Outcome of {@link EvidenceVerifier#verify}.
 *
 * @param records number of records examined
 * @param lastSequence sequence number of the last record (0 for an empty log)
 * @param lastHash hash of the last record (64 zeros for an empty log); an anchor for a later verification
 * @param keyIds ids of the keys that signed the log, in order of use
 * @param anchored whether an anchor (count, hash or signed head) was checked; without one, records cut
 *     off the end of the log cannot be detected
 * @param problem the first problem, or {@code null} when the log is intact
 * @param parsed the parsed records (all of them when intact; those before the problem otherwise)
 */
public record EvidenceVerification(
    int records,
    long lastSequence,
    String lastHash,
    List<String> keyIds,
    boolean anchored,
    EvidenceProblem problem,
    List<EvidenceRecord> parsed) {

  public EvidenceVerification {
    keyIds = List.copyOf(keyIds);
    parsed = List.copyOf(parsed);
  }

  /** Whether every record verified (and the anchor, if any, matched). */
  public boolean intact() {
    return problem == null;
  }

  public Optional<EvidenceProblem> firstProblem() {
    return Optional.ofNullable(problem);
  }
}
