package exchange.recovery.integrity;

import java.time.Clock;
import java.time.Duration;
import java.util.regex.Pattern;

import com.amazonaws.services.lambda.runtime.Context;

import exchange.recovery.core.AwsClients;
import exchange.recovery.core.Env;
import exchange.recovery.core.JsonHandler;
import exchange.recovery.core.Tier;
import exchange.recovery.db.ExchangeDatabase;
import exchange.recovery.hold.DynamoDbHoldStore;
import exchange.recovery.hold.Holds;

/**
 * The trading-API tier's last step: lifts the incident's trading halt in phases through {@link TradingReopening}
 * (cancel-only, then open), each only when its checks pass. A refusal is {@link TradingReopenRefused} (trading
 * stays in the phase it reached); bad input is {@link InvalidReopenInput} and changes nothing.
 */
public class ReopenTradingHandler extends JsonHandler<ReopenTradingRequest, ReopenTradingResult> {

    // The hold store's holder pattern: checked before any check runs, so a bad id changes nothing.
    private static final Pattern INCIDENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    private final TradingReopening reopening;

    public ReopenTradingHandler() {
        this(Env.current(), AwsClients.fromEnvironment());
    }

    private ReopenTradingHandler(Env env, AwsClients clients) {
        this(new TradingReopening(
                new Holds(new DynamoDbHoldStore(clients.dynamoDb(), env.require("HOLD_TABLE")), Clock.systemUTC()),
                new IntegrityGate(
                        ExchangeDatabase.fromEnvironment(env, clients).withApplicationName("exchange-recovery-reopen-trading"),
                        IntegrityChecks.standard(env.getInt("INTEGRITY_SAMPLE_LIMIT", IntegrityChecks.DEFAULT_SAMPLE_LIMIT)),
                        Duration.ofSeconds(env.getInt("INTEGRITY_STATEMENT_TIMEOUT_SECONDS", 60)),
                        Clock.systemUTC()),
                Clock.systemUTC()));
    }

    public ReopenTradingHandler(TradingReopening reopening) {
        super(ReopenTradingRequest.class);
        this.reopening = reopening;
    }

    @Override
    protected ReopenTradingResult handle(ReopenTradingRequest request, Context context) {
        if (request == null) {
            throw new InvalidReopenInput("a request {incidentId, tier} is required");
        }
        String incidentId = request.incidentId() == null ? "" : request.incidentId().trim();
        if (!INCIDENT.matcher(incidentId).matches()) {
            throw new InvalidReopenInput("incidentId is required and must match " + INCIDENT.pattern());
        }
        if (Tier.find(request.tier()).orElse(null) != Tier.TRADING_API) {
            throw new InvalidReopenInput("only the " + Tier.TRADING_API.id() + " tier reopens trading, not '"
                    + request.tier() + "'");
        }
        TradingReopening.Reopened reopened = reopening.reopen(incidentId, database(request.database()));
        return new ReopenTradingResult(incidentId, reopened.phase(), reopened.phases());
    }

    private static String database(String database) {
        return database == null || database.isBlank() ? ExchangeDatabase.PRIMARY : database.trim();
    }
}
