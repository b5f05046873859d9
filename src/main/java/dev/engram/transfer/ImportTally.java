package dev.engram.transfer;

import dev.engram.transfer.api.ImportRejection;
import dev.engram.transfer.api.ImportReport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The running counts of one import, and its report. */
final class ImportTally {

    static final int MAX_REJECTIONS = 100;

    private final Map<String, Long> created = new LinkedHashMap<>();
    private final Map<String, Long> skipped = new LinkedHashMap<>();
    private final List<ImportRejection> rejected = new ArrayList<>();
    private long rejectedCount;
    private long reembedded;

    ImportTally() {
        for (Kind kind : Kind.values()) {
            created.put(kind.code(), 0L);
            skipped.put(kind.code(), 0L);
        }
    }

    void created(Kind kind, long n) {
        created.merge(kind.code(), n, Long::sum);
    }

    void skipped(Kind kind) {
        skipped.merge(kind.code(), 1L, Long::sum);
    }

    void reembedded(long n) {
        reembedded += n;
    }

    void reject(long line, String kind, String id, String reason) {
        rejectedCount++;
        if (rejected.size() < MAX_REJECTIONS) {
            rejected.add(new ImportRejection(line, kind, id, reason));
        }
    }

    /** Rejects a record of a batch, naming its line, kind and key. */
    void reject(Kind kind, Pending p, String reason) {
        reject(p.line(), kind.code(), p.key(), reason);
    }

    ImportReport report(boolean dryRun, long tookMillis) {
        return new ImportReport(new LinkedHashMap<>(created),
                new LinkedHashMap<>(skipped), List.copyOf(rejected), rejectedCount, reembedded, dryRun, tookMillis);
    }
}
