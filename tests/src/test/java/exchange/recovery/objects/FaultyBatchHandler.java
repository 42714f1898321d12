package exchange.recovery.objects;

import java.util.concurrent.atomic.AtomicInteger;

import exchange.recovery.core.AwsClients;
import exchange.recovery.core.Env;

/**
 * The batch function with a fault: once armed, it lets {@link #keysBeforeFault} keys change and then
 * fails the batch it is in, as a crash mid-batch would (the outcome file is not written). It fires once.
 */
public class FaultyBatchHandler extends RestoreObjectBatchHandler {

    static final AtomicInteger keysBeforeFault = new AtomicInteger(-1);

    /** Thrown by the fault; its name is not in any Retry, so the restore fails as after a real crash. */
    public static class InjectedFault extends RuntimeException {
        InjectedFault(String key) {
            super("injected fault before changing " + key);
        }
    }

    public FaultyBatchHandler() {
        super(restorer(ObjectRestoreSettings.from(Env.current()), new ObjectStore(AwsClients.fromEnvironment().s3()),
                key -> {
                    if (keysBeforeFault.get() >= 0 && keysBeforeFault.getAndDecrement() == 0) {
                        throw new InjectedFault(key);
                    }
                }));
    }

    static void arm(int keys) {
        keysBeforeFault.set(keys);
    }
}
