package exchange.recovery.conformance;

import static exchange.recovery.conformance.BrokenCopy.introduced;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Lambda reports the thrown class's own name and Step Functions matches ErrorEquals exactly: every
 * transient error class a Task's function can throw (found by scanning the compiled functions) must be
 * named in that Task's Retry, or one RDS throttle halts a plan.
 */
class TransientRetriesTest {

    private static final String TIER_RECOVERY = "statemachines/tier-recovery.asl.json";

    @TempDir
    Path directory;

    private static TransientRetries rule(Project project) {
        return new TransientRetries(new PlanWiring(project, project.loadTemplate()),
                TransientRetriesTest.class.getClassLoader());
    }

    @Test
    void everyLambdaTask_retriesEveryTransientErrorItsFunctionCanThrow() {
        assertThat(rule(Project.current()).check()).isEmpty();
    }

    @Test
    void theScan_findsTheRdsFailoversTransientSubclassesAndTheSharedBaseClass() {
        // The errors the RDS gateway maps throttling and 5xx to, the failover's own, and what the
        // write probe's secret reading (db package) throws as the base class.
        assertThat(rule(Project.current()).transientErrors("RdsFailoverFunction")).contains(
                "exchange.recovery.rds.RdsThrottled", "exchange.recovery.rds.RdsUnavailable",
                "exchange.recovery.rds.FailoverNotVerified", "exchange.recovery.core.TransientFailure");
    }

    @Test
    void theScan_doesNotBlameAFunctionForAnotherCapabilitysErrors() {
        assertThat(rule(Project.current()).transientErrors("RecordTierOutcomeFunction"))
                .doesNotContain("exchange.recovery.rds.RdsThrottled", "exchange.recovery.cache.CacheUnavailable")
                .contains("exchange.recovery.core.TransientFailure");
    }

    @Test
    void aTaskRetryingOnlyTheBaseClass_isReportedForEachSubclassItsFunctionThrows() {
        // GIVEN the failover Task as it was: its Retry names the base class TransientFailure only
        BrokenCopy copy = BrokenCopy.of(Project.current(), directory);
        List<Finding> before = rule(copy.project()).check();
        ObjectNode failover = (ObjectNode) copy.states(TIER_RECOVERY).get("FailOverDatabase");
        failover.withArray("Retry").forEach(retrier -> {
            ArrayNode errors = (ArrayNode) retrier.get("ErrorEquals");
            for (int i = errors.size() - 1; i >= 0; i--) {
                if (errors.get(i).asText().startsWith("exchange.recovery.rds.")) {
                    errors.remove(i);
                }
            }
        });

        // WHEN the rule runs
        List<Finding> findings = introduced(before, rule(copy.project()).check());

        // THEN each RDS subclass the failover can throw is named as not retried
        String subject = TIER_RECOVERY + " States.FailOverDatabase";
        assertThat(findings).containsExactlyInAnyOrder(
                new Finding("asl.transient-not-retried", subject,
                        "RdsFailoverFunction can throw exchange.recovery.rds.FailoverNotVerified (a TransientFailure) and no Retry names it"),
                new Finding("asl.transient-not-retried", subject,
                        "RdsFailoverFunction can throw exchange.recovery.rds.RdsThrottled (a TransientFailure) and no Retry names it"),
                new Finding("asl.transient-not-retried", subject,
                        "RdsFailoverFunction can throw exchange.recovery.rds.RdsUnavailable (a TransientFailure) and no Retry names it"));
    }
}
