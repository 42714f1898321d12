package exchange.recovery.integrity;

import java.time.Clock;
import java.time.Duration;

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
 * A tier gate's integrity step as a Lambda: validates the request and hands it to {@link IntegrityGate#decide},
 * which runs the checks and decides (a failed gate raises {@link IntegrityCheckFailed} unless the request sets
 * {@code failOnViolation=false}).
 */
public class IntegrityCheckHandler extends JsonHandler<IntegrityCheckRequest, GateReport> {

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
        try {
            return countFailed(gate.decide(new IntegrityCheckRequest(request.incidentId().trim(), tier.id(),
                    request.database(), request.checks(), request.failOnViolation())));
        } catch (IntegrityCheckFailed failed) {
            countFailed(failed.report());
            throw failed;
        }
    }

    private static GateReport countFailed(GateReport report) {
        Invocation.metrics().addMetric("IntegrityChecksFailed", report.failedChecks().size(), MetricUnit.COUNT);
        return report;
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidInput(field + " is required");
        }
    }
}
