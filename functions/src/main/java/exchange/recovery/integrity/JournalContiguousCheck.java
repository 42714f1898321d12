package exchange.recovery.integrity;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code journal-contiguous}: the matching engine's journal is one unbroken sequence that starts at 1, or at
 * the first sequence number of the latest checkpoint (a journal whose older part was archived), so that a
 * standby replaying it misses no event. Sequence numbers are unique, so the journal is contiguous exactly
 * when {@code max - min + 1 = count}; gaps are listed only when that fails.
 */
final class JournalContiguousCheck implements IntegrityCheck {

    static final String NAME = "journal-contiguous";

    private static final String RANGE = "SELECT count(*) AS row_count, min(seq) AS first_seq, max(seq) AS last_seq FROM engine_journal";

    private static final String GAPS = """
            SELECT gap_start, gap_end, count(*) OVER () AS gaps
            FROM (SELECT seq + 1 AS gap_start, lead(seq) OVER (ORDER BY seq) - 1 AS gap_end FROM engine_journal) g
            WHERE gap_end >= gap_start
            ORDER BY gap_start
            LIMIT ?
            """;

    private final int sampleLimit;

    JournalContiguousCheck(int sampleLimit) {
        this.sampleLimit = sampleLimit;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult run(Connection connection) throws SQLException {
        Range range = Sql.one(connection, RANGE, row -> new Range(row.getLong("row_count"),
                Sql.longOrNull(row, "first_seq"), Sql.longOrNull(row, "last_seq")));
        TreeSet<Long> expectedStarts = new TreeSet<>(List.of(1L));
        IntegrityCheckpoints.Checkpoint checkpoint = IntegrityCheckpoints.latest(connection).get(CheckpointedTable.ENGINE_JOURNAL);
        if (checkpoint != null && checkpoint.minKey() != null) {
            expectedStarts.add(checkpoint.minKey());
        }
        Map<String, Object> evidence = Evidence.of("rows", range.rows(), "firstSeq", range.first(), "lastSeq", range.last(),
                "expectedStarts", List.copyOf(expectedStarts));
        if (range.rows() == 0) {
            return CheckResult.passed(NAME, "The engine journal is empty", evidence);
        }
        long internalMissing = range.last() - range.first() + 1 - range.rows();
        boolean startsWhereExpected = expectedStarts.contains(range.first());
        if (startsWhereExpected && internalMissing == 0) {
            return CheckResult.passed(NAME, "The engine journal runs without a gap from " + range.first() + " to " + range.last(), evidence);
        }

        List<Map<String, Object>> gaps = new ArrayList<>();
        long gapCount = 0;
        long missing = internalMissing;
        Long expectedStart = expectedStarts.lower(range.first());
        if (!startsWhereExpected && expectedStart != null) {
            gaps.add(gap(expectedStart, range.first() - 1));
            gapCount++;
            missing += range.first() - expectedStart;
        }
        if (internalMissing > 0) {
            long[] internalGaps = {0};
            gaps.addAll(Sql.list(connection, GAPS, row -> {
                internalGaps[0] = row.getLong("gaps");
                return gap(row.getLong("gap_start"), row.getLong("gap_end"));
            }, sampleLimit));
            gapCount += internalGaps[0];
        }
        evidence.put("gaps", gapCount);
        evidence.put("missing", missing);
        if (!startsWhereExpected && expectedStart == null) {
            evidence.put("unexpectedStart", range.first());
        }
        if (!gaps.isEmpty()) {
            evidence.put("firstGap", gaps.getFirst());
            evidence.put("firstGaps", gaps.stream().limit(sampleLimit).toList());
        }
        String summary = gaps.isEmpty()
                ? "The engine journal starts at " + range.first() + ", before any expected start " + expectedStarts
                : "The engine journal has " + gapCount + " gap(s), " + missing + " sequence number(s) missing; first gap "
                        + gaps.getFirst().get("start") + ".." + gaps.getFirst().get("end");
        return CheckResult.failed(NAME, summary, evidence);
    }

    private static Map<String, Object> gap(long start, long end) {
        return Evidence.of("start", start, "end", end, "missing", end - start + 1);
    }

    private record Range(long rows, Long first, Long last) {
    }
}
