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

    public static Metrics metrics() {
        return MetricsFactory.getMetricsInstance();
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
