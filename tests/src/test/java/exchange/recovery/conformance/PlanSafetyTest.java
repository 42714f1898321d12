package exchange.recovery.conformance;

import static exchange.recovery.conformance.BrokenCopy.introduced;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The static safety proof ({@link PlanSafety}) holds for the real plans, and each rule reports exactly the
 * problem of a named, broken copy of the ASL.
 */
class PlanSafetyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PLATFORM = "statemachines/platform-recovery.asl.json";
    private static final String TIER = "statemachines/tier-recovery.asl.json";
    private static final String WITHDRAWALS = "statemachines/withdrawal-resumption.asl.json";

    @TempDir
    Path directory;

    private BrokenCopy copy;

    @BeforeEach
    void copyTheProject() {
        copy = BrokenCopy.of(Project.current(), directory);
    }

    private static PlanSafety proof(Project project) {
        return new PlanSafety(new PlanWiring(project, project.loadTemplate()));
    }

    private List<Finding> introducedBy(Consumer<BrokenCopy> breakIt) {
        List<Finding> before = proof(copy.project()).check();
        breakIt.accept(copy);
        return introduced(before, proof(copy.project()).check());
    }

    @Test
    void realPlans_satisfyEverySafetyRuleOnEveryPath() {
        PlanSafety proof = proof(Project.current());

        assertThat(proof.check()).isEmpty();
        assertThat(proof.topLevelPlans()).extracting(PlanWiring.Machine::logicalId)
                .containsExactlyInAnyOrder("PlatformRecoveryStateMachine", "ObjectRestoreStateMachine");
    }

    @Test
    void theLockRule_appliesToThePlansTheAlarmRouterStarts() {
        PlanWiring wiring = new PlanWiring(Project.current(), Project.current().loadTemplate());

        assertThat(wiring.machinesStartedBy(PlanSafety.ROUTER)).containsExactly("PlatformRecoveryStateMachine");
    }

    @Test
    void walletAndEnginePromotionRules_holdVacuouslyToday_becauseNoPlanHasSuchATaskYet() {
        PlanSafety proof = proof(Project.current());
        proof.check();

        assertThat(proof.promotionTasks()).isEmpty();
    }

    @Test
    void reconciliationCheckBypassed_isReported() {
        List<Finding> findings = introducedBy(copy -> copy.states(WITHDRAWALS).with("ReconcileWallets")
                .put("Next", "RequestApproval"));

        assertThat(findings).containsExactly(new Finding("safety.resume-unreconciled",
                WITHDRAWALS + " States.ResumeWithdrawals", "RESUME is reachable without a passed reconciliation on the path"));
    }

    @Test
    void approvalsCatchLeadingToResume_isReported() {
        List<Finding> findings = introducedBy(copy -> ((ObjectNode) copy.states(WITHDRAWALS).path("RequestApproval")
                .path("Catch").get(0)).put("Next", "ResumeWithdrawals"));

        assertThat(findings).containsExactly(new Finding("safety.resume-unapproved",
                WITHDRAWALS + " States.ResumeWithdrawals",
                "RESUME is reachable without an approved withdrawal-resumption approval on the path"));
    }

    @Test
    void haltPathSkippingTheLockRelease_isReported() {
        List<Finding> findings = introducedBy(copy -> {
            ObjectNode announce = copy.states(PLATFORM).with("AnnounceHalt");
            announce.put("Next", "RecoveryHalted");
            ((ObjectNode) announce.path("Catch").get(0)).put("Next", "RecoveryHalted");
        });

        assertThat(findings).containsExactly(new Finding("safety.lock-not-released", PLATFORM + " States.RecoveryHalted",
                "PlatformRecoveryStateMachine can end at States.RecoveryHalted without running the ReleaseScopeLock task"));
    }

    @Test
    void withdrawalsResumedBeforeTheTiersGate_isReported() {
        // GIVEN tier 6 resuming withdrawals before its gate, as the plan once did
        List<Finding> findings = introducedBy(copy -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> substitutions = (Map<String, Object>) copy.properties("TierRecoveryStateMachine")
                    .get("DefinitionSubstitutions");
            substitutions.put("WithdrawalResumptionStateMachineArn", Map.of("Ref", "WithdrawalResumptionStateMachine"));
            ObjectNode resume = copy.states(PLATFORM).path("ResumeWithdrawals").deepCopy();
            resume.put("Next", "Recovered");
            ((ObjectNode) resume.path("Catch").get(0)).put("Next", "RecordFailure");
            ObjectNode tierStates = copy.states(TIER);
            tierStates.set("ResumeWithdrawals", resume);
            tierStates.path("RouteRecovery").path("Choices").forEach(rule -> {
                if ("GateBeforeResumingWithdrawals".equals(rule.path("Next").asText())) {
                    ((ObjectNode) rule).put("Next", "ResumeWithdrawals");
                }
            });
        });

        // THEN a later gate failure halts the plan with withdrawals open
        assertThat(findings).containsExactly(new Finding("safety.halted-with-withdrawals-open",
                PLATFORM + " States.RecoveryHalted", "PlatformRecoveryStateMachine can fail at States.RecoveryHalted with "
                        + "withdrawals open (resumed by WithdrawalResumptionStateMachine ResumeWithdrawals) after it paused them"));
    }

    @Test
    void walletPromotionWithoutFencingOrApproval_isReported_onceSuchAStepExists() {
        List<Finding> findings = introducedBy(copy -> addTask(copy, "PromoteWalletStandby"));

        assertThat(findings).containsExactly(new Finding("safety.wallet-promotion", TIER + " States.PromoteWalletStandby",
                "a wallet promotion is reachable without fencing and an approved wallet-promotion approval"));
    }

    @Test
    void enginePromotionWithoutFencing_isReported_onceSuchAStepExists() {
        List<Finding> findings = introducedBy(copy -> addTask(copy, "PromoteMatchingEngineStandby"));

        assertThat(findings).containsExactly(new Finding("safety.engine-promotion",
                TIER + " States.PromoteMatchingEngineStandby", "an engine promotion is reachable without fencing"));
    }

    @Test
    void enginePromotionAfterFencing_isAccepted() {
        List<Finding> findings = introducedBy(copy -> {
            addTask(copy, "PromoteMatchingEngineStandby");
            ObjectNode fence = copy.states(TIER).path("FailOverDatabase").deepCopy();
            fence.put("Next", "PromoteMatchingEngineStandby");
            copy.states(TIER).set("FenceOldEngine", fence);
            copy.states(TIER).path("RouteRecovery").path("Choices").forEach(rule -> {
                if ("PromoteMatchingEngineStandby".equals(rule.path("Next").asText())) {
                    ((ObjectNode) rule).put("Next", "FenceOldEngine");
                }
            });
        });

        assertThat(findings).isEmpty();
    }

    /** A step tier-recovery does not have yet, routed to from RouteRecovery, then on to the gate. */
    private static void addTask(BrokenCopy copy, String name) {
        ObjectNode task = copy.states(TIER).path("FailOverDatabase").deepCopy();
        task.put("Next", "Recovered");
        copy.states(TIER).set(name, task);
        ObjectNode rule = JSON.createObjectNode();
        rule.put("Variable", "$.tier").put("StringEquals", "wallet").put("Next", name);
        copy.states(TIER).with("RouteRecovery").withArray("Choices").insert(0, rule);
    }
}
