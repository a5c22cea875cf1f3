package dev.resilience.internal.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.resilience.Classification;
import dev.resilience.DatasetPolicy;
import dev.resilience.DrillPolicy;
import dev.resilience.MissedRuns;
import dev.resilience.PolicyValidationException;
import dev.resilience.ReplicationPolicy;
import dev.resilience.RetentionPolicy;
import dev.resilience.Schedule;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Reads a policy document (JSON or YAML) into dataset policies, collecting every problem with its path. */
public final class PolicyDocumentReader {
  private PolicyDocumentReader() {}

  /** The policies of the document; throws {@link PolicyValidationException} listing every problem. */
  public static List<DatasetPolicy> read(String text) {
    JsonNode root;
    try {
      String t = text.stripLeading();
      ObjectMapper mapper = t.startsWith("{") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
      root = mapper.readTree(text);
    } catch (JsonProcessingException e) {
      throw new PolicyValidationException(List.of("(document): not valid JSON or YAML: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr())));
    }
    List<String> problems = new ArrayList<>();
    if (root == null || !root.isObject()) {
      throw new PolicyValidationException(List.of("(document): must be an object with a 'datasets' list"));
    }
    DocumentNode doc = new DocumentNode(root, "", problems);
    doc.onlyKnown("version", "classifications", "datasets");
    Integer version = doc.integer("version");
    if (version != null && version != 1) {
      doc.problem("version", "unsupported version " + version + " (this library reads version 1)");
    }
    Map<String, Duration[]> limits = classificationLimits(doc);
    if (!doc.has("datasets")) {
      doc.problem("datasets", "is required");
    }
    List<DatasetPolicy> policies = new ArrayList<>();
    List<DocumentNode> datasets = doc.objects("datasets");
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (DocumentNode d : datasets) {
      int before = problems.size();
      DatasetPolicy p = dataset(d, limits);
      List<String> found = new ArrayList<>(problems.subList(before, problems.size()));
      for (String problem : p.problems()) {
        String full = d.path(problem);
        String at = full.substring(0, full.indexOf(": "));
        boolean reported = full.endsWith(": is required")
            && found.stream().anyMatch(f -> f.startsWith(at + ":") || f.startsWith(at + "."));
        if (!reported) {
          problems.add(full);
        }
      }
      if (!ids.add(p.id())) {
        d.problem("dataset", "duplicate dataset '" + p.id() + "'");
      }
      policies.add(p);
    }
    if (!problems.isEmpty()) {
      throw new PolicyValidationException(problems);
    }
    return policies;
  }

  private static Map<String, Duration[]> classificationLimits(DocumentNode doc) {
    Map<String, Duration[]> limits = new TreeMap<>();
    doc.entries("classifications", (name, parent) -> {
      DocumentNode c = parent.object(name);
      if (c == null) {
        return;
      }
      c.onlyKnown("minimumAge", "maximumAge");
      limits.put(name.toUpperCase(Locale.ROOT), new Duration[] {c.duration("minimumAge"), c.duration("maximumAge")});
    });
    return limits;
  }

  private static DatasetPolicy dataset(DocumentNode d, Map<String, Duration[]> limits) {
    d.onlyKnown("tenant", "dataset", "classification", "alsoClassified", "schedules", "missedRuns", "rpo", "rto",
        "bandwidth", "retention", "drill", "replication");
    DatasetPolicy.Builder b = DatasetPolicy.builder(d.text("tenant"), d.text("dataset"));
    List<Classification> classes = new ArrayList<>();
    d.set("classification", d.text("classification"), t -> {
      Classification c = Classification.of(t);
      classes.add(c);
      b.classification(c);
    });
    List<String> also = d.texts("alsoClassified");
    for (int i = 0; i < also.size(); i++) {
      d.set("alsoClassified[" + i + "]", also.get(i), t -> {
        Classification c = Classification.of(t);
        classes.add(c);
        b.alsoClassified(c);
      });
    }
    DocumentNode schedules = d.object("schedules");
    if (schedules != null) {
      schedules.onlyKnown("full", "incremental");
      Schedule full = schedule(schedules, "full");
      if (full != null) {
        b.fullBackups(full);
      }
      Schedule incremental = schedule(schedules, "incremental");
      if (incremental != null) {
        b.incrementalBackups(incremental);
      }
    }
    d.set("missedRuns", d.text("missedRuns"), t -> b.missedRuns(enumValue(MissedRuns.class, t)));
    d.set("rpo", d.duration("rpo"), b::rpo);
    d.set("rto", d.duration("rto"), b::rto);
    DocumentNode bw = d.object("bandwidth");
    if (bw != null) {
      bw.onlyKnown("backup", "restore");
      bw.set("backup", bw.longValue("backup"), b::backupBytesPerSecond);
      bw.set("restore", bw.longValue("restore"), b::restoreBytesPerSecond);
    }
    b.retention(retention(d.object("retention"), classes, limits));
    DocumentNode drill = d.object("drill");
    if (drill != null) {
      drill.onlyKnown("select", "window", "schedule", "verifiers");
      DrillPolicy.Selection sel = DrillPolicy.Selection.LATEST;
      String s = drill.text("select");
      if (s != null) {
        try {
          sel = enumValue(DrillPolicy.Selection.class, s);
        } catch (IllegalArgumentException e) {
          drill.problem("select", e.getMessage());
        }
      }
      List<String> verifiers = drill.has("verifiers") ? drill.texts("verifiers") : null;
      b.drill(new DrillPolicy(sel, drill.duration("window"), schedule(drill, "schedule"), verifiers, null));
    }
    DocumentNode rep = d.object("replication");
    if (rep != null) {
      rep.onlyKnown("repository", "schedule");
      String repo = rep.text("repository");
      if (repo == null) {
        rep.problem("repository", "is required");
      } else {
        b.replication(new ReplicationPolicy(repo, schedule(rep, "schedule")));
      }
    }
    return b.buildUnchecked();
  }

  private static RetentionPolicy retention(DocumentNode r, List<Classification> classes, Map<String, Duration[]> limits) {
    RetentionPolicy.Builder b = RetentionPolicy.builder();
    for (Classification c : classes) {
      Duration[] l = limits.get(c.name());
      if (l != null && l[0] != null) {
        b.minimumAge(c, l[0]);
      }
      if (l != null && l[1] != null) {
        b.maximumAge(c, l[1]);
      }
    }
    if (r == null) {
      return b.build();
    }
    r.onlyKnown("keepLast", "keepHourly", "keepDaily", "keepWeekly", "keepMonthly", "keepYearly", "keepWithin",
        "keepTags", "hot", "cold", "minimumAges", "maximumAges", "worm", "zone");
    r.set("keepLast", r.integer("keepLast"), b::keepLast);
    r.set("keepHourly", r.integer("keepHourly"), b::keepHourly);
    r.set("keepDaily", r.integer("keepDaily"), b::keepDaily);
    r.set("keepWeekly", r.integer("keepWeekly"), b::keepWeekly);
    r.set("keepMonthly", r.integer("keepMonthly"), b::keepMonthly);
    r.set("keepYearly", r.integer("keepYearly"), b::keepYearly);
    r.set("keepWithin", r.duration("keepWithin"), b::keepWithin);
    List<String> tags = r.texts("keepTags");
    for (int i = 0; i < tags.size(); i++) {
      r.set("keepTags[" + i + "]", tags.get(i), b::keepTag);
    }
    r.set("hot", r.duration("hot"), b::hot);
    r.set("cold", r.duration("cold"), b::cold);
    r.set("worm", r.duration("worm"), b::worm);
    r.set("zone", r.zone("zone"), b::zone);
    r.entries("minimumAges", (name, parent) ->
        parent.set(name, parent.duration(name), v -> b.minimumAge(Classification.of(name), v)));
    r.entries("maximumAges", (name, parent) ->
        parent.set(name, parent.duration(name), v -> b.maximumAge(Classification.of(name), v)));
    return b.build();
  }

  private static Schedule schedule(DocumentNode parent, String field) {
    DocumentNode s = parent.object(field);
    if (s == null) {
      return null;
    }
    s.onlyKnown("cron", "zone", "startWindow", "completionWindow", "jitter");
    String cron = s.text("cron");
    if (cron == null) {
      s.problem("cron", "is required");
    }
    ZoneId zone = s.has("zone") ? s.zone("zone") : ZoneId.of("UTC");
    Duration start = s.duration("startWindow");
    Duration completion = s.duration("completionWindow");
    Duration jitter = s.duration("jitter");
    if (cron == null || zone == null) {
      return null;
    }
    try {
      dev.resilience.internal.schedule.CronTimes.of(cron, zone);
    } catch (IllegalArgumentException e) {
      s.problem("cron", e.getMessage());
      return null;
    }
    try {
      return new Schedule(cron, zone, start, completion, jitter);
    } catch (IllegalArgumentException e) {
      s.problem(null, e.getMessage());
      return null;
    }
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String text) {
    String norm = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(norm)) {
        return e;
      }
    }
    throw new IllegalArgumentException("'" + text + "' is not one of " + java.util.Arrays.toString(type.getEnumConstants()));
  }
}
