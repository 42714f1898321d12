package exchange.recovery.cache;

import java.util.List;

/**
 * What verification of one built version found: per keyspace, the counts compared with the source
 * and the sample compared field by field; the first mismatches as evidence.
 */
public record Verification(long version, List<CountCheck> counts, List<SampleCheck> samples,
                           List<Mismatch> mismatches, long mismatchCount) {

    /** Keys (or fields) the source expects against what the cache holds. */
    public record CountCheck(String keyspace, String measure, long source, long cache) {
        public boolean matches() {
            return source == cache;
        }
    }

    /** How many keys of a keyspace were compared, at which rate, and how many differed. */
    public record SampleCheck(String keyspace, double rate, long sampled, long mismatched) {
    }

    /** One difference between the source and the cache. {@code field} is {@code *} for a whole key. */
    public record Mismatch(String keyspace, String key, String field, String expected, String actual) {
        @Override
        public String toString() {
            return key + (field.equals("*") ? "" : " " + field) + ": expected " + expected + ", found " + actual;
        }
    }

    public boolean passed() {
        return mismatchCount == 0 && counts.stream().allMatch(CountCheck::matches);
    }

    public long sampled() {
        return samples.stream().mapToLong(SampleCheck::sampled).sum();
    }

    /** One line an operator can act on: which counts differ and the first few field mismatches. */
    public String summary() {
        StringBuilder text = new StringBuilder();
        counts.stream().filter(check -> !check.matches()).forEach(check -> text.append(check.keyspace()).append(' ')
                .append(check.measure()).append(": source ").append(check.source()).append(", cache ")
                .append(check.cache()).append("; "));
        if (mismatchCount > 0) {
            text.append(mismatchCount).append(" of ").append(sampled()).append(" sampled keys differ, e.g. ");
            text.append(String.join("; ", mismatches.stream().limit(5).map(Mismatch::toString).toList()));
        }
        return text.isEmpty() ? "all counts and " + sampled() + " sampled keys match" : text.toString().replaceAll("; $", "");
    }
}
