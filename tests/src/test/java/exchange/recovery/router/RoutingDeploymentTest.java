package exchange.recovery.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The routing table (config/routing.json, shipped in the function's jar) and template.yaml agree: the
 * EventBridge rule delivers every alarm a route names, and the router is given what it reads at init.
 */
class RoutingDeploymentTest {

    private static Map<String, Object> resources;
    private static Map<String, Object> parameters;
    private static RoutingTable table;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws IOException {
        Map<String, Object> template = new Yaml(new CloudFormationConstructor()).load(Files.readString(Path.of("template.yaml")));
        resources = (Map<String, Object>) template.get("Resources");
        parameters = (Map<String, Object>) template.get("Parameters");
        table = RoutingTable.fromClasspath();
    }

    @Test
    void everyRoutedAlarmName_isDeliveredByTheRule() {
        String prefix = (String) map(parameters, "AlarmNamePrefix").get("Default");
        Map<String, Object> pattern = map(map(map(map(properties("RouteAlarmFunction"), "Events"), "AlarmStateChange"),
                "Properties"), "Pattern");

        assertThat(pattern.get("source")).isEqualTo(List.of(AlarmStateChange.SOURCE));
        assertThat(pattern.get("detail-type")).isEqualTo(List.of(AlarmStateChange.DETAIL_TYPE));
        assertThat(pattern.get("detail")).isEqualTo(Map.of("alarmName", List.of(Map.of("prefix", "!Ref AlarmNamePrefix"))));
        assertThat(table.routes()).allSatisfy(route ->
                assertThat(route.alarmName()).as(route.name()).hasValueSatisfying(glob -> assertThat(glob).startsWith(prefix)));
    }

    @Test
    void router_isGivenTheStateMachineOfEveryRoutedPlanAndItsLockTable() {
        Map<String, Object> variables = map(map(properties("RouteAlarmFunction"), "Environment"), "Variables");

        table.routes().stream().map(Route::plan).distinct().forEach(plan ->
                assertThat(variables).containsKey(RouterSettings.stateMachineVariable(plan)));
        assertThat(variables.get("PLATFORM_RECOVERY_STATE_MACHINE_ARN")).isEqualTo("!Ref PlatformRecoveryStateMachine");
        assertThat(variables.get("LOCK_TABLE")).isEqualTo("!Ref ScopeLockTable");
        assertThat(variables.get("MIN_MINUTES_BETWEEN_RECOVERIES")).isEqualTo("!Ref MinMinutesBetweenRecoveries");
        assertThat(properties("RouteAlarmFunction").get("Handler")).isEqualTo(RouteAlarmHandler.class.getName() + "::handleRequest");
    }

    @Test
    void releaseFunction_usesTheSameLockTableAndInterval() {
        Map<String, Object> router = map(map(properties("RouteAlarmFunction"), "Environment"), "Variables");
        Map<String, Object> release = map(map(properties("ReleaseScopeLockFunction"), "Environment"), "Variables");

        for (String name : List.of("LOCK_TABLE", "MIN_MINUTES_BETWEEN_RECOVERIES")) {
            assertThat(release.get(name)).as(name).isEqualTo(router.get(name));
        }
    }

    @Test
    void lockTable_expiresItemsByTheRoutersTtlAttribute() {
        Map<String, Object> ttl = map(properties("ScopeLockTable"), "TimeToLiveSpecification");

        assertThat(ttl).containsEntry("AttributeName", ScopeLocks.EXPIRES_AT).containsEntry("Enabled", true);
    }

    @Test
    void platformStateMachine_isStartedOnlyThroughTheRouter() {
        assertThat(properties("PlatformRecoveryStateMachine")).doesNotContainKey("Events");
    }

    private static Map<String, Object> properties(String resource) {
        return map(map(resources, resource), "Properties");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        assertThat(parent).containsKey(key);
        return (Map<String, Object>) parent.get(key);
    }

    /** Reads CloudFormation's short-form tags (!Ref X) as the text "!Ref X", or the tagged list/map. */
    private static final class CloudFormationConstructor extends SafeConstructor {

        CloudFormationConstructor() {
            super(new LoaderOptions());
            AbstractConstruct shortForm = new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    if (node instanceof ScalarNode scalar) {
                        return node.getTag().getValue() + " " + scalar.getValue();
                    }
                    if (node instanceof SequenceNode sequence) {
                        return Map.of(node.getTag().getValue(), constructSequence(sequence));
                    }
                    return Map.of(node.getTag().getValue(), constructMapping((MappingNode) node));
                }
            };
            for (String function : List.of("Ref", "GetAtt", "Sub", "Join", "If", "Equals", "Not", "Select", "Split",
                    "FindInMap", "Base64", "Cidr", "ImportValue", "GetAZs", "And", "Or", "Condition")) {
                yamlConstructors.put(new Tag("!" + function), shortForm);
            }
        }
    }
}
