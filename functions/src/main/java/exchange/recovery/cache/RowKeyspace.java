package exchange.recovery.cache;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * A keyspace with one hash per source row: the id columns form the key, the other columns the fields.
 * Numbers are written as PostgreSQL prints them after {@code trim_scale} (no trailing zeros).
 */
public final class RowKeyspace implements Keyspace {

    /** One field of the hash: its name in Redis, its SQL expression, and whether it is a number. */
    public record Field(String name, String column, boolean numeric) {

        public static Field text(String name, String column) {
            return new Field(name, column, false);
        }

        public static Field number(String name, String column) {
            return new Field(name, column, true);
        }

        String expression() {
            return numeric ? "trim_scale(" + column + ")" : column;
        }
    }

    private final String name;
    private final String tag;
    private final String table;
    private final String condition;
    private final List<String> idColumns;
    private final List<Field> fields;
    private final byte[][] fieldNames;

    public RowKeyspace(String name, String tag, String table, String condition, List<String> idColumns, List<Field> fields) {
        if (!tag.matches("[a-z]+")) {
            throw new IllegalArgumentException("A keyspace tag is lower-case letters: " + tag);
        }
        this.name = name;
        this.tag = tag;
        this.table = table;
        this.condition = condition;
        this.idColumns = List.copyOf(idColumns);
        this.fields = List.copyOf(fields);
        this.fieldNames = fields.stream().map(field -> field.name().getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String tag() {
        return tag;
    }

    @Override
    public boolean variableFields() {
        return false;
    }

    public List<Field> fields() {
        return fields;
    }

    private String select(String extraCondition, boolean asText) {
        String columns = idColumns.stream().map(column -> asText ? column + "::text" : column).collect(Collectors.joining(", "))
                + ", " + fields.stream().map(field -> asText ? field.expression() + "::text" : field.expression())
                .collect(Collectors.joining(", "));
        List<String> conditions = new ArrayList<>();
        if (condition != null) {
            conditions.add(condition);
        }
        if (extraCondition != null) {
            conditions.add(extraCondition);
        }
        return "SELECT " + columns + " FROM " + table
                + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions));
    }

    private String idText() {
        return idColumns.size() == 1 ? idColumns.get(0) + "::text" : "concat_ws(':', " + String.join(", ", idColumns) + ")";
    }

    @Override
    public long load(Connection source, byte[] prefix, KeyWriter writer) throws SQLException {
        CopyOut copy = source.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (" + select(null, false) + ") TO STDOUT");
        int ids = idColumns.size();
        byte[][] arguments = new byte[fields.size() * 2][];
        for (int i = 0; i < fieldNames.length; i++) {
            arguments[2 * i] = fieldNames[i];
        }
        CopyRow row = new CopyRow();
        long rows = 0;
        try {
            byte[] data;
            while ((data = copy.readFromCopy()) != null) {
                row.reset(data);
                for (int i = 0; i < fieldNames.length; i++) {
                    arguments[2 * i + 1] = row.bytes(ids + i);
                }
                writer.hset(key(prefix, row, ids), arguments, arguments.length);
                writer.keyDone();
                rows++;
            }
            return rows;
        } catch (RuntimeException | SQLException e) {
            CopyRow.cancel(copy, e);
            throw e;
        }
    }

    /** {@code prefix + id1 + ':' + id2 ...} straight from the COPY row. */
    static byte[] key(byte[] prefix, CopyRow row, int ids) {
        int length = prefix.length + ids - 1;
        boolean escaped = false;
        for (int i = 0; i < ids; i++) {
            length += row.length(i);
            escaped |= row.hasEscapes(i);
        }
        if (escaped) {
            return slowKey(prefix, row, ids);
        }
        byte[] key = new byte[length];
        System.arraycopy(prefix, 0, key, 0, prefix.length);
        int offset = prefix.length;
        for (int i = 0; i < ids; i++) {
            if (i > 0) {
                key[offset++] = ':';
            }
            offset = row.copyTo(i, key, offset);
        }
        return key;
    }

    private static byte[] slowKey(byte[] prefix, CopyRow row, int ids) {
        StringBuilder key = new StringBuilder(new String(prefix, StandardCharsets.UTF_8));
        for (int i = 0; i < ids; i++) {
            if (i > 0) {
                key.append(':');
            }
            key.append(row.text(i));
        }
        return key.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public long sourceKeys(Connection source) throws SQLException {
        return count(source, "SELECT count(*) FROM " + table + (condition == null ? "" : " WHERE " + condition));
    }

    @Override
    public long sourceFields(Connection source) throws SQLException {
        return sourceKeys(source) * fields.size();
    }

    @Override
    public void sample(Connection source, int threshold, int fetchSize, Consumer<Expected> consumer) throws SQLException {
        String sql = select("(hashtextextended(" + idText() + ", 0) & " + (SAMPLE_BUCKETS - 1) + ") < ?", true);
        try (PreparedStatement statement = source.prepareStatement(sql)) {
            statement.setFetchSize(fetchSize);
            statement.setInt(1, threshold);
            try (ResultSet rows = statement.executeQuery()) {
                int ids = idColumns.size();
                while (rows.next()) {
                    StringBuilder id = new StringBuilder();
                    for (int i = 1; i <= ids; i++) {
                        if (i > 1) {
                            id.append(':');
                        }
                        id.append(rows.getString(i));
                    }
                    Map<String, String> values = new LinkedHashMap<>();
                    for (int i = 0; i < fields.size(); i++) {
                        String value = rows.getString(ids + i + 1);
                        values.put(fields.get(i).name(), value == null ? "" : value);
                    }
                    consumer.accept(new Expected(id.toString(), values));
                }
            }
        }
    }

    @Override
    public boolean sameValue(String field, String expected, String actual) {
        if (expected == null || actual == null) {
            return expected == null && actual == null;
        }
        boolean numeric = fields.stream().anyMatch(candidate -> candidate.name().equals(field) && candidate.numeric());
        return numeric ? sameNumber(expected, actual) : expected.equals(actual);
    }

    static boolean sameNumber(String expected, String actual) {
        try {
            return new BigDecimal(expected).compareTo(new BigDecimal(actual)) == 0;
        } catch (NumberFormatException notANumber) {
            return false;
        }
    }

    static long count(Connection source, String sql) throws SQLException {
        try (Statement statement = source.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
