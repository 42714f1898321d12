package exchange.recovery.local.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** How the benchmarks read their options and print their timed runs. */
final class Timings {

    private Timings() {
    }

    static long median(List<Long> nanos) {
        List<Long> sorted = nanos.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.2f s", Duration.ofNanos(nanos).toMillis() / 1000.0);
    }

    /** Every run, in the order it ran. */
    static String all(List<Long> nanos) {
        return String.join(", ", nanos.stream().map(Timings::seconds).toList());
    }

    /** The value after {@code name} among the arguments ({@code 1_000_000} allowed), or the fallback. */
    static long longArg(String[] args, String name, long fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Long.parseLong(args[i + 1].replace("_", ""));
            }
        }
        return fallback;
    }
}
