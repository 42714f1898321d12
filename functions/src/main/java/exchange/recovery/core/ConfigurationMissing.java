package exchange.recovery.core;

/** A function was deployed without a setting it needs. */
public class ConfigurationMissing extends RecoveryException {

    public ConfigurationMissing(String name) {
        super("Missing configuration: " + name);
    }
}
