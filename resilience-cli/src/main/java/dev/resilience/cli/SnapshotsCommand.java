package dev.resilience.cli;

import dev.resilience.Repository;
import dev.resilience.Snapshot;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "snapshots", description = "List snapshots, oldest first (or the given ones).")
final class SnapshotsCommand implements Callable<Integer> {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  @ParentCommand ResilienceCli cli;

  @Parameters(arity = "0..*", paramLabel = "SNAPSHOT", description = "Snapshot ids, id prefixes, or 'latest'.")
  List<String> ids = new ArrayList<>();

  @Mixin SnapshotFilter filter;

  @Override
  public Integer call() {
    RepositoryAccess access = cli.access();
    try (Repository repo = access.open()) {
      List<Snapshot> list;
      if (ids.isEmpty()) {
        list = filter.select(repo, access);
      } else {
        list = new ArrayList<>();
        for (String id : ids) {
          list.add(filter.resolve(repo, access, id));
        }
      }
      if (cli.json) {
        cli.printJson(list.stream().map(Json::snapshot).collect(Collectors.toList()));
      } else {
        print(list);
      }
    }
    return ExitCodes.OK;
  }

  private void print(List<Snapshot> list) {
    ZoneId zone = ZoneId.systemDefault();
    String header = String.format(Locale.ROOT, "%-8s  %-19s  %-12s  %-11s  %10s  %-8s  %s",
        "ID", "Time", "Tenant", "Kind", "Size", "Status", "Target / Tags");
    cli.say(header);
    cli.say("-".repeat(Math.max(header.length(), 90)));
    for (Snapshot s : list) {
      String tags = s.tags().isEmpty() ? "" : "  " + s.tags().entrySet().stream()
          .map(e -> e.getValue().isEmpty() ? e.getKey() : e.getKey() + "=" + e.getValue())
          .collect(Collectors.joining(","));
      cli.say(String.format(Locale.ROOT, "%-8s  %-19s  %-12s  %-11s  %10s  %-8s  %s%s",
          s.shortId(),
          TIME.format(s.startedAt().atZone(zone)),
          s.tenant() == null ? "" : s.tenant(),
          s.kind().name().toLowerCase(Locale.ROOT),
          Format.bytesShort(s.stats().totalBytes()),
          s.status().name().toLowerCase(Locale.ROOT),
          s.target(),
          tags));
    }
    cli.say("-".repeat(Math.max(header.length(), 90)));
    cli.say(list.size() + " snapshots");
  }
}
