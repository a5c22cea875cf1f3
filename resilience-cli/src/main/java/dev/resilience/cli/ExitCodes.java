package dev.resilience.cli;

import dev.resilience.AccessDeniedException;
import dev.resilience.IntegrityException;
import dev.resilience.StoreUnavailableException;

/**
 * Exit codes of the {@code resilience} command. Where restic defines a code for the same condition, the
 * number is restic's, so scripts written for restic keep working.
 *
 * <table>
 *   <caption>exit codes</caption>
 *   <tr><td>0</td><td>success</td></tr>
 *   <tr><td>1</td><td>failure (bad configuration, snapshot not found, policy forbids, anything else)</td></tr>
 *   <tr><td>2</td><td>usage error: unknown command or option, bad option value</td></tr>
 *   <tr><td>3</td><td>backup finished but the snapshot is partial (some source content could not be read)</td></tr>
 *   <tr><td>10</td><td>the repository does not exist</td></tr>
 *   <tr><td>11</td><td>the repository is locked or its store is unavailable (retry later)</td></tr>
 *   <tr><td>12</td><td>wrong password (no key slot opens), or access denied</td></tr>
 *   <tr><td>13</td><td>integrity problem: {@code check} found damage, or a restore met damaged data</td></tr>
 *   <tr><td>130</td><td>interrupted (Ctrl-C)</td></tr>
 * </table>
 */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;
  public static final int PARTIAL_BACKUP = 3;
  public static final int REPOSITORY_MISSING = 10;
  public static final int REPOSITORY_UNAVAILABLE = 11;
  public static final int WRONG_PASSWORD = 12;
  public static final int INTEGRITY = 13;
  public static final int INTERRUPTED = 130;

  private ExitCodes() {}

  /** The exit code for an exception that ended a command. */
  static int of(Throwable t) {
    if (t instanceof RepositoryMissingException) {
      return REPOSITORY_MISSING;
    }
    if (t instanceof StoreUnavailableException) {
      return REPOSITORY_UNAVAILABLE;
    }
    if (t instanceof AccessDeniedException) {
      return WRONG_PASSWORD;
    }
    if (t instanceof IntegrityException) {
      return INTEGRITY;
    }
    if (t instanceof InterruptedException) {
      return INTERRUPTED;
    }
    return FAILURE;
  }
}
