package exchange.recovery.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import exchange.recovery.core.Tier;
import exchange.recovery.incident.Incident;

class ReportRenderingTest {

    private static final Instant NOW = Instant.parse("2026-11-28T03:10:00Z");

    private static RecoveryReport recovered() {
        History history = new History(Records.ALARM_TIME).lambda("OpenIncident", "{}", "{}")
                .lambda("GateDatabase", "{\"tier\":\"database\"}", Records.gateReport(true)).executionSucceeded();
        return new RecoveryReportBuilder().build(new RecoveryRecord(Records.incident("database"),
                List.of(Records.outcome(Tier.DATABASE, "RECOVER", "RECOVERED", 600, Records.gateReport(true))),
                history.trace("SUCCEEDED"),
                List.of(new ReportNotification(Records.ALARM_TIME.plusSeconds(3), "exchange-recovery-NotificationTopic",
                        "Recovery started", "{\"event\":\"RECOVERY_STARTED\"}", "delivered"))), NOW);
    }

    private static RecoveryReport halted(String cause) {
        History history = new History(Records.ALARM_TIME).enter("Task", "GateDatabase")
                .scheduled("lambda", "invoke", "{}").failed("lambda", "invoke", "exchange.recovery.integrity.IntegrityCheckFailed",
                        "{\"errorMessage\":\"" + cause + "\"}")
                .exit("Task", "GateDatabase", "{}").enter("Fail", "RecoveryFailed").executionFailed("RecoveryFailed", "x");
        return new RecoveryReportBuilder().build(new RecoveryRecord(Records.incident("database"), List.of(),
                history.trace("FAILED"), null), NOW);
    }

    @Test
    void markdown_statesTheVerdictTiersRtoRpoChecksNotificationsAndTimeline() {
        String markdown = MarkdownReport.render(recovered());

        assertThat(markdown).startsWith("# Recovery report — ALARM-exchange-db-primary-unavailable-1795834800\n")
                .contains("**Verdict: RECOVERED** — Recovered within every objective")
                .contains("| 1 | database | in scope | RECOVER | RECOVERED | 10 min | minutes to hours | 4 h | yes | 42 s |")
                .contains("| 4 | trading-api | outside scope | — | not reported |")
                .contains("### Tier 1 database")
                .contains("| no-negative-balance | passed | no negative available balance |")
                .contains("| +3.0 s | exchange-recovery-NotificationTopic | Recovery started |")
                .contains("| database | GateDatabase | gate | SUCCEEDED |")
                .contains("The plan asked for no approval.");
    }

    @Test
    void tradingApiTier_showsEachTradingPhaseReachedUnderItsTier_inMarkdownAndHtml() {
        // GIVEN tier 4's evidence as the plan records it: its gate, then the phases ReopenTrading reached
        String evidence = """
                {"integrity": {"passed": true, "checks": [{"name": "book-not-crossed", "passed": true, "summary": "no crossed book"}]},
                 "trading": {"state": "OPEN", "phases": [
                   {"phase": "CANCEL_ONLY", "at": "2026-11-28T03:05:00Z", "checks": ["book-not-crossed", "trades-settled"],
                    "flag": "trading-cancels", "lifted": true},
                   {"phase": "OPEN", "at": "2026-11-28T03:05:02Z", "checks": ["book-not-crossed"], "flag": "trading", "lifted": true}]}}
                """;
        RecoveryReport report = new RecoveryReportBuilder().build(new RecoveryRecord(Records.incident("database"),
                List.of(Records.outcome(Tier.TRADING_API, "VERIFY", "VERIFIED", 320, evidence)),
                new History(Records.ALARM_TIME).lambda("OpenIncident", "{}", "{}").executionSucceeded().trace("SUCCEEDED"), null), NOW);

        // WHEN rendered THEN tier 4 lists both phases in order, with their time and the checks that allowed them
        assertThat(report.tiers().get(3).phases()).extracting(ReportPhase::phase).containsExactly("CANCEL_ONLY", "OPEN");
        assertThat(MarkdownReport.render(report)).contains("### Tier 4 trading-api")
                .containsSubsequence("Reopened in phases:",
                        "- `CANCEL_ONLY` at " + ReportText.time(Instant.parse("2026-11-28T03:05:00Z")) + " (+5 min), after book-not-crossed, trades-settled passed; the incident's hold on trading-cancels lifted",
                        "- `OPEN` at ");
        assertThat(HtmlReport.render(report)).contains("<li><code>CANCEL_ONLY</code> at ")
                .contains("after book-not-crossed, trades-settled passed; the incident&#39;s hold on trading-cancels lifted</li>");
        assertThat(report.tiers().get(0).phases()).isEmpty();
    }

    @Test
    void aResumedRun_namesTheHaltedExecutionItResumes_andAFirstRunDoesNot() {
        var first = Records.incident("database");
        Incident resumedIncident = new Incident(first.incidentId(), first.plan(), first.scope(), first.trigger(),
                "arn:aws:states:us-east-1:123456789012:execution:exchange-recovery-PlatformRecoveryStateMachine:run-0",
                first.openedAt());
        RecoveryReport resumed = new RecoveryReportBuilder().build(new RecoveryRecord(resumedIncident, List.of(),
                new History(Records.ALARM_TIME).lambda("OpenIncident", "{}", "{}").executionSucceeded().trace("SUCCEEDED"), null), NOW);

        assertThat(MarkdownReport.render(resumed)).contains("| Resumes | the incident's first execution, `run-0`, which halted");
        assertThat(HtmlReport.render(resumed)).contains("Resumes").contains("run-0");
        assertThat(MarkdownReport.render(recovered())).doesNotContain("| Resumes |");
    }

    @Test
    void markdown_ofAHaltedPlan_givesTheRedriveCommand() {
        String markdown = MarkdownReport.render(halted("journal gap after 41"));

        assertThat(markdown).contains("**Verdict: HALTED** — Recovery halted at GateDatabase")
                .contains("```bash\naws stepfunctions redrive-execution --execution-arn arn:aws:states:")
                .contains("| Status | FAILED at `GateDatabase` |");
    }

    @Test
    void markdown_keepsTableCellsIntact_whenTextHoldsPipesAndNewLines() {
        String markdown = MarkdownReport.render(halted("a | b\\nc"));

        assertThat(markdown).contains("IntegrityCheckFailed: a \\| b<br>c");
    }

    @Test
    void html_isOnePageWithItsOwnStyleAndChart_andNothingExternal() {
        String html = HtmlReport.render(recovered());

        assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>").contains("<svg")
                .contains("Verdict: RECOVERED").contains("Tier 1 database — RECOVERED").contains("no-negative-balance");
        assertThat(html).doesNotContain("<script").doesNotContain("src=").doesNotContain("<link")
                .doesNotContainPattern("href=\"https?:");
    }

    @Test
    void html_escapesWhatThePlanRecorded() {
        String html = HtmlReport.render(halted("<img src=x onerror=alert(1)>"));

        assertThat(html).doesNotContain("<img").contains("&lt;img src=x onerror=alert(1)&gt;");
    }

    @Test
    void durations_readAsPeopleWriteThem() {
        assertThat(Durations.format(java.time.Duration.ofMillis(420))).isEqualTo("0.4 s");
        assertThat(Durations.format(java.time.Duration.ofSeconds(12))).isEqualTo("12 s");
        assertThat(Durations.format(java.time.Duration.ofSeconds(185))).isEqualTo("3 min 05 s");
        assertThat(Durations.format(java.time.Duration.ofHours(4))).isEqualTo("4 h");
        assertThat(Durations.format(java.time.Duration.ofMinutes(90))).isEqualTo("1 h 30 min");
    }
}
