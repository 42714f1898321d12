package exchange.recovery.hold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HoldsTest {

    private static final String FLAG = "withdrawals";
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private final InMemoryHoldStore store = new InMemoryHoldStore();
    private final Holds holds = new Holds(store, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void release_keepsAHoldPlacedBetweenItsReadAndItsWrite() {
        holds.hold(FLAG, "INC-7", "plan", "wallet failover");
        store.beforeNextWrite(() -> holds.hold(FLAG, "INC-8", "plan", "az outage"));

        holds.release(FLAG, "INC-7", "plan", "approved", null, null);

        FlagState state = holds.status(FLAG);
        assertThat(state.holds()).extracting(Hold::holder).containsExactly("INC-8");
        assertThat(state.held()).isTrue();
    }

    @Test
    void hold_survivesAReleaseWrittenBetweenItsReadAndItsWrite() {
        holds.hold(FLAG, "INC-7", "plan", "wallet failover");
        store.beforeNextWrite(() -> holds.release(FLAG, "INC-7", "plan", "approved", null, null));

        holds.hold(FLAG, "INC-8", "plan", "az outage");

        assertThat(holds.status(FLAG).holds()).extracting(Hold::holder).containsExactly("INC-8");
    }

    @Test
    void release_ofOneHolder_neverLiftsAManualHold() {
        store.put(new FlagState(FLAG, 3, List.of(new Hold(Hold.MANUAL, null, "set by hand", null)), NOW, null, null,
                null, null, null, true, true));

        holds.hold(FLAG, "INC-7", "plan", "wallet failover");
        holds.release(FLAG, "INC-7", "plan", "approved", "apr-1", null);

        assertThat(holds.status(FLAG).holds()).extracting(Hold::holder).containsExactly(Hold.MANUAL);
        assertThat(holds.status(FLAG).held()).isTrue();
    }

    @Test
    void hold_withAFiveThousandCharacterReason_isRefusedAndChangesNothing() {
        holds.hold(FLAG, "INC-7", "plan", "wallet failover");
        int writes = store.writes();

        assertThatThrownBy(() -> holds.hold(FLAG, "INC-8", "plan", "x".repeat(5000)))
                .isInstanceOf(InvalidHold.class).hasMessageContaining("reason is 5000 characters");
        assertThatThrownBy(() -> holds.release(FLAG, "INC-7", "plan", "x".repeat(5000), "apr-1", null))
                .isInstanceOf(InvalidHold.class);

        assertThat(store.writes()).isEqualTo(writes);
        assertThat(holds.status(FLAG).holds()).extracting(Hold::holder).containsExactly("INC-7");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "INC 7", "INC-7#token#x", "-INC", "INC/7"})
    void hold_withAMalformedHolder_isRefused(String holder) {
        assertThatThrownBy(() -> holds.hold(FLAG, holder, "plan", "r")).isInstanceOf(InvalidHold.class);
        assertThat(store.writes()).isZero();
    }

    @Test
    void release_spendsItsTokenOnce_aRedeliveryChangesNothing_andAReusedTokenIsRefused() {
        holds.hold(FLAG, "INC-7", "plan", "wallet failover");
        assertThat(holds.release(FLAG, "INC-7", "plan", "approved", "apr-1", null).changed()).isTrue();

        assertThat(holds.release(FLAG, "INC-7", "plan", "approved", "apr-1", null).changed()).as("re-delivery").isFalse();

        holds.hold(FLAG, "INC-7", "plan", "paused again");
        assertThatThrownBy(() -> holds.release(FLAG, "INC-7", "plan", "approved", "apr-1", null))
                .isInstanceOf(ReleaseTokenUsed.class).hasMessageContaining("holds it again");
        assertThatThrownBy(() -> holds.release(FLAG, "INC-8", "plan", "approved", "apr-1", null))
                .isInstanceOf(ReleaseTokenUsed.class);
        assertThat(holds.status(FLAG).heldBy("INC-7")).isTrue();
    }

    @Test
    void release_authorisedBeforeTheHoldWasPlaced_isRefused() {
        holds.hold(FLAG, "INC-7", "plan", "wallet failover");

        assertThatThrownBy(() -> holds.release(FLAG, "INC-7", "plan", "approved", "apr-1", NOW.minusSeconds(1)))
                .isInstanceOf(ReleaseOutdated.class);
        assertThat(holds.status(FLAG).heldBy("INC-7")).isTrue();
        assertThat(holds.release(FLAG, "INC-7", "plan", "approved", "apr-1", NOW).changed()).isTrue();
    }

    @Test
    void initialise_writesAnOpenFlagOnlyWhenNoneExists() {
        assertThat(holds.initialise(FLAG, "deploy").changed()).isTrue();
        holds.hold(FLAG, "INC-7", "plan", "r");

        assertThat(holds.initialise(FLAG, "deploy").changed()).isFalse();
        assertThat(holds.status(FLAG).heldBy("INC-7")).isTrue();
    }

    /**
     * Three incidents pause and resume in random order, and their store calls (reads, writes, token
     * lookups) interleave as each seeded schedule says. In every state reached, every incident whose
     * pause returned and whose resume has not started is held, as is the hand-set hold; at the end the
     * holds are exactly those.
     */
    @Test
    void noInterleavingOfPausesAndResumes_leavesTheFlagOpenWhileAnyHolderBelievesItHeld() throws Exception {
        for (int seed = 0; seed < 400; seed++) {
            runSchedule(seed);
        }
    }

    private void runSchedule(int seed) throws InterruptedException {
        Random random = new Random(seed);
        InMemoryHoldStore memory = new InMemoryHoldStore();
        memory.put(new FlagState(FLAG, 1, List.of(new Hold(Hold.MANUAL, null, "set by hand", null)), NOW, null, null,
                null, null, null, true, true));
        SteppedHoldStore stepped = new SteppedHoldStore(memory);
        Holds shared = new Holds(stepped, Clock.fixed(NOW, ZoneOffset.UTC));
        Map<String, Boolean> believesHeld = new ConcurrentHashMap<>();
        Map<String, Runnable> writers = new LinkedHashMap<>();
        Map<String, Boolean> lastWasHold = new ConcurrentHashMap<>();
        for (String incident : List.of("INC-1", "INC-2", "INC-3")) {
            List<Boolean> plan = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(4); i++) {
                plan.add(random.nextBoolean());
            }
            believesHeld.put(incident, false);
            lastWasHold.put(incident, false);
            writers.put(incident, () -> {
                int round = 0;
                for (boolean hold : plan) {
                    round++;
                    if (hold) {
                        shared.hold(FLAG, incident, "plan", "round " + round);
                        believesHeld.put(incident, true);
                    } else {
                        believesHeld.put(incident, false);
                        shared.release(FLAG, incident, "plan", "approved", incident + "-apr-" + round, null);
                    }
                    lastWasHold.put(incident, hold);
                }
            });
        }
        stepped.run(writers, random::nextInt, () -> {
            FlagState state = memory.read(FLAG).state();
            assertThat(state.heldBy(Hold.MANUAL)).as("seed %d: the hand-set hold", seed).isTrue();
            believesHeld.forEach((incident, held) -> {
                if (held) {
                    assertThat(state.heldBy(incident)).as("seed %d: %s paused and not resumed", seed, incident).isTrue();
                }
            });
        });
        Set<String> expected = new TreeSet<>(Set.of(Hold.MANUAL));
        lastWasHold.forEach((incident, hold) -> {
            if (hold) {
                expected.add(incident);
            }
        });
        assertThat(new TreeSet<>(memory.read(FLAG).state().holds().stream().map(Hold::holder).toList()))
                .as("seed %d", seed).isEqualTo(expected);
    }
}
