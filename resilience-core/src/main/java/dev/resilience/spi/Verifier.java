package dev.resilience.spi;

/**
 * Checks a backup: structurally (every chunk present and authentic), by reading all data (decrypt and
 * hash), or after a restore into a sandbox (row counts, checksums, custom queries).
 *
 * <p><b>Contract.</b> Returns a result rather than throwing for a backup that fails verification; throws
 * only when verification itself could not run (e.g. {@link dev.resilience.StoreUnavailableException}).
 */
public interface Verifier {
  /** Short name for reports and evidence. */
  String name();

  VerificationResult verify(VerificationContext context);
}
