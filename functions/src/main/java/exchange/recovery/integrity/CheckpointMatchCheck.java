package exchange.recovery.integrity;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code checkpoint-match}: each key table still holds exactly what the latest checkpoint recorded, up to
 * that checkpoint's highest key: same row count, same checksum ({@link CheckpointedTable}). Rows written
 * after the checkpoint have higher keys and are not compared. A table without any checkpoint fails: the
 * data cannot be vouched for.
 */
final class CheckpointMatchCheck implements IntegrityCheck {

    static final String NAME = "checkpoint-match";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult run(Connection connection) throws SQLException {
        Map<CheckpointedTable, IntegrityCheckpoints.Checkpoint> latest = IntegrityCheckpoints.latest(connection);
        List<Map<String, Object>> tables = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (CheckpointedTable table : CheckpointedTable.values()) {
            IntegrityCheckpoints.Checkpoint checkpoint = latest.get(table);
            if (checkpoint == null) {
                missing.add(table.table());
                continue;
            }
            CheckpointedTable.Digest actual = table.digestUpTo(connection, checkpoint.maxKey());
            boolean matches = actual.rowCount() == checkpoint.rowCount() && actual.checksum().equals(checkpoint.checksum());
            if (!matches) {
                mismatched.add(table.table());
            }
            tables.add(Evidence.of(
                    "table", table.table(),
                    "checkpointId", checkpoint.checkpointId(),
                    "takenAt", checkpoint.takenAt().toString(),
                    "maxKey", checkpoint.maxKey(),
                    "expectedRows", checkpoint.rowCount(),
                    "actualRows", actual.rowCount(),
                    "expectedChecksum", checkpoint.checksum(),
                    "actualChecksum", actual.checksum(),
                    "matches", matches));
        }
        Map<String, Object> evidence = Evidence.of("mismatchedTables", mismatched, "missingCheckpoints", missing, "tables", tables);
        if (mismatched.isEmpty() && missing.isEmpty()) {
            return CheckResult.passed(NAME, "All " + tables.size() + " key tables match their latest checkpoint", evidence);
        }
        List<String> problems = new ArrayList<>();
        if (!mismatched.isEmpty()) {
            problems.add(mismatched.size() + " table(s) differ from their checkpoint: " + String.join(", ", mismatched));
        }
        if (!missing.isEmpty()) {
            problems.add("no checkpoint recorded for: " + String.join(", ", missing));
        }
        return CheckResult.failed(NAME, String.join("; ", problems), evidence);
    }
}
