package exchange.recovery.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import exchange.recovery.core.InvalidInput;

class IntegrityChecksTest {

    private final IntegrityChecks checks = IntegrityChecks.standard();

    @Test
    void standard_offersTheFiveChecksInGateOrder() {
        assertThat(checks.names()).containsExactly(
                "ledger-balanced", "no-negative-available", "balances-match-ledger", "journal-contiguous", "checkpoint-match",
                "book-not-crossed", "reservations-match-open-orders", "orders-consistent", "trades-settled", "journal-replays");
    }

    @Test
    void select_withoutNames_runsEveryCheck() {
        assertThat(checks.select(null)).extracting(IntegrityCheck::name).isEqualTo(checks.names());
    }

    @Test
    void select_keepsTheOrderGivenAndRunsEachCheckOnce() {
        assertThat(checks.select(List.of("journal-contiguous", "ledger-balanced", "journal-contiguous")))
                .extracting(IntegrityCheck::name).containsExactly("journal-contiguous", "ledger-balanced");
    }

    @Test
    void select_rejectsUnknownNamesListingTheKnownOnes() {
        assertThatThrownBy(() -> checks.select(List.of("ledger-balanced", "wallet-solvent")))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("[wallet-solvent]")
                .hasMessageContaining("checkpoint-match");
    }

    @Test
    void select_rejectsAnEmptyListBecauseAGateWithoutChecksProvesNothing() {
        assertThatThrownBy(() -> checks.select(List.of())).isInstanceOf(InvalidInput.class);
    }

    @Test
    void catalogue_refusesTwoChecksWithOneName() {
        assertThatThrownBy(() -> new IntegrityChecks(List.of(new CheckpointMatchCheck(), new CheckpointMatchCheck())))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
