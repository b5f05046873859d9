package dev.engram.memory;

import dev.engram.memory.api.ScoreChange;
import dev.engram.memory.api.Scores;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.SQLException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Changes the importance and confidence of existing memories by a rule the caller supplies (e.g. feedback on an
 * answer that used them). The rows are locked while the rule runs, so concurrent adjustments compose.
 */
@ApplicationScoped
public class MemoryScoreService {

    private final MemoryScoreRepository repository;
    private final Clock clock;

    MemoryScoreService(MemoryScoreRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /**
     * Applies {@code rule} to each of the tenant's memories among {@code ids} (others' and unknown ids are skipped)
     * and returns the changes in id order. The rule's result is clamped to [0, 1].
     */
    public List<ScoreChange> adjust(String tenantId, Collection<UUID> ids, UnaryOperator<Scores> rule) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            try {
                Map<UUID, Scores> before = repository.lock(tenantId, ids);
                Map<UUID, Scores> after = new LinkedHashMap<>();
                List<ScoreChange> changes = new ArrayList<>();
                before.forEach((id, scores) -> {
                    Scores next = rule.apply(scores);
                    Scores bounded = new Scores(clamp(next.importance()), clamp(next.confidence()));
                    after.put(id, bounded);
                    changes.add(new ScoreChange(id, scores, bounded));
                });
                if (!after.isEmpty()) {
                    repository.write(tenantId, after, clock.instant().truncatedTo(ChronoUnit.MICROS));
                }
                return changes;
            } catch (SQLException e) {
                throw new IllegalStateException("adjusting memory scores failed: " + e.getMessage(), e);
            }
        });
    }

    private static double clamp(double value) {
        return Math.max(0, Math.min(1, value));
    }
}
