package exchange.recovery.local.exchange;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.Json;
import exchange.recovery.local.emulator.LocalDns;
import exchange.recovery.local.exchange.LocalPostgres;
import exchange.recovery.local.LocalRuntimeException;
import exchange.recovery.local.emulator.LambdaInvocation;

/**
 * What the emulator's RDS lacks for a point-in-time restore to be real: data. The emulator keeps the
 * instances' metadata; this gives them databases. The exchange's instance is the local PostgreSQL on
 * 127.0.0.1; a restored copy is a second server on 127.0.0.2 (same port, as RDS instances share a port on
 * different hosts), loaded with the data as it stood at the restore time, and the copy's endpoint name
 * resolves there ({@link LocalDns}). When the plan's cut-over completes (the copy takes the production
 * identifier), the production database becomes the restored data and the original is kept, renamed, for
 * forensics, as RDS's rename swap does.
 *
 * <p>"As it stood at the restore time": the drill backs the database up just before it injects the fault
 * ({@link #backUp()}); nothing else writes between that moment and the fault, so a restore to any time
 * before the fault gets the backup, and a restore to a later time gets the data as it is now. The second
 * server holds one copy at a time: a later restore (an operator's redrive to another time) replaces it.
 */
public final class LocalRdsDataPlane {

    private static final String DATABASE = "exchange";
    private static final String BACKUP = "exchange_backup";

    private final LocalPostgres primary;
    private final LocalPostgres restored;
    private final Function<String, java.util.Optional<String>> handlerOf;
    private final Set<String> restoredInstances = ConcurrentHashMap.newKeySet();
    private final Set<String> cutOvers = ConcurrentHashMap.newKeySet();
    private final List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile java.util.function.Consumer<String> listener = event -> { };
    private volatile Instant faultAt;

    /**
     * @param handlerOf the handler class of a deployed function, by function name
     */
    public LocalRdsDataPlane(LocalPostgres primary, LocalPostgres restored, Function<String, java.util.Optional<String>> handlerOf) {
        this.primary = primary;
        this.restored = restored;
        this.handlerOf = handlerOf;
    }

    /** The production instance's endpoint resolves to the primary server. */
    public void registerPrimary(String endpointAddress) {
        LocalDns.register(endpointAddress, primary.host());
    }

    /** Backs the exchange's database up, as the automated backups would have; the fault comes next. */
    public void backUp() {
        try (Connection admin = primary.connect("postgres"); Statement statement = admin.createStatement()) {
            disconnect(statement, DATABASE);
            statement.execute("DROP DATABASE IF EXISTS " + BACKUP);
            statement.execute("CREATE DATABASE " + BACKUP + " TEMPLATE " + DATABASE);
        } catch (SQLException e) {
            throw new LocalRuntimeException("Cannot back the exchange database up before the fault: " + e.getMessage(), e);
        }
        faultAt = Instant.now();
    }

    /** Called for every Lambda invocation, in the invoking thread, before the plan sees its result. */
    public void onInvocation(LambdaInvocation invocation) {
        if (invocation.failed() || invocation.response() == null) {
            return;
        }
        String handler = handlerOf.apply(invocation.functionName()).orElse("");
        if (handler.endsWith(".StartPointInTimeRestoreHandler")) {
            restoreCopy(Json.read(invocation.response()));
        } else if (handler.endsWith(".CutOverRestoredInstanceHandler")) {
            JsonNode result = Json.read(invocation.response());
            if ("complete".equals(result.path("status").asText()) && cutOvers.add(result.path("incidentId").asText())) {
                swapProduction(result);
            }
        }
    }

    /** What the data plane did, for the drill's notes and summary. */
    public List<String> events() {
        return List.copyOf(events);
    }

    /** Tells {@code listener} what the data plane does, as it does it. */
    public void onEvent(java.util.function.Consumer<String> eventListener) {
        this.listener = eventListener;
    }

    private void event(String text) {
        events.add(text);
        listener.accept(text);
    }

    private void restoreCopy(JsonNode result) {
        String instance = result.path("instanceId").asText();
        if (instance.isEmpty() || !restoredInstances.add(instance)) {
            return;
        }
        Instant restoredTo = instant(result.path("restoredTo").asText(null));
        boolean beforeFault = faultAt != null && restoredTo != null && restoredTo.isBefore(faultAt);
        String source = beforeFault ? BACKUP : DATABASE;
        copy(primary, source, restored, DATABASE);
        String address = result.path("address").asText(null);
        if (address != null && !address.isBlank()) {
            LocalDns.register(address, restored.host());
        }
        event("restored copy " + instance + " holds the data of " + restoredTo + " ("
                + (beforeFault ? "the backup taken before the fault" : "the data as it is now, fault included") + ") on "
                + restored.host() + ":" + restored.port());
    }

    private void swapProduction(JsonNode result) {
        String retained = result.path("retainedInstanceId").asText("retained").replaceAll("[^A-Za-z0-9]", "_");
        try (Connection admin = primary.connect("postgres"); Statement statement = admin.createStatement()) {
            disconnect(statement, DATABASE);
            statement.execute("ALTER DATABASE " + DATABASE + " RENAME TO " + retained);
            statement.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            throw new LocalRuntimeException("Cannot swap the production database for the restored copy: " + e.getMessage(), e);
        }
        copy(restored, DATABASE, primary, DATABASE);
        event("cut-over: production now serves the restored data; the original is kept as database " + retained);
    }

    private static void disconnect(Statement statement, String database) throws SQLException {
        statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database
                + "' AND pid <> pg_backend_pid()");
    }

    /** Copies a database between servers with pg_dump and psql (plain SQL, no owners). */
    private static void copy(LocalPostgres from, String fromDatabase, LocalPostgres to, String toDatabase) {
        try {
            Path dump = Files.createTempFile("exchange-recovery-restore-", ".sql");
            try {
                run(List.of(from.tool("pg_dump").toString(), "-h", from.host(), "-p", String.valueOf(from.port()), "-U", from.user(),
                        "--no-owner", "--no-privileges", "-f", dump.toString(), fromDatabase));
                try (Connection admin = to.connect("postgres"); Statement statement = admin.createStatement()) {
                    disconnect(statement, toDatabase);
                    statement.execute("DROP DATABASE IF EXISTS " + toDatabase);
                    statement.execute("CREATE DATABASE " + toDatabase);
                }
                run(List.of(to.tool("psql").toString(), "-h", to.host(), "-p", String.valueOf(to.port()), "-U", to.user(),
                        "-q", "-v", "ON_ERROR_STOP=1", "-d", toDatabase, "-f", dump.toString()));
            } finally {
                Files.deleteIfExists(dump);
            }
        } catch (IOException | SQLException e) {
            throw new LocalRuntimeException("Cannot copy database " + fromDatabase + " to " + to.host() + ": " + e.getMessage(), e);
        }
    }

    private static void run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new LocalRuntimeException(command.get(0) + " failed: " + new String(output, java.nio.charset.StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalRuntimeException("Interrupted while running " + command.get(0));
        }
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
