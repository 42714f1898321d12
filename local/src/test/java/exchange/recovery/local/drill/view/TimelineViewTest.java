package exchange.recovery.local.drill.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class TimelineViewTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private static TimelineRow row(String step, String status, long atMillis, long elapsedMillis) {
        return new TimelineRow("exec#" + step, 0, "database", step, "gate", status, Duration.ofMillis(atMillis),
                Duration.ofMillis(elapsedMillis), "CAUGHT".equals(status) ? "IntegrityCheckFailed: gap after 41" : null);
    }

    @Test
    void plain_printsALinePerStepAndStatusChange_notPerRedraw() {
        PlainTimeline view = new PlainTimeline(out);

        view.update(List.of(row("GateDatabase", "RUNNING", 1200, 0)), Duration.ofSeconds(1), "");
        view.update(List.of(row("GateDatabase", "RUNNING", 1200, 300)), Duration.ofSeconds(2), "");
        view.update(List.of(row("GateDatabase", "CAUGHT", 1200, 800)), Duration.ofSeconds(3), "");
        view.note(Duration.ofMillis(3100), "plan ended FAILED");

        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).contains("1.2s").contains("database").contains("GateDatabase").contains("RUNNING");
        assertThat(lines.get(1)).contains("2.0s").contains("CAUGHT").contains("0.8s").contains("IntegrityCheckFailed: gap after 41");
        assertThat(lines.get(2)).contains("3.1s  » plan ended FAILED");
        assertThat(bytes.toString(StandardCharsets.UTF_8)).doesNotContain("\u001b[");
    }

    @Test
    void ansi_redrawsTheTableInPlace_withinTheTerminalsWidth() {
        AnsiTimeline view = new AnsiTimeline(out, 80);

        view.update(List.of(row("GateDatabaseWithAVeryLongStateNameIndeed", "RUNNING", 1200, 0)), Duration.ofSeconds(1), "1 running");
        int first = bytes.toString(StandardCharsets.UTF_8).length();
        view.update(List.of(row("GateDatabaseWithAVeryLongStateNameIndeed", "SUCCEEDED", 1200, 800)), Duration.ofSeconds(2), "done");
        String redraw = bytes.toString(StandardCharsets.UTF_8).substring(first);

        assertThat(redraw).startsWith("\u001b[3F\u001b[J");
        for (String line : redraw.lines().toList()) {
            String visible = line.replaceAll("\u001b\\[[0-9;]*[A-Za-z]", "");
            assertThat(visible.length()).as(visible).isLessThan(80);
        }
        assertThat(redraw).contains("✓ SUCCEEDED");
    }

    @Test
    void ansi_printsNotesAboveTheTable_andKeepsTheTableAtTheEnd() {
        AnsiTimeline view = new AnsiTimeline(out, 100);
        view.update(List.of(row("GateDatabase", "SUCCEEDED", 1200, 800)), Duration.ofSeconds(2), "done");

        view.note(Duration.ofSeconds(2), "notification: Recovery started");
        view.finish(List.of("Verdict: RECOVERED"));

        String shown = bytes.toString(StandardCharsets.UTF_8);
        assertThat(shown.lastIndexOf("notification: Recovery started")).isLessThan(shown.lastIndexOf("GateDatabase"));
        assertThat(shown).endsWith("Verdict: RECOVERED\n");
    }

    /** An alarm name as anyone who may create alarms in the account could choose it: retitles, beeps, clears the screen. */
    private static final String HOSTILE = "exchange-db\u001b]0;pwned\u0007\u001b[2J\u009b31m\u202egnp.exe\r\bX";

    @Test
    void plain_showsControlCharactersFromAnAlarmName_asVisibleEscapes_neverRaw() {
        PlainTimeline view = new PlainTimeline(out);

        view.start("Drill " + HOSTILE, "expected: " + HOSTILE);
        view.note(Duration.ofMillis(100), "fault: alarm " + HOSTILE + " → ALARM (" + HOSTILE + ")");
        view.update(List.of(new TimelineRow("k", 0, HOSTILE, HOSTILE, "lambda", "CAUGHT", Duration.ZERO, Duration.ZERO, HOSTILE)),
                Duration.ofSeconds(1), HOSTILE);
        view.finish(List.of("Verdict: " + HOSTILE));

        assertNoRawControls(bytes.toString(StandardCharsets.UTF_8));
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("exchange-db\\x1b]0;pwned\\x07\\x1b[2J\\u009b31m\\u202egnp.exe\\x0d\\x08X");
    }

    @Test
    void ansi_keepsItsOwnEscapes_butShowsThoseOfAnAlarmName_asVisibleEscapes() {
        AnsiTimeline view = new AnsiTimeline(out, 200);

        view.start("Drill " + HOSTILE, HOSTILE);
        view.update(List.of(new TimelineRow("k", 0, HOSTILE, HOSTILE, "lambda", "RUNNING", Duration.ZERO, Duration.ZERO, null)),
                Duration.ofSeconds(1), "waiting for " + HOSTILE);
        view.note(Duration.ofMillis(100), "router: STARTED — " + HOSTILE);
        view.finish(List.of("Problem: " + HOSTILE));

        String shown = bytes.toString(StandardCharsets.UTF_8);
        assertThat(shown).contains("\u001b[1m").contains("\\x1b]0;pwned\\x07");
        // what remains once the view's own sequences (CSI with digits, then a letter) are taken out: no control at all
        assertNoRawControls(shown.replaceAll("\u001b\\[[0-9;]*[A-Za-z]", ""));
        assertThat(shown).doesNotContain("\u001b[2J").doesNotContain("\u001b]0;");
    }

    @Test
    void terminalText_leavesOrdinaryTextAlone_includingUnicode() {
        assertThat(TerminalText.safe("exchange-az-use1-az1-degraded → ALARM ✓ café")).isEqualTo("exchange-az-use1-az1-degraded → ALARM ✓ café");
        assertThat(TerminalText.safe(null)).isNull();
    }

    private static void assertNoRawControls(String shown) {
        assertThat(shown.chars().filter(c -> c != '\n' && (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)
                || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)))
                .mapToObj(c -> String.format("U+%04X", c)).toList()).isEmpty();
    }
}
