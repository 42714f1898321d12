package exchange.recovery.local.drill.view;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/** How a drill shows its progress: redrawn in place on a terminal, or one line per change elsewhere (CI, files). */
public interface TimelineView {

    /** The drill's title and what it is about to do. */
    void start(String title, String subtitle);

    /** Something that happened once: a fault injected, an alarm routed, a notification, an approval link. */
    void note(Duration at, String text);

    /** The steps as they stand now, and a status line; called a few times per second. */
    void update(List<TimelineRow> rows, Duration elapsed, String status);

    /** Final lines, printed once the live part is over. */
    void finish(List<String> lines);

    /** A terminal gets the live display; anything else gets plain lines. */
    static TimelineView forOutput(PrintStream out, boolean terminal, int columns) {
        return terminal ? new AnsiTimeline(out, columns) : new PlainTimeline(out);
    }
}
