package exchange.recovery.integrity;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import com.amazonaws.services.lambda.runtime.Context;

import exchange.recovery.core.AwsClients;
import exchange.recovery.core.Env;
import exchange.recovery.core.InvalidInput;
import exchange.recovery.core.Invocation;
import exchange.recovery.core.JsonHandler;
import exchange.recovery.core.Tier;
import exchange.recovery.db.ExchangeDatabase;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * A tier gate's integrity step: runs the named checks (by default the tier's own, see {@link #DEFAULT_CHECKS})
 * on the primary database or on the
 * instance the request names, and returns the {@link GateReport}. A failed gate raises
 * {@link IntegrityCheckFailed} unless the request sets {@code failOnViolation=false}.
 */
public class IntegrityCheckHandler extends JsonHandler<IntegrityCheckRequest, GateReport> {

    private static final Logger LOG = LogManager.getLogger(IntegrityCheckHandler.class);

    /**
     * What a tier's gate checks when the request names no checks: the data each tier owns. Tiers not
     * listed here run every check (the database tier, and any explicit request for another tier).
     */
    static final Map<Tier, List<String>> DEFAULT_CHECKS = Map.of(
            Tier.WALLET, List.of("ledger-balanced", "no-negative-available", "balances-match-ledger"),
            Tier.MATCHING_ENGINE, List.of("journal-contiguous"));

    private final IntegrityGate gate;

    public IntegrityCheckHandler() {
        this(Env.current(), AwsClients.fromEnvironment());
    }

    private IntegrityCheckHandler(Env env, AwsClients clients) {
        this(new IntegrityGate(
                ExchangeDatabase.fromEnvironment(env, clients).withApplicationName("exchange-recovery-integrity"),
                IntegrityChecks.standard(env.getInt("INTEGRITY_SAMPLE_LIMIT", IntegrityChecks.DEFAULT_SAMPLE_LIMIT)),
                Duration.ofSeconds(env.getInt("INTEGRITY_STATEMENT_TIMEOUT_SECONDS", 60)),
                Clock.systemUTC()));
    }

    public IntegrityCheckHandler(IntegrityGate gate) {
        super(IntegrityCheckRequest.class);
        this.gate = gate;
    }

    @Override
    protected GateReport handle(IntegrityCheckRequest request, Context context) {
        require(request.incidentId(), "incidentId");
        require(request.tier(), "tier");
        Tier tier = Tier.of(request.tier());
        List<String> checks = request.checks() != null ? request.checks() : DEFAULT_CHECKS.get(tier);
        GateReport report = gate.run(new IntegrityCheckRequest(request.incidentId().trim(), tier.id(), request.database(),
                checks, request.failOnViolation()));
        Invocation.metrics().addMetric("IntegrityChecksFailed", report.failedChecks().size(), MetricUnit.COUNT);
        if (report.passed()) {
            LOG.info("Integrity gate passed: incident {} tier {} on {} ({} checks)", report.incidentId(), report.tier(),
                    report.database(), report.checks().size());
            return report;
        }
        report.checks().stream().filter(check -> !check.passed()).forEach(check -> LOG.warn(
                "Integrity check {} failed: incident {} tier {} on {}: {}", check.name(), report.incidentId(), report.tier(),
                report.database(), check.summary()));
        if (request.failsOnViolation()) {
            throw new IntegrityCheckFailed(report);
        }
        return report;
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidInput(field + " is required");
        }
    }
}
