package exchange.recovery.report;

import java.time.Duration;
import java.util.Locale;

/** Durations as reports write them: {@code 0.4 s}, {@code 12 s}, {@code 3 min 05 s}, {@code 4 h}, {@code 1 h 30 min}. */
public final class Durations {

    private Durations() {
    }

    public static String format(Duration duration) {
        if (duration == null) {
            return "—";
        }
        long millis = Math.max(0, duration.toMillis());
        if (millis < 10_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 60) {
            return seconds + " s";
        }
        long hours = seconds / 3600;
        long minutes = (seconds % 3600) / 60;
        long rest = seconds % 60;
        if (hours == 0) {
            return rest == 0 ? minutes + " min" : String.format(Locale.ROOT, "%d min %02d s", minutes, rest);
        }
        return minutes == 0 ? hours + " h" : String.format(Locale.ROOT, "%d h %02d min", hours, minutes);
    }

    public static String seconds(double seconds) {
        return format(Duration.ofMillis(Math.round(seconds * 1000)));
    }
}
