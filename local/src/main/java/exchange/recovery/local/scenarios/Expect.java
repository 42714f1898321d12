package exchange.recovery.local.scenarios;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

import exchange.recovery.core.Tier;
import exchange.recovery.report.RecoveryReport;
import exchange.recovery.report.ReportApproval;
import exchange.recovery.report.ReportCheck;
import exchange.recovery.report.ReportTier;
import exchange.recovery.report.ReportVerdict;

/** Expectations on a recovery report, checked on the report itself, never on the drill's own view of the run. */
public final class Expect {

    private Expect() {
    }

    /** The plan's execution ended with this status ({@code SUCCEEDED}, {@code FAILED}...). */
    public static Expectation planStatus(String status) {
        return of("the plan's execution ends " + status, report -> report.execution().status(), status::equals);
    }

    public static Expectation verdict(ReportVerdict.Outcome outcome) {
        return of("the verdict is " + outcome, report -> report.verdict().outcome().name(), outcome.name()::equals);
    }

    /**
     * The plan recovered: verdict RECOVERED, or OBJECTIVE_MISSED when a tier took longer than its budget.
     * Whether the objectives were met depends on the machine the drill runs on, so the drill reports it and
     * leaves it to the reader instead of failing on it.
     */
    public static Expectation recovered() {
        return of("the plan recovers every tier (verdict RECOVERED, or OBJECTIVE_MISSED on a slow machine)",
                report -> report.verdict().outcome().name(),
                outcome -> outcome.equals("RECOVERED") || outcome.equals("OBJECTIVE_MISSED"));
    }

    /** Every tier but {@code except} was verified (VERIFY → VERIFIED). */
    public static Expectation othersVerified(Tier... except) {
        List<String> skipped = Arrays.stream(except).map(Tier::id).toList();
        return of("every other tier is verified" + (skipped.isEmpty() ? "" : " (all but " + skipped + ")"),
                report -> report.tiers().stream().filter(tier -> !skipped.contains(tier.tier()))
                        .filter(tier -> !("VERIFY".equals(tier.mode()) && "VERIFIED".equals(tier.outcome())))
                        .map(tier -> tier.tier() + ": " + (tier.reported() ? tier.mode() + " → " + tier.outcome() : "not reported"))
                        .toList().toString(),
                "[]"::equals);
    }

    /** The tier's gate read the health of a target whose name contains {@code target}, with this result and summary. */
    public static Expectation healthCheck(Tier tier, String target, boolean healthy, String summary) {
        String wanted = (healthy ? "healthy" : "unhealthy") + " (" + summary + ")";
        return of("the health of " + target + " reads " + wanted + " in tier " + tier.id() + "'s gate",
                report -> tierOf(report, tier).healthChecks().stream().filter(check -> check.name().contains(target))
                        .map(check -> (check.passed() ? "healthy" : "unhealthy") + " (" + check.summary() + ")")
                        .findFirst().orElse("not read"),
                wanted::equals);
    }

    /** The report tells how to resume the halted plan, and the command contains {@code text}. */
    public static Expectation redriveGiven(String text) {
        return of("the report gives the command to resume the plan (" + text + ")",
                report -> String.valueOf(report.verdict().redrive()), observed -> observed.contains(text));
    }

    /** The incident was opened, triggered by this alarm. */
    public static Expectation triggeredBy(String alarmName) {
        return of("the incident is opened from alarm " + alarmName,
                report -> report.incident() == null ? "no incident opened" : report.incident().alarmName(), alarmName::equals);
    }

    /** The incident's scope names exactly these tiers. */
    public static Expectation scope(Tier... tiers) {
        List<String> wanted = Arrays.stream(tiers).map(Tier::id).toList();
        return of("the incident's scope is " + wanted,
                report -> report.incident() == null ? "no incident opened" : String.valueOf(report.incident().scope()),
                observed -> observed.equals(String.valueOf(wanted)));
    }

    /** The plan recorded this mode and outcome for the tier. */
    public static Expectation tier(Tier tier, String mode, String outcome) {
        return of("tier " + tier.id() + " " + mode + " → " + outcome,
                report -> tierOf(report, tier).reported() ? tierOf(report, tier).mode() + " → " + tierOf(report, tier).outcome()
                        : "not reported",
                (mode + " → " + outcome)::equals);
    }

    /** The plan recorded this outcome for the tier, whatever the mode. */
    public static Expectation tierOutcome(Tier tier, String outcome) {
        return of("tier " + tier.id() + " ends " + outcome,
                report -> tierOf(report, tier).reported() ? tierOf(report, tier).outcome() : "not reported",
                outcome::equals);
    }

    /** The tier's RTO was within the seed's objective. */
    public static Expectation withinObjective(Tier tier) {
        return of("tier " + tier.id() + " recovers within its objective (" + tier.rtoObjective() + ")",
                report -> String.valueOf(tierOf(report, tier).withinObjective()), "true"::equals);
    }

    /** The report shows an achieved RPO for the tier. */
    public static Expectation rpoReported(Tier tier) {
        return of("an achieved RPO is reported for tier " + tier.id(), report -> rpoOf(report, tier), observed -> !"none".equals(observed));
    }

    /** The report shows no achieved RPO for the tier (its recovery never went live). */
    public static Expectation noRpo(Tier tier) {
        return of("no RPO is reported as achieved for tier " + tier.id(), report -> rpoOf(report, tier), "none"::equals);
    }

    /** The named integrity check ran in the tier's gate with this result. */
    public static Expectation integrityCheck(Tier tier, String check, boolean passed) {
        return of("integrity check " + check + " " + (passed ? "passes" : "fails") + " for tier " + tier.id(),
                report -> tierOf(report, tier).integrityChecks().stream().filter(c -> c.name().equals(check))
                        .map(c -> c.passed() ? "passed" : "failed").findFirst().orElse("not run"),
                (passed ? "passed" : "failed")::equals);
    }

    /** The named integrity check's evidence mentions {@code text} (an offending account, the first gap...). */
    public static Expectation integrityEvidence(Tier tier, String check, String text) {
        return of("the evidence of integrity check " + check + " in tier " + tier.id() + " names " + text,
                report -> tierOf(report, tier).integrityChecks().stream().filter(c -> c.name().equals(check))
                        .map(c -> c.summary() + " " + c.evidence()).findFirst().orElse("not run"),
                observed -> observed.contains(text));
    }

    /** The plan recorded nothing for the tier: it never started it (it halted before). */
    public static Expectation notReported(Tier tier) {
        return of("tier " + tier.id() + " is not started",
                report -> tierOf(report, tier).reported() ? tierOf(report, tier).mode() + " → " + tierOf(report, tier).outcome()
                        : "not reported",
                "not reported"::equals);
    }

    /** Some integrity check failed in the tier's gate (the gate blocked). */
    public static Expectation gateBlocked(Tier tier) {
        return of("the integrity gate of tier " + tier.id() + " blocks",
                report -> tierOf(report, tier).integrityChecks().stream().filter(check -> !check.passed())
                        .map(ReportCheck::name).toList().toString(),
                observed -> !"[]".equals(observed));
    }

    /** No step of any of the plan's executions ran in the named state (e.g. a cut-over that must not happen). */
    public static Expectation neverEntered(String state) {
        return of("the plan never enters " + state,
                report -> report.steps().stream().filter(step -> state.equals(step.state()))
                        .map(step -> step.machine() + " " + step.status()).toList().toString(),
                "[]"::equals);
    }

    /** The report's execution is a later run of the incident than the one that opened it (a redrive). */
    public static Expectation resumesTheIncident() {
        return of("the run resumes the incident that an earlier execution opened",
                report -> report.incident() == null || report.incident().executionId() == null ? "no incident"
                        : report.incident().executionId().equals(report.execution().arn()) ? "the incident's first run"
                        : "resumes " + report.incident().executionId(),
                observed -> observed.startsWith("resumes "));
    }

    /** A notification whose subject contains the text was sent. */
    public static Expectation notified(String subject) {
        String description = "a notification \"" + subject + "\" is sent";
        return new Expectation() {
            @Override
            public String description() {
                return description;
            }

            @Override
            public ExpectationResult check(PlanReport report) {
                List<String> subjects = report.recovery().notifications().stream()
                        .map(notification -> Objects.toString(notification.subject(), "")).toList();
                return new ExpectationResult(description, subjects.stream().anyMatch(s -> s.contains(subject)),
                        subjects.toString());
            }
        };
    }

    /** The plan halted at (or because of) the named state. */
    public static Expectation haltedAt(String state) {
        return of("the plan halts at " + state,
                report -> String.valueOf(report.execution().failedState()), state::equals);
    }

    /** These people approved, each once. */
    public static Expectation approvedBy(String... approvers) {
        List<String> wanted = List.of(approvers);
        return of("approved by " + wanted,
                report -> report.approvals().stream().flatMap(a -> a.approvers().stream()).map(ReportApproval.Approver::approver)
                        .sorted().toList().toString(),
                observed -> observed.equals(wanted.stream().sorted().toList().toString()));
    }

    private static String rpoOf(RecoveryReport report, Tier tier) {
        Double rpo = tierOf(report, tier).rpoSeconds();
        return rpo == null ? "none" : rpo + " s";
    }

    private static ReportTier tierOf(RecoveryReport report, Tier tier) {
        return report.tier(tier.id()).orElseThrow();
    }

    private static Expectation of(String description, Function<RecoveryReport, String> observe, Predicate<String> holds) {
        return new Expectation() {
            @Override
            public String description() {
                return description;
            }

            @Override
            public ExpectationResult check(PlanReport report) {
                String observed = observe.apply(report.recovery());
                return new ExpectationResult(description, observed != null && holds.test(observed), observed);
            }
        };
    }
}
