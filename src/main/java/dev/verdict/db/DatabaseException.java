package dev.verdict.db;

/** A database failure nobody can handle locally; it surfaces as a system error (2301 / 500). */
public final class DatabaseException extends RuntimeException {
    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
