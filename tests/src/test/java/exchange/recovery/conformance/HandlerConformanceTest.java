package exchange.recovery.conformance;

import static exchange.recovery.conformance.BrokenCopy.introduced;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import exchange.recovery.local.template.SamTemplate;

class HandlerConformanceTest {

    /** A handler Lambda could not create: its only constructor wants a collaborator. */
    public static class NeedsCollaborators implements RequestHandler<Map<String, Object>, String> {

        public NeedsCollaborators(String collaborator) {
        }

        @Override
        public String handleRequest(Map<String, Object> input, Context context) {
            return "";
        }
    }

    /** Has the right method and constructor, but Lambda would not know how to call it. */
    public static class NotAHandler {

        public String handleRequest(Map<String, Object> input) {
            return "";
        }
    }

    @TempDir
    Path directory;

    private BrokenCopy copy;
    private String function;
    private List<Finding> before;

    @BeforeEach
    void copyTheProject() {
        copy = BrokenCopy.of(Project.current(), directory);
        function = copy.firstFunction();
        before = check(copy.project());
    }

    private static List<Finding> check(Project project) {
        SamTemplate template = project.loadTemplate();
        return new HandlerConformance(template, HandlerConformanceTest.class.getClassLoader()).check();
    }

    private List<Finding> withHandler(String handler) {
        copy.properties(function).put("Handler", handler);
        return introduced(before, check(copy.project()));
    }

    @Test
    void everyFunctionHandler_isALambdaHandlerClassWithAPublicNoArgConstructor() {
        SamTemplate template = Project.current().loadTemplate();

        assertThat(template.functions()).isNotEmpty();
        assertThat(new HandlerConformance(template, getClass().getClassLoader()).check()).isEmpty();
    }

    @Test
    void handlerNamingAMissingClass_isReported() {
        List<Finding> findings = withHandler("exchange.recovery.nowhere.MissingHandler::handleRequest");

        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.check()).isEqualTo("handler.class-not-found");
            assertThat(finding.subject()).isEqualTo(function);
            assertThat(finding.message()).startsWith("Handler class exchange.recovery.nowhere.MissingHandler is not on the functions classpath");
        });
    }

    @Test
    void handlerNamingAClassThatIsNoHandler_isReported() {
        String handler = NotAHandler.class.getName();

        List<Finding> findings = withHandler(handler + "::handleRequest");

        assertThat(findings).containsExactly(new Finding("handler.not-a-handler", function,
                handler + " implements neither RequestHandler nor RequestStreamHandler"));
    }

    @Test
    void handlerNamingAnAbstractClass_isReported() {
        List<Finding> findings = withHandler("exchange.recovery.core.JsonHandler::handleRequest");

        assertThat(findings).containsExactly(new Finding("handler.not-instantiable", function,
                "exchange.recovery.core.JsonHandler must be a public concrete class, Lambda instantiates it"));
    }

    @Test
    void handlerWithoutPublicNoArgConstructor_isReported() {
        String handler = NeedsCollaborators.class.getName();

        List<Finding> findings = withHandler(handler + "::handleRequest");

        assertThat(findings).containsExactly(new Finding("handler.no-public-no-arg-constructor", function,
                handler + " has no public no-argument constructor, which Lambda uses to create it"));
    }

    @Test
    void handlerNamingAMethodTheClassLacks_isReported() {
        String handlerClass = copy.original().functions().get(function).handlerClass();

        List<Finding> findings = withHandler(handlerClass + "::handleEverything");

        assertThat(findings).containsExactly(new Finding("handler.method-missing", function,
                handlerClass + " has no public method handleEverything"));
    }

    @Test
    void functionWithoutHandler_isReported() {
        copy.properties(function).remove("Handler");
        copy.template().put("Globals", Map.of());

        List<Finding> findings = introduced(before, check(copy.project()));

        assertThat(findings).containsExactly(new Finding("handler.missing", function,
                "has no Handler (in its properties or Globals.Function)"));
    }
}
