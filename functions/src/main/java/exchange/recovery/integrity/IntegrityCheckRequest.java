package exchange.recovery.integrity;

import java.util.List;

import exchange.recovery.db.ExchangeDatabase;

/**
 * A tier gate's request.
 *
 * @param incidentId the incident the gate belongs to (required)
 * @param tier the tier being gated, by its {@link exchange.recovery.core.Tier} id, e.g. {@code database} (required)
 * @param database {@code primary} (the default), {@code jdbc:postgresql://host[:port]/database}, or an
 *                 instance endpoint {@code host[:port][/database]} such as a restored instance's
 * @param checks names of the checks to run; all when left out
 * @param failOnViolation when true (the default) a failed gate raises {@link IntegrityCheckFailed};
 *                        when false the report is returned with {@code passed=false}
 */
public record IntegrityCheckRequest(String incidentId, String tier, String database, List<String> checks,
                                    Boolean failOnViolation) {

    public boolean failsOnViolation() {
        return failOnViolation == null || failOnViolation;
    }

    public String targetOrPrimary() {
        return database == null || database.isBlank() ? ExchangeDatabase.PRIMARY : database.trim();
    }
}
