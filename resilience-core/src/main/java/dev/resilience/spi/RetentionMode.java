package dev.resilience.spi;

/** WORM retention modes, as S3 Object Lock defines them. */
public enum RetentionMode {
  /** Privileged users may shorten or remove the retention. */
  GOVERNANCE,
  /** Nobody may shorten or remove the retention before it expires. */
  COMPLIANCE
}
