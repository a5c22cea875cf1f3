package dev.resilience.cli;

import dev.resilience.Repository;
import dev.resilience.RestoreRequest;
import dev.resilience.RestoreResult;
import dev.resilience.Snapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "restore",
    description = {
      "Restore a snapshot into a directory. SNAPSHOT is an id, a unique id prefix, or 'latest'.",
      "The snapshot's content lands directly under --target (not under its original absolute path)."
    })
final class RestoreCommand implements Callable<Integer> {
  @ParentCommand ResilienceCli cli;

  @Parameters(index = "0", paramLabel = "SNAPSHOT", description = "Snapshot id, id prefix, or 'latest'.")
  String snapshot;

  @Option(names = {"-t", "--target"}, required = true, paramLabel = "DIR", description = "Directory to restore into.")
  Path target;

  @Option(names = {"-i", "--include"}, paramLabel = "PATH", description = "Restore only this path of the snapshot (repeatable).")
  List<String> includes = new ArrayList<>();

  @Option(names = "--limit-download", paramLabel = "KiB/s", defaultValue = "0",
      description = "Limit reading from the repository to this many KiB/s (0: no limit).")
  long limitKiB;

  @Mixin SnapshotFilter filter;

  @Override
  public Integer call() throws Exception {
    RepositoryAccess access = cli.access();
    try (Repository repo = access.open()) {
      Snapshot s = filter.resolve(repo, access, snapshot);
      RestoreRequest.Builder request = RestoreRequest.builder().bytesPerSecond(limitKiB * 1024);
      for (String include : includes) {
        request.path(include);
      }
      if (cli.threads > 0) {
        request.parallelism(cli.threads);
      }
      cli.say("restoring snapshot " + s.shortId() + " of " + s.target() + " at " + s.startedAt() + " to " + target);
      Files.createDirectories(target);
      ProgressBar bar = cli.progress("restore");
      request.progress(ResilienceCli.listenerOf(bar));
      RestoreResult result;
      try {
        result = repo.restore(s.id(), access.directory(target), request.build());
      } finally {
        if (bar != null) {
          bar.finish();
        }
      }
      if (cli.json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("message_type", "summary");
        m.put("snapshot_id", s.id());
        m.put("target", target.toAbsolutePath().normalize().toString());
        m.put("entries_restored", result.entries());
        m.put("bytes_restored", result.bytes());
        m.put("duration_seconds", result.duration().toMillis() / 1000.0);
        cli.printJson(m);
      } else {
        cli.say("restored " + result.entries() + " entries, " + Format.bytes(result.bytes()) + " in " + Format.clock(result.duration()));
      }
    }
    return ExitCodes.OK;
  }
}
