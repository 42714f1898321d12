package exchange.recovery.local.scenarios;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import exchange.recovery.core.Tier;
import exchange.recovery.local.exchange.ExchangeAlarm;
import exchange.recovery.local.exchange.ExchangeSetup;
import exchange.recovery.local.stack.DrillHarness;
import exchange.recovery.local.stack.Need;

/**
 * A failure the drill rehearses: what it breaks, how it breaks it locally, and what the recovery must
 * show afterwards. A scenario is a small class; {@link Scenarios} lists the ones that can run against the
 * plans as they are. Everything else (starting the emulator and databases, deploying template.yaml,
 * watching the plan, writing the report, checking the expectations) is the drill's.
 */
public interface Scenario {

    /** The name on the command line, e.g. {@code api-instance-failure}. */
    String name();

    /** What fails, in one line. */
    String failure();

    /** What the recovery should end with, in one line. */
    String expectedOutcome();

    /** The tiers the fault hits (the incident's scope). */
    List<Tier> tiers();

    /** The exchange's alarms this scenario uses, created in the OK state before the stack is deployed. */
    List<ExchangeAlarm> alarms();

    /** Breaks the local exchange and raises the alarm(s) that real monitoring would raise. */
    void inject(FaultContext fault) throws Exception;

    /** What the recovery report must show; each one is checked and reported. */
    List<Expectation> expectations();

    /** How the exchange stands before the incident when it differs from a healthy one (e.g. the hot wallet on chain). */
    default void setUp(ExchangeSetup setup) {
    }

    /**
     * Who approves, through the approval page, when the plan asks people to decide: the drill in CI approves as
     * them; {@code ./scripts/drill} does so with {@code --approve-as}, and otherwise prints the links and waits.
     */
    default List<String> approvers() {
        return List.of();
    }

    /** Local components besides the emulator. */
    default Set<Need> needs() {
        return EnumSet.of(Need.POSTGRES);
    }

    /**
     * When the plan is expected to halt: what the operator then does, rehearsed by the drill after the halted
     * plan's report is checked (the drill's final report is then the resumed plan's).
     */
    default Optional<OperatorRedrive> redrive() {
        return Optional.empty();
    }

    /** The local stack this scenario asks for: its components, its alarms, and how the exchange stands before it. */
    default DrillHarness.Settings stackSettings(Path projectRoot) {
        ExchangeSetup setup = new ExchangeSetup();
        setUp(setup);
        return new DrillHarness.Settings(projectRoot, needs().isEmpty() ? EnumSet.noneOf(Need.class) : EnumSet.copyOf(needs()),
                List.copyOf(alarms()), 1000, "exchange-recovery", setup);
    }

    /** How long the plan may take before the drill gives up waiting. */
    default Duration timeout() {
        return Duration.ofMinutes(3);
    }
}
