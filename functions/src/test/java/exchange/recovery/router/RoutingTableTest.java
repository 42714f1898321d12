package exchange.recovery.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import exchange.recovery.core.Json;
import exchange.recovery.plan.Scenario;

class RoutingTableTest {

    private static final String TAGGED = """
            {"routes": [
              {"name": "db", "alarmName": "exchange-db-primary-unavailable", "plan": "platform-recovery",
               "scenario": "database-instance-failure", "scope": ["database"]},
              {"name": "wallet-tagged", "alarmName": "exchange-*", "tags": {"exchange:recovery": "wallet-application-failure"},
               "plan": "platform-recovery", "scenario": "application-failure", "scope": ["wallet"]},
              {"name": "engine-tagged", "alarmName": "exchange-*", "tags": {"exchange:recovery": "matching-engine-failure"},
               "plan": "platform-recovery", "scenario": "engine-failure", "scope": ["matching-engine"]}
            ]}""";

    private final RoutingTable table = RoutingTable.fromClasspath();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "exchange-az-use1-az2-degraded, az-outage, az-outage",
            "exchange-db-primary-unavailable, database-instance-failure, database-instance-failure",
            "exchange-wallet-db-unavailable, wallet-database-instance-failure, database-instance-failure",
            "exchange-db-integrity-check-failed, data-corruption, data-corruption",
            "exchange-db-ledger-rows-deleted-anomaly, accidental-deletion, accidental-deletion",
            "exchange-redis-balances-node-lost, cache-node-loss, cache-node-loss",
            "exchange-wallet-service-unhealthy, wallet-application-failure, application-failure",
            "exchange-matching-engine-primary-down, matching-engine-failure, engine-failure",
            "exchange-trading-api-rest-unhealthy-hosts, trading-api-instance-failure, instance-failure",
            "exchange-market-data-feed-node-down, market-data-node-failure, node-failure",
            "exchange-websocket-gateway-disconnect-rate, market-data-network-degradation, network-degradation",
            "exchange-chain-eth-provider-unavailable, chain-provider-outage, provider-outage",
            "exchange-chain-btc-reorg-or-congestion, chain-instability, chain-instability"})
    void sampleAlarm_routesToItsScenario(String alarmName, String route, String scenario) {
        Optional<Route> match = table.match(alarmName, Map::of);

        assertThat(match).map(Route::name).contains(route);
        assertThat(match).map(Route::scenario).contains(scenario);
    }

    @Test
    void everyScenarioOfTheArchitecture_hasARoute() {
        assertThat(table.routes()).extracting(Route::scenario).containsAll(Scenario.ids());
    }

    @Test
    void unknownAlarm_matchesNothing() {
        assertThat(table.match("exchange-reporting-batch-late", Map::of)).isEmpty();
    }

    @Test
    void taggedRoute_matchesOnlyAlarmsCarryingAllItsTags() {
        RoutingTable tagged = RoutingTable.parse(Json.read(TAGGED));

        assertThat(tagged.match("exchange-engine-heartbeat-missing",
                () -> Map.of("exchange:recovery", "matching-engine-failure", "team", "engine")))
                .map(Route::name).contains("engine-tagged");
        assertThat(tagged.match("exchange-engine-heartbeat-missing", () -> Map.of("team", "engine"))).isEmpty();
        assertThat(tagged.match("other-heartbeat-missing", () -> Map.of("exchange:recovery", "matching-engine-failure")))
                .as("the name pattern still applies").isEmpty();
    }

    @Test
    void tags_areFetchedOnlyWhenARouteNeedsThemAndOnlyOnce() {
        RoutingTable tagged = RoutingTable.parse(Json.read(TAGGED));
        AtomicInteger lookups = new AtomicInteger();

        tagged.match("exchange-db-primary-unavailable", () -> Map.of("looked", String.valueOf(lookups.incrementAndGet())));
        assertThat(lookups).as("a route without tags matched first").hasValue(0);
        tagged.match("exchange-reporting-batch-late", () -> Map.of("looked", String.valueOf(lookups.incrementAndGet())));
        assertThat(lookups).as("two tagged routes, one lookup").hasValue(1);
    }

    @Test
    void shippedTable_needsNoTagLookups() {
        assertThat(table.routes()).noneMatch(Route::needsTags);
    }

    @Test
    void glob_isAnchoredAndLiteralOtherwise() {
        assertThat(Route.glob("exchange-db-*-rows.deleted").matcher("exchange-db-x-rows.deleted").matches()).isTrue();
        assertThat(Route.glob("exchange-db-*-rows.deleted").matcher("exchange-db-x-rowsXdeleted").matches()).isFalse();
        assertThat(Route.glob("exchange-db-?").matcher("exchange-db-12").matches()).isFalse();
        assertThat(Route.glob("exchange-db").matcher("prefix-exchange-db").matches()).isFalse();
    }

    @Test
    void bundledTable_isTheRepositorysRoutingFile() throws IOException {
        RoutingTable file = RoutingTable.parse(Json.read(Files.readString(Path.of("../config/routing.json"))));

        assertThat(table.routes()).isEqualTo(file.routes());
    }

    @Test
    void brokenTable_isRefusedWithEveryProblem() {
        assertThatThrownBy(() -> RoutingTable.parse(Json.read("""
                {"routes": [
                  {"name": "a", "alarmName": "exchange-a", "plan": "platform-recovery", "scenario": "meteor", "scope": ["database"]},
                  {"name": "a", "plan": "other-plan", "scenario": "az-outage", "scope": ["redis"]}
                ]}""")))
                .isInstanceOf(InvalidRoutingTable.class)
                .hasMessageContaining("routes[0].scenario 'meteor' is not one of")
                .hasMessageContaining("routes[1].name 'a' is used twice")
                .hasMessageContaining("routes[1] needs an alarmName pattern or tags")
                .hasMessageContaining("routes[1].plan 'other-plan' is not one of [platform-recovery]")
                .hasMessageContaining("routes[1].scope names unknown tiers [redis]");
    }
}
