package exchange.recovery.local.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import exchange.recovery.core.Tier;
import exchange.recovery.local.exchange.ExchangeAlarm;
import exchange.recovery.local.stack.Need;

class ScenariosTest {

    private static final ExchangeAlarm ALARM = new ExchangeAlarm("a", "N", "M", "GreaterThanThreshold", 1, "d");

    @Test
    void everyListedScenario_hasItsOwnName_andDeclaresWhatItBreaksAndWhatTheReportMustShow() {
        assertThat(Scenarios.names()).doesNotHaveDuplicates().hasSize(Scenarios.all().size());
        for (Scenario scenario : Scenarios.all()) {
            assertThat(scenario.failure()).as(scenario.name()).isNotBlank();
            assertThat(scenario.expectedOutcome()).as(scenario.name()).isNotBlank();
            assertThat(scenario.expectations()).as(scenario.name()).isNotEmpty();
            assertThat(scenario.alarms()).as(scenario.name()).isNotEmpty();
        }
    }

    @Test
    void theDataLossScenarios_shareTheirRecoveryExpectations_andAskForPointInTimeRestore() {
        assertThat(Scenarios.find("data-corruption").orElseThrow().needs()).contains(Need.POINT_IN_TIME_RESTORE);
        assertThat(Scenarios.find("accidental-deletion").orElseThrow().expectations().stream().map(Expectation::description))
                .containsSubsequence(PointInTimeRestore.recovered("checkpoint-match").stream().map(Expectation::description).toList());
    }

    @Test
    void aDeclarationWithoutAFault_isRefused_naming_theScenario() {
        assertThatThrownBy(() -> Scenario.named("meteor-strike").fails("a meteor").expects("nothing").tiers(Tier.DATABASE)
                .alarms(ALARM).reportShows(Expect.recovered()).build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("meteor-strike");
    }

    @Test
    void aScenarioNeedsPostgresByDefault_andWaitsThreeMinutes() {
        Scenario scenario = Scenario.named("s").fails("f").expects("e").tiers(Tier.DATABASE).alarms(ALARM)
                .fault(Faults.note("n")).reportShows(Expect.recovered()).build();

        assertThat(scenario.needs()).containsExactly(Need.POSTGRES);
        assertThat(scenario.timeout()).hasMinutes(3);
        assertThat(scenario.redrive()).isEmpty();
    }
}
