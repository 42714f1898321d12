package exchange.recovery.local.drill.view;

import java.time.Duration;
import java.util.Locale;

/** Column formatting shared by the two views. */
final class Cells {

    static final int TIER = 20;
    static final int STEP = 34;
    static final int KIND = 8;
    static final int STATUS = 11;

    private Cells() {
    }

    static String pad(String text, int width) {
        String value = text == null ? "" : TerminalText.safe(text);
        if (value.length() > width) {
            return value.substring(0, width - 1) + "…";
        }
        return value + " ".repeat(width - value.length());
    }

    static String clock(Duration duration) {
        if (duration == null) {
            return "";
        }
        long millis = Math.max(0, duration.toMillis());
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%5.1fs", millis / 1000.0);
        }
        return String.format(Locale.ROOT, "%2dm%02ds", millis / 60_000, (millis / 1000) % 60);
    }

    static String step(TimelineRow row) {
        return "  ".repeat(row.depth()) + row.step();
    }

    static String tier(TimelineRow row) {
        return row.tier() == null ? "plan" : row.tier();
    }
}
