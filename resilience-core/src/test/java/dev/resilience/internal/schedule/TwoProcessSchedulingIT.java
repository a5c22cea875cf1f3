package dev.resilience.internal.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two engine processes share one filesystem repository store: every scheduled occurrence runs at most once. */
class TwoProcessSchedulingIT {
  static final int STEPS = 150;

  @Test
  void twoJvmsNeverRunTheSameOccurrenceTwice(@TempDir Path dir) throws Exception {
    Path store = Files.createDirectories(dir.resolve("store"));
    List<Process> children = new ArrayList<>();
    for (String owner : List.of("jvm-a", "jvm-b")) {
      ProcessBuilder pb = new ProcessBuilder(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"),
          SchedulerChild.class.getName(), store.toString(), owner, dir.resolve(owner + ".txt").toString(),
          String.valueOf(STEPS));
      pb.redirectErrorStream(true);
      pb.redirectOutput(dir.resolve(owner + ".log").toFile());
      children.add(pb.start());
    }
    for (Process p : children) { // both are up and waiting: start them together
      try (OutputStream os = p.getOutputStream()) {
        os.write("go\n".getBytes(StandardCharsets.UTF_8));
      }
    }
    for (Process p : children) {
      assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
      assertThat(p.exitValue()).as(log(dir)).isZero();
    }
    List<String> a = Files.readAllLines(dir.resolve("jvm-a.txt"));
    List<String> b = Files.readAllLines(dir.resolve("jvm-b.txt"));
    System.out.println("jvm-a ran " + a.size() + ", jvm-b ran " + b.size() + " occurrences");
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    assertThat(all).as("occurrences run by both processes").doesNotHaveDuplicates();
    // which process wins each occurrence depends on timing; one that falls behind skips what the other ran
    assertThat(all).isNotEmpty().allMatch(t -> t.startsWith("2026-11-2"));
  }

  private static String log(Path dir) {
    try {
      return Files.readString(dir.resolve("jvm-a.log")) + Files.readString(dir.resolve("jvm-b.log"));
    } catch (IOException e) {
      return e.toString();
    }
  }
}
