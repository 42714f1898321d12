package exchange.recovery.router;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.Json;
import exchange.recovery.plan.PlanInput;
import exchange.recovery.plan.Scenario;
import exchange.recovery.core.Tier;

/**
 * The declared routing table ({@code config/routing.json}, shipped in the function's jar): an ordered
 * list of routes, the first match wins. Checked when loaded: unknown plans, scenarios or tiers, routes
 * that match nothing and duplicate names are refused.
 */
public final class RoutingTable {

    public static final String RESOURCE = "/exchange/recovery/router/routing.json";
    /** Plans the router can start. */
    public static final Set<String> PLANS = Set.of(PlanInput.PLAN);

    private final List<Route> routes;

    private RoutingTable(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    public static RoutingTable fromClasspath() {
        try (InputStream in = RoutingTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new InvalidRoutingTable(List.of(RESOURCE + " is missing from the classpath"));
            }
            return parse(Json.MAPPER.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static RoutingTable parse(JsonNode document) {
        List<String> problems = new ArrayList<>();
        List<Route> routes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        JsonNode entries = document.path("routes");
        if (!entries.isArray() || entries.isEmpty()) {
            problems.add("routes must be a non-empty array");
        }
        int index = 0;
        for (JsonNode entry : entries) {
            String where = "routes[" + index++ + "]";
            String name = entry.path("name").asText("");
            if (name.isBlank()) {
                problems.add(where + ".name is required");
            } else if (!names.add(name)) {
                problems.add(where + ".name '" + name + "' is used twice");
            }
            Optional<String> alarmName = Optional.ofNullable(entry.path("alarmName").textValue()).filter(s -> !s.isBlank());
            Map<String, String> tags = new LinkedHashMap<>();
            entry.path("tags").properties().forEach(tag -> tags.put(tag.getKey(), tag.getValue().asText()));
            if (alarmName.isEmpty() && tags.isEmpty()) {
                problems.add(where + " needs an alarmName pattern or tags");
            }
            String plan = entry.path("plan").asText("");
            if (!PLANS.contains(plan)) {
                problems.add(where + ".plan '" + plan + "' is not one of " + new TreeSet<>(PLANS));
            }
            String scenario = entry.path("scenario").asText("");
            if (Scenario.find(scenario).isEmpty()) {
                problems.add(where + ".scenario '" + scenario + "' is not one of " + Scenario.ids());
            }
            List<String> scope = new ArrayList<>();
            entry.path("scope").forEach(tier -> scope.add(tier.asText()));
            SortedSet<String> unknown = new TreeSet<>(scope.stream().filter(tier -> Tier.find(tier).isEmpty()).toList());
            if (!unknown.isEmpty()) {
                problems.add(where + ".scope names unknown tiers " + unknown + "; known tiers: " + Tier.ids());
            }
            routes.add(new Route(name, alarmName, tags, plan, scenario, scope));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRoutingTable(problems);
        }
        return new RoutingTable(routes);
    }

    public List<Route> routes() {
        return routes;
    }

    /**
     * The first route that matches the alarm. Tags are asked for only when a route with tags is
     * reached whose name pattern matches, and then only once.
     */
    public Optional<Route> match(String alarmName, Supplier<Map<String, String>> tags) {
        Map<String, String> known = null;
        for (Route route : routes) {
            if (!route.matchesName(alarmName)) {
                continue;
            }
            if (!route.needsTags()) {
                return Optional.of(route);
            }
            if (known == null) {
                known = tags.get();
            }
            if (route.matchesTags(known)) {
                return Optional.of(route);
            }
        }
        return Optional.empty();
    }
}
