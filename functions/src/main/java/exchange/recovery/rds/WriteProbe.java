package exchange.recovery.rds;

/**
 * Proves that a database accepts writes right now. In AWS: a connection to the instance's endpoint
 * that writes inside a transaction and rolls it back ({@link JdbcWriteProbe}); tests plug in a fake
 * or the same class against a real local PostgreSQL.
 */
@FunctionalInterface
public interface WriteProbe {

    /** Never throws for an unwritable database: the result says why it was not writable. */
    Result probe(DbEndpoint endpoint);

    record Result(boolean writable, String detail) {

        public static Result writable(String detail) {
            return new Result(true, detail);
        }

        public static Result notWritable(String detail) {
            return new Result(false, detail);
        }
    }
}
