package exchange.recovery.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import exchange.recovery.local.exchange.LocalPostgres;

/** Connections to a real PostgreSQL: credentials fetched again after a rotation, refusals named. */
class ExchangeDatabasePostgresTest {

    private static LocalPostgres postgres;

    @BeforeAll
    static void startPostgres() {
        postgres = LocalPostgres.start();
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void connect_fetchesTheCredentialsAgainOnceWhenTheDatabaseRejectsThem() throws SQLException {
        RotatingCredentials rotated = new RotatingCredentials(new DatabaseCredentials("before_rotation", "old"),
                new DatabaseCredentials(postgres.user(), ""));
        ExchangeDatabase database = database(rotated);

        try (Connection connection = database.connect(ExchangeDatabase.PRIMARY);
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT current_user, current_setting('application_name')")) {
            row.next();
            assertThat(row.getString(1)).isEqualTo(postgres.user());
            assertThat(row.getString(2)).isEqualTo("exchange-recovery-test");
        }
        assertThat(rotated.refreshes).isEqualTo(1);
    }

    @Test
    void connect_namesARefusalThatAFreshSecretDoesNotCure() {
        RotatingCredentials stillWrong = new RotatingCredentials(new DatabaseCredentials("nobody", "x"),
                new DatabaseCredentials("nobody_either", "pw-never-shown"));

        assertThatThrownBy(() -> database(stillWrong).connect(ExchangeDatabase.PRIMARY))
                .isInstanceOf(DatabaseAccessDenied.class).hasMessageContaining("nobody_either").hasMessageNotContaining("pw-never-shown");
        assertThat(stillWrong.refreshes).isEqualTo(1);
    }

    @Test
    void connect_namesADatabaseThatDoesNotExist() {
        ExchangeDatabase database = database(CredentialSource.fixed(new DatabaseCredentials(postgres.user(), "")));

        assertThatThrownBy(() -> database.connect("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/no_such_db"))
                .isInstanceOf(DatabaseAccessDenied.class).hasMessageContaining("no_such_db");
    }

    private static ExchangeDatabase database(CredentialSource credentials) {
        return new ExchangeDatabase(JdbcEndpoint.parse(postgres.jdbcUrl()), credentials,
                ExchangeDatabase.Options.defaults().withApplicationName("exchange-recovery-test"));
    }

    /** A secret that was rotated since it was first read. */
    private static final class RotatingCredentials implements CredentialSource {
        private final List<DatabaseCredentials> versions;
        private int refreshes;

        RotatingCredentials(DatabaseCredentials first, DatabaseCredentials second) {
            this.versions = new ArrayList<>(List.of(first, second));
        }

        @Override
        public DatabaseCredentials current() {
            return versions.get(Math.min(refreshes, 1));
        }

        @Override
        public DatabaseCredentials refresh() {
            refreshes++;
            return current();
        }
    }
}
