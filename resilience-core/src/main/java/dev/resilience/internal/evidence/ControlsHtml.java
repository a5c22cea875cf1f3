package dev.resilience.internal.evidence;

import dev.resilience.evidence.ControlsReport;
import dev.resilience.evidence.ControlsReport.Control;
import dev.resilience.evidence.ControlsReport.ControlResult;
import dev.resilience.evidence.ControlsReport.DatasetFigures;
import dev.resilience.evidence.ControlsReport.DatasetReport;
import dev.resilience.evidence.ControlsReport.Status;
import dev.resilience.evidence.DatasetExpectations;
import dev.resilience.internal.evidence.SvgCharts.Bar;
import dev.resilience.internal.evidence.SvgCharts.Point;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a {@link ControlsReport} as one self-contained HTML page: inline CSS, inline SVG charts, no
 * scripts, no external fonts, images or links, so it opens offline and can be archived as evidence.
 */
public final class ControlsHtml {
  private static final String CSS = """
      body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#1b1f24;background:#fff}
      h1{font-size:1.6em;margin:0 0 4px} h2{margin-top:32px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
      h3{font-size:1em;margin:18px 0 4px}
      table{border-collapse:collapse;margin:8px 0} th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
      th{background:#f6f8fa} .PASS{background:#dafbe1;color:#116329;font-weight:600}
      .FAIL{background:#ffebe9;color:#a40e26;font-weight:600} .NOT_APPLICABLE{color:#57606a}
      .integrity{padding:6px 10px;border-radius:4px;display:inline-block} .integrity.ok{background:#dafbe1} .integrity.bad{background:#ffebe9}
      dl.figures{display:grid;grid-template-columns:max-content auto;gap:2px 16px} dl.figures dt{color:#57606a}
      dl.figures dd{margin:0;font-variant-numeric:tabular-nums}
      .charts{display:flex;flex-wrap:wrap;gap:8px 24px}
      svg.chart{font-size:10px;fill:#57606a;background:#fbfcfd;border:1px solid #eaeef2}
      svg .axis{stroke:#8c959f} svg .bar{fill:#54aeff} svg .bar.bad{fill:#ff8182}
      svg .line{stroke:#0969da;stroke-width:2} svg .point{fill:#0969da}
      svg .threshold{stroke:#cf222e;stroke-dasharray:4 3} svg .threshold-label{fill:#cf222e}
      footer{margin-top:32px;color:#57606a;font-size:.85em}
      """;

  private ControlsHtml() {}

  public static String render(ControlsReport r) {
    StringBuilder h = new StringBuilder(16_384);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>Backup controls report ").append(esc(r.from())).append(" to ").append(esc(r.to()))
        .append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
    h.append("<h1>Backup controls report</h1>\n<p class=\"period\">Period <time data-from=\"").append(esc(r.from()))
        .append("\">").append(esc(r.from())).append("</time> to <time data-to=\"").append(esc(r.to())).append("\">")
        .append(esc(r.to())).append("</time> (end exclusive). Generated ").append(esc(r.generatedAt())).append(".</p>\n");
    h.append("<p class=\"integrity ").append(r.integrity().verified() ? "ok" : "bad").append("\" data-verified=\"")
        .append(r.integrity().verified()).append("\">Evidence log: ").append(Html.escape(r.integrity().summary()))
        .append("</p>\n");
    h.append("<p class=\"overall\" data-passed=\"").append(r.passed()).append("\">Overall: <strong>")
        .append(r.passed() ? "all controls pass" : "some controls fail").append("</strong></p>\n");
    summary(h, r);
    for (DatasetReport d : r.datasets()) {
      dataset(h, d);
    }
    h.append("<footer>Computed from signed, hash-chained evidence records. Controls after AWS Backup Audit Manager:"
        + " backup frequency, retention minimum, encryption, cross-region copy, restore time (drill within RTO),"
        + " WORM.</footer>\n</body>\n</html>\n");
    return h.toString();
  }

  private static void summary(StringBuilder h, ControlsReport r) {
    h.append("<table class=\"summary\">\n<tr><th>Dataset</th>");
    for (Control c : Control.values()) {
      h.append("<th>").append(Html.escape(c.title())).append("</th>");
    }
    h.append("</tr>\n");
    for (DatasetReport d : r.datasets()) {
      h.append("<tr data-dataset=\"").append(Html.escape(d.dataset())).append("\"><td>").append(Html.escape(d.dataset()))
          .append("</td>");
      for (ControlResult c : d.controls()) {
        h.append("<td class=\"").append(c.status()).append("\" data-control=\"").append(c.control())
            .append("\" data-status=\"").append(c.status()).append("\" title=\"").append(Html.escape(c.reason()))
            .append("\">").append(label(c.status())).append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</table>\n");
  }

  private static void dataset(StringBuilder h, DatasetReport d) {
    DatasetExpectations e = d.expectations();
    DatasetFigures f = d.figures();
    h.append("<section class=\"dataset\" data-dataset=\"").append(Html.escape(d.dataset())).append("\" data-passed=\"")
        .append(d.passed()).append("\">\n<h2>").append(Html.escape(d.dataset()))
        .append(e.tenant() == null ? "" : " <small>(tenant " + Html.escape(e.tenant()) + ")</small>").append("</h2>\n");
    h.append("<table class=\"controls\">\n<tr><th>Control</th><th>Objective</th><th>Status</th><th>Reason</th></tr>\n");
    for (ControlResult c : d.controls()) {
      h.append("<tr data-control=\"").append(c.control()).append("\" data-status=\"").append(c.status()).append("\"><td>")
          .append(Html.escape(c.control().title())).append("</td><td>").append(Html.escape(objective(c.control(), e)))
          .append("</td><td class=\"").append(c.status()).append("\">").append(label(c.status())).append("</td><td>")
          .append(Html.escape(c.reason())).append("</td></tr>\n");
    }
    h.append("</table>\n<dl class=\"figures\">\n");
    figure(h, "backups", "Successful backups", String.valueOf(f.backups()), f.backups());
    figure(h, "failed-backups", "Failed backups", String.valueOf(f.failedBackups()), f.failedBackups());
    figure(h, "stored-bytes", "Bytes stored", Human.bytes(f.storedBytes()), f.storedBytes());
    h.append("<dt>Last backup</dt><dd data-figure=\"last-backup\">")
        .append(f.lastBackup() == null ? "none" : esc(f.lastBackup())).append("</dd>\n");
    figure(h, "drills", "Drills", String.valueOf(f.drills().size()), f.drills().size());
    figure(h, "deletions", "Deletions", String.valueOf(f.deletions()), f.deletions());
    h.append("</dl>\n<div class=\"charts\">\n");
    chart(h, "Successful backups per day (UTC)", SvgCharts.bars("backups-per-day", "Successful backups per day",
        f.backupsPerDay().stream().map(c -> new Bar(c.day().toString(), c.count(), false, List.of())).toList(),
        null, "", Long::toString));
    chart(h, "Repository size after each backup", SvgCharts.line("repository-size", "Repository size",
        f.repositorySize().stream().map(s -> new Point(s.time().toString(), s.value())).toList(), Human::bytes));
    Long rpoObjective = e.backupFrequency() == null ? null : e.backupFrequency().toMillis();
    chart(h, "RPO age at the end of each day", SvgCharts.bars("rpo-age", "Age of the newest backup (RPO age)",
        f.rpoAge().stream().map(s -> new Bar(s.time().toString(), s.value(),
            rpoObjective != null && s.value() > rpoObjective, List.of())).toList(),
        rpoObjective, "objective", ControlsHtml::millis));
    List<Bar> drills = new ArrayList<>();
    f.drills().forEach(x -> drills.add(new Bar(x.time().toString(), x.durationMs(), !x.withinRto(), List.of(
        new String[] {"data-rto-ms", x.rtoMs() == null ? "" : x.rtoMs().toString()},
        new String[] {"data-passed", String.valueOf(x.passed())},
        new String[] {"data-snapshot", x.snapshot() == null ? "" : x.snapshot()}))));
    chart(h, "Drill recovery times against RTO", SvgCharts.bars("drill-times", "Drill recovery time",
        drills, e.rto() == null ? null : e.rto().toMillis(), "RTO", ControlsHtml::millis));
    h.append("</div>\n</section>\n");
  }

  private static void figure(StringBuilder h, String id, String title, String shown, long value) {
    h.append("<dt>").append(title).append("</dt><dd data-figure=\"").append(id).append("\" data-value=\"").append(value)
        .append("\">").append(Html.escape(shown)).append("</dd>\n");
  }

  private static void chart(StringBuilder h, String title, String svg) {
    h.append("<figure class=\"chart\">\n<h3>").append(Html.escape(title)).append("</h3>\n").append(svg).append("</figure>\n");
  }

  private static String objective(Control c, DatasetExpectations e) {
    return switch (c) {
      case BACKUP_FREQUENCY -> e.backupFrequency() == null ? "-" : "every " + Human.duration(e.backupFrequency());
      case RETENTION_MINIMUM -> e.minRetention() == null ? "-" : "at least " + Human.duration(e.minRetention());
      case ENCRYPTION -> e.encryptionRequired() ? "required" : "-";
      case CROSS_REGION_COPY -> e.crossRegionCopyRequired() ? "required" : "-";
      case RESTORE_TIME -> e.rto() == null ? "-" : "RTO " + Human.duration(e.rto());
      case WORM -> e.wormRequired() ? "required" : "-";
    };
  }

  private static String label(Status s) {
    return switch (s) {
      case PASS -> "PASS";
      case FAIL -> "FAIL";
      case NOT_APPLICABLE -> "n/a";
    };
  }

  private static String millis(long ms) {
    return Human.duration(Duration.ofMillis(ms));
  }

  private static String esc(Object o) {
    return Html.escape(String.valueOf(o));
  }
}
