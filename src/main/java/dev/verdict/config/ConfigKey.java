package dev.verdict.config;

/**
 * Every configuration key Verdict reads. Each is set by the environment variable {@link #env()} or
 * by {@link #fileKey()} in the configuration file; the environment wins. docs/operations.md lists
 * the same keys (a test keeps the two in step).
 */
public enum ConfigKey {
    CONFIG_FILE("VERDICT_CONFIG_FILE", "(none)", false,
            "Path of a properties file with any of these keys (file keys are the lower-case dotted form, e.g. http.port)."),
    MODE("VERDICT_MODE", "sandbox with the embedded database, production with PostgreSQL", false,
            "Deployment profile: sandbox or production."),
    DATA_DIR("VERDICT_DATA_DIR", "./data", false,
            "Directory for the SQLite database, the file image store and, in sandbox mode, generated secrets and TLS files."),
    DB_URL("VERDICT_DB_URL", "SQLite file database <data dir>/db/verdict.db", false,
            "JDBC URL. jdbc:postgresql://... selects PostgreSQL; jdbc:sqlite:<file> another SQLite file."),
    SQLITE_SYNCHRONOUS("VERDICT_SQLITE_SYNCHRONOUS", "FULL", false,
            "SQLite only: FULL syncs every commit to disk before it is acknowledged (survives a power loss);"
                    + " NORMAL survives a crash of the process but may lose the last commits on a power loss."),
    DB_USER("VERDICT_DB_USER", "(none)", false, "Database user (PostgreSQL)."),
    DB_PASSWORD("VERDICT_DB_PASSWORD", "(none)", true, "Database password (PostgreSQL)."),
    DB_POOL_SIZE("VERDICT_DB_POOL_SIZE", "8", false,
            "Connections in the pool; database work is gated to this many concurrent requests."),
    HTTP_HOST("VERDICT_HTTP_HOST", "0.0.0.0", false, "Address the HTTP and HTTPS listeners bind to."),
    HTTP_PORT("VERDICT_HTTP_PORT", "8080", false, "Plain HTTP listener for the v1 API (0 = off)."),
    HTTPS_PORT("VERDICT_HTTPS_PORT", "8443", false, "HTTPS listener for the v1 API (0 = off)."),
    ADMIN_HOST("VERDICT_ADMIN_HOST", "127.0.0.1", false, "Address the admin listener (internal API) binds to."),
    ADMIN_PORT("VERDICT_ADMIN_PORT", "8081", false, "Admin listener for the internal API (0 = off)."),
    HTTP_IDLE_TIMEOUT("VERDICT_HTTP_IDLE_TIMEOUT", "75s", false,
            "Every listener closes a connection that has no request in progress after this (checked every quarter of"
                    + " it); a request line must also arrive within it. Longer than the 60s idle timeout of common load"
                    + " balancers, so the balancer closes a pooled connection first."),
    HTTP_HEADER_TIMEOUT("VERDICT_HTTP_HEADER_TIMEOUT", "10s", false,
            "A request's headers must be complete this long after its request line, or the connection is closed."),
    HTTP_BODY_TIMEOUT("VERDICT_HTTP_BODY_TIMEOUT", "30s", false,
            "Each 16 KiB of a request body (or its last, shorter part) must arrive within this, or the connection is"
                    + " closed: a stalled or trickling body is cut off."),
    HTTP_MAX_CONNECTIONS("VERDICT_HTTP_MAX_CONNECTIONS", "1000", false,
            "Connections each listener (HTTP, HTTPS, admin) holds open at once; further clients wait in the"
                    + " operating system's accept queue until one closes."),
    RATE_LIMIT_PARTNER("VERDICT_RATE_LIMIT_PARTNER", "off in sandbox mode, 100/s,200 in production", false,
            "Requests a partner may make to this node: <n>/s, <n>/m or <n>/h on average, then optionally ,<burst>"
                    + " (default n), or off. Counted once the request's signature verified; over it: 429 rate_limited."),
    RATE_LIMIT_ADDRESS("VERDICT_RATE_LIMIT_ADDRESS", "off in sandbox mode, 200/s,400 in production", false,
            "Requests one source address (an IPv6 address by its /64) may make to this node's HTTP and HTTPS"
                    + " listeners, counted before the body is read; same format. Behind a proxy every request has the"
                    + " proxy's address: then set it off or high."),
    LOG_FORMAT("VERDICT_LOG_FORMAT", "text", false,
            "Log format on standard error: text, or json (one JSON object per line). Environment only: logging"
                    + " starts before the configuration file is read."),
    ADMIN_TOKEN("VERDICT_ADMIN_TOKEN", "generated into <data dir>/admin.token in sandbox mode; required in production", true,
            "Bearer token for the internal API."),
    PUBLIC_URL("VERDICT_PUBLIC_URL", "https://127.0.0.1:<https port> (http://127.0.0.1:<http port> when HTTPS is off)", false,
            "Base of every URL Verdict hands out (image links, upload URLs). Never taken from request headers."),
    MASTER_KEY("VERDICT_MASTER_KEY", "generated into <data dir>/master.key in sandbox mode with SQLite; required otherwise", true,
            "32-byte master key, base64 or hex. Encrypts API keys; image-link and upload-URL secrets derive from it."),
    MASTER_KEY_FILE("VERDICT_MASTER_KEY_FILE", "(none)", false, "File holding the master key (instead of VERDICT_MASTER_KEY)."),
    CALLBACK_ALLOW_CIDRS("VERDICT_CALLBACK_ALLOW_CIDRS", "127.0.0.0/8,::1/128 in sandbox mode; none in production", false,
            "Comma-separated CIDRs that callback targets may resolve to although private or loopback (none = no exception)."),
    TLS_CERT("VERDICT_TLS_CERT", "(none)", false, "PEM certificate chain for the HTTPS listener."),
    TLS_KEY("VERDICT_TLS_KEY", "(none)", false, "PEM private key (PKCS#8 or PKCS#1) for VERDICT_TLS_CERT."),
    TLS_PKCS12("VERDICT_TLS_PKCS12", "(none)", false, "PKCS#12 keystore for the HTTPS listener (instead of PEM)."),
    TLS_PKCS12_PASSWORD("VERDICT_TLS_PKCS12_PASSWORD", "(empty)", true, "Password of VERDICT_TLS_PKCS12."),
    IMAGE_STORE("VERDICT_IMAGE_STORE", "file with SQLite, database with PostgreSQL", false,
            "Image store: file (under <data dir>/images) or database."),
    IMAGE_LINK_TTL("VERDICT_IMAGE_LINK_TTL", "1h", false, "Lifetime of the signed image links in job_status answers."),
    HISTORY_MAX_EVENTS("VERDICT_HISTORY_MAX_EVENTS", "1000", false, "Most result events one job_status history returns."),
    HISTORY_MAX_BYTES("VERDICT_HISTORY_MAX_BYTES", "8388608", false, "Most bytes of result objects one history returns."),
    UPLOAD_MAX_BYTES("VERDICT_UPLOAD_MAX_BYTES", "33554432", false,
            "Largest zip a PUT to an upload URL may carry (bytes); more is refused with 413 and the URL stays usable."),
    SANDBOX_JOB_TYPES("VERDICT_SANDBOX_JOB_TYPES", "1,2,4,5,6,7,10,11 in sandbox mode; none in production", false,
            "Job types the built-in sandbox engine decides on this node (comma-separated, or none). Other types wait"
                    + " for an external engine claiming them through the internal API."),
    ENGINE_WORKERS("VERDICT_ENGINE_WORKERS", "2", false, "Sandbox engine workers on this node."),
    ENGINE_LEASE("VERDICT_ENGINE_LEASE", "60s", false,
            "How long a claim on a job lasts; a crashed node's jobs are taken over after it."),
    ENGINE_POLL("VERDICT_ENGINE_POLL", "1s", false,
            "How often idle engine and callback workers look for work queued by other nodes (this node's own work"
                    + " wakes them at once)."),
    CALLBACK_TIMEOUT("VERDICT_CALLBACK_TIMEOUT", "10s", false,
            "Per-read timeout of a callback request; the whole exchange is cut off after twice this."),
    CALLBACK_RETRY_INITIAL("VERDICT_CALLBACK_RETRY_INITIAL", "30s", false,
            "First retry delay of a failed callback; each further one doubles (with up to 20% jitter)."),
    CALLBACK_RETRY_MAX_DELAY("VERDICT_CALLBACK_RETRY_MAX_DELAY", "4h", false, "Longest delay between two callback attempts."),
    CALLBACK_RETRY_WINDOW("VERDICT_CALLBACK_RETRY_WINDOW", "24h", false,
            "How long a failing callback is retried before it is DEAD (at least 24h is recommended)."),
    CALLBACK_WORKERS("VERDICT_CALLBACK_WORKERS", "4", false, "Callback delivery workers on this node."),
    CALLBACK_LEASE("VERDICT_CALLBACK_LEASE", "60s", false,
            "How long a claim on a delivery lasts (more than twice VERDICT_CALLBACK_TIMEOUT); a crashed node's"
                    + " deliveries are retried after it. A worker claims as many due deliveries at once as it can"
                    + " attempt within half the lease (an attempt takes at most twice the timeout; at most 8)."),
    TIMESTAMP_WINDOW("VERDICT_TIMESTAMP_WINDOW", "0 (off) in sandbox mode, 24h in production", false,
            "How far a request timestamp may lie from the server clock; a partner's own setting overrides it."),
    KEY_CACHE_TTL("VERDICT_KEY_CACHE_TTL", "2s", false,
            "How long a node caches a partner's keys and status; revocations take effect within this bound (max 5s)."),
    CONSOLE_SESSION_IDLE("VERDICT_CONSOLE_SESSION_IDLE", "30m", false,
            "A console session ends after this long without use (use is recorded at most once a minute)."),
    CONSOLE_SESSION_MAX("VERDICT_CONSOLE_SESSION_MAX", "12h", false,
            "A console session ends this long after sign-in, however active (at least VERDICT_CONSOLE_SESSION_IDLE)."),
    RETENTION_IMAGES_DAYS("VERDICT_RETENTION_IMAGES_DAYS", "30", false,
            "Days a job's images are kept after the job was created (1 to 36500); a partner's own policy overrides it."),
    RETENTION_PERSONAL_DAYS("VERDICT_RETENTION_PERSONAL_DAYS", "90", false,
            "Days the personal fields of a job's inputs and results are kept (1 to 36500); a partner's own policy"
                    + " overrides it."),
    RETENTION_INTERVAL("VERDICT_RETENTION_INTERVAL", "10m", false,
            "How often an idle node looks for jobs whose retention period has run out (one node at a time purges).");

    private final String env;
    private final String defaultText;
    private final boolean secret;
    private final String description;

    ConfigKey(String env, String defaultText, boolean secret, String description) {
        this.env = env;
        this.defaultText = defaultText;
        this.secret = secret;
        this.description = description;
    }

    public String env() {
        return env;
    }

    /** The key in a configuration file: VERDICT_HTTP_PORT becomes http.port. */
    public String fileKey() {
        return env.substring("VERDICT_".length()).toLowerCase(java.util.Locale.ROOT).replace('_', '.');
    }

    public String defaultText() {
        return defaultText;
    }

    public boolean secret() {
        return secret;
    }

    public String description() {
        return description;
    }
}
