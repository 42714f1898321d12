package exchange.recovery.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import exchange.recovery.core.AwsClients;
import exchange.recovery.core.ConfigurationMissing;
import exchange.recovery.core.Env;
import exchange.recovery.core.InvalidInput;
import exchange.recovery.core.TransientFailure;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

class ExchangeDatabaseTest {

    private static final String RDS_SECRET = """
            {"username":"recovery","password":"s3cret","engine":"postgres",
             "host":"exchange-db.abc123.eu-west-1.rds.amazonaws.com","port":5432,"dbname":"exchange"}
            """;

    private final ExchangeDatabase database = new ExchangeDatabase(
            JdbcEndpoint.parse("jdbc:postgresql://exchange-db.abc123.eu-west-1.rds.amazonaws.com/exchange"),
            CredentialSource.fixed(new DatabaseCredentials("recovery", "pw")),
            new ExchangeDatabase.Options(Duration.ofSeconds(1), Duration.ofSeconds(5), null, "test", List.of("forensics.example.net", ".dr.example.org")));

    @Test
    void resolve_readsPrimaryAndBlankAsTheConfiguredDatabase() {
        assertThat(database.resolve(null)).isEqualTo(database.primary());
        assertThat(database.resolve(" ")).isEqualTo(database.primary());
        assertThat(database.resolve("PRIMARY")).isEqualTo(database.primary());
    }

    @Test
    void resolve_acceptsAnotherInstanceInThePrimarysAccountAndRegion() {
        assertThat(database.resolve("exchange-db-pitr-20260301.abc123.eu-west-1.rds.amazonaws.com").describe())
                .isEqualTo("exchange-db-pitr-20260301.abc123.eu-west-1.rds.amazonaws.com:5432/exchange");
    }

    @Test
    void resolve_acceptsHostsAllowedExplicitly() {
        assertThat(database.resolve("forensics.example.net").host()).isEqualTo("forensics.example.net");
        assertThat(database.resolve("jdbc:postgresql://copy.dr.example.org:5432/exchange").host()).isEqualTo("copy.dr.example.org");
    }

    @Test
    void resolve_refusesToSendCredentialsToAnyOtherHost() {
        assertThatThrownBy(() -> database.resolve("exchange-db.attacker.example.com"))
                .isInstanceOf(InvalidInput.class).hasMessageContaining("exchange-db.attacker.example.com");
        assertThatThrownBy(() -> database.resolve("x.abc123.eu-west-1.rds.amazonaws.com.attacker.com"))
                .isInstanceOf(InvalidInput.class);
    }

    @Test
    void resolve_refusesTextThatIsNoTarget() {
        assertThatThrownBy(() -> database.resolve("jdbc:postgresql://exchange-db.abc123.eu-west-1.rds.amazonaws.com/x?sslmode=disable"))
                .isInstanceOf(InvalidInput.class).hasMessageContaining("no URL parameters");
    }

    @Test
    void connect_reportsARefusedConnectionAsTransient() {
        ExchangeDatabase nowhere = new ExchangeDatabase(JdbcEndpoint.parse("jdbc:postgresql://127.0.0.1:1/exchange"),
                CredentialSource.fixed(new DatabaseCredentials("u", "p")), ExchangeDatabase.Options.defaults());

        assertThatThrownBy(() -> nowhere.connect(ExchangeDatabase.PRIMARY))
                .isExactlyInstanceOf(TransientFailure.class).hasMessageStartingWith("Cannot connect to 127.0.0.1:1/exchange");
    }

    @Test
    void fromEnvironment_usesExplicitCredentialsWithoutReadingASecret() {
        AwsClients clients = mock(AwsClients.class);

        ExchangeDatabase local = ExchangeDatabase.fromEnvironment(Env.of(Map.of(
                "EXCHANGE_DB_URL", "jdbc:postgresql://127.0.0.1:5432/exchange",
                "EXCHANGE_DB_USER", "postgres",
                "EXCHANGE_DB_ALLOWED_HOSTS", "a.example.net, .b.example.net")), clients);

        assertThat(local.primary().describe()).isEqualTo("127.0.0.1:5432/exchange");
        assertThat(local.options().allowedHosts()).containsExactly("a.example.net", ".b.example.net");
        verifyNoInteractions(clients);
    }

    @Test
    void fromEnvironment_takesTheUrlFromTheRdsSecretWhenNoneIsConfigured() {
        AwsClients clients = clientsReturning(RDS_SECRET);

        ExchangeDatabase fromSecret = ExchangeDatabase.fromEnvironment(Env.of(Map.of(
                "EXCHANGE_DB_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:111122223333:secret:exchange-db-AbCdEf",
                "EXCHANGE_DB_SSLMODE", "require")), clients);

        assertThat(fromSecret.primary().describe()).isEqualTo("exchange-db.abc123.eu-west-1.rds.amazonaws.com:5432/exchange");
        assertThat(fromSecret.options().sslMode()).isEqualTo("require");
    }

    @Test
    void fromEnvironment_prefersTheConfiguredUrlToTheSecretsHost() {
        AwsClients clients = clientsReturning("{\"username\":\"recovery\",\"password\":\"s3cret\"}");

        ExchangeDatabase managed = ExchangeDatabase.fromEnvironment(Env.of(Map.of(
                "EXCHANGE_DB_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:111122223333:secret:rds!db-1",
                "EXCHANGE_DB_URL", "jdbc:postgresql://proxy.example.internal:5432/exchange")), clients);

        assertThat(managed.primary().host()).isEqualTo("proxy.example.internal");
    }

    @Test
    void fromEnvironment_namesWhatIsMissing() {
        assertThatThrownBy(() -> ExchangeDatabase.fromEnvironment(Env.of(Map.of()), mock(AwsClients.class)))
                .isInstanceOf(ConfigurationMissing.class).hasMessageContaining("EXCHANGE_DB_SECRET_ARN");
        AwsClients clients = clientsReturning("{\"username\":\"recovery\",\"password\":\"s3cret\"}");
        assertThatThrownBy(() -> ExchangeDatabase.fromEnvironment(Env.of(Map.of("EXCHANGE_DB_SECRET_ARN", "arn")), clients))
                .isInstanceOf(ConfigurationMissing.class).hasMessageContaining("EXCHANGE_DB_URL");
        assertThatThrownBy(() -> ExchangeDatabase.fromEnvironment(Env.of(Map.of(
                "EXCHANGE_DB_USER", "u", "EXCHANGE_DB_URL", "postgres://db/exchange")), mock(AwsClients.class)))
                .isInstanceOf(ConfigurationMissing.class).hasMessageContaining("EXCHANGE_DB_URL");
    }

    private static AwsClients clientsReturning(String secretJson) {
        SecretsManagerClient secrets = mock(SecretsManagerClient.class);
        when(secrets.getSecretValue(any(GetSecretValueRequest.class)))
                .thenReturn(GetSecretValueResponse.builder().secretString(secretJson).build());
        AwsClients clients = mock(AwsClients.class);
        when(clients.secretsManager()).thenReturn(secrets);
        return clients;
    }
}
