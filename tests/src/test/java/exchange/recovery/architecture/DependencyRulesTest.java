package exchange.recovery.architecture;

import static org.assertj.core.api.Assertions.assertThat;


import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;

/**
 * The dependency rules (see {@link DependencyRules} and docs/architecture.md) hold for the product's classes
 * (functions and local, without tests), and each of them reports a deliberate violation in the fixture.
 */
class DependencyRulesTest {

    private static final String ROOT = "exchange.recovery";
    private static final String FIXTURE = "exchange.recovery.architecture.fixture";

    private static JavaClasses product;
    private static JavaClasses fixture;

    @BeforeAll
    static void importClasses() {
        product = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("/architecture/fixture/"))
                .importPackages(ROOT);
        fixture = new ClassFileImporter().importPackages(FIXTURE);
    }

    @Test
    void capabilities_dependOnlyOnCoreTheBasePackages_orAnotherCapabilitysPublishedTypes() {
        DependencyRules.capabilitiesDependOnBaseOrPublishedTypes(ROOT).check(product);
    }

    @Test
    void theLocalRuntime_isNeverReachedFromTheFunctions() {
        DependencyRules.localIsNeverReachedFromOutside(ROOT).check(product);
    }

    @Test
    void noPackage_reachesItselfThroughOthers() {
        DependencyRules.noPackageCycles(ROOT).check(product);
    }

    @Test
    void theProductClasses_includeBothModules() {
        assertThat(product.containPackage(ROOT + ".wallet")).isTrue();
        assertThat(product.containPackage(ROOT + ".local.drill")).isTrue();
        assertThat(product.stream().noneMatch(c -> c.getPackageName().startsWith(FIXTURE))).isTrue();
    }

    @Test
    void aCapabilityReachingAnotherCapabilitysUnpublishedType_isReported_butItsPublishedTypeAndTheCoreAreNot() {
        EvaluationResult result = DependencyRules.capabilitiesDependOnBaseOrPublishedTypes(FIXTURE).evaluate(fixture);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails())
                .anyMatch(line -> line.startsWith("alpha → beta") && line.contains("BetaInternal"))
                .noneMatch(line -> line.contains("BetaContract is not @Published"))
                .noneMatch(line -> line.startsWith("alpha → core"));
    }

    @Test
    void aFunctionReachingTheLocalRuntime_isReported() {
        EvaluationResult result = DependencyRules.localIsNeverReachedFromOutside(FIXTURE).evaluate(fixture);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails()).anyMatch(line -> line.contains("LocalThing"));
    }

    @Test
    void twoPackagesImportingEachOther_areReportedAsACycle() {
        EvaluationResult result = DependencyRules.noPackageCycles(FIXTURE).evaluate(fixture);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString()).contains("Cycle detected").contains("beta").contains("gamma");
    }
}
