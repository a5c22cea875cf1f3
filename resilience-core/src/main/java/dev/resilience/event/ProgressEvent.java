package dev.resilience.event;

import java.util.Objects;

/**
 * Progress of a running operation. Totals are {@code -1} when not known in advance.
 *
 * @param operation what runs ({@code backup}, {@code restore}, {@code check}, {@code prune}, ...)
 * @param subject what it runs on (target name or snapshot id)
 * @param phase the current phase ({@code scan}, {@code upload}, {@code index}, {@code commit}, ...)
 */
public record ProgressEvent(
    String operation,
    String subject,
    String phase,
    long bytesDone,
    long bytesTotal,
    long filesDone,
    long filesTotal) {
  public ProgressEvent {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(phase, "phase");
  }
}
