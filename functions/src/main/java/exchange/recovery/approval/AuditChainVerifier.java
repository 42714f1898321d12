package exchange.recovery.approval;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Walks one request's audit chain and reports the first broken link: a sequence number missing or out
 * of place, an entry whose previous-hash is not its predecessor's hash, an entry whose content no longer
 * hashes to its stored hash; then, against the Object Lock archive, an entry whose archived copy is
 * missing, differs or was overwritten with other content, and archived entries the table no longer holds (a
 * chain cut short, or rewritten from some entry on with recomputed hashes).
 */
public class AuditChainVerifier {

    private final AuditLog log;
    private final AuditArchive archive;

    public AuditChainVerifier(AuditLog log, AuditArchive archive) {
        this.log = log;
        this.archive = archive;
    }

    /** What the walk found: how many entries, and the first broken link if any. */
    public record Report(String requestId, int entries, Optional<BrokenLink> firstBroken) {

        public boolean intact() {
            return firstBroken.isEmpty();
        }
    }

    /** Where the chain breaks and why. */
    public record BrokenLink(long sequence, String problem) {
    }

    public Report verify(String requestId) {
        List<AuditLog.ChainedEntry> chain = log.chain(requestId);
        Optional<BrokenLink> broken = walk(requestId, chain);
        if (broken.isEmpty()) {
            broken = compareWithArchive(chain, archive.archived(requestId));
        }
        return new Report(requestId, chain.size(), broken);
    }

    private static Optional<BrokenLink> walk(String requestId, List<AuditLog.ChainedEntry> chain) {
        String previous = AuditLog.genesis(requestId);
        for (int index = 0; index < chain.size(); index++) {
            AuditLog.ChainedEntry link = chain.get(index);
            if (link.sequence() != index) {
                return broken(index, "expected entry " + index + " but found " + (link.sequence() < 0 ? "an unchained entry" : "entry " + link.sequence())
                        + ": entries were removed or inserted");
            }
            if (!previous.equals(link.previousHash())) {
                return broken(index, "its previous-hash is not the hash of entry " + (index - 1));
            }
            if (!AuditLog.hash(link.sequence(), link.entry(), link.previousHash()).equals(link.hash())) {
                return broken(index, "its content does not match its hash: the entry was changed");
            }
            if (!requestId.equals(link.entry().requestId())) {
                return broken(index, "it belongs to another request");
            }
            previous = link.hash();
        }
        return Optional.empty();
    }

    private static Optional<BrokenLink> compareWithArchive(List<AuditLog.ChainedEntry> chain, List<AuditArchive.Archived> archived) {
        if (archived.isEmpty() && chain.isEmpty()) {
            return Optional.empty();
        }
        Map<Long, AuditArchive.Archived> bySequence = archived.stream()
                .collect(Collectors.toMap(AuditArchive.Archived::sequence, Function.identity(), (a, b) -> a));
        boolean archiveInUse = !archived.isEmpty();
        for (AuditLog.ChainedEntry link : chain) {
            AuditArchive.Archived copy = bySequence.get(link.sequence());
            if (copy == null) {
                if (archiveInUse) {
                    return broken(link.sequence(), "the archive holds no copy of it");
                }
                continue;
            }
            if (!copy.versionsAgree()) {
                return broken(link.sequence(), "its archived copy was overwritten with other content (" + copy.versions() + " versions)");
            }
            if (!link.hash().equals(copy.hash()) || !link.previousHash().equals(copy.previousHash())) {
                return broken(link.sequence(), "it differs from its archived copy: the chain was rewritten from here");
            }
        }
        long next = chain.size();
        if (bySequence.containsKey(next)) {
            return broken(next, "the archive holds entry " + next + " but the table does not: the chain was cut short");
        }
        return Optional.empty();
    }

    private static Optional<BrokenLink> broken(long sequence, String problem) {
        return Optional.of(new BrokenLink(sequence, problem));
    }
}
