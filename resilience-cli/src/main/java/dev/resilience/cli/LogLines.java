package dev.resilience.cli;

import dev.resilience.evidence.JsonLinesEvidenceSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Evidence lines read from files and directories, remembering where each came from. */
record LogLines(List<String> lines, List<Path> files, List<Integer> lineNumbers) {

  /** Reads files in the order given; a directory contributes its segments in sequence order. */
  static LogLines read(List<Path> paths, String prefix) throws IOException {
    List<String> lines = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    List<Integer> numbers = new ArrayList<>();
    for (Path p : paths) {
      for (Path f : expand(p, prefix)) {
        List<String> content = Files.readAllLines(f, StandardCharsets.UTF_8);
        for (int i = 0; i < content.size(); i++) {
          if (!content.get(i).isEmpty()) {
            lines.add(content.get(i));
            files.add(f);
            numbers.add(i + 1);
          }
        }
      }
    }
    return new LogLines(lines, files, numbers);
  }

  private static List<Path> expand(Path p, String prefix) throws IOException {
    if (!Files.exists(p)) {
      throw new NoSuchFileException(p.toString());
    }
    if (!Files.isDirectory(p)) {
      return List.of(p);
    }
    List<Path> segments = JsonLinesEvidenceSink.segments(p, prefix);
    if (!segments.isEmpty()) {
      return segments;
    }
    try (Stream<Path> s = Files.list(p)) {
      return s.filter(f -> f.getFileName().toString().endsWith(".jsonl")).sorted().toList();
    }
  }

  /** "record 6 (evidence-000002.jsonl line 2)", or the end of the log for a truncation. */
  String where(int index) {
    if (index < lines.size()) {
      return "record " + (index + 1) + " (" + files.get(index).getFileName() + " line " + lineNumbers.get(index) + ")";
    }
    return lines.isEmpty() ? "the start of the log" : "the end of the log (after " + files.get(lines.size() - 1).getFileName()
        + " line " + lineNumbers.get(lines.size() - 1) + ")";
  }
}
