package scratch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import exchange.recovery.local.aws.CloudWatchAlarms;
import exchange.recovery.local.aws.DeployedStack;
import exchange.recovery.local.aws.Executions;
import exchange.recovery.local.aws.LocalAws;
import exchange.recovery.local.aws.StackDeployer;
import exchange.recovery.local.template.SamTemplate;

class ScratchHistoryTest {
    @Test
    void dump() {
        try (LocalAws aws = LocalAws.start()) {
            DeployedStack stack = new StackDeployer(aws, "exchange-recovery", Map.of(), Map.of()).deploy(SamTemplate.load(Path.of("template.yaml")));
            Executions executions = new Executions(aws.clients().stepFunctions());
            String machine = stack.stateMachine("PlatformRecoveryStateMachine");
            CloudWatchAlarms alarms = new CloudWatchAlarms(aws.endpoint());
            alarms.putMetricAlarm("exchange-x", "E", "M", "LessThanThreshold", 1.0, "d");
            alarms.setAlarmState("exchange-x", "ALARM", "because");
            var item = executions.awaitExecutions(machine, 1, Duration.ofSeconds(30)).get(0);
            var end = executions.awaitEnd(item.executionArn(), Duration.ofSeconds(30));
            System.err.println("EXEC " + end);
            executions.history(item.executionArn()).forEach(e -> System.err.println("EV " + e));
            System.err.println("SMs " + aws.clients().stepFunctions().listStateMachines().stateMachines());
        }
    }
}
