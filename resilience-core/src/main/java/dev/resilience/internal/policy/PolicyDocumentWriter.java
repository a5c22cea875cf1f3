package dev.resilience.internal.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.resilience.Classification;
import dev.resilience.DatasetPolicy;
import dev.resilience.RetentionPolicy;
import dev.resilience.Schedule;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Writes dataset policies as a version-1 policy document that {@link PolicyDocumentReader} reads back. */
public final class PolicyDocumentWriter {
  private PolicyDocumentWriter() {}

  public static String write(List<DatasetPolicy> policies, boolean yaml) {
    ObjectMapper mapper = yaml
        ? new ObjectMapper(YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build())
        : new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("version", 1);
    ArrayNode datasets = root.putArray("datasets");
    for (DatasetPolicy p : policies) {
      datasets.add(dataset(mapper, p));
    }
    try {
      return mapper.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write policy document", e);
    }
  }

  /** One dataset's policy as a JSON tree (also used to remember WORM policies). */
  public static ObjectNode dataset(ObjectMapper mapper, DatasetPolicy p) {
    ObjectNode d = mapper.createObjectNode();
    d.put("tenant", p.tenant());
    d.put("dataset", p.dataset());
    if (p.classification() != null) {
      d.put("classification", p.classification().name());
    }
    if (!p.alsoClassified().isEmpty()) {
      ArrayNode also = d.putArray("alsoClassified");
      p.alsoClassified().stream().map(Classification::name).forEach(also::add);
    }
    ObjectNode schedules = d.putObject("schedules");
    schedule(schedules, "full", p.full());
    schedule(schedules, "incremental", p.incremental());
    d.put("missedRuns", p.missedRuns().name());
    duration(d, "rpo", p.rpo());
    duration(d, "rto", p.rto());
    if (p.backupBytesPerSecond() > 0 || p.restoreBytesPerSecond() > 0) {
      ObjectNode bw = d.putObject("bandwidth");
      bw.put("backup", p.backupBytesPerSecond());
      bw.put("restore", p.restoreBytesPerSecond());
    }
    retention(d.putObject("retention"), p.retention());
    if (p.drill() != null) {
      ObjectNode dr = d.putObject("drill");
      dr.put("select", p.drill().selection().name());
      duration(dr, "window", p.drill().window());
      schedule(dr, "schedule", p.drill().schedule());
      ArrayNode v = dr.putArray("verifiers");
      p.drill().verifiers().forEach(v::add);
    }
    if (p.replication() != null) {
      ObjectNode r = d.putObject("replication");
      r.put("repository", p.replication().repository());
      schedule(r, "schedule", p.replication().schedule());
    }
    return d;
  }

  private static void retention(ObjectNode o, RetentionPolicy r) {
    count(o, "keepLast", r.keepLast());
    count(o, "keepHourly", r.keepHourly());
    count(o, "keepDaily", r.keepDaily());
    count(o, "keepWeekly", r.keepWeekly());
    count(o, "keepMonthly", r.keepMonthly());
    count(o, "keepYearly", r.keepYearly());
    duration(o, "keepWithin", r.keepWithin());
    if (!r.keepTags().isEmpty()) {
      ArrayNode tags = o.putArray("keepTags");
      r.keepTags().forEach(tags::add);
    }
    duration(o, "hot", r.hot());
    duration(o, "cold", r.cold());
    ages(o, "minimumAges", r.minimumAges());
    ages(o, "maximumAges", r.maximumAges());
    duration(o, "worm", r.worm());
    o.put("zone", r.zone().getId());
  }

  private static void ages(ObjectNode o, String field, Map<String, Duration> ages) {
    if (!ages.isEmpty()) {
      ObjectNode m = o.putObject(field);
      ages.forEach((k, v) -> m.put(k, Durations.format(v)));
    }
  }

  private static void count(ObjectNode o, String field, int n) {
    if (n > 0) {
      o.put(field, n);
    }
  }

  private static void duration(ObjectNode o, String field, Duration d) {
    if (d != null) {
      o.put(field, Durations.format(d));
    }
  }

  private static void schedule(ObjectNode parent, String field, Schedule s) {
    if (s == null) {
      return;
    }
    ObjectNode o = parent.putObject(field);
    o.put("cron", s.cron());
    o.put("zone", s.zone().getId());
    duration(o, "startWindow", s.startWindow());
    duration(o, "completionWindow", s.completionWindow());
    if (!s.jitter().isZero()) {
      duration(o, "jitter", s.jitter());
    }
  }
}
