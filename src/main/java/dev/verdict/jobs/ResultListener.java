package dev.verdict.jobs;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Told of every appended result event inside the transaction that appends it (the callback outbox
 * writes its deliveries there, so an event and its deliveries commit together), and once after the
 * transaction commits.
 */
public interface ResultListener {
    void appended(Connection c, Job job, ResultEvent event) throws SQLException;

    /** Called after a commit that appended events: wake whoever delivers them. */
    void committed();
}
