package exchange.recovery.local.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * Peak heap use of a section of code: the largest heap occupancy seen just before any collection (GC
 * notifications), and, as an upper bound, the sum of the heap pools' peaks since {@link #reset()}.
 */
final class HeapWatch {

    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
    private final Set<String> heapPoolNames = heapPools.stream().map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    private final AtomicLong peakBeforeGc = new AtomicLong();
    private final AtomicLong collections = new AtomicLong();

    HeapWatch() {
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) collector).addNotificationListener((notification, handback) -> {
                if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    return;
                }
                GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                long used = heapUsed(info.getGcInfo().getMemoryUsageBeforeGc());
                peakBeforeGc.accumulateAndGet(used, Math::max);
                collections.incrementAndGet();
            }, null, null);
        }
    }

    private long heapUsed(Map<String, MemoryUsage> pools) {
        return pools.entrySet().stream().filter(pool -> heapPoolNames.contains(pool.getKey()))
                .mapToLong(pool -> pool.getValue().getUsed()).sum();
    }

    void reset() {
        System.gc();
        peakBeforeGc.set(0);
        collections.set(0);
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** Largest heap occupancy observed: before any collection, or now. */
    long peakUsed() {
        long now = heapPools.stream().mapToLong(pool -> pool.getUsage().getUsed()).sum();
        return Math.max(peakBeforeGc.get(), now);
    }

    /** Sum of each heap pool's own peak (pools peak at different moments, so this over-states). */
    long poolPeaksSum() {
        return heapPools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    }

    long collections() {
        return collections.get();
    }

    static long maxHeap() {
        return Runtime.getRuntime().maxMemory();
    }
}
