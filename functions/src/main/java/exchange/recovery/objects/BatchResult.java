package exchange.recovery.objects;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What one batch did, small enough for the Distributed Map's result; the details are in its outcome file. */
public record BatchResult(String restoreId, int batch, int keys, Map<String, Integer> outcomes, int copiedNow,
                          boolean resumed) {

    static BatchResult of(BatchRef ref, List<KeyOutcome> outcomes, boolean resumed) {
        Map<String, Integer> counts = new TreeMap<>();
        outcomes.forEach(outcome -> counts.merge(outcome.outcome().name(), 1, Integer::sum));
        int copied = (int) outcomes.stream().filter(KeyOutcome::copiedNow).count();
        return new BatchResult(ref.restoreId(), ref.batch(), outcomes.size(), counts, resumed ? 0 : copied, resumed);
    }
}
