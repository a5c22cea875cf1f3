package dev.resilience;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps the layering of STYLE.md true: core never names an adapter; the SPI never reaches into internals. */
class ArchitectureTest {
  private static JavaClasses core;

  @BeforeAll
  static void importCore() {
    core = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.resilience");
  }

  @Test
  void coreNeverReferencesAnAdapter() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage(
            "dev.resilience.postgres..", "dev.resilience.s3..", "dev.resilience.redis..",
            "dev.resilience.analytics..", "dev.resilience.cli..", "dev.resilience.examples..")
        .because("arrows point one way: adapters depend on core, never the reverse")
        .check(core);
  }

  @Test
  void spiAndEventsDoNotDependOnInternals() {
    noClasses().that().resideInAnyPackage("dev.resilience.spi..", "dev.resilience.event..")
        .should().dependOnClassesThat().resideInAPackage("dev.resilience.internal..")
        .because("adapters implement the SPI and must not see the implementation")
        .check(core);
  }

  @Test
  void coreHasNoPackagesOutsideTheLayout() {
    noClasses().should().resideOutsideOfPackages(
            "dev.resilience", "dev.resilience.spi..", "dev.resilience.event..", "dev.resilience.evidence..",
            "dev.resilience.internal..")
        .because("core keeps its API at the root, SPIs in spi, events in event, the auditor-facing evidence API"
            + " in evidence and the rest in internal")
        .check(core);
  }
}
