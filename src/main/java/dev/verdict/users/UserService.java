package dev.verdict.users;

import dev.verdict.db.Database;
import java.time.InstantSource;

/** Operator actions on a partner's users (enable, disable). */
public final class UserService {
    private final Database database;
    private final InstantSource clock;
    private final EnrolledUserStore store = new EnrolledUserStore();

    public UserService(Database database, InstantSource clock) {
        this.database = database;
        this.clock = clock;
    }

    /**
     * Disables a user the partner knows (enrolled, or with at least one job). job_status then
     * answers 2307 for every job of that user.
     */
    public void disable(long partnerId, String userId) {
        database.run(c -> disable(c, partnerId, userId));
    }

    /** {@link #disable(long, String)} inside the caller's transaction (a fraud mark with its audit record). */
    public void disable(java.sql.Connection c, long partnerId, String userId) throws java.sql.SQLException {
        var now = clock.instant();
        if (store.setStatus(c, partnerId, userId, UserStatus.DISABLED, now) > 0) {
            return;
        }
        if (!store.hasJobs(c, partnerId, userId)) {
            throw new UserException("partner " + partnerId + " has no user with that user_id");
        }
        store.insert(c, partnerId, userId, UserStatus.DISABLED, null, now);
    }

    /** The user's status, when the partner has enrolled (or an operator has acted on) this user. */
    public java.util.Optional<UserStatus> status(long partnerId, String userId) {
        return database.inTransaction(c -> store.status(c, partnerId, userId));
    }

    /** What Verdict knows about a user who has no matching job: status if enrolled, and whether any job exists. */
    public record UserKnowledge(java.util.Optional<UserStatus> status, boolean hasJobs) {
        public boolean known() {
            return status.isPresent() || hasJobs;
        }
    }

    public UserKnowledge knowledge(long partnerId, String userId) {
        return database.read(c -> new UserKnowledge(store.status(c, partnerId, userId),
                store.hasJobs(c, partnerId, userId)));
    }

    /** The selfie this user was enrolled with, if any. */
    public java.util.Optional<String> enrolledSelfie(long partnerId, String userId) {
        return database.inTransaction(c -> store.selfieImageId(c, partnerId, userId));
    }

    /** Records a successful enrolment with the selfie it enrolled. */
    public void enrol(java.sql.Connection c, long partnerId, String userId, String selfieImageId)
            throws java.sql.SQLException {
        store.enrol(c, partnerId, userId, selfieImageId, clock.instant());
    }

    /**
     * Withdraws the enrolment a job made (its success was overturned): the user is no longer enrolled
     * with that selfie. An enrolment from another job, or a user an operator disabled, stays as it is.
     */
    public void withdrawEnrolment(java.sql.Connection c, long partnerId, String userId, String selfieImageId)
            throws java.sql.SQLException {
        store.deleteActiveEnrolment(c, partnerId, userId, selfieImageId);
    }

    /**
     * Deletes the user's enrolment (and any disabled mark) inside the caller's transaction: the person
     * was erased. Returns 1 when there was one. A later enrolment starts afresh.
     */
    public int erase(java.sql.Connection c, long partnerId, String userId) throws java.sql.SQLException {
        return store.delete(c, partnerId, userId);
    }

    /** The selfie this user is enrolled with, inside the caller's transaction. */
    public java.util.Optional<String> enrolledSelfie(java.sql.Connection c, long partnerId, String userId)
            throws java.sql.SQLException {
        return store.selfieImageId(c, partnerId, userId);
    }

    public void enable(long partnerId, String userId) {
        database.run(c -> {
            if (store.setStatus(c, partnerId, userId, UserStatus.ACTIVE, clock.instant()) == 0) {
                throw new UserException("partner " + partnerId + " has no enrolled or disabled user with that user_id");
            }
        });
    }
}
