package dev.resilience.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Micrometer is optional: an engine backs up and reports status in a JVM that does not have it. */
class EngineWithoutMicrometerIT {
  @TempDir Path dir;

  @Test
  void theEngineRunsWithoutMicrometerOnTheClassPath() throws Exception {
    List<String> cp = new ArrayList<>();
    for (String entry : classPath()) {
      if (!entry.contains("micrometer")) {
        cp.add(entry);
      }
    }
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", String.join(File.pathSeparator, cp), NoMicrometerChild.class.getName(), dir.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("backed up ").contains("rpo breached: false");
  }

  /** The test class path, expanded from a manifest-only jar if the runner uses one. */
  private static List<String> classPath() throws IOException {
    List<String> entries = List.of(System.getProperty("java.class.path").split(File.pathSeparator));
    if (entries.size() == 1 && entries.get(0).endsWith(".jar")) {
      try (JarFile jar = new JarFile(entries.get(0))) {
        String manifestCp = jar.getManifest().getMainAttributes().getValue("Class-Path");
        if (manifestCp != null) {
          List<String> out = new ArrayList<>();
          for (String url : manifestCp.split(" ")) {
            if (!url.isBlank()) {
              out.add(Path.of(java.net.URI.create(url)).toString());
            }
          }
          return out;
        }
      }
    }
    return entries;
  }
}
