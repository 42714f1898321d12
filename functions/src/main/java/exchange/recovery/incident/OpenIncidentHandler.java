package exchange.recovery.incident;

import java.time.Clock;

import com.amazonaws.services.lambda.runtime.Context;

import exchange.recovery.core.AwsClients;
import exchange.recovery.core.Env;
import exchange.recovery.core.JsonHandler;

/** Records the incident, once, with what triggered it, and lays out the tiers the plan runs. */
public class OpenIncidentHandler extends JsonHandler<OpenIncidentRequest, OpenedIncident> {

    private final IncidentOpener opener;

    public OpenIncidentHandler() {
        this(Env.current(), AwsClients.fromEnvironment());
    }

    private OpenIncidentHandler(Env env, AwsClients clients) {
        this(new IncidentOpener(new IncidentStore(clients.dynamoDb(), env.require("INCIDENT_TABLE")), Clock.systemUTC()));
    }

    public OpenIncidentHandler(IncidentOpener opener) {
        super(OpenIncidentRequest.class);
        this.opener = opener;
    }

    @Override
    protected OpenedIncident handle(OpenIncidentRequest request, Context context) {
        return opener.open(request);
    }
}
