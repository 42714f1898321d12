package exchange.recovery.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JdbcEndpointTest {

    private static final JdbcEndpoint PRIMARY = JdbcEndpoint.parse(
            "jdbc:postgresql://exchange-db.abc123.eu-west-1.rds.amazonaws.com:5433/exchange?sslmode=verify-full");

    @Test
    void parse_readsHostPortDatabaseAndKeepsTheParameters() {
        assertThat(PRIMARY.host()).isEqualTo("exchange-db.abc123.eu-west-1.rds.amazonaws.com");
        assertThat(PRIMARY.port()).isEqualTo(5433);
        assertThat(PRIMARY.database()).isEqualTo("exchange");
        assertThat(PRIMARY.url()).endsWith("/exchange?sslmode=verify-full");
        assertThat(PRIMARY.describe()).isEqualTo("exchange-db.abc123.eu-west-1.rds.amazonaws.com:5433/exchange");
    }

    @Test
    void parse_defaultsThePortTo5432() {
        assertThat(JdbcEndpoint.parse("jdbc:postgresql://db.internal/exchange").port()).isEqualTo(5432);
    }

    @Test
    void parse_refusesOtherShapes() {
        assertThatThrownBy(() -> JdbcEndpoint.parse("jdbc:mysql://db/exchange")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JdbcEndpoint.parse("jdbc:postgresql://a,b/exchange")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JdbcEndpoint.parse("jdbc:postgresql://db:5432/")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseOverride_takesAnInstanceEndpointWithThePrimarysPortDatabaseAndParameters() {
        JdbcEndpoint restored = JdbcEndpoint.parseOverride("exchange-db-restored.abc123.eu-west-1.rds.amazonaws.com", PRIMARY).orElseThrow();

        assertThat(restored.url()).isEqualTo(
                "jdbc:postgresql://exchange-db-restored.abc123.eu-west-1.rds.amazonaws.com:5433/exchange?sslmode=verify-full");
    }

    @Test
    void parseOverride_takesPortAndDatabaseWhenGiven() {
        assertThat(JdbcEndpoint.parseOverride("other.abc123.eu-west-1.rds.amazonaws.com:6000/copy", PRIMARY).orElseThrow().describe())
                .isEqualTo("other.abc123.eu-west-1.rds.amazonaws.com:6000/copy");
        assertThat(JdbcEndpoint.parseOverride("jdbc:postgresql://127.0.0.1:6000/copy", PRIMARY).orElseThrow().describe())
                .isEqualTo("127.0.0.1:6000/copy");
    }

    @Test
    void parseOverride_refusesUrlParametersAndOddText() {
        assertThat(JdbcEndpoint.parseOverride("jdbc:postgresql://evil/exchange?socketFactory=x", PRIMARY)).isEmpty();
        assertThat(JdbcEndpoint.parseOverride("host/db?sslmode=disable", PRIMARY)).isEmpty();
        assertThat(JdbcEndpoint.parseOverride("user:pw@host", PRIMARY)).isEmpty();
        assertThat(JdbcEndpoint.parseOverride("host:99999", PRIMARY)).isEmpty();
    }

    @Test
    void parentDomain_isTheHostWithoutItsFirstLabelForNamesOnly() {
        assertThat(PRIMARY.parentDomain()).contains("abc123.eu-west-1.rds.amazonaws.com");
        assertThat(JdbcEndpoint.parse("jdbc:postgresql://127.0.0.1/x").parentDomain()).isEmpty();
        assertThat(JdbcEndpoint.parse("jdbc:postgresql://db.internal/x").parentDomain()).isEmpty();
    }
}
