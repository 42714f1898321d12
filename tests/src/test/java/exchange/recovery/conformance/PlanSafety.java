package exchange.recovery.conformance;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.local.template.SamFunction;

/**
 * A static proof of the plans' safety rules over every path of every top-level plan (a state machine no
 * other starts), nested machines included: a {@code states:startExecution.sync} Task continues into the
 * machine its {@code ${...StateMachineArn}} substitution names, and returns by its Next when that machine
 * succeeds or by its Catch when it fails. Every Catch edge is taken (the error that reaches it is not known
 * statically), and a Task whose Catch does not cover every error may also fail the machine it is in
 * (its Retry exhausted). A Map's processor may run any number of times, in any order of its items; Parallel
 * branches all run. Choice rules are all taken (data is not known), and a Choice without Default may fail.
 *
 * <p>What a Task does counts when it succeeds; a Task that fails is taken to have changed nothing (the
 * handlers report a failure before acting). The rules:
 * <ul>
 *   <li>{@code safety.resume-unreconciled} / {@code safety.resume-unapproved}: the WithdrawalGate's RESUME is
 *       reached only after a passed reconciliation (the Choice branch testing the reconciliation's
 *       {@code passed} true) and an approved {@code withdrawal-resumption} approval on that path;</li>
 *   <li>{@code safety.halted-with-withdrawals-open}: a plan that paused withdrawals never fails with them open
 *       (it ends with them paused unless RESUME succeeded and the plan succeeds);</li>
 *   <li>{@code safety.lock-not-released}: every path of a plan the alarm router starts (and so holds a scope
 *       lock for) runs the ReleaseScopeLock task before it ends
 *       (a release that fails after its retries is left to the lock's lease and the router's sweep);</li>
 *   <li>{@code safety.wallet-promotion} / {@code safety.engine-promotion}: a wallet promotion only after
 *       fencing and an approved {@code wallet-promotion} approval, an engine promotion only after fencing.
 *       No such Task exists yet: these rules hold vacuously today and bite when those steps appear. A Task is a
 *       promotion or a fencing by its state's or its handler's name ({@code PromoteWallet...},
 *       {@code FenceOldPrimary}, ...).</li>
 * </ul>
 */
final class PlanSafety {

    static final String WITHDRAWAL_GATE = "WithdrawalGateHandler";
    static final String RECONCILE = "ReconcileWalletsHandler";
    static final String RELEASE_LOCK = "ReleaseScopeLockHandler";
    /** The router: every machine it starts holds a scope lock that the machine must release. */
    static final String ROUTER = "RouteAlarmHandler";
    static final String REQUEST_APPROVAL = "RequestApprovalHandler";
    private static final Pattern PROMOTION = Pattern.compile("(?i)promot");
    private static final Pattern WALLET = Pattern.compile("(?i)wallet");
    private static final Pattern ENGINE = Pattern.compile("(?i)engine");
    private static final Pattern FENCING = Pattern.compile("(?i)fenc");

    /** What is true on a path so far. */
    record Facts(boolean pausedByPlan, boolean open, String resumedAt, String reconciliationPath, boolean reconciled,
                 Set<String> approved, boolean fenced, boolean released) {

        static final Facts START = new Facts(false, false, null, null, false, Set.of(), false, false);

        Facts paused() {
            return new Facts(true, false, null, reconciliationPath, reconciled, approved, fenced, released);
        }

        Facts resumed(String where) {
            return new Facts(pausedByPlan, true, where, reconciliationPath, reconciled, approved, fenced, released);
        }

        Facts reconciling(String resultPath) {
            return new Facts(pausedByPlan, open, resumedAt, resultPath, false, approved, fenced, released);
        }

        Facts reconciliationPassed() {
            return new Facts(pausedByPlan, open, resumedAt, reconciliationPath, true, approved, fenced, released);
        }

        Facts approvedAs(String type) {
            TreeSet<String> types = new TreeSet<>(approved);
            types.add(type);
            return new Facts(pausedByPlan, open, resumedAt, reconciliationPath, reconciled,
                    Collections.unmodifiableSortedSet(types), fenced, released);
        }

        Facts fencing() {
            return new Facts(pausedByPlan, open, resumedAt, reconciliationPath, reconciled, approved, true, released);
        }

        Facts releasing() {
            return new Facts(pausedByPlan, open, resumedAt, reconciliationPath, reconciled, approved, fenced, true);
        }

        boolean approvedFor(String type) {
            return approved.contains(type) || approved.contains("*");
        }
    }

    /** How a run of a block of states ended: succeeded (or reached End) or failed, with what was true then. */
    record Outcome(boolean succeeded, Facts facts, String at) {
    }

    /** A block of states: a machine's States, a Parallel branch or a Map processor. */
    private record Block(PlanWiring.Machine machine, JsonNode states, String path) {
    }

    private final PlanWiring wiring;
    private final Set<Finding> findings = new LinkedHashSet<>();
    private final Map<String, Set<Outcome>> memo = new HashMap<>();
    private final Map<String, Integer> promotionTasks = new HashMap<>();

    PlanSafety(PlanWiring wiring) {
        this.wiring = wiring;
    }

    List<Finding> check() {
        findings.clear();
        memo.clear();
        promotionTasks.clear();
        List<String> lockHolders = wiring.machinesStartedBy(ROUTER);
        for (PlanWiring.Machine plan : topLevelPlans()) {
            boolean holdsLock = lockHolders.contains(plan.logicalId());
            Block block = new Block(plan, plan.definition().path("States"), "States");
            for (Outcome end : run(block, plan.definition().path("StartAt").asText(), Facts.START)) {
                String subject = plan.file() + " " + end.at();
                if (holdsLock && !end.facts().released()) {
                    findings.add(new Finding("safety.lock-not-released", subject, plan.logicalId() + " can end at "
                            + end.at() + " without running the ReleaseScopeLock task"));
                }
                if (!end.succeeded() && end.facts().pausedByPlan() && end.facts().open()) {
                    findings.add(new Finding("safety.halted-with-withdrawals-open", subject, plan.logicalId()
                            + " can fail at " + end.at() + " with withdrawals open (resumed by " + end.facts().resumedAt()
                            + ") after it paused them"));
                }
            }
        }
        return List.copyOf(findings);
    }

    /** Wallet and engine promotion Tasks seen by the last {@link #check()}, by kind: none exist yet. */
    Map<String, Integer> promotionTasks() {
        return Map.copyOf(promotionTasks);
    }

    /** Machines no other machine starts. */
    List<PlanWiring.Machine> topLevelPlans() {
        Set<String> started = new HashSet<>();
        for (PlanWiring.Machine machine : wiring.machines().values()) {
            AslConformance.forEachState(machine.definition().path("States"), "States", (path, state) ->
                    wiring.startedMachine(machine, state).ifPresent(started::add));
        }
        return wiring.machines().values().stream().filter(machine -> !started.contains(machine.logicalId())).toList();
    }

    /** Every way a run of {@code block} from {@code start} with {@code facts} can end. */
    private Set<Outcome> run(Block block, String start, Facts facts) {
        String key = block.machine().logicalId() + "|" + block.path() + "|" + start + "|" + facts;
        Set<Outcome> known = memo.get(key);
        if (known != null) {
            return known;
        }
        memo.put(key, Set.of());
        Set<Outcome> ends = new LinkedHashSet<>();
        Set<String> visited = new HashSet<>();
        Deque<Map.Entry<String, Facts>> queue = new ArrayDeque<>();
        queue.add(Map.entry(start, facts));
        while (!queue.isEmpty()) {
            Map.Entry<String, Facts> current = queue.poll();
            if (!visited.add(current.getKey() + "|" + current.getValue())) {
                continue;
            }
            String name = current.getKey();
            JsonNode state = block.states().path(name);
            String at = block.path() + "." + name;
            if (state.isMissingNode()) {
                findings.add(new Finding("safety.unknown-state", block.machine().file() + " " + at, "names no state"));
                continue;
            }
            for (Step step : steps(block, name, state, current.getValue())) {
                if (step.next() == null) {
                    ends.add(new Outcome(step.succeeded(), step.facts(), step.at() == null ? at : step.at()));
                } else {
                    queue.add(Map.entry(step.next(), step.facts()));
                }
            }
        }
        memo.put(key, Set.copyOf(ends));
        return ends;
    }

    /** One way out of a state: to the state {@code next}, or (next null) ending the block. */
    private record Step(String next, Facts facts, boolean succeeded, String at) {

        static Step to(String next, Facts facts) {
            return new Step(next, facts, true, null);
        }

        static Step end(boolean succeeded, Facts facts) {
            return new Step(null, facts, succeeded, null);
        }
    }

    private List<Step> steps(Block block, String name, JsonNode state, Facts facts) {
        String type = state.path("Type").asText();
        List<Step> steps = new ArrayList<>();
        switch (type) {
            case "Succeed" -> steps.add(Step.end(true, facts));
            case "Fail" -> steps.add(Step.end(false, facts));
            case "Pass", "Wait" -> steps.add(onSuccess(state, facts));
            case "Choice" -> {
                for (JsonNode rule : state.path("Choices")) {
                    steps.add(Step.to(rule.path("Next").asText(), passedReconciliation(rule, facts)
                            ? facts.reconciliationPassed() : facts));
                }
                if (state.has("Default")) {
                    steps.add(Step.to(state.path("Default").asText(), facts));
                } else {
                    steps.add(Step.end(false, facts));
                }
            }
            case "Task" -> task(block, name, state, facts, steps);
            case "Parallel" -> {
                Set<Facts> after = Set.of(facts);
                for (JsonNode branch : state.path("Branches")) {
                    Set<Facts> next = new LinkedHashSet<>();
                    for (Facts before : after) {
                        for (Outcome end : run(new Block(block.machine(), branch.path("States"), block.path() + "." + name
                                + ".Branches"), branch.path("StartAt").asText(), before)) {
                            if (end.succeeded()) {
                                next.add(end.facts());
                            } else {
                                failed(state, end.facts(), steps);
                            }
                        }
                    }
                    after = next;
                }
                after.forEach(done -> steps.add(onSuccess(state, done)));
            }
            case "Map" -> {
                JsonNode processor = state.has("ItemProcessor") ? state.path("ItemProcessor") : state.path("Iterator");
                Block body = new Block(block.machine(), processor.path("States"), block.path() + "." + name + ".ItemProcessor");
                Set<Facts> reached = new LinkedHashSet<>(Set.of(facts));
                Deque<Facts> pending = new ArrayDeque<>(reached);
                while (!pending.isEmpty()) {
                    for (Outcome end : run(body, processor.path("StartAt").asText(), pending.poll())) {
                        if (end.succeeded()) {
                            if (reached.add(end.facts())) {
                                pending.add(end.facts());
                            }
                        } else {
                            failed(state, end.facts(), steps);
                        }
                    }
                }
                reached.forEach(done -> steps.add(onSuccess(state, done)));
            }
            default -> findings.add(new Finding("safety.unknown-type", block.machine().file() + " " + block.path() + "."
                    + name, "has Type " + type + ", which the proof does not model"));
        }
        return steps;
    }

    private void task(Block block, String name, JsonNode state, Facts before, List<Step> steps) {
        String subject = block.machine().file() + " " + block.path() + "." + name;
        Facts facts = before;
        Optional<String> handler = wiring.invokedFunction(block.machine(), state).map(this::handlerSimpleName);
        String action = state.path("Parameters").path("Payload").path("action").asText("");
        if (handler.filter(RELEASE_LOCK::equals).isPresent()) {
            // attempted is enough: a release that fails after its retries is left to the lease and the router's sweep
            facts = facts.releasing();
            before = facts;
        }
        String label = (name + " " + handler.orElse(""));
        boolean promotion = PROMOTION.matcher(label).find();
        if (promotion && WALLET.matcher(label).find()) {
            promotionTasks.merge("wallet", 1, Integer::sum);
            if (!before.fenced() || !before.approvedFor("wallet-promotion")) {
                findings.add(new Finding("safety.wallet-promotion", subject, "a wallet promotion is reachable without "
                        + (before.fenced() ? "" : "fencing" + (before.approvedFor("wallet-promotion") ? "" : " and "))
                        + (before.approvedFor("wallet-promotion") ? "" : "an approved wallet-promotion approval")));
            }
        } else if (promotion && ENGINE.matcher(label).find()) {
            promotionTasks.merge("engine", 1, Integer::sum);
            if (!before.fenced()) {
                findings.add(new Finding("safety.engine-promotion", subject, "an engine promotion is reachable without fencing"));
            }
        }
        if (handler.filter(WITHDRAWAL_GATE::equals).isPresent() && "RESUME".equals(action)) {
            if (!before.reconciled()) {
                findings.add(new Finding("safety.resume-unreconciled", subject,
                        "RESUME is reachable without a passed reconciliation on the path"));
            }
            if (!before.approvedFor("withdrawal-resumption")) {
                findings.add(new Finding("safety.resume-unapproved", subject,
                        "RESUME is reachable without an approved withdrawal-resumption approval on the path"));
            }
            facts = facts.resumed(block.machine().logicalId() + " " + name);
        } else if (handler.filter(WITHDRAWAL_GATE::equals).isPresent() && "PAUSE".equals(action)) {
            facts = facts.paused();
        } else if (handler.filter(RECONCILE::equals).isPresent()) {
            facts = facts.reconciling(state.path("ResultPath").asText("$"));
        } else if (FENCING.matcher(label).find()) {
            facts = facts.fencing();
        }
        Optional<String> child = wiring.startedMachine(block.machine(), state);
        if (child.isPresent()) {
            PlanWiring.Machine machine = wiring.machines().get(child.get());
            boolean approval = isApprovalMachine(machine);
            JsonNode type = state.path("Parameters").path("Input").path("approvalType");
            for (Outcome end : run(new Block(machine, machine.definition().path("States"), "States"),
                    machine.definition().path("StartAt").asText(), facts)) {
                if (end.succeeded()) {
                    steps.add(onSuccess(state, approval ? end.facts().approvedAs(type.isTextual() ? type.asText() : "*")
                            : end.facts()));
                } else {
                    failed(state, end.facts(), steps);
                }
            }
            // the Task itself may fail before the child starts (throttled, refused)
            failed(state, before, steps);
            return;
        }
        steps.add(onSuccess(state, facts));
        failed(state, before, steps);
    }

    private Step onSuccess(JsonNode state, Facts facts) {
        return state.path("End").asBoolean(false) || !state.has("Next") ? Step.end(true, facts)
                : Step.to(state.path("Next").asText(), facts);
    }

    /** A failure of the state (its retries exhausted): to every Catch, and out of the block unless one catches all. */
    private static void failed(JsonNode state, Facts facts, List<Step> steps) {
        boolean caughtAll = false;
        for (JsonNode catcher : state.path("Catch")) {
            steps.add(Step.to(catcher.path("Next").asText(), facts));
            for (JsonNode error : catcher.path("ErrorEquals")) {
                caughtAll |= "States.ALL".equals(error.asText());
            }
        }
        if (!caughtAll) {
            steps.add(Step.end(false, facts));
        }
    }

    /** A Choice rule that goes on only when the reconciliation on this path passed. */
    private static boolean passedReconciliation(JsonNode rule, Facts facts) {
        if (facts.reconciliationPath() == null) {
            return false;
        }
        List<JsonNode> conditions = new ArrayList<>();
        conditions.add(rule);
        rule.path("And").forEach(conditions::add);
        for (JsonNode condition : conditions) {
            String variable = condition.path("Variable").asText("");
            if (variable.startsWith(facts.reconciliationPath() + ".") && variable.endsWith(".passed")
                    && condition.path("BooleanEquals").asBoolean(false)) {
                return true;
            }
        }
        return false;
    }

    private boolean isApprovalMachine(PlanWiring.Machine machine) {
        boolean[] found = {false};
        AslConformance.forEachState(machine.definition().path("States"), "States", (path, state) ->
                found[0] |= wiring.invokedFunction(machine, state).map(this::handlerSimpleName)
                        .filter(REQUEST_APPROVAL::equals).isPresent());
        return found[0];
    }

    private String handlerSimpleName(String functionLogicalId) {
        SamFunction function = wiring.template().functions().get(functionLogicalId);
        String handler = function.handlerClass();
        return handler.substring(handler.lastIndexOf('.') + 1);
    }
}
