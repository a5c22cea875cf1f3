package dev.resilience.cli;

import dev.resilience.IntegrityException;
import dev.resilience.evidence.Attestations;
import dev.resilience.evidence.ControlsReport;
import dev.resilience.evidence.ControlsReport.LogIntegrity;
import dev.resilience.evidence.ControlsReporter;
import dev.resilience.evidence.DatasetExpectations;
import dev.resilience.evidence.DsseEnvelope;
import dev.resilience.evidence.EvidenceHead;
import dev.resilience.evidence.EvidenceKeys;
import dev.resilience.evidence.EvidenceProblem;
import dev.resilience.evidence.EvidenceRecord;
import dev.resilience.evidence.EvidenceVerification;
import dev.resilience.evidence.EvidenceVerifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code resilience evidence}: verify evidence logs and attestations offline, and compute the controls
 * report, for auditors and scripts.
 */
@Command(name = "evidence", mixinStandardHelpOptions = true,
    description = "Verify evidence logs and attestations; report backup controls.",
    subcommands = {EvidenceCommand.Verify.class, EvidenceCommand.Report.class, EvidenceCommand.VerifyAttestation.class},
    footerHeading = "%nExit codes:%n",
    footer = {"  0  verified (report: every control passes)",
        "  1  verification failed: the log or attestation was tampered with or damaged (the first bad record is named)",
        "  2  usage error (unknown option, bad date or value)",
        "  3  an input cannot be read (missing file, malformed key, expectations or envelope)",
        "  4  report written, but at least one control fails"})
public final class EvidenceCommand implements Callable<Integer> {
  /** Verified, or every control passes. */
  public static final int OK = 0;
  /** The log or attestation does not verify. */
  public static final int TAMPERED = 1;
  /** Bad command line. */
  public static final int USAGE = 2;
  /** An input file is missing or malformed. */
  public static final int INPUT_ERROR = 3;
  /** The report was produced and a control fails. */
  public static final int CONTROLS_FAILED = 4;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return USAGE;
  }

  /** {@code evidence verify <log...> --public-key <file>}. */
  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = {"Verify an evidence log: canonical form, sequence, hash chain, signatures and key rotations.",
          "Reports the first record where an edit, deletion, insertion, reordering or truncation happened.",
          "Without an anchor (--expect-count, --expect-last, --head) records cut off the end cannot be detected."})
  static final class Verify implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "<log>",
        description = "Log files in order, or directories of rotated segments (<prefix>-NNNNNN.jsonl).")
    List<Path> logs;

    @Option(names = "--public-key", required = true, paramLabel = "<file>",
        description = "PEM file(s) with the trusted public key that signed the first record.")
    List<Path> publicKeys;

    @Option(names = "--prefix", defaultValue = "evidence", description = "Segment file prefix in directories (default: ${DEFAULT-VALUE}).")
    String prefix;

    @Option(names = "--expect-count", paramLabel = "<n>", description = "The log must hold at least n records.")
    Long expectCount;

    @Option(names = "--expect-last", paramLabel = "[<seq>:]<hash>",
        description = "The log must contain this record hash (at this sequence number), e.g. from an earlier run or an attestation.")
    String expectLast;

    @Option(names = "--head", paramLabel = "<file>", description = "A signed head file written by the log (EvidenceLog headFile).")
    Path head;

    @Option(names = "--continue-from", paramLabel = "<seq>:<hash>",
        description = "The logs given start after this already verified record (earlier segments archived).")
    String continueFrom;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (expectLast != null && !expectLast.matches("(\\d+:)?[0-9a-f]{64}")) {
        err.println("error: --expect-last must be <seq>:<hash> or <hash> (64 lower-case hex digits)");
        return USAGE;
      }
      if (continueFrom != null && !continueFrom.matches("[1-9]\\d*:[0-9a-f]{64}")) {
        err.println("error: --continue-from must be <seq>:<hash> (64 lower-case hex digits)");
        return USAGE;
      }
      if (expectCount != null && expectCount < 0) {
        err.println("error: --expect-count must not be negative");
        return USAGE;
      }
      try {
        EvidenceVerifier.Builder b = EvidenceVerifier.builder();
        readKeys(publicKeys).forEach(b::trust);
        if (expectCount != null) {
          b.expectCount(expectCount);
        }
        if (expectLast != null) {
          int colon = expectLast.indexOf(':');
          if (colon > 0) {
            b.expectLast(Long.parseLong(expectLast.substring(0, colon)), expectLast.substring(colon + 1));
          } else {
            b.expectLastHash(expectLast);
          }
        }
        if (continueFrom != null) {
          int colon = continueFrom.indexOf(':');
          b.continueFrom(Long.parseLong(continueFrom.substring(0, colon)), continueFrom.substring(colon + 1));
        }
        if (head != null) {
          b.expectHead(EvidenceHead.fromJson(Files.readString(head)));
        }
        LogLines log = LogLines.read(logs, prefix);
        if (log.lines().isEmpty()) {
          err.println("error: no evidence records found in " + logs + " (prefix '" + prefix + "')");
          return INPUT_ERROR;
        }
        EvidenceVerification v = b.build().verify(log.lines());
        if (!v.intact()) {
          EvidenceProblem p = v.problem();
          err.println("FAILED: " + p.kind() + " at " + log.where(p.index()) + ": " + p.message());
          err.flush();
          return TAMPERED;
        }
        out.println("OK: " + v.records() + " records verified (seq " + (v.lastSequence() - v.records() + 1) + ".."
            + v.lastSequence() + "), keys "
            + String.join(", ", v.keyIds()));
        out.println("last: " + v.lastSequence() + ":" + v.lastHash());
        if (!v.anchored()) {
          out.println("note: no anchor given (--expect-count, --expect-last, --head): records removed from the end"
              + " of the log cannot be detected; keep the 'last' line above as the next run's --expect-last");
        }
        out.flush();
        return OK;
      } catch (IllegalArgumentException | IllegalStateException | IOException | UncheckedIOException e) {
        return inputError(err, e);
      }
    }
  }

  /** {@code evidence report --log … --from … --to …}. */
  @Command(name = "report", mixinStandardHelpOptions = true,
      description = {"Compute the backup controls report for a period from an evidence log.",
          "Dates are UTC; a date for --to means the end of that day."})
  static final class Report implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--log", required = true, arity = "1..*", paramLabel = "<log>",
        description = "Log files in order, or directories of rotated segments.")
    List<Path> logs;

    @Option(names = "--from", required = true, paramLabel = "<date|instant>", converter = StartConverter.class,
        description = "Period start, inclusive (2026-11-01 or 2026-11-01T00:00:00Z).")
    Instant from;

    @Option(names = "--to", required = true, paramLabel = "<date|instant>", converter = EndConverter.class,
        description = "Period end, exclusive; a date means the end of that day.")
    Instant to;

    @Option(names = "--format", defaultValue = "json", description = "json or html (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--out", paramLabel = "<file>", description = "Write the report here instead of standard output.")
    Path outFile;

    @Option(names = "--expectations", paramLabel = "<file>",
        description = "JSON array of per-dataset objectives: dataset, tenant, backupFrequency, minRetention,"
            + " encryption, crossRegionCopy, rto, worm (ISO-8601 durations).")
    Path expectations;

    @Option(names = "--public-key", paramLabel = "<file>",
        description = "Verify the log with this PEM key first (recommended); without it the report says the log was not verified.")
    List<Path> publicKeys;

    @Option(names = "--prefix", defaultValue = "evidence", description = "Segment file prefix in directories (default: ${DEFAULT-VALUE}).")
    String prefix;

    enum Format { json, html }

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (!from.isBefore(to)) {
        err.println("error: --from must be before --to");
        return USAGE;
      }
      try {
        LogLines log = LogLines.read(logs, prefix);
        List<EvidenceRecord> records;
        LogIntegrity integrity;
        if (publicKeys != null && !publicKeys.isEmpty()) {
          EvidenceVerification v = EvidenceVerifier.builder().trustPem(pemOf(publicKeys)).build().verify(log.lines());
          if (!v.intact()) {
            err.println("FAILED: " + v.problem().kind() + " at " + log.where(v.problem().index()) + ": "
                + v.problem().message());
            err.println("no report: the evidence log does not verify");
            err.flush();
            return TAMPERED;
          }
          records = v.parsed();
          integrity = new LogIntegrity(true, "verified: " + v.records() + " records, seq 1.." + v.lastSequence()
              + ", last hash " + v.lastHash() + ", keys " + String.join(", ", v.keyIds()));
        } else {
          records = new ArrayList<>();
          for (String line : log.lines()) {
            records.add(EvidenceRecord.parse(line));
          }
          integrity = new LogIntegrity(false, "NOT verified (no --public-key given): " + records.size() + " records");
        }
        List<DatasetExpectations> exp = expectations == null ? List.of()
            : DatasetExpectations.listFromJson(Files.readString(expectations));
        ControlsReport report = new ControlsReporter(Clock.systemUTC())
            .report(records, ControlsReporter.withUnlistedDatasets(records, exp), from, to, integrity);
        String text = format == Format.html ? report.toHtml() : report.toJson();
        if (outFile != null) {
          Files.writeString(outFile, text, StandardCharsets.UTF_8);
          out.println((report.passed() ? "all controls pass" : "some controls fail") + "; report written to " + outFile);
        } else {
          out.print(text);
        }
        out.flush();
        return report.passed() ? OK : CONTROLS_FAILED;
      } catch (IllegalArgumentException | IllegalStateException | IOException | UncheckedIOException e) {
        return inputError(err, e);
      }
    }
  }

  /** {@code evidence verify-attestation <envelope> --public-key <file>}. */
  @Command(name = "verify-attestation", mixinStandardHelpOptions = true,
      description = "Verify a DSSE envelope holding an in-toto statement and print the statement.")
  static final class VerifyAttestation implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<envelope>", description = "The DSSE envelope (JSON).")
    Path envelope;

    @Option(names = "--public-key", required = true, paramLabel = "<file>", description = "Trusted PEM public key(s).")
    List<Path> publicKeys;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try {
        DsseEnvelope env = DsseEnvelope.fromJson(Files.readString(envelope));
        Map<String, Object> statement = Attestations.verify(env, readKeys(publicKeys));
        out.println("OK: attestation verified; predicateType " + statement.get("predicateType") + ", "
            + ((List<?>) statement.get("subject")).size() + " subject(s)");
        out.println(new String(env.payload(), StandardCharsets.UTF_8));
        out.flush();
        return OK;
      } catch (IntegrityException e) {
        err.println("FAILED: " + e.getMessage());
        err.flush();
        return TAMPERED;
      } catch (IllegalArgumentException | IOException | UncheckedIOException e) {
        return inputError(err, e);
      }
    }
  }

  static List<PublicKey> readKeys(List<Path> files) throws IOException {
    return EvidenceKeys.parsePem(pemOf(files));
  }

  private static String pemOf(List<Path> files) throws IOException {
    StringBuilder pem = new StringBuilder();
    for (Path f : files) {
      pem.append(Files.readString(f)).append('\n');
    }
    return pem.toString();
  }

  private static int inputError(PrintWriter err, Exception e) {
    String msg = e instanceof NoSuchFileException n ? "no such file: " + n.getFile() : e.getMessage();
    err.println("error: " + msg);
    err.flush();
    return INPUT_ERROR;
  }

  /** Start of a period: an instant, or a date's start of day (UTC). */
  static final class StartConverter implements CommandLine.ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      return parseTime(value, false);
    }
  }

  /** End of a period: an instant, or the end of a date (next day's start, UTC). */
  static final class EndConverter implements CommandLine.ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      return parseTime(value, true);
    }
  }

  private static Instant parseTime(String value, boolean endOfDay) {
    try {
      if (value.length() == 10) {
        LocalDate d = LocalDate.parse(value);
        return (endOfDay ? d.plusDays(1) : d).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new CommandLine.TypeConversionException("'" + value + "' is not a date (2026-11-01) or instant (2026-11-01T00:00:00Z)");
    }
  }
}
