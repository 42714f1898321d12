package exchange.recovery.local.drill;

/** Local components a scenario needs beside the AWS emulator. */
public enum Need {
    /** PostgreSQL loaded with the sample exchange (the source of truth). */
    POSTGRES,
    /** A Redis server (the exchange's caches). */
    REDIS
}
