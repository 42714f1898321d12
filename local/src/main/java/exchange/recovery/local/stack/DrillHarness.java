package exchange.recovery.local.stack;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
import exchange.recovery.local.emulator.FreePorts;
import exchange.recovery.local.exchange.LocalPostgres;
import exchange.recovery.local.exchange.LocalRedis;
import exchange.recovery.local.LocalRuntimeException;
import exchange.recovery.local.exchange.SampleExchange;
import exchange.recovery.local.deploy.DeployedStack;
import exchange.recovery.local.emulator.Executions;
import exchange.recovery.local.emulator.LocalAws;
import exchange.recovery.local.emulator.LocalHttpApi;
import exchange.recovery.local.deploy.StackDeployer;
import exchange.recovery.local.plans.PlanCatalog;
import exchange.recovery.local.template.Parameter;
import exchange.recovery.local.template.Resource;
import exchange.recovery.local.template.SamFunction;
import exchange.recovery.local.template.SamTemplate;
import exchange.recovery.local.exchange.LocalExchange;
import exchange.recovery.local.exchange.LocalRdsDataPlane;
import exchange.recovery.local.exchange.ExchangeAlarm;
import exchange.recovery.local.exchange.ExchangeSetup;

/**
 * Everything a drill runs on: the AWS emulator with our handlers behind its Lambda endpoint, PostgreSQL
 * with the sample exchange, Redis when asked for, the exchange's own resources, the stack deployed from
 * template.yaml, and an inbox subscribed to the stack's topics. Started once, it can be {@link #reset} between
 * uses (drills, replays, tests) instead of being started again.
 */
public final class DrillHarness implements AutoCloseable {

    /**
     * @param customers size of the sample exchange loaded into PostgreSQL
     * @param alarms the exchange's alarms to create (in OK) before the stack is deployed
     */
    public record Settings(Path projectRoot, Set<Need> needs, List<ExchangeAlarm> alarms, int customers, String stackName,
                           ExchangeSetup setup) {

        public static Settings of(Path projectRoot, Set<Need> needs, List<ExchangeAlarm> alarms) {
            return new Settings(projectRoot, needs.isEmpty() ? EnumSet.noneOf(Need.class) : EnumSet.copyOf(needs),
                    List.copyOf(alarms), 1000, "exchange-recovery", new ExchangeSetup());
        }
    }

    private final List<AutoCloseable> resources = new ArrayList<>();
    /** Closed at each reset: what belongs to one deployment. */
    private final List<AutoCloseable> deployment = new ArrayList<>();
    private LocalAws aws;
    private LocalPostgres postgresServer;
    private LocalPostgres restoredCopiesServer;
    private LocalRedis redisServer;
    private LocalPostgres postgres;
    private LocalRedis redis;
    private LocalHttpApi api;
    private LocalRdsDataPlane dataPlane;
    private Settings settings;

    /** Where restored copies of the database are served (the primary is on 127.0.0.1, same port). */
    static final String RESTORED_COPY_HOST = "127.0.0.2";
    /** The sample exchange as loaded, which every reset clones the exchange's database from. */
    static final String SAMPLE_TEMPLATE = "exchange_sample";
    private static final String DATABASE = "exchange";
    /** Longer than the restore's safety margin before the alarm (1 s) and the redrive's second before the fault. */
    private static final java.time.Duration BACKUP_HISTORY = java.time.Duration.ofSeconds(3);
    private LocalExchange exchange;
    private SamTemplate template;
    private PlanCatalog catalog;
    private DeployedStack stack;
    private NotificationInbox inbox;
    private final Map<String, String> handlersByFunctionName = new HashMap<>();
    private final Map<String, java.time.Duration> startup = new LinkedHashMap<>();

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

    /**
     * Makes this stack what {@link #start} with {@code next} would give, without starting again what already runs:
     * the emulator is emptied and the Lambda endpoint forgets its functions, the exchange's database is cloned
     * again from the sample exchange as first loaded (restored copies and renamed originals dropped), Redis comes
     * back empty, and the exchange's resources and the stack are provisioned and deployed afresh. A component
     * {@code next} needs that is not running yet is started; one it does not need keeps running, untouched, but is
     * not wired in (no parameter, no environment points at it).
     */
    public void reset(Settings next) {
        if (!next.projectRoot().equals(settings.projectRoot()) || next.customers() != settings.customers()) {
            throw new LocalRuntimeException("A reset keeps the project and the sample exchange's size; start a new stack instead");
        }
        long begin = System.nanoTime();
        startup.clear();
        closeAll(deployment);
        handlersByFunctionName.clear();
        api.clearRoutes();
        aws.reset();
        startComponents(next.needs(), next.customers());
        // a component the next scenario does not need is left as it is: it is not wired in, and the reset of the
        // next scenario that needs it starts it afresh
        if (postgresServer != null && next.needs().contains(Need.POSTGRES)) {
            postgresServer.recreateFrom(SAMPLE_TEMPLATE, DATABASE);
        }
        if (restoredCopiesServer != null && next.needs().contains(Need.POINT_IN_TIME_RESTORE)) {
            restoredCopiesServer.recreateFrom(null, DATABASE);
        }
        if (redisServer != null && next.needs().contains(Need.REDIS)) {
            if (redisServer.isRunning()) {
                redisServer.kill();
            }
            redisServer.restart(); // no persistence: it comes back empty
        }
        lap("reset", begin);
        deploy(next);
    }

    private void boot(Settings settings) {
        template = SamTemplate.load(settings.projectRoot().resolve("template.yaml"));
        catalog = new PlanCatalog(settings.projectRoot(), template);
        long begin = System.nanoTime();
        CompletableFuture<LocalAws> emulator = CompletableFuture.supplyAsync(LocalAws::start);
        try {
            startComponents(settings.needs(), settings.customers());
        } finally {
            aws = join(emulator);
        }
        lap("emulator and databases", begin);
        api = LocalHttpApi.start();
        resources.add(api);
        deploy(settings);
    }

    /** Starts, side by side, the components {@code needs} asks for that are not running yet. */
    private void startComponents(Set<Need> needs, int customers) {
        boolean wantsCopies = needs.contains(Need.POINT_IN_TIME_RESTORE) && needs.contains(Need.POSTGRES);
        int databasePort = postgresServer != null ? postgresServer.port() : FreePorts.find();
        CompletableFuture<LocalPostgres> database = needs.contains(Need.POSTGRES) && postgresServer == null
                ? CompletableFuture.supplyAsync(() -> startPostgres(databasePort, customers)) : null;
        CompletableFuture<LocalPostgres> restoredCopies = wantsCopies && restoredCopiesServer == null
                ? CompletableFuture.supplyAsync(() -> LocalPostgres.start(RESTORED_COPY_HOST, databasePort)) : null;
        CompletableFuture<LocalRedis> cache = needs.contains(Need.REDIS) && redisServer == null
                ? CompletableFuture.supplyAsync(LocalRedis::start) : null;
        try {
            postgresServer = database == null ? postgresServer : join(database);
        } finally {
            try {
                restoredCopiesServer = restoredCopies == null ? restoredCopiesServer : join(restoredCopies);
            } finally {
                redisServer = cache == null ? redisServer : join(cache);
            }
        }
    }

    /** Provisions the exchange's resources and deploys the stack, wired to the components {@code settings} needs. */
    private void deploy(Settings settings) {
        this.settings = settings;
        postgres = settings.needs().contains(Need.POSTGRES) ? postgresServer : null;
        redis = settings.needs().contains(Need.REDIS) ? redisServer : null;
        long provisioning = System.nanoTime();
        exchange = LocalExchange.provision(aws, settings.alarms(), postgresServer != null ? postgresServer.port() : FreePorts.find());
        lap("exchange resources", provisioning);
        dataPlane = null;
        if (postgres != null && settings.needs().contains(Need.POINT_IN_TIME_RESTORE) && restoredCopiesServer != null) {
            dataPlane = new LocalRdsDataPlane(postgres, restoredCopiesServer, this::handlerOf);
            dataPlane.registerPrimary(exchange.databaseEndpoint());
            aws.lambdas().onInvocation(dataPlane::onInvocation);
        }
        long deploying = System.nanoTime();
        Map<String, Object> parameters = parameters();
        if (postgres != null && template.parameters().containsKey("ExchangeDatabaseSecretArn")) {
            parameters.put("ExchangeDatabaseSecretArn", databaseSecret(postgres));
        }
        if (postgres != null && template.parameters().containsKey("StaticChainBalances")) {
            parameters.put("StaticChainBalances", chainBalances(postgres, settings.setup().onChainAdjustments()));
        }
        if (template.parameters().containsKey("ApprovalBaseUrl")) {
            parameters.put("ApprovalBaseUrl", api.url());
        }
        if (redis != null) {
            parameters.put("CacheEndpointAddress", redis.host());
            parameters.put("CachePort", String.valueOf(redis.port()));
            parameters.put("CacheInTransitEncryption", "false");
        }
        settings.setup().parameters().forEach((name, value) -> {
            if (!template.parameters().containsKey(name)) {
                throw new LocalRuntimeException("The scenario sets parameter " + name + ", which template.yaml does not declare");
            }
            parameters.put(name, value);
        });
        Map<String, String> environment = functionEnvironment();
        environment.putAll(settings.setup().functionVariables());
        stack = new StackDeployer(aws, settings.stackName(), parameters, environment).deploy(template);
        routeHttpApis();
        lap("stack", deploying);
        template.functions().values().forEach(function -> handlersByFunctionName.put(
                stack.functionNames().getOrDefault(function.logicalId(), function.logicalId()), function.handlerClass()));
        List<String> topics = template.resourcesOfType("AWS::SNS::Topic").stream().map(Resource::logicalId)
                .filter(stack.physicalIds()::containsKey).map(stack::physicalId).toList();
        inbox = NotificationInbox.subscribe(aws.clients(), topics);
        deployment.add(inbox);
    }

    private void lap(String phase, long since) {
        startup.put(phase, java.time.Duration.ofNanos(System.nanoTime() - since));
    }

    /** How long each part of the start (or the last reset) took ("emulator and databases 5.0 s, …"). */
    public String startupTimes() {
        return String.join(", ", startup.entrySet().stream()
                .map(entry -> entry.getKey() + " " + entry.getValue().toMillis() / 100 / 10.0 + " s").toList());
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

    private static LocalPostgres startPostgres(int port, int customers) {
        LocalPostgres server = LocalPostgres.start("127.0.0.1", port);
        try (Connection connection = server.connect()) {
            SampleExchange.load(connection, customers);
        } catch (SQLException | RuntimeException e) {
            server.close();
            throw new LocalRuntimeException("Cannot load the sample exchange into PostgreSQL: " + e.getMessage(), e);
        }
        server.saveAsTemplate(DATABASE, SAMPLE_TEMPLATE);
        return server;
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

    /**
     * Serves the template's HTTP APIs (the approval pages) on loopback: each function's HttpApi event becomes a
     * route to that function, as API Gateway would invoke it.
     */
    private void routeHttpApis() {
        for (SamFunction function : template.functions().values()) {
            Object events = function.property("Events");
            if (!(events instanceof Map<?, ?> declared) || !stack.functionNames().containsKey(function.logicalId())) {
                continue;
            }
            for (Object event : declared.values()) {
                if (event instanceof Map<?, ?> spec && ("HttpApi".equals(spec.get("Type")) || "Api".equals(spec.get("Type")))
                        && spec.get("Properties") instanceof Map<?, ?> properties && properties.get("Path") instanceof String path) {
                    String method = properties.get("Method") instanceof String verb ? verb.toUpperCase(java.util.Locale.ROOT) : "ANY";
                    api.route(method, path, LocalHttpApi.lambda(aws.lambdas(), stack.functionName(function.logicalId())));
                }
            }
        }
    }

    /**
     * What the hot wallet holds on chain, per the template's HotWalletAddresses: by default exactly what the
     * ledger says it owes (the static blockchain provider's balances), moved by the scenario's adjustments.
     */
    private String chainBalances(LocalPostgres server, Map<String, BigDecimal> adjustments) {
        Object addresses = template.parameters().containsKey("HotWalletAddresses")
                ? template.parameters().get("HotWalletAddresses").defaultValue() : null;
        if (addresses == null) {
            return "{}";
        }
        Map<String, Object> balances = new LinkedHashMap<>();
        try (Connection connection = server.connect(); PreparedStatement owed = connection.prepareStatement(
                "SELECT -coalesce(sum(amount), 0) FROM ledger_entries WHERE account_id = ? AND asset_code = ?")) {
            Json.read(String.valueOf(addresses)).fields().forEachRemaining(entry -> {
                try {
                    owed.setLong(1, SampleExchange.HOT_WALLET);
                    owed.setString(2, entry.getKey());
                    try (ResultSet rows = owed.executeQuery()) {
                        rows.next();
                        BigDecimal onChain = rows.getBigDecimal(1).add(adjustments.getOrDefault(entry.getKey(), BigDecimal.ZERO));
                        balances.put(entry.getKey(), Map.of(entry.getValue().asText(), onChain.stripTrailingZeros().toPlainString()));
                    }
                } catch (SQLException e) {
                    throw new LocalRuntimeException("Cannot read what the hot wallet owes in " + entry.getKey(), e);
                }
            });
        } catch (SQLException e) {
            throw new LocalRuntimeException("Cannot read the hot wallet's ledger", e);
        }
        return Json.write(balances);
    }

    /** The exchange database's credentials as RDS keeps them in Secrets Manager, for the local PostgreSQL. */
    private String databaseSecret(LocalPostgres server) {
        String secret = Json.write(Map.of("engine", "postgres", "host", "127.0.0.1", "port", server.port(),
                "username", server.user(), "password", "trust-auth-ignores-it", "dbname", "exchange"));
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
        if (dataPlane != null) {
            // restored copies are reached by their RDS endpoint names, which the integrity gate may then name
            environment.put("EXCHANGE_DB_ALLOWED_HOSTS", ".rds.amazonaws.com");
        }
        if (redis != null) {
            environment.put("REDIS_URL", "redis://" + redis.host() + ":" + redis.port());
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

    /** Called by the drill just before it injects a fault: the moment automated backups are taken from. */
    public void beforeFault() {
        if (dataPlane != null) {
            awaitBackupHistory();
            dataPlane.backUp();
        }
    }

    /**
     * A restore to "just before the alarm" (or to a second before the fault) must fall within the instance's
     * restore window, which starts when the instance was created. A freshly provisioned stack's instance is
     * seconds old, so the fault waits until the instance is older than {@link #BACKUP_HISTORY}, as a real
     * exchange's database always is.
     */
    private void awaitBackupHistory() {
        java.time.Instant created = aws.clients().rds().describeDBInstances(b -> b.dbInstanceIdentifier(LocalExchange.DATABASE_INSTANCE))
                .dbInstances().get(0).instanceCreateTime();
        if (created == null) {
            return;
        }
        long left = java.time.Duration.between(java.time.Instant.now(), created.plus(BACKUP_HISTORY)).toMillis();
        if (left > 0) {
            try {
                Thread.sleep(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalRuntimeException("Interrupted while the exchange's database gained its backup history", e);
            }
        }
    }

    public Optional<LocalRdsDataPlane> dataPlane() {
        return Optional.ofNullable(dataPlane);
    }

    /** The local HTTP API serving the template's API routes (the approval pages). */
    public LocalHttpApi httpApi() {
        return api;
    }

    public Optional<LocalRedis> redis() {
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
        closeAll(deployment);
        closeAll(resources);
    }

    private static void closeAll(List<AutoCloseable> closeables) {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                // keep closing the rest; a leftover temp directory is harmless
            }
        }
        closeables.clear();
    }
}
