package exchange.recovery.local.stack;

import exchange.recovery.local.exchange.LocalRdsDataPlane;

/** Local components a scenario needs beside the AWS emulator. */
public enum Need {
    /** PostgreSQL loaded with the sample exchange (the source of truth). */
    POSTGRES,
    /** A Redis server (the exchange's caches). */
    REDIS,
    /**
     * A second PostgreSQL server for restored copies of the database, and the data plane that gives the
     * emulator's point-in-time restores and cut-overs their data ({@link LocalRdsDataPlane}).
     */
    POINT_IN_TIME_RESTORE
}
