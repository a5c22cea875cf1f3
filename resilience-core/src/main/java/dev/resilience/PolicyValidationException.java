package dev.resilience;

import java.util.List;

/** A policy or policy document is invalid; {@link #problems()} lists every problem with its path. */
public class PolicyValidationException extends ConfigurationException {
  private static final long serialVersionUID = 1L;
  private final List<String> problems;

  public PolicyValidationException(List<String> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem, each as {@code path: message} (e.g. {@code datasets[2].retention.hot: must be ≥ 1 day}). */
  public List<String> problems() {
    return problems;
  }

  private static String message(List<String> problems) {
    StringBuilder sb = new StringBuilder("invalid policy (" + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + "):");
    for (String p : problems) {
      sb.append("\n  - ").append(p);
    }
    return sb.toString();
  }
}
