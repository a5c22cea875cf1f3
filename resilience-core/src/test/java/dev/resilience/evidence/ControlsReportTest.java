package dev.resilience.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilience.evidence.ControlsReport.Control;
import dev.resilience.evidence.ControlsReport.DatasetReport;
import dev.resilience.evidence.ControlsReport.LogIntegrity;
import dev.resilience.evidence.ControlsReport.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A report over a generated history shows each control's pass/fail and the history's figures. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ControlsReportTest {
  private static final double PLOT_H = 220 - 14 - 40;

  private final ControlsHistory history = new ControlsHistory();
  private final EvidenceVerification verification =
      EvidenceVerifier.trusting(history.key.publicKey()).verify(history.sink.readAll());
  private final ControlsReport report = new ControlsReporter(Clock.fixed(Instant.parse("2026-11-15T06:00:00Z"), ZoneOffset.UTC))
      .report(verification.parsed(), ControlsHistory.expectations(), ControlsHistory.FROM, ControlsHistory.TO,
          new LogIntegrity(verification.intact(), "verified, " + verification.records() + " records"));

  private static final Map<String, Map<Control, Status>> EXPECTED = Map.of(
      "orders", Map.of(Control.BACKUP_FREQUENCY, Status.PASS, Control.RETENTION_MINIMUM, Status.PASS,
          Control.ENCRYPTION, Status.PASS, Control.CROSS_REGION_COPY, Status.PASS, Control.RESTORE_TIME, Status.PASS,
          Control.WORM, Status.PASS),
      "payments", Map.of(Control.BACKUP_FREQUENCY, Status.FAIL, Control.RETENTION_MINIMUM, Status.FAIL,
          Control.ENCRYPTION, Status.FAIL, Control.CROSS_REGION_COPY, Status.FAIL, Control.RESTORE_TIME, Status.FAIL,
          Control.WORM, Status.PASS),
      "sessions", Map.of(Control.BACKUP_FREQUENCY, Status.PASS, Control.RETENTION_MINIMUM, Status.NOT_APPLICABLE,
          Control.ENCRYPTION, Status.NOT_APPLICABLE, Control.CROSS_REGION_COPY, Status.NOT_APPLICABLE,
          Control.RESTORE_TIME, Status.FAIL, Control.WORM, Status.NOT_APPLICABLE));

  @Test
  void eachControlPassesOrFailsAsTheHistoryDictates() {
    assertThat(verification.intact()).isTrue();
    assertThat(report.datasets()).extracting(DatasetReport::dataset).containsExactly("orders", "payments", "sessions");
    for (DatasetReport d : report.datasets()) {
      for (Control c : Control.values()) {
        assertThat(d.control(c).status()).as(d.dataset() + " " + c + ": " + d.control(c).reason())
            .isEqualTo(EXPECTED.get(d.dataset()).get(c));
      }
    }
    assertThat(report.passed()).isFalse();
    assertThat(report.datasets().get(0).passed()).isTrue();
  }

  @Test
  void reasonsNameWhatFailed() {
    DatasetReport payments = report.datasets().get(1);
    assertThat(payments.control(Control.BACKUP_FREQUENCY).reason())
        .contains("largest gap 3d").contains("2026-11-04T02:00:00Z").contains("exceeds 1d");
    assertThat(payments.control(Control.ENCRYPTION).reason()).contains("payments-2026-11-08").contains("not encrypted");
    assertThat(payments.control(Control.RETENTION_MINIMUM).reason()).contains("payments-2026-10-30").contains("10d")
        .contains("35d");
    assertThat(payments.control(Control.CROSS_REGION_COPY).reason()).contains("payments-2026-11-01")
        .contains("us-east-1");
    assertThat(payments.control(Control.RESTORE_TIME).reason()).contains("45m").contains("over the RTO of 30m");
    assertThat(report.datasets().get(2).control(Control.RESTORE_TIME).reason()).contains("failed its validation");
    assertThat(report.datasets().get(0).control(Control.BACKUP_FREQUENCY).reason())
        .contains("28 successful backup(s)").contains("largest gap 12h");
  }

  @Test
  void figuresMatchTheHistory() {
    for (DatasetReport d : report.datasets()) {
      String ds = d.dataset();
      assertThat(d.figures().backups()).isEqualTo(history.successfulBackupsInPeriod(ds));
      assertThat(d.figures().storedBytes()).isEqualTo(history.storedInPeriod.get(ds));
      assertThat(d.figures().backupsPerDay()).extracting(ControlsReport.DayCount::count)
          .containsExactlyElementsOf(history.backupsPerDay(ds).values());
      assertThat(d.figures().rpoAge()).extracting(ControlsReport.Sample::value)
          .containsExactlyElementsOf(history.rpoAgeAtDayEnd(ds).values());
      assertThat(d.figures().repositorySize()).extracting(ControlsReport.Sample::value)
          .containsExactlyElementsOf(history.repositorySizes.get(ds));
    }
    assertThat(report.datasets().get(1).figures().failedBackups()).isEqualTo(1);
    assertThat(report.datasets().get(0).figures().deletions()).as("snapshot deletions only").isEqualTo(1);
  }

  @Test
  void theJsonCarriesStatusesAndFigures() throws Exception {
    JsonNode json = new ObjectMapper().readTree(report.toJson());
    assertThat(json.get("passed").asBoolean()).isFalse();
    assertThat(json.at("/integrity/verified").asBoolean()).isTrue();
    for (JsonNode d : json.get("datasets")) {
      String ds = d.get("dataset").asText();
      for (JsonNode c : d.get("controls")) {
        assertThat(c.get("status").asText()).as(ds + " " + c.get("control"))
            .isEqualTo(EXPECTED.get(ds).get(Control.valueOf(c.get("control").asText())).name());
        assertThat(c.get("reason").asText()).isNotBlank();
      }
      Map<LocalDate, Long> perDay = history.backupsPerDay(ds);
      for (JsonNode day : d.at("/figures/backupsPerDay")) {
        assertThat(day.get("count").asLong()).isEqualTo(perDay.get(LocalDate.parse(day.get("day").asText())));
      }
    }
    assertThat(json.at("/datasets/1/figures/drills/0/durationMs").asLong()).isEqualTo(Duration.ofMinutes(45).toMillis());
    assertThat(json.at("/datasets/1/figures/drills/0/withinRto").asBoolean()).isFalse();
  }

  @Test
  void theHtmlPageIsSelfContained() {
    String html = report.toHtml();
    Document doc = Jsoup.parse(html);
    assertThat(doc.select("script")).isEmpty();
    assertThat(doc.select("link, img, iframe, object, embed")).isEmpty();
    assertThat(doc.select("[src], [href]")).isEmpty();
    assertThat(doc.select("style").html()).doesNotContain("@import").doesNotContain("url(").doesNotContain("@font-face");
    assertThat(html.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http://").doesNotContain("https://");
  }

  @Test
  void theHtmlPageShowsEachControlAndFigure() {
    Document doc = Jsoup.parse(report.toHtml());
    assertThat(doc.selectFirst("p.integrity").attr("data-verified")).isEqualTo("true");
    assertThat(doc.selectFirst("p.overall").attr("data-passed")).isEqualTo("false");
    for (String ds : EXPECTED.keySet()) {
      Element row = doc.selectFirst("table.summary tr[data-dataset=" + ds + "]");
      Element section = doc.selectFirst("section[data-dataset=" + ds + "]");
      for (Control c : Control.values()) {
        String expected = EXPECTED.get(ds).get(c).name();
        assertThat(row.selectFirst("td[data-control=" + c + "]").attr("data-status")).as(ds + " " + c).isEqualTo(expected);
        Element detail = section.selectFirst("table.controls tr[data-control=" + c + "]");
        assertThat(detail.attr("data-status")).isEqualTo(expected);
        assertThat(detail.select("td").get(2).text()).isEqualTo(expected.equals("NOT_APPLICABLE") ? "n/a" : expected);
      }
      assertThat(section.selectFirst("dd[data-figure=backups]").text())
          .isEqualTo(String.valueOf(history.successfulBackupsInPeriod(ds)));
    }
    assertThat(doc.selectFirst("section[data-dataset=payments] table.controls tr[data-control=ENCRYPTION]").text())
        .contains("payments-2026-11-08");
  }

  @Test
  void theChartsDrawTheHistory() {
    Document doc = Jsoup.parse(report.toHtml());
    for (String ds : EXPECTED.keySet()) {
      Element section = doc.selectFirst("section[data-dataset=" + ds + "]");

      Element perDay = section.selectFirst("svg[data-chart=backups-per-day]");
      Elements bars = perDay.select("rect.bar");
      Map<LocalDate, Long> expectedPerDay = history.backupsPerDay(ds);
      assertThat(bars).hasSize(14);
      long max = Long.parseLong(perDay.attr("data-max"));
      assertThat(max).isEqualTo(expectedPerDay.values().stream().mapToLong(Long::longValue).max().orElseThrow());
      for (Element bar : bars) {
        long expected = expectedPerDay.get(LocalDate.parse(bar.attr("data-label")));
        assertThat(Long.parseLong(bar.attr("data-value"))).isEqualTo(expected);
        assertThat(Double.parseDouble(bar.attr("height"))).isCloseTo(expected * PLOT_H / max, within(0.11));
      }

      Element rpo = section.selectFirst("svg[data-chart=rpo-age]");
      Map<LocalDate, Long> expectedAge = history.rpoAgeAtDayEnd(ds);
      Elements ageBars = rpo.select("rect.bar");
      assertThat(ageBars).hasSize(14);
      long objective = Long.parseLong(rpo.selectFirst("line.threshold").attr("data-value"));
      for (Element bar : ageBars) {
        LocalDate day = Instant.parse(bar.attr("data-label")).minusNanos(1).atZone(ZoneOffset.UTC).toLocalDate();
        long age = Long.parseLong(bar.attr("data-value"));
        assertThat(age).isEqualTo(expectedAge.get(day));
        assertThat(bar.hasClass("bad")).isEqualTo(age > objective);
      }

      Elements points = section.select("svg[data-chart=repository-size] circle.point");
      assertThat(points.eachAttr("data-value")).containsExactlyElementsOf(
          history.repositorySizes.get(ds).stream().map(String::valueOf).toList());
    }
    Element paymentsRpo = doc.selectFirst("section[data-dataset=payments] svg[data-chart=rpo-age]");
    assertThat(paymentsRpo.select("rect.bar.bad")).extracting(e -> e.attr("data-label"))
        .containsExactly("2026-11-06T00:00:00Z", "2026-11-07T00:00:00Z");

    Elements drills = doc.select("section[data-dataset=payments] svg[data-chart=drill-times] rect.bar");
    assertThat(drills).hasSize(1);
    assertThat(drills.first().attr("data-value")).isEqualTo(String.valueOf(Duration.ofMinutes(45).toMillis()));
    assertThat(drills.first().attr("data-rto-ms")).isEqualTo(String.valueOf(Duration.ofMinutes(30).toMillis()));
    assertThat(drills.first().hasClass("bad")).isTrue();
    Element ordersDrill = doc.selectFirst("section[data-dataset=orders] svg[data-chart=drill-times] rect.bar");
    assertThat(ordersDrill.hasClass("bad")).isFalse();
    assertThat(doc.selectFirst("section[data-dataset=orders] svg[data-chart=drill-times] line.threshold").attr("data-value"))
        .isEqualTo(String.valueOf(Duration.ofMinutes(30).toMillis()));
  }

  @Test
  void aCopyThatDoesNotStateItsRegionDoesNotProveASecondRegion() {
    InMemoryEvidenceSink sink = new InMemoryEvidenceSink();
    MutableClock clock = new MutableClock(ControlsHistory.FROM.plusSeconds(60));
    EvidenceLog log = EvidenceLog.builder().sink(sink).signingKey(history.key).clock(clock).actor("engine").build();
    log.record(EvidenceAction.BACKUP, EvidenceSubject.of("acme", "orders", "s1"), Map.of("region", "eu-west-1"));
    log.record(EvidenceAction.COPY, EvidenceSubject.of("acme", "orders", "s1"), Map.of("repository", "dr"));
    log.record(EvidenceAction.BACKUP, EvidenceSubject.of("acme", "orders", "s2"), Map.of("region", "eu-west-1"));
    log.record(EvidenceAction.COPY, EvidenceSubject.of("acme", "orders", "s2"), Map.of("region", "eu-west-1"));
    DatasetExpectations copyRequired = DatasetExpectations.none("orders").withCrossRegionCopyRequired(true);
    ControlsReporter reporter = new ControlsReporter(clock);
    ControlsReport r = reporter.report(log.records(), List.of(copyRequired), ControlsHistory.FROM, ControlsHistory.TO,
        new LogIntegrity(false, "test"));
    assertThat(r.datasets().get(0).control(Control.CROSS_REGION_COPY).reason())
        .contains("s1").contains("do not state their region");
    List<EvidenceRecord> onlySecond = log.records().subList(2, 4);
    assertThat(reporter.report(onlySecond, List.of(copyRequired), ControlsHistory.FROM, ControlsHistory.TO,
        new LogIntegrity(false, "test")).datasets().get(0).control(Control.CROSS_REGION_COPY).reason())
        .contains("s2").contains("only in its own region");
  }

  @Test
  void unlistedDatasetsAppearWithoutObjectives() {
    List<DatasetExpectations> all = ControlsReporter.withUnlistedDatasets(verification.parsed(),
        List.of(ControlsHistory.expectations().get(0)));
    assertThat(all).extracting(DatasetExpectations::dataset).containsExactly("orders", "payments", "sessions");
    assertThat(all.get(1).backupFrequency()).isNull();
  }

  @Test
  void expectationsParseFromJson() {
    List<DatasetExpectations> parsed = DatasetExpectations.listFromJson("[{\"dataset\":\"orders\",\"tenant\":\"acme\","
        + "\"backupFrequency\":\"PT12H\",\"minRetention\":\"P35D\",\"encryption\":true,\"crossRegionCopy\":true,"
        + "\"rto\":\"PT30M\",\"worm\":true}]");
    assertThat(parsed).containsExactly(ControlsHistory.expectations().get(0));
  }
}
