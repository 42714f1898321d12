package exchange.recovery.local.emulator;

import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import exchange.recovery.core.Env;
import exchange.recovery.core.InvalidInput;

/** A test handler: echoes its input with one variable of its environment, or fails on request. */
public class EchoHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private final String greeting = Env.current().require("GREETING");

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        if (Boolean.TRUE.equals(input.get("fail"))) {
            throw new InvalidInput("asked to fail");
        }
        return Map.of("greeting", greeting, "input", input, "function", context.getFunctionName());
    }
}
