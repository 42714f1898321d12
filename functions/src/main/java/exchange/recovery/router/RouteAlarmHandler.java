package exchange.recovery.router;

import java.time.Clock;
import java.util.Locale;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import org.crac.Resource;

import exchange.recovery.core.AwsClients;
import exchange.recovery.core.Env;
import exchange.recovery.core.Invocation;
import exchange.recovery.core.JsonHandler;
import exchange.recovery.core.SecurityAlerts;
import exchange.recovery.plan.PlanInputValidator;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Target of the EventBridge rule on CloudWatch alarm state changes: routes each change to at most one
 * recovery per scope and answers with the decision. Ignoring an alarm is an answer, not an error; an
 * event that is not an alarm state change is {@link MalformedAlarmEvent}.
 */
public class RouteAlarmHandler extends JsonHandler<JsonNode, RoutingDecision> {

    private final AlarmRouter router;
    /** Primes the plan input schema before a SnapStart snapshot; held here because CRaC holds it weakly. */
    private final Resource priming;

    public RouteAlarmHandler() {
        this(Env.current(), AwsClients.fromEnvironment(), new PlanInputValidator(Clock.systemUTC()));
    }

    private RouteAlarmHandler(Env env, AwsClients clients, PlanInputValidator validator) {
        this(wire(env, clients, RoutingTable.fromClasspath(), validator), validator);
    }

    public RouteAlarmHandler(AlarmRouter router) {
        this(router, null);
    }

    private RouteAlarmHandler(AlarmRouter router, PlanInputValidator validator) {
        super(JsonNode.class);
        this.router = router;
        this.priming = validator == null ? null : validator.primingResource();
    }

    private static AlarmRouter wire(Env env, AwsClients clients, RoutingTable table, PlanInputValidator validator) {
        RouterSettings settings = RouterSettings.from(env, table);
        return new AlarmRouter(table, validator, settings.locks(clients.dynamoDb()),
                new RecoveryExecutions(clients.stepFunctions()), AlarmTags.cloudWatch(clients.cloudWatch()),
                settings, SecurityAlerts.fromEnvironment(env, clients), Clock.systemUTC());
    }

    @Override
    protected RoutingDecision handle(JsonNode event, Context context) {
        RoutingDecision decision = router.route(event);
        Invocation.metrics().addMetric("Alarm" + capitalised(decision.action()), 1, MetricUnit.COUNT);
        return decision;
    }

    private static String capitalised(RoutingDecision.Action action) {
        String name = action.name();
        return name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT);
    }
}
