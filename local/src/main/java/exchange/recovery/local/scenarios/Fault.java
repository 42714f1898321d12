package exchange.recovery.local.scenarios;

/** What a scenario breaks, and the alarm that real monitoring would raise. {@link Faults} holds the shared ones. */
@FunctionalInterface
public interface Fault {

    void inject(FaultContext context) throws Exception;

    /** This fault, then {@code next} (e.g. a data fault, then its alarm). */
    default Fault then(Fault next) {
        return context -> {
            inject(context);
            next.inject(context);
        };
    }
}
