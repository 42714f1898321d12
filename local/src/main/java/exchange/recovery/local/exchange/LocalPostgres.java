package exchange.recovery.local.exchange;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import exchange.recovery.local.emulator.FreePorts;
import exchange.recovery.local.emulator.Processes;
import exchange.recovery.local.LocalRuntimeException;

/**
 * A throw-away PostgreSQL server on a free loopback port, from the machine's PostgreSQL binaries.
 * PostgreSQL refuses to run as root, so when we are root the server runs as the {@code postgres} user.
 */
public final class LocalPostgres implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path binaries;
    private final Path dataDirectory;
    private final String host;
    private final int port;
    private final boolean asPostgresUser;
    private boolean running;

    private LocalPostgres(Path binaries, Path dataDirectory, String host, int port, boolean asPostgresUser) {
        this.binaries = binaries;
        this.dataDirectory = dataDirectory;
        this.host = host;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** Initialises a new cluster in a temporary directory and starts it. */
    public static LocalPostgres start() {
        return start("127.0.0.1", FreePorts.find());
    }

    /**
     * Initialises a new cluster and starts it on a given loopback address and port: two servers can share a
     * port on 127.0.0.1 and 127.0.0.2, as two database instances share theirs on different hosts.
     */
    public static LocalPostgres start(String host, int port) {
        Path binaries = findBinaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            Path base = Files.createTempDirectory(Path.of("/tmp"), "exchange-recovery-pg-");
            Path data = base.resolve("data");
            if (root) {
                Processes.run(List.of("chown", "postgres:postgres", base.toString()), Duration.ofSeconds(10));
            }
            LocalPostgres server = new LocalPostgres(binaries, data, host, port, root);
            server.initialise();
            server.startServer();
            return server;
        } catch (IOException e) {
            throw new LocalRuntimeException("Cannot create a PostgreSQL data directory", e);
        }
    }

    public String jdbcUrl() {
        return jdbcUrl("exchange");
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public String user() {
        return "postgres";
    }

    public int port() {
        return port;
    }

    public String host() {
        return host;
    }

    /** A client program of the server's PostgreSQL version ({@code pg_dump}, {@code psql}...). */
    public Path tool(String name) {
        return binaries.resolve(name);
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user(), "");
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user(), "");
    }

    /** Creates a database beside {@code exchange}, e.g. a restored copy. */
    public void createDatabase(String name, String template) {
        try (Connection admin = DriverManager.getConnection(jdbcUrl("postgres"), user(), "");
             var statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE \"" + name + "\"" + (template == null ? "" : " TEMPLATE \"" + template + "\""));
        } catch (SQLException e) {
            throw new LocalRuntimeException("Cannot create database " + name, e);
        }
    }

    /**
     * Keeps {@code database} as it stands now as the template {@code template}, for {@link #recreateFrom}: cloning a
     * template is a file copy, much faster than loading the data again.
     */
    public void saveAsTemplate(String database, String template) {
        try (Connection admin = connect("postgres"); var statement = admin.createStatement()) {
            terminateConnections(statement, database);
            statement.execute("DROP DATABASE IF EXISTS \"" + template + "\"");
            statement.execute("CREATE DATABASE \"" + template + "\" TEMPLATE \"" + database + "\"");
        } catch (SQLException e) {
            throw new LocalRuntimeException("Cannot keep database " + database + " as template " + template + ": " + e.getMessage(), e);
        }
    }

    /**
     * Drops every database but the server's own and {@code template} (copies, renamed originals, backups), then
     * creates {@code database} again from {@code template}, or empty when there is none.
     */
    public void recreateFrom(String template, String database) {
        try (Connection admin = connect("postgres"); var statement = admin.createStatement()) {
            List<String> databases = new ArrayList<>();
            try (var rows = statement.executeQuery("SELECT datname FROM pg_database WHERE NOT datistemplate AND datname <> 'postgres'")) {
                while (rows.next()) {
                    databases.add(rows.getString(1));
                }
            }
            databases.remove(template);
            for (String name : databases) {
                terminateConnections(statement, name);
                statement.execute("DROP DATABASE \"" + name + "\"");
            }
            statement.execute("CREATE DATABASE \"" + database + "\"" + (template == null ? "" : " TEMPLATE \"" + template + "\""));
        } catch (SQLException e) {
            throw new LocalRuntimeException("Cannot recreate database " + database + ": " + e.getMessage(), e);
        }
    }

    private static void terminateConnections(java.sql.Statement statement, String database) throws SQLException {
        statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database.replace("'", "''")
                + "' AND pid <> pg_backend_pid()");
    }

    private void initialise() {
        Processes.run(asServerUser(List.of(binaries.resolve("initdb").toString(), "-D", dataDirectory.toString(),
                "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync")), Duration.ofSeconds(120));
    }

    private void startServer() {
        Processes.run(asServerUser(List.of(binaries.resolve("pg_ctl").toString(), "-D", dataDirectory.toString(),
                "-w", "-t", String.valueOf(START_TIMEOUT.toSeconds()), "-l", dataDirectory.resolveSibling("server.log").toString(),
                "-o", "-p " + port + " -h " + host + " -k " + dataDirectory.getParent() + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                "start")), START_TIMEOUT.plusSeconds(10));
        running = true;
        createDatabase("exchange", null);
    }

    private List<String> asServerUser(List<String> command) {
        if (!asPostgresUser) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static Path findBinaries() {
        String configured = System.getenv("PG_BIN");
        List<Path> candidates = new ArrayList<>();
        if (configured != null) {
            candidates.add(Path.of(configured));
        }
        for (String version : List.of("17", "16", "15", "14")) {
            candidates.add(Path.of("/usr/lib/postgresql", version, "bin"));
        }
        return candidates.stream().filter(path -> Files.isExecutable(path.resolve("pg_ctl"))).findFirst()
                .orElseThrow(() -> new LocalRuntimeException(
                        "PostgreSQL server binaries not found (looked in " + candidates + "); install the Debian package "
                                + "'postgresql' or set PG_BIN", null));
    }

    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        Processes.run(asServerUser(List.of(binaries.resolve("pg_ctl").toString(), "-D", dataDirectory.toString(),
                "-m", "immediate", "-w", "stop")), Duration.ofSeconds(60));
        Processes.deleteTree(dataDirectory.getParent());
    }
}
