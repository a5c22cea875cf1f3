package dev.resilience.cli;

import dev.resilience.PruneReport;
import dev.resilience.PruneRequest;
import dev.resilience.Repository;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "prune",
    description = "Remove data no snapshot references. Safe while backups run: objects younger than the safety margin are kept.")
final class PruneCommand implements Callable<Integer> {
  @ParentCommand ResilienceCli cli;

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(names = {"-n", "--dry-run"}, description = "Only report what would be removed.")
  boolean dryRun;

  @Option(names = "--repack-threshold", paramLabel = "PERCENT", defaultValue = "50",
      description = "Rewrite packs at least this much unused (default ${DEFAULT-VALUE}%%).")
  int repackPercent;

  @Option(names = "--safety-margin", paramLabel = "DURATION", defaultValue = "PT1H",
      description = "Never remove objects younger than this ISO-8601 duration (default ${DEFAULT-VALUE}).")
  Duration safetyMargin;

  static PruneRequest defaultRequest() {
    return PruneRequest.defaults();
  }

  @Override
  public Integer call() {
    if (repackPercent < 0 || repackPercent > 100) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--repack-threshold must be 0..100");
    }
    PruneRequest request = new PruneRequest(dryRun, repackPercent / 100.0, safetyMargin);
    try (Repository repo = cli.access().open()) {
      PruneReport report = repo.prune(request);
      if (cli.json) {
        cli.printJson(summary(report));
      } else {
        print(cli, report);
      }
    }
    return ExitCodes.OK;
  }

  static Map<String, Object> summary(PruneReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("message_type", "summary");
    m.put("dry_run", r.dryRun());
    m.put("packs_deleted", r.packsDeleted());
    m.put("packs_repacked", r.packsRepacked());
    m.put("blobs_removed", r.blobsRemoved());
    m.put("bytes_freed", r.bytesFreed());
    return m;
  }

  static void print(ResilienceCli cli, PruneReport r) {
    cli.say((r.dryRun() ? "would delete " : "deleted ") + r.packsDeleted() + " packs, "
        + (r.dryRun() ? "would repack " : "repacked ") + r.packsRepacked() + " packs, "
        + r.blobsRemoved() + " unused blobs, " + Format.bytes(r.bytesFreed()) + " freed");
  }
}
