package exchange.recovery.local.drill;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import exchange.recovery.core.Tier;
import exchange.recovery.local.LocalRuntimeException;
import exchange.recovery.local.drill.approval.PageFormApprovalDriver;
import exchange.recovery.local.plans.PlanCatalog;
import exchange.recovery.local.plans.PlanMachine;
import exchange.recovery.local.plans.PlanReader;
import exchange.recovery.local.plans.PlanText;
import exchange.recovery.local.plans.Runbook;
import exchange.recovery.local.plans.UnknownPlan;
import exchange.recovery.local.drill.replay.MalformedEvent;
import exchange.recovery.local.drill.replay.Replay;
import exchange.recovery.local.drill.replay.ReplayEvent;
import exchange.recovery.local.drill.view.TerminalText;
import exchange.recovery.local.drill.view.TimelineView;
import exchange.recovery.report.RecoveryReport;
import exchange.recovery.local.stack.DrillHarness;
import exchange.recovery.local.stack.Need;
import exchange.recovery.local.scenarios.Scenario;
import exchange.recovery.local.scenarios.Scenarios;
import exchange.recovery.local.drill.observe.TrackedExecution;

/**
 * {@code ./scripts/drill}: rehearses a recovery locally through the real plans and handlers, replays events,
 * and prints plans. See docs/drill.md.
 *
 * <p>Exit codes: 0 done (a drill's expectations all met); 1 a drill failed (an expectation not met, no plan
 * started, a timeout); 2 wrong usage or a malformed input file (nothing was started); 3 the local stack
 * could not start (emulator, PostgreSQL, Redis or template).
 */
public final class DrillCommand {

    public static final int OK = 0;
    public static final int DRILL_FAILED = 1;
    public static final int USAGE = 2;
    public static final int ENVIRONMENT = 3;

    static final String USAGE_TEXT = """
            usage: drill <scenario> [--approve-as alice,bob] [--report-dir DIR] [--keep-running]
                   drill --list
                   drill replay <event.json> [--report-dir DIR] [--keep-running]
                   drill plan <name> [--write-runbook]

              <scenario>        rehearse a failure: inject it locally, let the alarm drive the real plans, report RTO/RPO
              --list            the scenarios, one per line: name, tiers, what fails, expected outcome
              replay FILE       put an EventBridge event on the local bus and show what it started, or why not
              plan NAME         print a plan's tiers, steps, gates, approvals and waits from its ASL (nothing runs)
              --write-runbook   write docs/runbooks/NAME.md (with a Mermaid diagram) from the same reading
              --approve-as      decide approvals on these approvers' behalf through the approval page
              --report-dir      where the report and logs go (default: reports/<scenario>-<time>)
              --keep-running    leave the local stack up after the run, until Ctrl-C
            """;

    private final Path root;
    private final PrintStream out;
    private final boolean terminal;
    private final int columns;
    private final boolean redirectLogs;
    private final Clock clock;

    /**
     * @param redirectLogs send System.out/System.err (the handlers' JSON logs, metrics) to the report
     *                     directory's handlers.log while the local stack runs; {@code out} stays the terminal
     */
    public DrillCommand(Path root, PrintStream out, boolean terminal, int columns, boolean redirectLogs, Clock clock) {
        this.root = root.toAbsolutePath().normalize();
        this.out = out;
        this.terminal = terminal;
        this.columns = columns;
        this.redirectLogs = redirectLogs;
        this.clock = clock;
    }

    public static void main(String[] args) {
        PrintStream terminalOut = new PrintStream(new FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        Path root = Path.of(System.getProperty("drill.root", "."));
        boolean terminal = Boolean.parseBoolean(System.getProperty("drill.tty", String.valueOf(System.console() != null)))
                && System.getenv("NO_COLOR") == null;
        int columns = Integer.getInteger("drill.columns", 100);
        System.exit(new DrillCommand(root, terminalOut, terminal, columns, true, Clock.systemUTC()).run(args));
    }

    public int run(String... args) {
        List<String> arguments = new ArrayList<>(Arrays.asList(args));
        try {
            if (arguments.isEmpty() || arguments.contains("--help") || arguments.contains("-h")) {
                out.print(USAGE_TEXT);
                return arguments.isEmpty() ? USAGE : OK;
            }
            String first = arguments.remove(0);
            return switch (first) {
                case "--list" -> list(arguments);
                case "plan" -> plan(arguments);
                case "replay" -> replay(arguments);
                default -> drill(first, arguments);
            };
        } catch (UsageError e) {
            out.println("drill: " + TerminalText.safe(e.getMessage()));
            out.print(USAGE_TEXT);
            return USAGE;
        } catch (MalformedEvent | UnknownPlan e) {
            out.println("drill: " + TerminalText.safe(e.getMessage()));
            return USAGE;
        }
    }

    private int list(List<String> arguments) {
        noMore(arguments);
        List<Scenario> scenarios = Scenarios.all();
        int name = scenarios.stream().mapToInt(s -> s.name().length()).max().orElse(8);
        int tiers = scenarios.stream().mapToInt(s -> tierList(s).length()).max().orElse(5);
        for (Scenario scenario : scenarios) {
            out.println(pad(scenario.name(), name) + "  " + pad(tierList(scenario), tiers) + "  fails: " + scenario.failure()
                    + "  →  expected: " + scenario.expectedOutcome());
        }
        return OK;
    }

    private static String tierList(Scenario scenario) {
        return scenario.tiers().size() == Tier.values().length ? "all tiers"
                : String.join(",", scenario.tiers().stream().map(Tier::id).toList());
    }

    private int plan(List<String> arguments) {
        boolean write = arguments.remove("--write-runbook");
        if (arguments.size() != 1 || arguments.get(0).startsWith("--")) {
            throw new UsageError("plan takes one plan name" + (arguments.isEmpty() ? "" : ", not " + arguments));
        }
        String name = arguments.get(0);
        PlanCatalog catalog = PlanCatalog.load(root);
        PlanMachine plan = new PlanReader(catalog).read(name);
        if (!write) {
            out.print(PlanText.render(plan));
            return OK;
        }
        Path file = root.resolve(Runbook.path(name));
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, Runbook.render(plan));
        } catch (IOException e) {
            throw new LocalRuntimeException("Cannot write " + file + ": " + e.getMessage(), e);
        }
        out.println("Wrote " + Runbook.path(name));
        return OK;
    }

    private int replay(List<String> arguments) {
        Options options = Options.parse(arguments, false);
        if (options.positional().size() != 1) {
            throw new UsageError("replay takes one event file");
        }
        ReplayEvent event = ReplayEvent.read(Path.of(options.positional().get(0)));
        Path directory = options.reportDirectory().orElse(defaultDirectory("replay"));
        return withStack(directory, DrillHarness.Settings.of(root, EnumSet.of(Need.POSTGRES, Need.REDIS, Need.POINT_IN_TIME_RESTORE), List.of()), options.keepRunning(), harness -> {
            TimelineView view = TimelineView.forOutput(out, terminal, columns);
            view.start("Replay " + event.file(), "putting the event on the local default bus");
            Replay.Result result = new Replay(harness, view, clock).run(event, Duration.ofSeconds(8), Duration.ofMinutes(3));
            List<String> lines = new ArrayList<>(Replay.lines(result));
            if (result.startedSomething()) {
                TrackedExecution plan = result.started().stream().filter(TrackedExecution::plan).findFirst()
                        .orElse(result.started().get(0));
                RecoveryReport report = LocalReports.build(harness, plan.arn(), clock);
                ReportFiles.write(directory, report, replaySummary(result), harness.emulatorLog());
                lines.add("Verdict: " + report.verdict().outcome().name().replace('_', ' ') + " — " + report.verdict().summary());
                lines.add("Report: " + DrillRunner.display(directory.resolve(ReportFiles.HTML)));
            } else {
                ReportFiles.write(directory, null, replaySummary(result), harness.emulatorLog());
            }
            view.finish(lines);
            return OK;
        });
    }

    private static String replaySummary(Replay.Result result) {
        StringBuilder md = new StringBuilder("# Replay of " + result.event().file() + "\n\n");
        Replay.lines(result).stream().filter(line -> !line.isBlank()).forEach(line -> md.append("- ").append(line.trim()).append('\n'));
        return md.toString();
    }

    private int drill(String name, List<String> arguments) {
        if (name.startsWith("-")) {
            throw new UsageError("unknown option " + name);
        }
        Scenario scenario = Scenarios.find(name).orElseThrow(() -> new UsageError("no scenario named '" + name
                + "'; scenarios: " + Scenarios.names()));
        Options options = Options.parse(arguments, true);
        if (!options.positional().isEmpty()) {
            throw new UsageError("unexpected " + options.positional());
        }
        Path directory = options.reportDirectory().orElse(defaultDirectory(scenario.name()));
        return withStack(directory, scenario.stackSettings(root), options.keepRunning(), harness -> {
            TimelineView view = TimelineView.forOutput(out, terminal, columns);
            view.start("Drill " + scenario.name() + ": " + scenario.failure(), "expected: " + scenario.expectedOutcome());
            DrillRunner runner = new DrillRunner(harness, view, new DrillRunner.Options(options.approveAs(),
                    new PageFormApprovalDriver(), directory, Duration.ofSeconds(45)), clock);
            return runner.run(scenario).passed() ? OK : DRILL_FAILED;
        });
    }

    private interface StackWork {
        int run(DrillHarness harness);
    }

    /** Starts the local stack (logs to the report directory), runs the work, and stops the stack unless kept running. */
    private int withStack(Path directory, DrillHarness.Settings settings, boolean keepRunning, StackWork work) {
        Set<Need> needs = settings.needs();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            out.println("drill: cannot create the report directory " + directory + ": " + e.getMessage());
            return ENVIRONMENT;
        }
        PrintStream systemOut = System.out;
        PrintStream systemErr = System.err;
        PrintStream logs = null;
        if (redirectLogs) {
            try {
                logs = new PrintStream(new FileOutputStream(directory.resolve(ReportFiles.HANDLER_LOG).toFile(), true), true,
                        StandardCharsets.UTF_8);
                System.setOut(logs);
                System.setErr(logs);
            } catch (IOException e) {
                out.println("drill: cannot write " + directory.resolve(ReportFiles.HANDLER_LOG) + ": " + e.getMessage());
                return ENVIRONMENT;
            }
        }
        out.println("Starting the local stack: AWS emulator, our handlers" + (needs.contains(Need.POSTGRES)
                ? ", PostgreSQL with the sample exchange" : "") + (needs.contains(Need.REDIS) ? ", Redis" : "")
                + ", template.yaml …");
        Instant begin = clock.instant();
        DrillHarness harness;
        try {
            harness = DrillHarness.start(settings);
        } catch (RuntimeException e) {
            e.printStackTrace(System.err);
            restore(systemOut, systemErr, logs);
            out.println("drill: the local stack could not start: " + TerminalText.safe(e.getMessage()));
            return ENVIRONMENT;
        }
        Thread stopOnExit = new Thread(harness::close, "drill-shutdown");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try {
            out.println("Stack " + harness.stack().stackName() + " deployed in "
                    + Duration.between(begin, clock.instant()).toMillis() / 100 / 10.0 + " s: "
                    + harness.functions().size() + " functions, " + harness.stateMachines().size() + " state machines ("
                    + harness.startupTimes() + "); logs in " + DrillRunner.display(directory.resolve(ReportFiles.HANDLER_LOG)));
            int code;
            try {
                code = work.run(harness);
            } catch (RuntimeException e) {
                e.printStackTrace(System.err);
                out.println("drill: " + TerminalText.safe(e.getMessage()) + " (stack trace in " + ReportFiles.HANDLER_LOG + ")");
                code = DRILL_FAILED;
            }
            if (keepRunning) {
                keepRunning(harness);
            }
            return code;
        } finally {
            harness.close();
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
            restore(systemOut, systemErr, logs);
        }
    }

    private void keepRunning(DrillHarness harness) {
        String endpoint = harness.aws().endpoint();
        out.println();
        out.println("The local stack keeps running; Ctrl-C stops it.");
        out.println("  AWS emulator  " + endpoint + "  (credentials test/test, region us-east-1), e.g.");
        for (String plan : harness.planArns()) {
            out.println("    aws --endpoint-url " + endpoint + " stepfunctions list-executions --state-machine-arn " + plan);
        }
        harness.postgres().ifPresent(pg -> out.println("  PostgreSQL    psql -h 127.0.0.1 -p " + pg.port() + " -U postgres exchange"));
        harness.redis().ifPresent(redis -> out.println("  Redis         redis-cli -p " + redis.port()));
        out.println("  Approval API  " + harness.httpApi().url());
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void restore(PrintStream systemOut, PrintStream systemErr, PrintStream logs) {
        System.setOut(systemOut);
        System.setErr(systemErr);
        if (logs != null) {
            logs.close();
        }
    }

    private Path defaultDirectory(String name) {
        return root.resolve("reports").resolve(name + "-"
                + LocalDateTime.now(clock).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    private static void noMore(List<String> arguments) {
        if (!arguments.isEmpty()) {
            throw new UsageError("unexpected " + arguments);
        }
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }

    /** Options shared by the commands that run the local stack. */
    record Options(List<String> positional, Set<String> approveAs, java.util.Optional<Path> reportDirectory, boolean keepRunning) {

        static Options parse(List<String> arguments, boolean approvals) {
            List<String> positional = new ArrayList<>();
            Set<String> approveAs = new LinkedHashSet<>();
            Path directory = null;
            boolean keep = false;
            for (int i = 0; i < arguments.size(); i++) {
                String argument = arguments.get(i);
                switch (argument) {
                    case "--approve-as" -> {
                        if (!approvals) {
                            throw new UsageError("--approve-as is for scenarios");
                        }
                        Arrays.stream(value(arguments, ++i, argument).split(",")).map(String::trim)
                                .filter(approver -> !approver.isEmpty()).forEach(approveAs::add);
                    }
                    case "--report-dir" -> directory = Path.of(value(arguments, ++i, argument));
                    case "--keep-running" -> keep = true;
                    default -> {
                        if (argument.startsWith("--")) {
                            throw new UsageError("unknown option " + argument);
                        }
                        positional.add(argument);
                    }
                }
            }
            return new Options(List.copyOf(positional), approveAs, java.util.Optional.ofNullable(directory), keep);
        }

        private static String value(List<String> arguments, int index, String option) {
            if (index >= arguments.size() || arguments.get(index).startsWith("--")) {
                throw new UsageError(option + " needs a value");
            }
            return arguments.get(index);
        }
    }

    /** The command line is wrong. */
    static final class UsageError extends RuntimeException {
        UsageError(String message) {
            super(message);
        }
    }
}
