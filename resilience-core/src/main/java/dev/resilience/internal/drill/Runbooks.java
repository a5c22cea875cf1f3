package dev.resilience.internal.drill;

import dev.resilience.DatasetPolicy;
import dev.resilience.DatasetStatus;
import dev.resilience.DrillResult;
import dev.resilience.Schedule;
import dev.resilience.internal.policy.Durations;
import dev.resilience.spi.VerificationResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The disaster-recovery runbook of one dataset, in Markdown, from its policy, status and last drill. */
public final class Runbooks {
  private Runbooks() {}

  public static String markdown(DatasetPolicy p, String targetName, String repository, Map<String, String> replicas,
      DatasetStatus status, Optional<DrillResult> lastDrill) {
    StringBuilder md = new StringBuilder();
    md.append("# DR runbook: ").append(p.id()).append("\n\n");
    md.append("## What is protected\n\n");
    md.append("| | |\n|---|---|\n");
    row(md, "Tenant", p.tenant());
    row(md, "Dataset", p.dataset());
    row(md, "Source", "`" + targetName + "`");
    row(md, "Classification", p.classification() + (p.alsoClassified().isEmpty() ? "" : " (also " + p.alsoClassified() + ")"));
    row(md, "Full backups", schedule(p.full()));
    row(md, "Incremental backups", p.incremental() == null ? "none" : schedule(p.incremental()));
    row(md, "Retention", retention(p));
    md.append("\n## Where copies live\n\n");
    md.append("- Primary repository: `").append(repository).append("`\n");
    if (replicas.isEmpty()) {
      md.append("- No second repository is configured.\n");
    }
    replicas.forEach((name, where) -> md.append("- Replica `").append(name).append("`: `").append(where).append("`\n"));
    md.append("\n## Objectives and current state\n\n");
    md.append("| | objective | now |\n|---|---|---|\n");
    md.append("| RPO | ").append(fmt(p.rpo())).append(" | ")
        .append(status.lastRestorablePoint() == null ? "no restorable snapshot"
            : "newest restorable point " + status.lastRestorablePoint() + " (" + fmt(status.rpoAge()) + " old)")
        .append(status.rpoBreached() ? " **BREACHED**" : "").append(" |\n");
    md.append("| RTO | ").append(p.rto() == null ? "not set" : fmt(p.rto())).append(" | ")
        .append(lastDrill.map(d -> "last drill recovered in " + human(d.recoveryTime()) + (d.withinRto() ? "" : " **BREACHED**"))
            .orElse("no drill recorded"))
        .append(" |\n");
    md.append("\n## Last drill\n\n");
    if (lastDrill.isEmpty()) {
      md.append("No drill has run yet. Run one with `engine.drill(\"").append(p.tenant()).append("\", \"")
          .append(p.dataset()).append("\")`.\n");
    } else {
      DrillResult d = lastDrill.get();
      md.append("Started ").append(d.startedAt()).append(", restored snapshot `").append(d.snapshotId()).append("` (taken ")
          .append(d.snapshotTakenAt()).append(") into ").append(d.sandbox()).append(". Result: **")
          .append(d.passed() ? "passed" : "failed").append("**").append(d.error() == null ? "" : " (" + d.error() + ")")
          .append(".\n\n| step | duration | detail |\n|---|---|---|\n");
      for (DrillResult.Step s : d.steps()) {
        md.append("| ").append(s.name()).append(" | ").append(millis(s.duration())).append(" | ")
            .append(s.detail() == null ? "" : s.detail().replace("|", "\\|")).append(" |\n");
      }
      md.append("\n");
      for (VerificationResult v : d.verifications()) {
        md.append("- ").append(v.passed() ? "✅ " : "❌ ").append(v.verifier()).append(": ").append(v.summary()).append("\n");
      }
    }
    md.append("\n## Restore\n\n");
    String repo = "-r " + repository + " -p <password-file>";
    String id = status.lastSnapshotId() == null ? "<snapshot-id>" : status.lastSnapshotId();
    md.append("1. Find the snapshot to restore (oldest first; the newest restorable one is `").append(id).append("`):\n\n")
        .append("   ```\n   resilience snapshots ").append(repo).append(" --tenant ").append(p.tenant())
        .append(" --target-name '").append(targetName).append("'\n   ```\n");
    md.append("2. Restore it into an empty directory (or into the original place), optionally throttled:\n\n")
        .append("   ```\n   resilience restore ").append(id).append(" ").append(repo)
        .append(" --target <empty-dir> --limit-download <KiB/s>\n   ```\n\n")
        .append("   Embedded: `engine.restore(\"").append(id).append("\", destinationTarget)`.\n");
    md.append("3. If the primary repository is unavailable, open the replica with its key provider and restore from it ")
        .append("(copies are tagged `replica.source-id` with the original snapshot id).\n");
    md.append("4. Verify the repository (`resilience check ").append(repo)
        .append(" --read-data`), then run the dataset's own checks on the restored data.\n");
    return md.toString();
  }

  private static String schedule(Schedule s) {
    return "`" + s.cron() + "` (" + s.zone() + "), start window " + fmt(s.startWindow())
        + (s.completionWindow() == null ? "" : ", complete within " + fmt(s.completionWindow()));
  }

  private static String retention(DatasetPolicy p) {
    var r = p.retention();
    StringBuilder sb = new StringBuilder();
    List<String> parts = new java.util.ArrayList<>();
    if (r.keepLast() > 0) {
      parts.add("last " + r.keepLast());
    }
    if (r.keepDaily() > 0) {
      parts.add(r.keepDaily() + " daily");
    }
    if (r.keepWeekly() > 0) {
      parts.add(r.keepWeekly() + " weekly");
    }
    if (r.keepMonthly() > 0) {
      parts.add(r.keepMonthly() + " monthly");
    }
    if (r.keepYearly() > 0) {
      parts.add(r.keepYearly() + " yearly");
    }
    sb.append(parts.isEmpty() ? "keep all" : "keep " + String.join(", ", parts));
    if (r.hot() != null) {
      sb.append("; cold after ").append(fmt(r.hot()));
    }
    if (r.cold() != null) {
      sb.append("; deleted after ").append(fmt(r.cold()));
    }
    r.minimumAges().forEach((c, d) -> sb.append("; at least ").append(fmt(d)).append(" (").append(c).append(")"));
    r.maximumAges().forEach((c, d) -> sb.append("; at most ").append(fmt(d)).append(" (").append(c).append(")"));
    if (r.worm() != null) {
      sb.append("; WORM-locked for ").append(fmt(r.worm()));
    }
    return sb.toString();
  }

  private static void row(StringBuilder md, String k, String v) {
    md.append("| ").append(k).append(" | ").append(v).append(" |\n");
  }

  private static String fmt(Duration d) {
    return d == null ? "-" : Durations.format(d.withNanos(0));
  }

  private static String millis(Duration d) {
    return d.toMillis() + " ms";
  }

  private static String human(Duration d) {
    if (d.compareTo(Duration.ofSeconds(1)) < 0) {
      return millis(d);
    }
    if (d.compareTo(Duration.ofMinutes(1)) < 0) {
      return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
    return fmt(d);
  }
}
