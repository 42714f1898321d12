package exchange.recovery.local.scenarios;

import java.util.Optional;

/**
 * Which plan a scenario's alarm starts and the drill follows, and so which report its expectations read:
 * the platform's recovery (any top-level plan, its recovery report built from the incident record and the
 * execution history) or the object restore (its verification report and the bucket's versions).
 */
public enum Follows {

    /** The platform's recovery plans, started by the router; the report is the recovery report. */
    PLATFORM_RECOVERY(null),
    /** statemachines/object-restore.asl.json, started by an S3 alarm's rule; the report is the restore's. */
    OBJECT_RESTORE("ObjectRestoreStateMachine");

    private final String stateMachine;

    Follows(String stateMachine) {
        this.stateMachine = stateMachine;
    }

    /** The logical id of the state machine followed; empty when any top-level plan is. */
    public Optional<String> stateMachine() {
        return Optional.ofNullable(stateMachine);
    }

    /** Whether an execution of this state machine (a top-level plan) is the one this scenario follows. */
    public boolean isFollowed(String stateMachineLogicalId) {
        return stateMachine == null || stateMachine.equals(stateMachineLogicalId);
    }
}
