package exchange.recovery.local.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.Json;

class LocalHttpApiTest {

    private final AtomicReference<JsonNode> received = new AtomicReference<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private LocalHttpApi api;

    @BeforeEach
    void start() {
        api = LocalHttpApi.start().route("ANY", "/approvals/{requestId}/{approver}", event -> {
            received.set(Json.read(event));
            return "{\"statusCode\":409,\"headers\":{\"Content-Type\":\"text/html\"},\"cookies\":[\"a=1; HttpOnly\"],\"body\":\"<p>decided</p>\"}";
        });
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void post_becomesAnHttpApiProxyEvent_andTheProxyResponseBecomesTheHttpResponse() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(api.url() + "/approvals/apr-1/alice?exp=5&sig=a%2Db"))
                .header("Cookie", "x=1; y=2").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("decision=APPROVE")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.body()).isEqualTo("<p>decided</p>");
        assertThat(response.headers().allValues("set-cookie")).containsExactly("a=1; HttpOnly");
        JsonNode event = received.get();
        assertThat(event.path("version").asText()).isEqualTo("2.0");
        assertThat(event.at("/requestContext/http/method").asText()).isEqualTo("POST");
        assertThat(event.at("/requestContext/http/sourceIp").asText()).isEqualTo("127.0.0.1");
        assertThat(event.at("/pathParameters/requestId").asText()).isEqualTo("apr-1");
        assertThat(event.at("/pathParameters/approver").asText()).isEqualTo("alice");
        assertThat(event.at("/queryStringParameters/sig").asText()).isEqualTo("a-b");
        assertThat(event.path("cookies")).extracting(JsonNode::asText).containsExactly("x=1", "y=2");
        assertThat(event.path("isBase64Encoded").asBoolean()).isTrue();
        assertThat(new String(Base64.getDecoder().decode(event.path("body").asText()), StandardCharsets.UTF_8)).isEqualTo("decision=APPROVE");
    }

    @Test
    void unroutedPath_isNotFoundAndReachesNoFunction() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(api.url() + "/elsewhere")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(received.get()).isNull();
    }
}
