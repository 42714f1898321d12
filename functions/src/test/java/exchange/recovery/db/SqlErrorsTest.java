package exchange.recovery.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import exchange.recovery.core.TransientFailure;

class SqlErrorsTest {

    @Test
    void connectionLossShutdownsAndTimeouts_areTransient() {
        for (String state : new String[] {"08001", "08006", "57P01", "57P03", "53300", "57014", "40001"}) {
            assertThat(SqlErrors.isTransient(new SQLException("x", state))).as(state).isTrue();
            assertThat(SqlErrors.translate("op", new SQLException("x", state))).as(state).isExactlyInstanceOf(TransientFailure.class);
        }
        assertThat(SqlErrors.isTransient(new SQLException("io", null, new IOException("reset")))).isTrue();
    }

    @Test
    void refusals_areAccessDenied_andOtherErrorsAreFinal() {
        assertThat(SqlErrors.translate("op", new SQLException("auth", "28P01"))).isInstanceOf(DatabaseAccessDenied.class);
        assertThat(SqlErrors.translate("op", new SQLException("no db", "3D000"))).isInstanceOf(DatabaseAccessDenied.class);
        assertThat(SqlErrors.translate("op", new SQLException("The server does not support SSL.", "08004")))
                .isInstanceOf(DatabaseAccessDenied.class);
        assertThat(SqlErrors.translate("op", new SQLException("no table", "42P01"))).isInstanceOf(DatabaseError.class);
    }

    @Test
    void describe_keepsTheStateAndTheFirstLineOnly() {
        assertThat(SqlErrors.describe(new SQLException("ERROR: relation \"x\" does not exist\n  Position: 15", "42P01")))
                .isEqualTo("[42P01] ERROR: relation \"x\" does not exist");
    }
}
