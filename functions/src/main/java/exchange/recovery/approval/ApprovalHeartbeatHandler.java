package exchange.recovery.approval;

import java.time.Clock;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.AwsClients;
import exchange.recovery.core.Env;
import exchange.recovery.core.JsonHandler;
import exchange.recovery.core.SecurityAlerts;

/** Runs on a schedule (EventBridge): heartbeats for pending approvals, settles decided ones, closes expired ones. */
public class ApprovalHeartbeatHandler extends JsonHandler<JsonNode, ApprovalHeartbeat.Result> {

    private final ApprovalHeartbeat heartbeat;

    public ApprovalHeartbeatHandler() {
        this(Env.current(), AwsClients.fromEnvironment());
    }

    private ApprovalHeartbeatHandler(Env env, AwsClients clients) {
        this(new ApprovalHeartbeat(
                new ApprovalStore(clients.dynamoDb(), env.require("APPROVAL_TABLE")),
                AuditLog.fromEnvironment(env, clients),
                new TaskCallbacks(clients.stepFunctions()),
                SecurityAlerts.fromEnvironment(env, clients),
                Clock.systemUTC()));
    }

    public ApprovalHeartbeatHandler(ApprovalHeartbeat heartbeat) {
        super(JsonNode.class);
        this.heartbeat = heartbeat;
    }

    @Override
    protected ApprovalHeartbeat.Result handle(JsonNode scheduledEvent, Context context) {
        return heartbeat.beat();
    }
}
