package exchange.recovery.integrity;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;

/**
 * The tables an integrity checkpoint covers, and the one definition of their digest that both
 * {@link IntegrityCheckpoints#record} and {@code checkpoint-match} use.
 *
 * <p>Digest of a table up to key {@code K}: rows with {@code key <= K} are grouped in buckets of
 * {@value #BUCKET_SIZE} keys ({@code key / 65536}); each bucket's digest is the md5 of its rows' canonical
 * texts joined by a newline in {@code ORDER BY} order; the table's checksum is the md5 of the bucket digests
 * concatenated in bucket order, or {@code md5('')} when there is no row. A row's canonical text is the
 * {@code jsonb_build_array(...)::text} of its checkpointed columns, with times as UTC
 * {@code YYYY-MM-DDTHH:MI:SS.US} text: independent of the session's time zone, date style and of
 * PostgreSQL's version. Buckets keep every string small, so the digest stays one set-based statement
 * however large the table.
 *
 * <p>Append-only tables are digested whole. For tables whose rows legitimately change after insertion only the
 * columns that never change are digested: {@code orders} without {@code filled} and {@code status};
 * {@code balances} by its keys alone (its amounts are proven against the ledger by {@code balances-match-ledger}).
 */
enum CheckpointedTable {

    LEDGER_ENTRIES("ledger_entries", "entry_id", "entry_id",
            "entry_id, tx_id, account_id, asset_code, amount, " + utc("created_at")),
    BALANCES("balances", "account_id", "account_id, asset_code",
            "account_id, asset_code"),
    ORDERS("orders", "order_id", "order_id",
            "order_id, account_id, symbol, side, price, quantity, " + utc("created_at")),
    TRADES("trades", "trade_id", "trade_id",
            "trade_id, symbol, buy_order_id, sell_order_id, price, quantity, journal_seq, " + utc("executed_at")),
    ENGINE_JOURNAL("engine_journal", "seq", "seq",
            "seq, event_type, payload, " + utc("recorded_at"));

    static final int BUCKET_SIZE = 65536;

    private final String table;
    private final String key;
    private final String order;
    private final String columns;

    CheckpointedTable(String table, String key, String order, String columns) {
        this.table = table;
        this.key = key;
        this.order = order;
        this.columns = columns;
    }

    String table() {
        return table;
    }

    String key() {
        return key;
    }

    /** The digest of every row, as a checkpoint records it. */
    Digest digest(Connection connection) throws SQLException {
        return digest(connection, true, null);
    }

    /** The digest of the rows with a key up to {@code maxKey}; none when {@code maxKey} is null (an empty table). */
    Digest digestUpTo(Connection connection, Long maxKey) throws SQLException {
        return digest(connection, false, maxKey);
    }

    private Digest digest(Connection connection, boolean wholeTable, Long maxKey) throws SQLException {
        String sql = """
                SELECT coalesce(sum(rows_in_bucket), 0)::bigint AS row_count,
                       coalesce(md5(string_agg(bucket_digest, '' ORDER BY bucket)), md5('')) AS checksum,
                       min(first_key) AS min_key,
                       max(last_key) AS max_key
                FROM (SELECT %1$s / %2$d AS bucket,
                             count(*) AS rows_in_bucket,
                             md5(string_agg(jsonb_build_array(%3$s)::text, E'\\n' ORDER BY %4$s)) AS bucket_digest,
                             min(%1$s) AS first_key,
                             max(%1$s) AS last_key
                      FROM %5$s
                      WHERE %6$s
                      GROUP BY 1) buckets
                """.formatted(key, BUCKET_SIZE, columns, order, table, wholeTable ? "TRUE" : key + " <= ?");
        try (var statement = connection.prepareStatement(sql)) {
            if (!wholeTable) {
                if (maxKey == null) {
                    statement.setNull(1, Types.BIGINT);
                } else {
                    statement.setLong(1, maxKey);
                }
            }
            try (var row = statement.executeQuery()) {
                row.next();
                return new Digest(row.getLong("row_count"), row.getString("checksum"),
                        Sql.longOrNull(row, "min_key"), Sql.longOrNull(row, "max_key"));
            }
        }
    }

    private static String utc(String column) {
        return "to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US')";
    }

    /** Row count, checksum and key range of a digest. */
    record Digest(long rowCount, String checksum, Long minKey, Long maxKey) {
    }
}
