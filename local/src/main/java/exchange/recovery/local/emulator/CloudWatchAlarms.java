package exchange.recovery.local.emulator;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import exchange.recovery.local.LocalRuntimeException;

/**
 * CloudWatch alarms in the emulator, spoken in CloudWatch's Query protocol. The SDK's CloudWatch
 * client has moved to the Smithy RPC v2 CBOR protocol, which moto 5.2.1 does not serve; the functions
 * never call CloudWatch (metrics leave as EMF log lines), so only the local tools need this.
 */
public final class CloudWatchAlarms {

    private static final Pattern STATE = Pattern.compile("<StateValue>([A-Z_]+)</StateValue>");

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI endpoint;

    public CloudWatchAlarms(String endpoint) {
        this.endpoint = URI.create(endpoint + "/");
    }

    /** Creates or replaces an alarm on one metric (the shape the exchange's alarms have). */
    public void putMetricAlarm(String name, String namespace, String metric, String comparison, double threshold,
                               String description) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("AlarmName", name);
        form.put("AlarmDescription", description);
        form.put("Namespace", namespace);
        form.put("MetricName", metric);
        form.put("Statistic", "Maximum");
        form.put("Period", "60");
        form.put("EvaluationPeriods", "1");
        form.put("Threshold", String.valueOf(threshold));
        form.put("ComparisonOperator", comparison);
        call("PutMetricAlarm", form);
    }

    /** Moves an alarm to a state, which (through the emulator launcher) emits the state change event. */
    public void setAlarmState(String name, String state, String reason) {
        call("SetAlarmState", Map.of("AlarmName", name, "StateValue", state, "StateReason", reason));
    }

    public String state(String name) {
        String body = call("DescribeAlarms", Map.of("AlarmNames.member.1", name));
        Matcher matcher = STATE.matcher(body);
        if (!matcher.find()) {
            throw new LocalRuntimeException("No alarm named " + name);
        }
        return matcher.group(1);
    }

    private String call(String action, Map<String, String> parameters) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("Action", action);
        form.put("Version", "2010-08-01");
        form.putAll(parameters);
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/" + LocalAws.REGION
                        + "/monitoring/aws4_request, SignedHeaders=host, Signature=local")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new LocalRuntimeException("CloudWatch " + action + " failed with HTTP " + response.statusCode()
                        + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new LocalRuntimeException("CloudWatch " + action + " could not reach the emulator", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalRuntimeException("Interrupted during CloudWatch " + action);
        }
    }
}
