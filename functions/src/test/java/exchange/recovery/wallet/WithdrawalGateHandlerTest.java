package exchange.recovery.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import exchange.recovery.core.ConfigurationMissing;
import exchange.recovery.core.Env;

class WithdrawalGateHandlerTest {

    @Test
    void maxApprovalAge_defaultsToAnHour_andIsReadInMinutes() {
        assertThat(WithdrawalGateHandler.maxApprovalAge(Env.of(Map.of()))).isEqualTo(Duration.ofMinutes(60));
        assertThat(WithdrawalGateHandler.maxApprovalAge(Env.of(Map.of("WITHDRAWAL_APPROVAL_MAX_AGE_MINUTES", "15"))))
                .isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void maxApprovalAge_belowOneMinute_isAConfigurationError() {
        assertThatThrownBy(() -> WithdrawalGateHandler.maxApprovalAge(Env.of(Map.of("WITHDRAWAL_APPROVAL_MAX_AGE_MINUTES", "0"))))
                .isInstanceOf(ConfigurationMissing.class);
    }
}
