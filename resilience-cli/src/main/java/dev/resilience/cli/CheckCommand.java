package dev.resilience.cli;

import dev.resilience.CheckReport;
import dev.resilience.CheckRequest;
import dev.resilience.Repository;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "check",
    description = {
      "Check the repository: structure always; with --read-data every blob is read, decrypted and hashed;",
      "with --read-data-subset N%% a random N%% of the packs. Exits 13 if any problem is found."
    })
final class CheckCommand implements Callable<Integer> {
  @ParentCommand ResilienceCli cli;

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--read-data", description = "Read all data blobs.")
  boolean readData;

  @Option(names = "--read-data-subset", paramLabel = "N%", description = "Read a random subset of the packs, e.g. 10%%.")
  String subset;

  @Option(names = "--seed", paramLabel = "N", description = "Seed for choosing the subset (default: random).")
  Long seed;

  @Override
  public Integer call() {
    CheckRequest request = request();
    RepositoryAccess access = cli.access();
    try (Repository repo = access.open()) {
      cli.say("checking repository " + access.location().display()
          + (request.readData() ? " (reading " + request.readDataPercent() + "% of the data)" : " (structure)"));
      CheckReport report = repo.check(request);
      if (cli.json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("message_type", "summary");
        m.put("ok", report.ok());
        m.put("snapshots_checked", report.snapshotsChecked());
        m.put("packs_checked", report.packsChecked());
        m.put("blobs_read", report.blobsRead());
        m.put("problems", report.problems());
        cli.printJson(m);
      } else {
        for (String p : report.problems()) {
          cli.err.println("error: " + p);
        }
        cli.say(report.snapshotsChecked() + " snapshots, " + report.packsChecked() + " packs checked, "
            + report.blobsRead() + " blobs read");
        cli.say(report.ok() ? "no errors were found" : report.problems().size() + " problems found");
      }
      return report.ok() ? ExitCodes.OK : ExitCodes.INTEGRITY;
    }
  }

  CheckRequest request() {
    if (subset != null && readData) {
      throw new CommandLine.ParameterException(spec.commandLine(), "use either --read-data or --read-data-subset");
    }
    if (subset == null) {
      return readData ? CheckRequest.readAllData() : CheckRequest.structure();
    }
    String s = subset.trim();
    if (!s.endsWith("%")) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--read-data-subset takes a percentage such as 10%, got '" + subset + "'");
    }
    int percent;
    try {
      percent = (int) Math.ceil(Double.parseDouble(s.substring(0, s.length() - 1)));
    } catch (NumberFormatException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--read-data-subset: not a percentage: '" + subset + "'");
    }
    if (percent < 1 || percent > 100) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--read-data-subset must be between 1% and 100%, got '" + subset + "'");
    }
    return CheckRequest.readDataSubset(percent, seed != null ? seed : new SecureRandom().nextLong());
  }
}
