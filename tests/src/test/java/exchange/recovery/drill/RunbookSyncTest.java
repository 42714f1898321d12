package exchange.recovery.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import exchange.recovery.local.plans.PlanCatalog;
import exchange.recovery.local.plans.PlanReader;
import exchange.recovery.local.plans.Runbook;

/** docs/runbooks/ says what the plans do: each runbook is exactly what the generator writes from the plan now. */
class RunbookSyncTest {

    private final PlanCatalog catalog = PlanCatalog.load(Path.of("."));

    @Test
    void everyRunbook_equalsWhatTheGeneratorWritesFromItsPlanNow() throws IOException {
        List<Path> runbooks = runbooks();
        assertThat(runbooks).isNotEmpty();
        for (Path runbook : runbooks) {
            String plan = runbook.getFileName().toString().replaceFirst("\\.md$", "");
            assertThat(catalog.allNames()).as("%s describes a plan that statemachines/ no longer has", runbook).contains(plan);
            assertThat(Files.readString(runbook))
                    .as("%s is out of date: run ./scripts/drill plan %s --write-runbook", runbook, plan)
                    .isEqualTo(Runbook.render(new PlanReader(catalog).read(plan)));
        }
    }

    @Test
    void everyPlan_hasARunbook() throws IOException {
        List<String> documented = runbooks().stream().map(path -> path.getFileName().toString().replaceFirst("\\.md$", "")).toList();

        for (String plan : catalog.planNames()) {
            assertThat(documented).as("plan %s has no runbook: run ./scripts/drill plan %s --write-runbook", plan, plan).contains(plan);
        }
    }

    private static List<Path> runbooks() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("docs/runbooks"))) {
            return files.filter(file -> file.toString().endsWith(".md")).sorted().toList();
        }
    }
}
