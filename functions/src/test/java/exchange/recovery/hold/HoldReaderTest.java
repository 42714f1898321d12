package exchange.recovery.hold;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import exchange.recovery.core.TransientFailure;

class HoldReaderTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void aFlagNeverWritten_readsHeld() {
        assertThat(new HoldReader(new InMemoryHoldStore(), "withdrawals", Duration.ofSeconds(5), clock).held()).isTrue();
    }

    @Test
    void anOpenFlag_readsOpen_andAMalformedOneHeld() {
        InMemoryHoldStore store = new InMemoryHoldStore();
        store.put(new FlagState("withdrawals", 1, List.of(), NOW, null, null, null, null, null, true, true));
        assertThat(new HoldReader(store, "withdrawals", Duration.ofSeconds(5), clock).held()).isFalse();

        store.put(new FlagState("withdrawals", 2, List.of(), NOW, null, null, null, null, null, true, false));
        assertThat(new HoldReader(store, "withdrawals", Duration.ofSeconds(5), clock).held()).isTrue();
    }

    @Test
    void aStoreThatCannotBeRead_readsHeld() {
        HoldStore broken = new HoldStore() {
            @Override
            public Snapshot read(String flag) {
                throw new TransientFailure("DynamoDB unavailable");
            }

            @Override
            public Outcome write(Snapshot seen, FlagState next, TokenUse token) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Optional<String> tokenUsedBy(String flag, String token) {
                throw new UnsupportedOperationException();
            }
        };
        assertThat(new HoldReader(broken, "withdrawals", Duration.ofSeconds(5), clock).held()).isTrue();
    }
}
