package exchange.recovery.approval;

import java.time.Clock;
import java.util.List;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.AwsClients;
import exchange.recovery.core.Env;
import exchange.recovery.core.JsonHandler;
import exchange.recovery.core.SecurityAlerts;

/**
 * The approval page behind API Gateway (REST API or HTTP API Lambda proxy events): GET shows the
 * request, POST decides. Every outcome is an HTML page with a meaningful status; a failure of a
 * dependency is a 503 page that records nothing, never a stack trace.
 */
public class ApprovalPageHandler extends JsonHandler<JsonNode, JsonNode> {

    private static final Logger LOG = LogManager.getLogger(ApprovalPageHandler.class);

    private final ApprovalDesk desk;

    public ApprovalPageHandler() {
        this(Env.current(), AwsClients.fromEnvironment());
    }

    private ApprovalPageHandler(Env env, AwsClients clients) {
        this(new ApprovalDesk(
                ApprovalPolicies.fromEnv(env),
                new ApprovalStore(clients.dynamoDb(), env.require("APPROVAL_TABLE")),
                AuditLog.fromEnvironment(env, clients),
                new TaskCallbacks(clients.stepFunctions()),
                SigningKey.load(clients.secretsManager(), env.require(SigningKey.VARIABLE)),
                SecurityAlerts.fromEnvironment(env, clients),
                Clock.systemUTC()));
    }

    public ApprovalPageHandler(ApprovalDesk desk) {
        super(JsonNode.class);
        this.desk = desk;
    }

    @Override
    protected JsonNode handle(JsonNode event, Context context) {
        boolean httpApi = ApiGatewayEvents.isHttpApi(event);
        return ApiGatewayEvents.write(respond(ApiGatewayEvents.read(event)), httpApi);
    }

    /** One HTTP exchange, independent of the event format (the local adapter calls this too). */
    public HttpResponse respond(HttpRequest request) {
        try {
            PageView view = switch (request.method()) {
                case "GET", "HEAD" -> desk.view(request);
                case "POST" -> desk.decide(request);
                default -> null;
            };
            if (view == null) {
                var headers = new java.util.LinkedHashMap<>(ApprovalPage.headers());
                headers.put("Allow", "GET, POST");
                return new HttpResponse(405, headers, List.of(), "");
            }
            List<String> cookies = view instanceof PageView.DecisionRecorded recorded && recorded.actorCookie() != null
                    ? List.of(recorded.actorCookie()) : List.of();
            String body = "HEAD".equals(request.method()) ? "" : ApprovalPage.render(view);
            return new HttpResponse(ApprovalPage.status(view), ApprovalPage.headers(), cookies, body);
        } catch (RuntimeException e) {
            LOG.error("Approval page failed on {} {}", request.method(), request.path(), e);
            return new HttpResponse(503, ApprovalPage.headers(), List.of(),
                    "POST".equals(request.method()) ? ApprovalPage.unavailableAfterPost() : ApprovalPage.unavailable());
        }
    }
}
