package exchange.recovery.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import exchange.recovery.core.Tier;

class ScopeKeyTest {

    @Test
    void scope_isTheSameWhateverTheOrderOfItsTiers() {
        assertThat(ScopeKey.of("platform-recovery", List.of("wallet", "database")))
                .isEqualTo(ScopeKey.of("platform-recovery", List.of("database", "wallet")));
        assertThat(ScopeKey.of("platform-recovery", List.of("wallet", "database")).key())
                .isEqualTo("platform-recovery#database,wallet");
    }

    @Test
    void executionName_isPerScopeAndMinuteOfTheStateChange() {
        ScopeKey scope = ScopeKey.of("platform-recovery", List.of("wallet", "database"));

        assertThat(scope.executionName(Instant.parse("2026-11-28T03:00:05.123Z")))
                .isEqualTo("platform-recovery-db_wal-20261128T0300Z")
                .isEqualTo(scope.executionName(Instant.parse("2026-11-28T03:00:59.999Z")))
                .isNotEqualTo(scope.executionName(Instant.parse("2026-11-28T03:01:00Z")));
    }

    @Test
    void widestScope_stillFitsAnExecutionName() {
        String name = ScopeKey.of("platform-recovery", Tier.ids()).executionName(Instant.parse("2026-11-28T03:00:00Z"));

        assertThat(name).hasSizeLessThanOrEqualTo(80).matches("[A-Za-z0-9_-]+");
    }
}
