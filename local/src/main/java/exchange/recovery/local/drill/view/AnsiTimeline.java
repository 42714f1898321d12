package exchange.recovery.local.drill.view;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A progress display for terminals: notes scroll above, and the table of steps with a status line is
 * redrawn in place (ANSI cursor movement) as the plan advances.
 */
public final class AnsiTimeline implements TimelineView {

    private static final String ESC = "\u001b[";
    private static final String RESET = ESC + "0m";
    private static final String[] SPINNER = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};

    private final PrintStream out;
    private final int stepWidth;
    private List<String> block = List.of();
    private int drawn;
    private int frame;

    /** Draws for a terminal {@code columns} wide; lines never wrap, so that they can be redrawn in place. */
    public AnsiTimeline(PrintStream out, int columns) {
        this.out = out;
        int fixed = 2 + 6 + 1 + Cells.TIER + 1 + 1 + Cells.KIND + 1 + Cells.STATUS + " elapsed".length();
        this.stepWidth = Math.max(12, Math.min(Cells.STEP + 10, columns - 1 - fixed));
    }

    @Override
    public synchronized void start(String title, String subtitle) {
        out.println(ESC + "1m" + TerminalText.safe(title) + RESET);
        if (subtitle != null && !subtitle.isBlank()) {
            out.println(ESC + "2m" + TerminalText.safe(subtitle) + RESET);
        }
        out.flush();
    }

    @Override
    public synchronized void note(Duration at, String text) {
        erase();
        out.println(ESC + "2m" + Cells.clock(at) + RESET + "  " + ESC + "36m»" + RESET + " " + TerminalText.safe(text));
        redraw();
    }

    @Override
    public synchronized void update(List<TimelineRow> rows, Duration elapsed, String status) {
        frame++;
        List<String> lines = new ArrayList<>();
        lines.add(ESC + "1m" + "  " + Cells.pad("at", 6) + " " + Cells.pad("tier", Cells.TIER) + " "
                + Cells.pad("step", stepWidth) + " " + Cells.pad("kind", Cells.KIND) + " " + Cells.pad("status", Cells.STATUS)
                + " elapsed" + RESET);
        for (TimelineRow row : rows) {
            lines.add("  " + Cells.clock(row.at()) + " " + Cells.pad(Cells.tier(row), Cells.TIER) + " "
                    + Cells.pad(Cells.step(row), stepWidth) + " " + Cells.pad(row.kind(), Cells.KIND) + " "
                    + status(row.status()) + " " + Cells.clock(row.elapsed()));
        }
        String footer = SPINNER[frame % SPINNER.length] + " " + Cells.clock(elapsed).trim() + "  " + status;
        int width = stepWidth + 2 + 6 + 1 + Cells.TIER + 1 + 1 + Cells.KIND + 1 + Cells.STATUS + " elapsed".length();
        lines.add(ESC + "2m" + Cells.pad(footer, width) + RESET);
        erase();
        block = lines;
        redraw();
    }

    @Override
    public synchronized void finish(List<String> lines) {
        if (!block.isEmpty()) {
            // keep the final table, drop the spinner line
            erase();
            block = block.subList(0, block.size() - 1);
            redraw();
            block = List.of();
            drawn = 0;
        }
        lines.forEach(line -> out.println(TerminalText.safe(line)));
        out.flush();
    }

    private String status(String status) {
        String colour = switch (status) {
            case "SUCCEEDED" -> "32m✓ ";
            case "FAILED", "TIMED_OUT", "ABORTED" -> "31m✗ ";
            case "CAUGHT" -> "33m! ";
            case "WAITING" -> "35m… ";
            default -> "36m" + SPINNER[frame % SPINNER.length] + " ";
        };
        return ESC + colour + Cells.pad(status, Cells.STATUS - 2) + RESET;
    }

    private void erase() {
        if (drawn > 0) {
            out.print(ESC + drawn + "F" + ESC + "J");
            drawn = 0;
        }
    }

    private void redraw() {
        for (String line : block) {
            out.print(line + ESC + "K\n");
        }
        drawn = block.size();
        out.flush();
    }
}
