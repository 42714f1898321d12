package exchange.recovery.core;

import java.util.function.Supplier;

import com.amazonaws.services.lambda.runtime.Context;

import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;

/**
 * Wraps one handler invocation with Powertools' functional API (no AspectJ weaving): structured
 * logging keyed by the Lambda context, and metrics flushed whatever the outcome.
 */
public final class Invocation {

    private Invocation() {
    }

    private static volatile boolean namespaceSet;

    /**
     * The metrics of this execution environment. The namespace comes from the function's configuration
     * ({@link Env}) rather than only the process environment, so that functions hosted together locally
     * flush as they do in AWS.
     */
    public static Metrics metrics() {
        Metrics metrics = MetricsFactory.getMetricsInstance();
        if (!namespaceSet) {
            metrics.setNamespace(Env.current().get("POWERTOOLS_METRICS_NAMESPACE", "ExchangeRecovery"));
            namespaceSet = true;
        }
        return metrics;
    }

    public static <T> T observe(Context context, Supplier<T> work) {
        Metrics metrics = metrics();
        try {
            return PowertoolsLogging.withLogging(context, work);
        } finally {
            metrics.flush();
        }
    }
}
