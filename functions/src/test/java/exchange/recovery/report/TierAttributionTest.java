package exchange.recovery.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import exchange.recovery.core.Json;
import exchange.recovery.core.Tier;

class TierAttributionTest {

    @Test
    void aLiteralTierInTheTaskPayload_winsOverNames() {
        assertThat(TierAttribution.of(Json.read("{\"Payload\":{\"tier\":\"wallet\"}}"), "exchange-DatabaseTier", "GateDatabase"))
                .contains(Tier.WALLET);
    }

    @Test
    void theMachineName_winsOverTheStateName() {
        assertThat(TierAttribution.of(null, "exchange-recovery-MarketDataTierStateMachine", "PauseWithdrawals"))
                .contains(Tier.MARKET_DATA);
    }

    @Test
    void stateNames_nameTiers_mostSpecificWordFirst() {
        assertThat(TierAttribution.fromName("FailoverMatchingEngine")).contains(Tier.MATCHING_ENGINE);
        assertThat(TierAttribution.fromName("RestoreDatabasePointInTime")).contains(Tier.DATABASE);
        assertThat(TierAttribution.fromName("ResumeWithdrawals")).contains(Tier.DEPOSITS_WITHDRAWALS);
        assertThat(TierAttribution.fromName("VerifyTradingApi")).contains(Tier.TRADING_API);
    }

    @Test
    void planLevelNames_nameNoTier() {
        assertThat(TierAttribution.of(null, "exchange-recovery-PlatformRecoveryStateMachine", "OpenIncident")).isEmpty();
        assertThat(TierAttribution.of(Json.read("{\"tier\":\"nonsense\"}"), null, "AnnounceStart")).isEmpty();
    }
}
