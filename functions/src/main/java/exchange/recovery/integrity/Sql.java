package exchange.recovery.integrity;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The few JDBC helpers the checks share. */
final class Sql {

    @FunctionalInterface
    interface Row<T> {
        T read(ResultSet row) throws SQLException;
    }

    private Sql() {
    }

    static <T> List<T> list(Connection connection, String sql, Row<T> row, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                List<T> result = new ArrayList<>();
                while (rows.next()) {
                    result.add(row.read(rows));
                }
                return result;
            }
        }
    }

    static <T> T one(Connection connection, String sql, Row<T> row, Object... parameters) throws SQLException {
        List<T> rows = list(connection, sql, row, parameters);
        if (rows.size() != 1) {
            throw new SQLException("Expected one row, got " + rows.size() + " from: " + sql.lines().findFirst().orElse(sql));
        }
        return rows.getFirst();
    }

    /** A nullable BIGINT column. */
    static Long longOrNull(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }

    /** Amounts are reported as exact decimal strings: JSON numbers would lose digits in many readers. */
    static String amount(ResultSet row, String column) throws SQLException {
        BigDecimal value = row.getBigDecimal(column);
        return value == null ? null : value.stripTrailingZeros().toPlainString();
    }
}
