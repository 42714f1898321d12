package exchange.recovery.local.drill.view;

import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One line per change, for CI logs and files: a step is printed when it appears and when its status changes. */
public final class PlainTimeline implements TimelineView {

    private final PrintStream out;
    private final Map<String, String> printed = new HashMap<>();

    public PlainTimeline(PrintStream out) {
        this.out = out;
    }

    @Override
    public void start(String title, String subtitle) {
        out.println(TerminalText.safe(title));
        if (subtitle != null && !subtitle.isBlank()) {
            out.println(TerminalText.safe(subtitle));
        }
        out.println("  " + Cells.pad("at", 7) + " " + Cells.pad("tier", Cells.TIER) + " " + Cells.pad("step", Cells.STEP)
                + " " + Cells.pad("kind", Cells.KIND) + " " + Cells.pad("status", Cells.STATUS) + " elapsed");
        out.flush();
    }

    @Override
    public synchronized void note(Duration at, String text) {
        out.println("  " + Cells.clock(at) + "  » " + TerminalText.safe(text));
        out.flush();
    }

    @Override
    public synchronized void update(List<TimelineRow> rows, Duration elapsed, String status) {
        for (TimelineRow row : rows) {
            String state = row.status();
            if (state.equals(printed.get(row.key()))) {
                continue;
            }
            printed.put(row.key(), state);
            boolean running = "RUNNING".equals(state) || "WAITING".equals(state);
            // the time of the change: a step's start while it runs, its end once it has ended
            out.println("  " + Cells.clock(running ? row.at() : row.at().plus(row.elapsed())) + "  "
                    + Cells.pad(Cells.tier(row), Cells.TIER) + " "
                    + Cells.pad(Cells.step(row), Cells.STEP) + " " + Cells.pad(row.kind(), Cells.KIND) + " "
                    + Cells.pad(state, Cells.STATUS) + (running ? "" : " " + Cells.clock(row.elapsed()).trim())
                    + (row.detail() == null || !"CAUGHT".equals(state) && !"FAILED".equals(state) ? "" : "  " + TerminalText.safe(row.detail())));
        }
        out.flush();
    }

    @Override
    public synchronized void finish(List<String> lines) {
        lines.forEach(line -> out.println(TerminalText.safe(line)));
        out.flush();
    }
}
