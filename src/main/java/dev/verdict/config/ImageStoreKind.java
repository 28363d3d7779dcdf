package dev.verdict.config;

/** Where image bytes live. The database store is shared by every node of a cluster. */
public enum ImageStoreKind {
    FILE,
    DATABASE
}
