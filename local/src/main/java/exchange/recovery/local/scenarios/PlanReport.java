package exchange.recovery.local.scenarios;

import java.util.Objects;
import java.util.Optional;

import exchange.recovery.report.RecoveryReport;

/**
 * What the followed plan's execution reported, which expectations read: the recovery report built from its
 * execution (every plan has one: steps, notifications, status), and, for an object restore, the restore's
 * own report with the bucket's versions as listed after it.
 */
public record PlanReport(RecoveryReport recovery, ObjectRestoreReport objectRestoreOrNull) {

    public PlanReport {
        Objects.requireNonNull(recovery, "recovery");
    }

    public Optional<ObjectRestoreReport> objectRestore() {
        return Optional.ofNullable(objectRestoreOrNull);
    }
}
