package dev.resilience.cli;

import dev.resilience.PruneReport;
import dev.resilience.Repository;
import dev.resilience.Snapshot;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "forget",
    description = {
      "Remove snapshots from the catalog: the given ids, or those no --keep-* rule keeps.",
      "Rules are applied per group of snapshots of the same target and tenant, as restic groups by host",
      "and paths. Data is freed only by prune (or --prune)."
    })
final class ForgetCommand implements Callable<Integer> {
  @ParentCommand ResilienceCli cli;

  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "0..*", paramLabel = "SNAPSHOT", description = "Snapshots to forget (ids or prefixes).")
  List<String> ids = new ArrayList<>();

  @Option(names = {"-l", "--keep-last"}, paramLabel = "N", converter = CountConverter.class, description = "Keep the last N snapshots.")
  int last;

  @Option(names = {"-H", "--keep-hourly"}, paramLabel = "N", converter = CountConverter.class, description = "Keep the last N hourly snapshots.")
  int hourly;

  @Option(names = {"-d", "--keep-daily"}, paramLabel = "N", converter = CountConverter.class, description = "Keep the last N daily snapshots.")
  int daily;

  @Option(names = {"-w", "--keep-weekly"}, paramLabel = "N", converter = CountConverter.class, description = "Keep the last N weekly snapshots.")
  int weekly;

  @Option(names = {"-m", "--keep-monthly"}, paramLabel = "N", converter = CountConverter.class, description = "Keep the last N monthly snapshots.")
  int monthly;

  @Option(names = {"-y", "--keep-yearly"}, paramLabel = "N", converter = CountConverter.class, description = "Keep the last N yearly snapshots.")
  int yearly;

  @Option(names = "--keep-within", paramLabel = "DURATION",
      description = "Keep snapshots newer than the newest snapshot minus DURATION (e.g. 1y5m7d2h).")
  String within;

  @Option(names = {"-n", "--dry-run"}, description = "Only print what would be forgotten.")
  boolean dryRun;

  @Option(names = "--prune", description = "Run prune afterwards.")
  boolean prune;

  @Option(names = "--group-by", paramLabel = "FIELDS", defaultValue = "target,tenant",
      description = "Group snapshots by these fields before applying the policy: target, tenant, or '' (default ${DEFAULT-VALUE}).")
  String groupBy;

  @Mixin SnapshotFilter filter;

  /** Accepts a count or {@code unlimited} (as {@code -1}), as restic does. */
  static final class CountConverter implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      if (value.equalsIgnoreCase("unlimited")) {
        return -1;
      }
      int n = Integer.parseInt(value.trim());
      if (n < -1) {
        throw new CommandLine.TypeConversionException("must be >= 0, -1 or 'unlimited', got " + value);
      }
      return n;
    }
  }

  @Override
  public Integer call() {
    KeepPolicy policy;
    try {
      policy = new KeepPolicy(last, hourly, daily, weekly, monthly, yearly,
          within == null ? null : KeepPolicy.Within.parse(within));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (!ids.isEmpty() && !policy.empty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "give either snapshot ids or --keep-* options, not both");
    }
    RepositoryAccess access = cli.access();
    try (Repository repo = access.open()) {
      List<Snapshot> toForget = new ArrayList<>();
      List<Map<String, Object>> jsonGroups = new ArrayList<>();
      if (!ids.isEmpty()) {
        for (String id : ids) {
          toForget.add(filter.resolve(repo, access, id));
        }
      } else if (policy.empty()) {
        cli.say("no policy was specified, no snapshots will be removed");
      } else {
        for (Map.Entry<String, List<Snapshot>> group : groups(filter.select(repo, access)).entrySet()) {
          List<KeepPolicy.Decision> decisions = policy.apply(group.getValue(), ZoneId.systemDefault());
          printGroup(group.getKey(), decisions, jsonGroups);
          for (KeepPolicy.Decision d : decisions) {
            if (!d.keep()) {
              toForget.add(d.snapshot());
            }
          }
        }
      }
      for (Snapshot s : toForget) {
        if (!dryRun) {
          repo.forget(s.id());
        }
      }
      if (!toForget.isEmpty()) {
        cli.say((dryRun ? "would remove " : "removed ") + toForget.size() + " snapshots");
      }
      Map<String, Object> pruneJson = null;
      if (prune && !toForget.isEmpty()) {
        PruneReport report = repo.prune(PruneCommand.defaultRequest().withDryRun(dryRun));
        pruneJson = PruneCommand.summary(report);
        PruneCommand.print(cli, report);
      }
      if (cli.json) {
        if (ids.isEmpty()) {
          cli.printJson(jsonGroups);
        } else {
          cli.printJson(toForget.stream().map(Snapshot::id).toList());
        }
        if (pruneJson != null) {
          cli.printJson(pruneJson);
        }
      }
    }
    return ExitCodes.OK;
  }

  private Map<String, List<Snapshot>> groups(List<Snapshot> snapshots) {
    boolean byTarget = groupBy.contains("target");
    boolean byTenant = groupBy.contains("tenant");
    Map<String, List<Snapshot>> groups = new TreeMap<>();
    for (Snapshot s : snapshots) {
      List<String> key = new ArrayList<>();
      if (byTarget) {
        key.add("target " + s.target());
      }
      if (byTenant) {
        key.add("tenant " + Objects.requireNonNullElse(s.tenant(), "-"));
      }
      groups.computeIfAbsent(String.join(", ", key), k -> new ArrayList<>()).add(s);
    }
    return groups;
  }

  private void printGroup(String group, List<KeepPolicy.Decision> decisions, List<Map<String, Object>> jsonGroups) {
    if (cli.json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("group", group);
      List<Object> keep = new ArrayList<>();
      List<Object> remove = new ArrayList<>();
      List<Object> reasons = new ArrayList<>();
      for (KeepPolicy.Decision d : decisions) {
        if (d.keep()) {
          keep.add(Json.snapshot(d.snapshot()));
          reasons.add(Map.of("snapshot", d.snapshot().id(), "matches", d.reasons()));
        } else {
          remove.add(Json.snapshot(d.snapshot()));
        }
      }
      m.put("keep", keep);
      m.put("remove", remove);
      m.put("reasons", reasons);
      jsonGroups.add(m);
      return;
    }
    cli.say("snapshots for " + (group.isEmpty() ? "all" : group) + ":");
    long kept = decisions.stream().filter(KeepPolicy.Decision::keep).count();
    cli.say("keep " + kept + " snapshots:");
    for (KeepPolicy.Decision d : decisions) {
      if (d.keep()) {
        cli.say("  " + d.snapshot().shortId() + "  " + d.snapshot().startedAt() + "  " + String.join(", ", d.reasons()));
      }
    }
    if (kept < decisions.size()) {
      cli.say("remove " + (decisions.size() - kept) + " snapshots:");
      for (KeepPolicy.Decision d : decisions) {
        if (!d.keep()) {
          cli.say("  " + d.snapshot().shortId() + "  " + d.snapshot().startedAt());
        }
      }
    }
    cli.say("");
  }
}
