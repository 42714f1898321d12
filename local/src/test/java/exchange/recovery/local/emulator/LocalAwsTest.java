package exchange.recovery.local.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.ssm.model.ParameterType;

class LocalAwsTest {

    private static LocalAws aws;
    private static LambdaClient lambda;

    @BeforeAll
    static void start() {
        aws = LocalAws.start();
        aws.lambdas().register(new LocalFunction("echo", EchoHandler.class.getName() + "::handleRequest",
                Map.of("GREETING", "hello"), Duration.ofSeconds(30)));
        lambda = aws.clients().configure(LambdaClient.builder()).build();
    }

    @AfterAll
    static void stop() {
        lambda.close();
        aws.close();
    }

    @Test
    void clients_reachTheEmulator() {
        aws.clients().ssm().putParameter(b -> b.name("/probe").value("on").type(ParameterType.STRING));

        assertThat(aws.clients().ssm().getParameter(b -> b.name("/probe")).parameter().value()).isEqualTo("on");
    }

    @Test
    void invokeThroughTheEmulator_runsTheHandlerWithItsOwnEnvironment() {
        InvokeResponse response = lambda.invoke(b -> b.functionName(aws.lambdas().functionArn("echo") + ":live")
                .payload(SdkBytes.fromUtf8String("{\"order\":42}")));

        assertThat(response.functionError()).isNull();
        assertThat(response.payload().asUtf8String())
                .contains("\"greeting\":\"hello\"").contains("\"order\":42").contains("\"function\":\"echo\"");
    }

    @Test
    void handlerError_isReportedWithItsClassNameAsErrorType() {
        InvokeResponse response = lambda.invoke(b -> b.functionName("echo")
                .payload(SdkBytes.fromUtf8String("{\"fail\":true}")));

        assertThat(response.functionError()).isEqualTo("Unhandled");
        assertThat(response.payload().asUtf8String())
                .contains("\"errorType\":\"exchange.recovery.core.InvalidInput\"").contains("asked to fail");
    }

    @Test
    void unknownFunction_isNotFound() {
        LocalLambdaEndpoint.Result result = aws.lambdas().invoke("missing", "{}");

        assertThat(result.errorType()).isEqualTo("ResourceNotFoundException");
    }

    @Test
    void functionName_acceptsNamesArnsAndQualifiers() {
        assertThat(LocalLambdaEndpoint.functionName("echo")).isEqualTo("echo");
        assertThat(LocalLambdaEndpoint.functionName("arn:aws:lambda:us-east-1:123456789012:function:echo:live")).isEqualTo("echo");
        assertThat(LocalLambdaEndpoint.functionName("123456789012:function:echo")).isEqualTo("echo");
    }
}
