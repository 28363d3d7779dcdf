package dev.verdict.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.db.Database;
import dev.verdict.db.Jdbc;
import dev.verdict.db.Migrations;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The job store keeps the job life: every change of a job's state is checked against
 * {@link JobState#canMoveTo}, and a forbidden one throws before anything is written.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JobStoreTests {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final JobStore store = new JobStore();
    private final AtomicInteger jobIds = new AtomicInteger();
    private Database database;
    private long partnerId;

    /** A migrated-to-be database on this class's backend. */
    protected abstract Database open(Path dir);

    protected void closeBackend() {}

    @BeforeAll
    void openDatabase(@TempDir Path dir) {
        database = open(dir);
        Migrations.migrate(database);
        partnerId = database.inTransaction(c -> {
            try (var insert = c.prepareStatement(
                    "INSERT INTO partners (name, status, created_at, updated_at) VALUES ('Store', 'ACTIVE', ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                Jdbc.setInstant(insert, 1, NOW);
                Jdbc.setInstant(insert, 2, NOW);
                insert.executeUpdate();
                try (var keys = insert.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
    }

    @AfterAll
    void closeDatabase() {
        if (database != null) {
            database.close();
        }
        closeBackend();
    }

    /** A new job brought to {@code state} along allowed moves. */
    private Job jobIn(JobState state) {
        return database.inTransaction(c -> {
            var start = state == JobState.CREATED ? JobState.CREATED : JobState.RECEIVED;
            var pk = store.insert(c, new JobStore.NewJob(partnerId, "user", "job-" + jobIds.incrementAndGet(),
                    JobType.SMART_SELFIE_REGISTRATION, "{}", null, null, null, null, null, start, null), NOW);
            var job = store.find(c, pk, false).orElseThrow();
            if (job.state() != state) {
                assertThat(store.moveTo(c, job, state, NOW)).isEqualTo(1);
                job = store.find(c, pk, false).orElseThrow();
            }
            assertThat(job.state()).isEqualTo(state);
            return job;
        });
    }

    private Job reread(Job job) {
        return database.inTransaction(c -> store.find(c, job.pk(), false).orElseThrow());
    }

    @ParameterizedTest
    @EnumSource(JobState.class)
    void aForbiddenTransitionThrowsAndChangesNothing(JobState from) {
        for (var next : JobState.values()) {
            if (from.canMoveTo(next)) {
                continue;
            }
            var job = jobIn(from);
            assertThatThrownBy(() -> database.inTransaction(c -> store.moveTo(c, job, next, NOW.plusSeconds(60))))
                    .as(from + " -> " + next)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(from.name())
                    .hasMessageContaining(next.name());
            assertThat(reread(job)).as(from + " -> " + next).isEqualTo(job);
        }
    }

    @Test
    void everyStateWritingOperationIsChecked() {
        var received = jobIn(JobState.RECEIVED);
        assertThatThrownBy(() -> database.inTransaction(c -> store.reopen(c, received, "other", "{}", null, "{}", null, null,
                NOW.plusSeconds(60))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("from RECEIVED to CREATED");
        assertThat(reread(received)).isEqualTo(received);

        var complete = jobIn(JobState.COMPLETE);
        assertThatThrownBy(() -> database.inTransaction(c -> store.markReceived(c, complete, "{}",
                NOW.plusSeconds(60))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("from COMPLETE to RECEIVED");
        assertThatThrownBy(() -> database.inTransaction(c -> store.updateProgress(c, complete, JobState.IN_REVIEW, 1,
                true, false, NOW.plusSeconds(60))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("from COMPLETE to IN_REVIEW");
        assertThat(reread(complete)).isEqualTo(complete);

        assertThatThrownBy(() -> database.inTransaction(c -> store.insert(c, new JobStore.NewJob(partnerId, "user",
                "job-started-complete", JobType.SMART_SELFIE_REGISTRATION, "{}", null, null, null, null, null,
                JobState.COMPLETE, null), NOW)))
                .isInstanceOf(IllegalStateException.class);
        Optional<Job> none = database.inTransaction(
                c -> store.findByJobId(c, partnerId, "job-started-complete", false));
        assertThat(none).isEmpty();
    }

    @Test
    void aRetryReopensACreatedJobUnderANewGeneration() {
        var created = jobIn(JobState.CREATED);
        var later = NOW.plusSeconds(60);
        int rows = database.inTransaction(c -> store.reopen(c, created, "user", "{\"retry\":true}", null, "{}", 7L, null,
                later));
        assertThat(rows).isEqualTo(1);
        var reopened = reread(created);
        assertThat(reopened.state()).isEqualTo(JobState.CREATED);
        assertThat(reopened.uploadGeneration()).isEqualTo(created.uploadGeneration() + 1);
        assertThat(reopened.version()).isEqualTo(created.version() + 1);
        assertThat(reopened.keyId()).contains(7L);
        assertThat(reopened.updatedAt()).isEqualTo(later);
    }

    @Test
    void aStaleJobChangesNothing() {
        var job = jobIn(JobState.RECEIVED);
        int first = database.inTransaction(c -> store.moveTo(c, job, JobState.PROCESSING, NOW));
        assertThat(first).isEqualTo(1);
        // the same move from the old version: someone else changed the job first
        int stale = database.inTransaction(c -> store.moveTo(c, job, JobState.PROCESSING, NOW));
        assertThat(stale).isZero();
        assertThat(reread(job).version()).isEqualTo(job.version() + 1);
    }
}
