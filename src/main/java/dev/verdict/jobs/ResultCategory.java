package dev.verdict.jobs;

/** Result-code categories (PROTOCOL.md §6). */
public enum ResultCategory {
    APPROVED,
    PROVISIONAL,
    REJECTED,
    ERROR
}
