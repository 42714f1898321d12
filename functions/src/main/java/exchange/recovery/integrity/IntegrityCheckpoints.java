package exchange.recovery.integrity;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Integrity checkpoints: the row count, checksum and key range of each key table, written to
 * {@code integrity_checkpoints} by the exchange (periodically, and after loading a dataset) and compared by
 * {@code checkpoint-match}. The checksum is defined once, in {@link CheckpointedTable}.
 */
public final class IntegrityCheckpoints {

    /** One table's row of a checkpoint. {@code minKey}/{@code maxKey} are null when the table was empty. */
    public record Checkpoint(long checkpointId, Instant takenAt, String table, long rowCount, String checksum,
                             Long minKey, Long maxKey) {
    }

    private static final String INSERT = """
            INSERT INTO integrity_checkpoints (table_name, row_count, checksum, min_key, max_key)
            VALUES (?, ?, ?, ?, ?)
            RETURNING checkpoint_id, taken_at
            """;

    private static final String LATEST = """
            SELECT DISTINCT ON (table_name) checkpoint_id, taken_at, table_name, row_count, checksum, min_key, max_key
            FROM integrity_checkpoints
            WHERE table_name = ANY (?)
            ORDER BY table_name, checkpoint_id DESC
            """;

    private IntegrityCheckpoints() {
    }

    /**
     * Records a checkpoint of every key table, all from one snapshot. On a connection in auto-commit mode it
     * runs in its own REPEATABLE READ transaction; otherwise it joins the caller's transaction, which commits it.
     */
    public static List<Checkpoint> record(Connection connection) throws SQLException {
        if (!connection.getAutoCommit()) {
            return write(connection);
        }
        int isolation = connection.getTransactionIsolation();
        connection.setAutoCommit(false);
        try {
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            List<Checkpoint> written = write(connection);
            connection.commit();
            return written;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
            connection.setTransactionIsolation(isolation);
        }
    }

    /** The latest checkpoint row of each key table that has one. */
    static Map<CheckpointedTable, Checkpoint> latest(Connection connection) throws SQLException {
        String[] names = Arrays.stream(CheckpointedTable.values()).map(CheckpointedTable::table).toArray(String[]::new);
        Map<CheckpointedTable, Checkpoint> latest = new EnumMap<>(CheckpointedTable.class);
        try (PreparedStatement statement = connection.prepareStatement(LATEST)) {
            statement.setArray(1, connection.createArrayOf("text", names));
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    Checkpoint checkpoint = new Checkpoint(rows.getLong("checkpoint_id"), rows.getTimestamp("taken_at").toInstant(),
                            rows.getString("table_name"), rows.getLong("row_count"), rows.getString("checksum"),
                            Sql.longOrNull(rows, "min_key"), Sql.longOrNull(rows, "max_key"));
                    latest.put(byName(checkpoint.table()), checkpoint);
                }
            }
        }
        return latest;
    }

    private static List<Checkpoint> write(Connection connection) throws SQLException {
        List<Checkpoint> written = new ArrayList<>();
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (CheckpointedTable table : CheckpointedTable.values()) {
                CheckpointedTable.Digest digest = table.digest(connection);
                insert.setString(1, table.table());
                insert.setLong(2, digest.rowCount());
                insert.setString(3, digest.checksum());
                setNullableLong(insert, 4, digest.minKey());
                setNullableLong(insert, 5, digest.maxKey());
                try (var row = insert.executeQuery()) {
                    row.next();
                    written.add(new Checkpoint(row.getLong("checkpoint_id"), row.getTimestamp("taken_at").toInstant(), table.table(),
                            digest.rowCount(), digest.checksum(), digest.minKey(), digest.maxKey()));
                }
            }
        }
        return written;
    }

    private static CheckpointedTable byName(String table) {
        return Arrays.stream(CheckpointedTable.values()).filter(candidate -> candidate.table().equals(table)).findFirst()
                .orElseThrow(() -> new IllegalStateException("not a checkpointed table: " + table));
    }

    private static void setNullableLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }
}
