package dev.resilience.s3;

import dev.resilience.AccessDeniedException;
import dev.resilience.ConfigurationException;
import dev.resilience.NotFoundException;
import dev.resilience.PolicyViolationException;
import dev.resilience.ResilienceException;
import dev.resilience.StoreUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Maps SDK failures onto Resilience's exception hierarchy. Messages name the object, never credentials. */
final class S3Errors {
  private S3Errors() {}

  /** The error code S3 returned ({@code NoSuchKey}, {@code AccessDenied}, ...), or empty. */
  static String code(S3Exception e) {
    return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
        ? ""
        : e.awsErrorDetails().errorCode();
  }

  static boolean isNotFound(SdkException e) {
    return e instanceof S3Exception s && (s.statusCode() == 404 || code(s).equals("NoSuchKey"));
  }

  static boolean isObjectLockRefusal(S3Exception e) {
    String text = (code(e) + " " + e.getMessage()).toLowerCase(Locale.ROOT);
    return (e.statusCode() == 403 || e.statusCode() == 400)
        && (text.contains("object lock") || text.contains("objectlock") || text.contains("retention")
            || text.contains("worm"));
  }

  /**
   * Maps a failure of {@code operation} on {@code what} (e.g. {@code s3://bucket/key}):
   * 404 → {@link NotFoundException}, Object Lock refusal → {@link PolicyViolationException}, 403 →
   * {@link AccessDeniedException}, 429/5xx/IO → {@link StoreUnavailableException} (retryable), 501 →
   * {@link ConfigurationException} (the endpoint lacks a feature), anything else → {@link ResilienceException}.
   */
  static ResilienceException map(String operation, String what, Throwable t) {
    if (t instanceof ResilienceException r) {
      return r;
    }
    if (t instanceof UncheckedIOException || t instanceof IOException) {
      return new StoreUnavailableException(operation + " " + what + " failed: " + t.getMessage(), t);
    }
    if (t instanceof S3Exception e) {
      String code = code(e);
      int status = e.statusCode();
      String detail = operation + " " + what + " failed: " + status + " " + code;
      if (status == 404 || code.equals("NoSuchKey")) {
        return code.equals("NoSuchBucket")
            ? new NotFoundException("bucket of " + what + " does not exist (" + operation + ")", e)
            : new NotFoundException(what + " not found", e);
      }
      if (isObjectLockRefusal(e)) {
        return new PolicyViolationException(
            detail + ": refused by S3 Object Lock retention (" + e.awsErrorDetails().errorMessage() + ")", e);
      }
      if (status == 403) {
        return new AccessDeniedException(detail + " (check the credentials' permissions for this bucket)", e);
      }
      if (status == 429 || status >= 500 && status != 501 || code.equals("SlowDown")
          || code.equals("RequestTimeout")) {
        return new StoreUnavailableException(detail + " (transient; the SDK already retried with backoff)", e);
      }
      if (status == 501) {
        return new ConfigurationException(detail + ": the endpoint does not implement this S3 feature", e);
      }
      return new ResilienceException(detail + ": " + e.awsErrorDetails().errorMessage(), e);
    }
    if (t instanceof SdkClientException) {
      return new StoreUnavailableException(operation + " " + what + " failed: " + t.getMessage(), t);
    }
    if (t instanceof SdkException) {
      return new ResilienceException(operation + " " + what + " failed: " + t.getMessage(), t);
    }
    if (t instanceof RuntimeException r) {
      return new ResilienceException(operation + " " + what + " failed: " + r, r);
    }
    return new ResilienceException(operation + " " + what + " failed", t);
  }
}
