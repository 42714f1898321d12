package exchange.recovery.incident;

import java.time.Clock;

import com.amazonaws.services.lambda.runtime.Context;

import exchange.recovery.core.AwsClients;
import exchange.recovery.core.Env;
import exchange.recovery.core.Invocation;
import exchange.recovery.core.JsonHandler;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/** Records a tier's outcome and RTO in the incident record and as a metric. */
public class RecordTierOutcomeHandler extends JsonHandler<RecordTierOutcomeRequest, TierOutcome> {

    private final Timeline timeline;

    public RecordTierOutcomeHandler() {
        this(Env.current(), AwsClients.fromEnvironment());
    }

    private RecordTierOutcomeHandler(Env env, AwsClients clients) {
        this(new Timeline(new IncidentStore(clients.dynamoDb(), env.require("INCIDENT_TABLE")), Clock.systemUTC()));
    }

    public RecordTierOutcomeHandler(Timeline timeline) {
        super(RecordTierOutcomeRequest.class);
        this.timeline = timeline;
    }

    @Override
    protected TierOutcome handle(RecordTierOutcomeRequest request, Context context) {
        TierOutcome outcome = timeline.record(request);
        var metrics = Invocation.metrics();
        metrics.addDimension(DimensionSet.of("Tier", outcome.tier(), "Mode", outcome.mode()));
        metrics.addMetric("TierRecoverySeconds", outcome.rtoSeconds(), MetricUnit.SECONDS);
        metrics.addMetric(outcome.withinObjective() ? "TierWithinObjective" : "TierMissedObjective", 1, MetricUnit.COUNT);
        return outcome;
    }
}
