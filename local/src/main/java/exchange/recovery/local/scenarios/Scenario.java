package exchange.recovery.local.scenarios;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import exchange.recovery.core.Tier;
import exchange.recovery.local.exchange.ExchangeAlarm;
import exchange.recovery.local.exchange.ExchangeSetup;
import exchange.recovery.local.stack.DrillHarness;
import exchange.recovery.local.stack.Need;

/**
 * A failure the drill rehearses, as data: what it breaks (its {@link Fault}), what it needs of the local stack,
 * and what the recovery must show afterwards. A scenario is one short file declaring one of these with
 * {@link #named(String)}; {@link Scenarios} lists the ones that can run against the plans as they are.
 * Everything else (starting the stack, deploying template.yaml, watching the plan, writing the report,
 * checking the expectations) is the drill's.
 *
 * @param name the name on the command line, e.g. {@code api-instance-failure}
 * @param failure what fails, in one line
 * @param expectedOutcome what the recovery should end with, in one line
 * @param tiers the tiers the fault hits (the incident's scope)
 * @param needs local components besides the emulator
 * @param alarms the exchange's alarms this scenario uses, created in the OK state before the stack is deployed
 * @param approvers who approves, through the approval page, when the plan asks people to decide: the drill in CI
 *                  approves as them; {@code ./scripts/drill} does so with {@code --approve-as}, and otherwise
 *                  prints the links and waits
 * @param timeout how long the plan may take before the drill gives up waiting
 * @param fault breaks the local exchange and raises the alarm(s) that real monitoring would raise
 * @param expectations what the recovery report must show; each one is checked and reported
 * @param exchangeBefore how the exchange stands before the incident when it differs from a healthy one
 * @param redrive when the plan is expected to halt: what the operator then does, rehearsed by the drill after the
 *                halted plan's report is checked (the drill's final report is then the resumed plan's)
 * @param follows which plan the alarm starts and the drill follows, and so which report the expectations read
 */
public record Scenario(String name, String failure, String expectedOutcome, List<Tier> tiers, Set<Need> needs,
                       List<ExchangeAlarm> alarms, List<String> approvers, Duration timeout, Fault fault,
                       List<Expectation> expectations, Consumer<ExchangeSetup> exchangeBefore,
                       Optional<OperatorRedrive> redrive, Follows follows) {

    public Scenario {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(failure, name + ": what fails");
        Objects.requireNonNull(expectedOutcome, name + ": the expected outcome");
        Objects.requireNonNull(fault, name + ": the fault");
        Objects.requireNonNull(follows, name + ": the plan followed");
        if (tiers.isEmpty() || alarms.isEmpty() || expectations.isEmpty()) {
            throw new IllegalArgumentException(name + " needs tiers, alarms and expectations");
        }
        tiers = List.copyOf(tiers);
        needs = needs.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(needs));
        alarms = List.copyOf(alarms);
        approvers = List.copyOf(approvers);
        expectations = List.copyOf(expectations);
    }

    /** Starts a scenario's declaration; by default it needs PostgreSQL, has no approvers, and waits 3 minutes. */
    public static Builder named(String name) {
        return new Builder(name);
    }

    /** Breaks the local exchange and raises the alarm(s). */
    public void inject(FaultContext context) throws Exception {
        fault.inject(context);
    }

    /** Applies how the exchange stands before the incident (e.g. the hot wallet on chain). */
    public void setUp(ExchangeSetup setup) {
        exchangeBefore.accept(setup);
    }

    /** The local stack this scenario asks for: its components, its alarms, and how the exchange stands before it. */
    public DrillHarness.Settings stackSettings(Path projectRoot) {
        ExchangeSetup setup = new ExchangeSetup();
        setUp(setup);
        return new DrillHarness.Settings(projectRoot, needs.isEmpty() ? EnumSet.noneOf(Need.class) : EnumSet.copyOf(needs),
                alarms, 1000, "exchange-recovery", setup);
    }

    /** The declaration of a scenario, in the order a reader asks about it. */
    public static final class Builder {
        private final String name;
        private String failure;
        private String expectedOutcome;
        private List<Tier> tiers = List.of();
        private Set<Need> needs = EnumSet.of(Need.POSTGRES);
        private List<ExchangeAlarm> alarms = List.of();
        private List<String> approvers = List.of();
        private Duration timeout = Duration.ofMinutes(3);
        private Consumer<ExchangeSetup> exchangeBefore = setup -> { };
        private Fault fault;
        private List<Expectation> expectations = List.of();
        private OperatorRedrive redrive;
        private Follows follows = Follows.PLATFORM_RECOVERY;

        private Builder(String name) {
            this.name = name;
        }

        /** The plan the drill follows (by default the platform's recovery). */
        public Builder follows(Follows follows) {
            this.follows = follows;
            return this;
        }

        public Builder fails(String failure) {
            this.failure = failure;
            return this;
        }

        public Builder expects(String expectedOutcome) {
            this.expectedOutcome = expectedOutcome;
            return this;
        }

        public Builder tiers(Tier... tiers) {
            this.tiers = List.of(tiers);
            return this;
        }

        public Builder needs(Need... needs) {
            this.needs = needs.length == 0 ? EnumSet.noneOf(Need.class) : EnumSet.copyOf(List.of(needs));
            return this;
        }

        public Builder alarms(ExchangeAlarm... alarms) {
            this.alarms = List.of(alarms);
            return this;
        }

        public Builder approvers(String... approvers) {
            this.approvers = List.of(approvers);
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder before(Consumer<ExchangeSetup> exchangeBefore) {
            this.exchangeBefore = exchangeBefore;
            return this;
        }

        public Builder fault(Fault fault) {
            this.fault = fault;
            return this;
        }

        /** Adds to what the recovery report must show, in the order given. */
        public Builder reportShows(Expectation... expectations) {
            return reportShows(List.of(expectations));
        }

        /** Adds to what the recovery report must show, in the order given (e.g. a shared group of expectations). */
        public Builder reportShows(List<Expectation> expectations) {
            this.expectations = java.util.stream.Stream.concat(this.expectations.stream(), expectations.stream()).toList();
            return this;
        }

        public Builder operatorRedrives(OperatorRedrive redrive) {
            this.redrive = redrive;
            return this;
        }

        public Scenario build() {
            return new Scenario(name, failure, expectedOutcome, tiers, needs, alarms, approvers, timeout, fault,
                    expectations, exchangeBefore, Optional.ofNullable(redrive), follows);
        }
    }
}
