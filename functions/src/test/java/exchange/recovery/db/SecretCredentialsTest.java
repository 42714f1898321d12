package exchange.recovery.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.Test;

import exchange.recovery.core.ConfigurationMissing;
import exchange.recovery.core.TransientFailure;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InternalServiceErrorException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

class SecretCredentialsTest {

    private static final String ARN = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:exchange-db-AbCdEf";

    private final SecretsManagerClient secrets = mock(SecretsManagerClient.class);

    @Test
    void credentials_areReadOnceAndKept() {
        answer("{\"username\":\"recovery\",\"password\":\"one\"}");
        SecretCredentials credentials = new SecretCredentials(secrets, ARN);

        credentials.current();
        credentials.current();

        assertThat(credentials.current()).isEqualTo(new DatabaseCredentials("recovery", "one"));
        verify(secrets, times(1)).getSecretValue(any(GetSecretValueRequest.class));
    }

    @Test
    void credentialsReadOnFirstUse_leaveInitialisationWithoutACall_thenAreKept() {
        answer("{\"username\":\"recovery\",\"password\":\"one\"}");
        SecretCredentials credentials = SecretCredentials.readOnFirstUse(secrets, ARN);
        verify(secrets, times(0)).getSecretValue(any(GetSecretValueRequest.class));

        credentials.current();

        assertThat(credentials.secret().username()).isEqualTo("recovery");
        verify(secrets, times(1)).getSecretValue(any(GetSecretValueRequest.class));
    }

    @Test
    void refresh_readsTheRotatedSecret() {
        when(secrets.getSecretValue(any(GetSecretValueRequest.class))).thenReturn(
                GetSecretValueResponse.builder().secretString("{\"username\":\"recovery\",\"password\":\"one\"}").build(),
                GetSecretValueResponse.builder().secretString("{\"username\":\"recovery\",\"password\":\"two\"}").build());
        SecretCredentials credentials = new SecretCredentials(secrets, ARN);

        assertThat(credentials.refresh().password()).isEqualTo("two");
        assertThat(credentials.current().password()).isEqualTo("two");
    }

    @Test
    void aSecretThatIsNotJson_isReportedWithoutQuotingIt() {
        answer("hunter2-not-json");

        assertThatThrownBy(() -> new SecretCredentials(secrets, ARN))
                .isInstanceOf(ConfigurationMissing.class).hasMessageContaining(ARN).hasMessageNotContaining("hunter2");
    }

    @Test
    void aSecretWithoutPassword_isAConfigurationError() {
        answer("{\"username\":\"recovery\"}");

        assertThatThrownBy(() -> new SecretCredentials(secrets, ARN))
                .isInstanceOf(ConfigurationMissing.class).hasMessageContaining("password");
    }

    @Test
    void aMissingSecret_isAConfigurationError() {
        when(secrets.getSecretValue(any(GetSecretValueRequest.class))).thenThrow(ResourceNotFoundException.builder()
                .statusCode(400).awsErrorDetails(AwsErrorDetails.builder().errorCode("ResourceNotFoundException").build()).build());

        assertThatThrownBy(() -> new SecretCredentials(secrets, ARN))
                .isInstanceOf(ConfigurationMissing.class).hasMessageContaining("ResourceNotFoundException");
    }

    @Test
    void aServiceError_isTransient() {
        when(secrets.getSecretValue(any(GetSecretValueRequest.class))).thenThrow(InternalServiceErrorException.builder()
                .statusCode(500).awsErrorDetails(AwsErrorDetails.builder().errorCode("InternalServiceError").build()).build());

        assertThatThrownBy(() -> new SecretCredentials(secrets, ARN)).isExactlyInstanceOf(TransientFailure.class);
    }

    @Test
    void toString_neverShowsThePassword() {
        answer("{\"username\":\"recovery\",\"password\":\"s3cret\",\"host\":\"h\",\"port\":\"6432\",\"dbname\":\"exchange\"}");
        SecretCredentials credentials = new SecretCredentials(secrets, ARN);

        assertThat(credentials.secret().toString()).doesNotContain("s3cret");
        assertThat(credentials.current().toString()).doesNotContain("s3cret");
        assertThat(credentials.secret().jdbcUrl()).contains("jdbc:postgresql://h:6432/exchange");
    }

    private void answer(String json) {
        when(secrets.getSecretValue(any(GetSecretValueRequest.class)))
                .thenReturn(GetSecretValueResponse.builder().secretString(json).build());
    }
}
