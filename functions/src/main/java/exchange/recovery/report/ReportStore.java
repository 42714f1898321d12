package exchange.recovery.report;

/** Where rendered reports are kept. */
public interface ReportStore {

    /** Writes (or overwrites) one object. */
    void put(String key, String body, String contentType);

    /** The bucket (or directory) reports go to, for the result. */
    String location();
}
