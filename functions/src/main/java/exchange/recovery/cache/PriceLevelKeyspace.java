package exchange.recovery.cache;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * The aggregated order book: one hash per instrument and side ({@code v<n>:book:BTC-USDT:BUY}) whose
 * fields are price levels and whose values are the open quantity at that price (quantity - filled,
 * summed over open and partially filled orders). A book with many levels is written in several HSETs.
 */
public final class PriceLevelKeyspace implements Keyspace {

    static final String OPEN = "status IN ('OPEN', 'PARTIALLY_FILLED')";
    private static final int LEVELS_PER_COMMAND = 256;

    @Override
    public String name() {
        return "book";
    }

    @Override
    public String tag() {
        return "book";
    }

    @Override
    public boolean variableFields() {
        return true;
    }

    private static String levels(String extraCondition, boolean asText) {
        String cast = asText ? "::text" : "";
        return "SELECT symbol" + cast + ", side" + cast + ", trim_scale(price)" + cast + ", trim_scale(sum(quantity - filled))" + cast
                + " FROM orders WHERE " + OPEN + (extraCondition == null ? "" : " AND " + extraCondition)
                + " GROUP BY symbol, side, price ORDER BY symbol, side, price";
    }

    @Override
    public long load(Connection source, byte[] prefix, KeyWriter writer) throws SQLException {
        CopyOut copy = source.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (" + levels(null, false) + ") TO STDOUT");
        byte[][] arguments = new byte[LEVELS_PER_COMMAND * 2][];
        int used = 0;
        byte[] key = null;
        CopyRow row = new CopyRow();
        long rows = 0;
        try {
            byte[] data;
            while ((data = copy.readFromCopy()) != null) {
                row.reset(data);
                byte[] rowKey = RowKeyspace.key(prefix, row, 2);
                if (key != null && !Arrays.equals(key, rowKey)) {
                    writer.hset(key, arguments, used);
                    writer.keyDone();
                    used = 0;
                } else if (used == arguments.length) {
                    writer.hset(key, arguments, used);
                    used = 0;
                }
                key = rowKey;
                arguments[used++] = row.bytes(2);
                arguments[used++] = row.bytes(3);
                rows++;
            }
            if (key != null) {
                writer.hset(key, arguments, used);
                writer.keyDone();
            }
            return rows;
        } catch (RuntimeException | SQLException e) {
            CopyRow.cancel(copy, e);
            throw e;
        }
    }

    @Override
    public long sourceKeys(Connection source) throws SQLException {
        return RowKeyspace.count(source, "SELECT count(*) FROM (SELECT DISTINCT symbol, side FROM orders WHERE " + OPEN + ") books");
    }

    @Override
    public long sourceFields(Connection source) throws SQLException {
        return RowKeyspace.count(source, "SELECT count(*) FROM (SELECT DISTINCT symbol, side, price FROM orders WHERE " + OPEN + ") levels");
    }

    @Override
    public void sample(Connection source, int threshold, int fetchSize, Consumer<Expected> consumer) throws SQLException {
        String sql = levels("(hashtextextended(concat_ws(':', symbol, side), 0) & " + (SAMPLE_BUCKETS - 1) + ") < ?", true);
        try (PreparedStatement statement = source.prepareStatement(sql)) {
            statement.setFetchSize(fetchSize);
            statement.setInt(1, threshold);
            try (ResultSet rows = statement.executeQuery()) {
                String id = null;
                Map<String, String> book = new LinkedHashMap<>();
                while (rows.next()) {
                    String rowId = rows.getString(1) + ":" + rows.getString(2);
                    if (id != null && !id.equals(rowId)) {
                        consumer.accept(new Expected(id, book));
                        book = new LinkedHashMap<>();
                    }
                    id = rowId;
                    book.put(rows.getString(3), rows.getString(4));
                }
                if (id != null) {
                    consumer.accept(new Expected(id, book));
                }
            }
        }
    }

    @Override
    public boolean sameValue(String field, String expected, String actual) {
        if (expected == null || actual == null) {
            return expected == null && actual == null;
        }
        return RowKeyspace.sameNumber(expected, actual);
    }

    @Override
    public String toString() {
        return name();
    }
}
