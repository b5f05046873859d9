package dev.engram.maintenance;

import dev.engram.maintenance.api.MaintenanceRunResponse;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Importance decay of one tenant's idle memories ({@link DecayPolicy}), recorded as a maintenance run. */
@ApplicationScoped
public class DecayService {

    private static final Logger LOG = Logger.getLogger(DecayService.class);

    private final MaintenanceRepository repository;
    private final MaintenanceRunRepository runs;
    private final MaintenanceConfig config;
    private final Clock clock;

    DecayService(MaintenanceRepository repository, MaintenanceRunRepository runs, MaintenanceConfig config,
                 Clock clock) {
        this.repository = repository;
        this.runs = runs;
        this.config = config;
        this.clock = clock;
    }

    public DecayPolicy policy() {
        MaintenanceConfig.Decay d = config.decay();
        return new DecayPolicy(d.ratePerDay(), d.floor(), d.grace(), d.minChange());
    }

    public MaintenanceRunResponse decay(String tenantId, String executedBy) {
        return decayAt(tenantId, executedBy, clock.instant());
    }

    /** Decays as of {@code now} (tests pass a fixed instant). */
    MaintenanceRunResponse decayAt(String tenantId, String executedBy, Instant now) {
        return decayAt(tenantId, executedBy, now, config.batchSize());
    }

    /** Decays as of {@code now}, scanning {@code batchSize} memories per statement (tests pass small batches). */
    MaintenanceRunResponse decayAt(String tenantId, String executedBy, Instant now, int batchSize) {
        DecayPolicy policy = policy();
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        long updated = 0;
        String error = null;
        try {
            updated = repository.decay(tenantId, policy, now, batchSize);
        } catch (RuntimeException e) {
            error = RunFailure.logged(LOG, e, "Decay", "tenant " + tenantId);
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("ratePerDay", policy.ratePerDay());
        parameters.put("floor", policy.floor());
        parameters.put("grace", policy.grace().toString());
        parameters.put("minChange", policy.minChange());
        parameters.put("asOf", now.toString());
        MaintenanceRunResponse run = new MaintenanceRunResponse(UUID.randomUUID(), "decay",
                "Decayed the importance of " + updated + " idle memories", parameters, Map.of("decayed", updated),
                updated, 0, 0, updated, 0, started.truncatedTo(ChronoUnit.MICROS),
                clock.instant().truncatedTo(ChronoUnit.MICROS), Duration.ofNanos(System.nanoTime() - t0).toMillis(),
                executedBy, error == null, error, null);
        runs.insert(tenantId, run);
        return run;
    }
}
