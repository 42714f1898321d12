package exchange.recovery.local.drill;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import exchange.recovery.core.Json;
import exchange.recovery.local.LocalPostgres;
import exchange.recovery.local.LocalRuntimeException;
import exchange.recovery.local.SampleExchange;
import exchange.recovery.local.aws.DeployedStack;
import exchange.recovery.local.aws.Executions;
import exchange.recovery.local.aws.LocalAws;
import exchange.recovery.local.aws.StackDeployer;
import exchange.recovery.local.drill.plan.PlanCatalog;
import exchange.recovery.local.template.Parameter;
import exchange.recovery.local.template.Resource;
import exchange.recovery.local.template.SamFunction;
import exchange.recovery.local.template.SamTemplate;

/**
 * Everything a drill runs on: the AWS emulator with our handlers behind its Lambda endpoint, PostgreSQL
 * with the sample exchange, Redis when asked for, the exchange's own resources, the stack deployed from
 * template.yaml, and an inbox subscribed to the stack's topics.
 */
public final class DrillHarness implements AutoCloseable {

    /**
     * @param customers size of the sample exchange loaded into PostgreSQL
     * @param alarms the exchange's alarms to create (in OK) before the stack is deployed
     */
    public record Settings(Path projectRoot, Set<Need> needs, List<ExchangeAlarm> alarms, int customers, String stackName) {

        public static Settings of(Path projectRoot, Set<Need> needs, List<ExchangeAlarm> alarms) {
            return new Settings(projectRoot, needs.isEmpty() ? EnumSet.noneOf(Need.class) : EnumSet.copyOf(needs),
                    List.copyOf(alarms), 1000, "exchange-recovery");
        }
    }

    private final List<AutoCloseable> resources = new ArrayList<>();
    private LocalAws aws;
    private LocalPostgres postgres;
    private DrillRedis redis;
    private LocalExchange exchange;
    private SamTemplate template;
    private PlanCatalog catalog;
    private DeployedStack stack;
    private NotificationInbox inbox;
    private final Map<String, String> handlersByFunctionName = new HashMap<>();

    private DrillHarness() {
    }

    public static DrillHarness start(Settings settings) {
        DrillHarness harness = new DrillHarness();
        try {
            harness.boot(settings);
            return harness;
        } catch (RuntimeException e) {
            harness.close();
            throw e;
        }
    }

    private void boot(Settings settings) {
        template = SamTemplate.load(settings.projectRoot().resolve("template.yaml"));
        catalog = new PlanCatalog(settings.projectRoot(), template);
        CompletableFuture<LocalPostgres> database = settings.needs().contains(Need.POSTGRES)
                ? CompletableFuture.supplyAsync(() -> startPostgres(settings.customers())) : null;
        CompletableFuture<DrillRedis> cache = settings.needs().contains(Need.REDIS)
                ? CompletableFuture.supplyAsync(DrillRedis::start) : null;
        try {
            aws = LocalAws.start();
            resources.add(aws);
        } finally {
            postgres = join(database);
            redis = join(cache);
        }
        exchange = LocalExchange.provision(aws, settings.alarms());
        Map<String, Object> parameters = parameters();
        if (postgres != null && template.parameters().containsKey("ExchangeDatabaseSecretArn")) {
            parameters.put("ExchangeDatabaseSecretArn", databaseSecret(postgres));
        }
        stack = new StackDeployer(aws, settings.stackName(), parameters, functionEnvironment()).deploy(template);
        template.functions().values().forEach(function -> handlersByFunctionName.put(
                stack.functionNames().getOrDefault(function.logicalId(), function.logicalId()), function.handlerClass()));
        List<String> topics = template.resourcesOfType("AWS::SNS::Topic").stream().map(Resource::logicalId)
                .filter(stack.physicalIds()::containsKey).map(stack::physicalId).toList();
        inbox = NotificationInbox.subscribe(aws.clients(), topics);
        resources.add(inbox);
    }

    private <T extends AutoCloseable> T join(CompletableFuture<T> future) {
        if (future == null) {
            return null;
        }
        try {
            T value = future.join();
            resources.add(value);
            return value;
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    private static LocalPostgres startPostgres(int customers) {
        LocalPostgres server = LocalPostgres.start();
        try (Connection connection = server.connect()) {
            SampleExchange.load(connection, customers);
            return server;
        } catch (SQLException | RuntimeException e) {
            server.close();
            throw new LocalRuntimeException("Cannot load the sample exchange into PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** Values for the template's parameters: the exchange's resources by name, defaults otherwise. */
    private Map<String, Object> parameters() {
        Map<String, String> known = exchange.parameterValues();
        Map<String, Object> values = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (Parameter parameter : template.parameters().values()) {
            if (known.containsKey(parameter.name())) {
                values.put(parameter.name(), known.get(parameter.name()));
            } else if (parameter.defaultValue() == null) {
                missing.add(parameter.name());
            }
        }
        if (!missing.isEmpty()) {
            throw new LocalRuntimeException("template.yaml parameters " + missing + " have no default and no local value: "
                    + "give them one in LocalExchange.parameterValues()");
        }
        return values;
    }

    /** The exchange database's credentials as RDS keeps them in Secrets Manager, for the local PostgreSQL. */
    private String databaseSecret(LocalPostgres server) {
        String secret = Json.write(Map.of("engine", "postgres", "host", "127.0.0.1", "port", server.port(),
                "username", server.user(), "password", "", "dbname", "exchange"));
        return aws.clients().secretsManager().createSecret(b -> b.name("exchange/db/credentials").secretString(secret)).arn();
    }

    /** What every function gets on top of its template environment to reach the local components. */
    private Map<String, String> functionEnvironment() {
        Map<String, String> environment = new HashMap<>();
        if (postgres != null) {
            environment.put("EXCHANGE_DB_URL", postgres.jdbcUrl());
            environment.put("EXCHANGE_DB_USER", postgres.user());
            environment.put("EXCHANGE_DB_PASSWORD", "");
            environment.put("EXCHANGE_DB_SSLMODE", "disable");
        }
        if (redis != null) {
            environment.put("REDIS_URL", redis.url());
            environment.put("REDIS_HOST", "127.0.0.1");
            environment.put("REDIS_PORT", String.valueOf(redis.port()));
        }
        // The emulator finishes every RDS operation at once: poll again after a second, not after minutes.
        environment.put("AWAIT_FIRST_WAIT_SECONDS", "1");
        environment.put("AWAIT_MAX_WAIT_SECONDS", "1");
        environment.put("CUTOVER_FIRST_WAIT_SECONDS", "1");
        environment.put("CUTOVER_MAX_WAIT_SECONDS", "1");
        environment.put("FAILOVER_FIRST_POLL_SECONDS", "1");
        environment.put("FAILOVER_MAX_POLL_SECONDS", "1");
        return environment;
    }

    public LocalAws aws() {
        return aws;
    }

    public DeployedStack stack() {
        return stack;
    }

    public SamTemplate template() {
        return template;
    }

    public PlanCatalog catalog() {
        return catalog;
    }

    public LocalExchange exchange() {
        return exchange;
    }

    public Optional<LocalPostgres> postgres() {
        return Optional.ofNullable(postgres);
    }

    public Optional<DrillRedis> redis() {
        return Optional.ofNullable(redis);
    }

    public NotificationInbox inbox() {
        return inbox;
    }

    public Executions executions() {
        return new Executions(aws.clients().stepFunctions());
    }

    /** Every state machine of the stack: ARN to logical id. */
    public Map<String, String> stateMachines() {
        Map<String, String> machines = new LinkedHashMap<>();
        template.stateMachines().keySet().stream().filter(stack.arns()::containsKey)
                .forEach(id -> machines.put(stack.arn(id), id));
        return machines;
    }

    /** The ARNs of the plans (state machines no other state machine starts). */
    public List<String> planArns() {
        return stateMachines().entrySet().stream().filter(entry -> catalog.isTopLevel(entry.getValue()))
                .map(Map.Entry::getKey).toList();
    }

    /** The handler class that serves a deployed function, by function name. */
    public Optional<String> handlerOf(String functionName) {
        return Optional.ofNullable(handlersByFunctionName.get(functionName));
    }

    /** Functions of the template, by logical id. */
    public Map<String, SamFunction> functions() {
        return template.functions();
    }

    public Path emulatorLog() {
        return aws.emulator().log();
    }

    @Override
    public void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                // keep closing the rest; a leftover temp directory is harmless
            }
        }
        resources.clear();
    }
}
