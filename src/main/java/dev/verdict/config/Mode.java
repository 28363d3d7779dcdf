package dev.verdict.config;

/** Deployment profile (DESIGN §9). The engine choice is a separate setting. */
public enum Mode {
    /** Local evaluation and integration testing: demo data, generated secrets, no freshness window. */
    SANDBOX,
    /** Real deployments: explicit secrets, a freshness window, no demo data. */
    PRODUCTION
}
