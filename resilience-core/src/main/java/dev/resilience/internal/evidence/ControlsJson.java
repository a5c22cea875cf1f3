package dev.resilience.internal.evidence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.resilience.evidence.ControlsReport;
import dev.resilience.evidence.ControlsReport.ControlResult;
import dev.resilience.evidence.ControlsReport.DatasetFigures;
import dev.resilience.evidence.ControlsReport.DatasetReport;
import dev.resilience.evidence.DatasetExpectations;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Renders a {@link ControlsReport} as JSON. */
public final class ControlsJson {
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ControlsJson() {}

  public static String render(ControlsReport report) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "resilience-controls-report");
    m.put("period", Map.of("from", report.from().toString(), "to", report.to().toString()));
    m.put("generatedAt", report.generatedAt().toString());
    m.put("integrity", Map.of("verified", report.integrity().verified(), "summary", report.integrity().summary()));
    m.put("passed", report.passed());
    m.put("datasets", report.datasets().stream().map(ControlsJson::dataset).toList());
    try {
      return MAPPER.writeValueAsString(m) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> dataset(DatasetReport d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dataset", d.dataset());
    m.put("tenant", d.expectations().tenant());
    m.put("passed", d.passed());
    m.put("expectations", expectations(d.expectations()));
    m.put("controls", d.controls().stream().map(ControlsJson::control).toList());
    m.put("figures", figures(d.figures()));
    return m;
  }

  private static Map<String, Object> expectations(DatasetExpectations e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("backupFrequency", iso(e.backupFrequency()));
    m.put("minRetention", iso(e.minRetention()));
    m.put("encryption", e.encryptionRequired());
    m.put("crossRegionCopy", e.crossRegionCopyRequired());
    m.put("rto", iso(e.rto()));
    m.put("worm", e.wormRequired());
    return m;
  }

  private static Map<String, Object> control(ControlResult c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("control", c.control().name());
    m.put("title", c.control().title());
    m.put("status", c.status().name());
    m.put("reason", c.reason());
    return m;
  }

  private static Map<String, Object> figures(DatasetFigures f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("backups", f.backups());
    m.put("failedBackups", f.failedBackups());
    m.put("storedBytes", f.storedBytes());
    m.put("lastBackup", f.lastBackup() == null ? null : f.lastBackup().toString());
    m.put("deletions", f.deletions());
    m.put("backupsPerDay", f.backupsPerDay().stream()
        .map(d -> Map.of("day", d.day().toString(), "count", d.count())).toList());
    m.put("repositorySize", f.repositorySize().stream()
        .map(s -> Map.of("time", s.time().toString(), "bytes", s.value())).toList());
    m.put("rpoAge", f.rpoAge().stream()
        .map(s -> Map.of("time", s.time().toString(), "ageMs", s.value())).toList());
    m.put("drills", f.drills().stream().map(d -> {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("time", d.time().toString());
      x.put("snapshot", d.snapshot());
      x.put("durationMs", d.durationMs());
      x.put("rtoMs", d.rtoMs());
      x.put("passed", d.passed());
      x.put("withinRto", d.withinRto());
      return x;
    }).toList());
    return m;
  }

  private static String iso(Duration d) {
    return d == null ? null : d.toString();
  }
}
