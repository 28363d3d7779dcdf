package dev.verdict.config;

import dev.verdict.db.Database;
import dev.verdict.jobs.JobType;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.StringJoiner;

/**
 * Builds the {@link Config} from defaults, then an optional properties file, then {@code VERDICT_*}
 * environment variables. Every problem is collected and reported together.
 */
public final class ConfigLoader {
    private static final Duration MAX_KEY_CACHE_TTL = Duration.ofSeconds(5);

    private final Map<ConfigKey, String> values = new HashMap<>();
    private final List<String> problems = new ArrayList<>();

    private ConfigLoader() {}

    /** Loads from the process environment. */
    public static Config load() {
        return load(System.getenv());
    }

    public static Config load(Map<String, String> env) {
        var loader = new ConfigLoader();
        loader.read(env);
        return loader.build();
    }

    private void read(Map<String, String> env) {
        var file = nonBlank(env.get(ConfigKey.CONFIG_FILE.env()));
        if (file != null) {
            readFile(Path.of(file));
        }
        for (var key : ConfigKey.values()) {
            var value = nonBlank(env.get(key.env()));
            if (value != null) {
                values.put(key, value);
            }
        }
    }

    private void readFile(Path file) {
        var properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            problems.add(ConfigKey.CONFIG_FILE.env() + ": cannot read " + file + " (" + e.getMessage() + ")");
            return;
        }
        var known = new HashMap<String, ConfigKey>();
        for (var key : ConfigKey.values()) {
            known.put(key.fileKey(), key);
        }
        for (var name : properties.stringPropertyNames()) {
            var key = known.get(name);
            if (key == null) {
                problems.add(file + ": unknown key '" + name + "'");
            } else if (key == ConfigKey.LOG_FORMAT) {
                problems.add(file + ": '" + name + "' is read from the environment only (" + ConfigKey.LOG_FORMAT.env()
                        + "): logging starts before this file is read");
            } else if (nonBlank(properties.getProperty(name)) != null) {
                values.put(key, properties.getProperty(name).trim());
            }
        }
    }

    private Config build() {
        var dbUrlRaw = values.get(ConfigKey.DB_URL);
        var dataDir = Path.of(values.getOrDefault(ConfigKey.DATA_DIR, "./data")).toAbsolutePath().normalize();
        var postgres = dbUrlRaw != null && dbUrlRaw.startsWith("jdbc:postgresql:");
        if (dbUrlRaw != null && dbUrlRaw.startsWith("jdbc:h2:")) {
            problems.add(ConfigKey.DB_URL.env() + ": H2 is no longer supported; the embedded database is SQLite"
                    + " (leave " + ConfigKey.DB_URL.env() + " unset, see docs/operations.md)");
        } else if (dbUrlRaw != null && !dbUrlRaw.startsWith("jdbc:postgresql:") && !dbUrlRaw.startsWith("jdbc:sqlite:")) {
            problems.add(ConfigKey.DB_URL.env() + ": must start with jdbc:postgresql: or jdbc:sqlite:");
        }
        var dbUrl = dbUrlRaw != null ? dbUrlRaw : sqliteUrl(dataDir);
        if (dbUrlRaw == null && Files.exists(dataDir.resolve("db").resolve("verdict.mv.db"))
                && !Files.exists(dataDir.resolve("db").resolve(SQLITE_FILE))) {
            problems.add(ConfigKey.DATA_DIR.env() + ": " + dataDir + " holds an H2 database (db/verdict.mv.db) from an"
                    + " earlier Verdict; the embedded database is now SQLite: start with a new data directory");
        }
        var synchronous = parseEnum(ConfigKey.SQLITE_SYNCHRONOUS, Database.Synchronous.class, Database.Synchronous.FULL);

        var mode = parseEnum(ConfigKey.MODE, Mode.class, postgres ? Mode.PRODUCTION : Mode.SANDBOX);
        var httpPort = parsePort(ConfigKey.HTTP_PORT, 8080);
        var httpsPort = parsePort(ConfigKey.HTTPS_PORT, 8443);
        var adminPort = parsePort(ConfigKey.ADMIN_PORT, 8081);
        var poolSize = parseInt(ConfigKey.DB_POOL_SIZE, 8, 1, 200);
        var idleTimeout = parseTimeout(ConfigKey.HTTP_IDLE_TIMEOUT, Duration.ofSeconds(75));
        var headerTimeout = parseTimeout(ConfigKey.HTTP_HEADER_TIMEOUT, Duration.ofSeconds(10));
        var bodyTimeout = parseTimeout(ConfigKey.HTTP_BODY_TIMEOUT, Duration.ofSeconds(30));
        var maxConnections = parseInt(ConfigKey.HTTP_MAX_CONNECTIONS, 1000, 1, 1_000_000);

        URI publicUrl = null;
        var publicText = values.get(ConfigKey.PUBLIC_URL);
        if (publicText != null) {
            publicUrl = parseHttpUrl(ConfigKey.PUBLIC_URL, publicText);
        } else if (httpsPort > 0) {
            publicUrl = URI.create("https://127.0.0.1:" + httpsPort);
        } else {
            publicUrl = URI.create("http://127.0.0.1:" + httpPort);
        }

        var imageStore = parseEnum(ConfigKey.IMAGE_STORE, ImageStoreKind.class,
                postgres ? ImageStoreKind.DATABASE : ImageStoreKind.FILE);
        var window = parseDuration(ConfigKey.TIMESTAMP_WINDOW,
                mode == Mode.PRODUCTION ? Duration.ofHours(24) : Duration.ZERO);
        var keyCacheTtl = parseDuration(ConfigKey.KEY_CACHE_TTL, Duration.ofSeconds(2));
        if (keyCacheTtl.compareTo(MAX_KEY_CACHE_TTL) > 0) {
            problems.add(ConfigKey.KEY_CACHE_TTL.env() + ": at most 5s, so a revocation reaches every node within 5 seconds");
        }
        var sessionIdle = parseDuration(ConfigKey.CONSOLE_SESSION_IDLE, Duration.ofMinutes(30));
        var sessionMax = parseDuration(ConfigKey.CONSOLE_SESSION_MAX, Duration.ofHours(12));
        if (sessionIdle.compareTo(Duration.ofMinutes(1)) < 0) {
            problems.add(ConfigKey.CONSOLE_SESSION_IDLE.env() + ": at least 1m (use is recorded once a minute)");
        }
        if (sessionMax.compareTo(sessionIdle) < 0) {
            problems.add(ConfigKey.CONSOLE_SESSION_MAX.env() + ": must be at least VERDICT_CONSOLE_SESSION_IDLE");
        }
        var linkTtl = parseDuration(ConfigKey.IMAGE_LINK_TTL, Duration.ofHours(1));
        if (linkTtl.isZero()) {
            problems.add(ConfigKey.IMAGE_LINK_TTL.env() + ": must be positive");
        }
        var retentionImagesDays = parseInt(ConfigKey.RETENTION_IMAGES_DAYS, 30, 1, 36_500);
        var retentionPersonalDays = parseInt(ConfigKey.RETENTION_PERSONAL_DAYS, 90, 1, 36_500);
        var retentionInterval = parseDuration(ConfigKey.RETENTION_INTERVAL, Duration.ofMinutes(10));
        if (retentionInterval.compareTo(Duration.ofSeconds(1)) < 0) {
            problems.add(ConfigKey.RETENTION_INTERVAL.env() + ": at least 1s");
        }
        var historyEvents = parseInt(ConfigKey.HISTORY_MAX_EVENTS, 1000, 1, 1_000_000);
        var historyBytes = (long) parseInt(ConfigKey.HISTORY_MAX_BYTES, 8 * 1024 * 1024, 1024, Integer.MAX_VALUE);
        var uploadBytes = (long) parseInt(ConfigKey.UPLOAD_MAX_BYTES, 32 * 1024 * 1024, 1024, Integer.MAX_VALUE);

        var sandboxTypes = parseJobTypes(values.get(ConfigKey.SANDBOX_JOB_TYPES),
                mode == Mode.SANDBOX ? java.util.Set.copyOf(JobType.codes()) : java.util.Set.of());
        var engineWorkers = parseInt(ConfigKey.ENGINE_WORKERS, 2, 1, 64);
        var engineLease = parseDuration(ConfigKey.ENGINE_LEASE, Duration.ofSeconds(60));
        var enginePoll = parseDuration(ConfigKey.ENGINE_POLL, Duration.ofSeconds(1));
        if (engineLease.compareTo(Duration.ofSeconds(1)) < 0) {
            problems.add(ConfigKey.ENGINE_LEASE.env() + ": at least 1s");
        }
        if (enginePoll.isZero()) {
            problems.add(ConfigKey.ENGINE_POLL.env() + ": must be positive");
        }

        var callbackTimeout = parseDuration(ConfigKey.CALLBACK_TIMEOUT, Duration.ofSeconds(10));
        var retryInitial = parseDuration(ConfigKey.CALLBACK_RETRY_INITIAL, Duration.ofSeconds(30));
        var retryMaxDelay = parseDuration(ConfigKey.CALLBACK_RETRY_MAX_DELAY, Duration.ofHours(4));
        var retryWindow = parseDuration(ConfigKey.CALLBACK_RETRY_WINDOW, Duration.ofHours(24));
        var callbackWorkers = parseInt(ConfigKey.CALLBACK_WORKERS, 4, 1, 256);
        var callbackLease = parseDuration(ConfigKey.CALLBACK_LEASE, Duration.ofSeconds(60));
        if (callbackTimeout.compareTo(Duration.ofMillis(100)) < 0) {
            problems.add(ConfigKey.CALLBACK_TIMEOUT.env() + ": at least 100ms");
        }
        if (retryInitial.isZero() || retryMaxDelay.compareTo(retryInitial) < 0) {
            problems.add(ConfigKey.CALLBACK_RETRY_MAX_DELAY.env() + ": must be at least VERDICT_CALLBACK_RETRY_INITIAL (> 0)");
        }
        if (callbackLease.compareTo(callbackTimeout.multipliedBy(2)) <= 0) {
            problems.add(ConfigKey.CALLBACK_LEASE.env() + ": must be longer than twice VERDICT_CALLBACK_TIMEOUT");
        }

        var cidrsText = values.get(ConfigKey.CALLBACK_ALLOW_CIDRS);
        List<String> cidrs = cidrsText != null
                ? Arrays.stream(cidrsText.split(",")).map(String::trim)
                        .filter(s -> !s.isEmpty() && !s.equalsIgnoreCase("none")).toList()
                : mode == Mode.SANDBOX ? List.of("127.0.0.0/8", "::1/128") : List.of();
        for (var cidr : cidrs) {
            if (!cidr.matches("[0-9a-fA-F:.]+/\\d{1,3}") || !validCidr(cidr)) {
                problems.add(ConfigKey.CALLBACK_ALLOW_CIDRS.env() + ": '" + cidr + "' is not a CIDR block");
            }
        }

        var tlsCert = path(ConfigKey.TLS_CERT);
        var tlsKey = path(ConfigKey.TLS_KEY);
        var tlsPkcs12 = path(ConfigKey.TLS_PKCS12);
        if (tlsCert.isPresent() != tlsKey.isPresent()) {
            problems.add("VERDICT_TLS_CERT and VERDICT_TLS_KEY must be given together");
        }
        if (tlsCert.isPresent() && tlsPkcs12.isPresent()) {
            problems.add("give either VERDICT_TLS_CERT/VERDICT_TLS_KEY or VERDICT_TLS_PKCS12, not both");
        }
        for (var file : List.of(tlsCert, tlsKey, tlsPkcs12)) {
            file.filter(f -> !Files.isReadable(f)).ifPresent(f -> problems.add("TLS file not readable: " + f));
        }

        var masterKey = Optional.ofNullable(values.get(ConfigKey.MASTER_KEY));
        var masterKeyFile = path(ConfigKey.MASTER_KEY_FILE);
        if (masterKey.isPresent() && masterKeyFile.isPresent()) {
            problems.add("give either VERDICT_MASTER_KEY or VERDICT_MASTER_KEY_FILE, not both");
        }
        masterKeyFile.filter(f -> !Files.isReadable(f))
                .ifPresent(f -> problems.add(ConfigKey.MASTER_KEY_FILE.env() + ": not readable: " + f));
        var adminToken = Optional.ofNullable(values.get(ConfigKey.ADMIN_TOKEN));
        adminToken.filter(t -> t.length() < 16)
                .ifPresent(t -> problems.add(ConfigKey.ADMIN_TOKEN.env() + ": must be at least 16 characters"));

        if (mode == Mode.PRODUCTION) {
            if (masterKey.isEmpty() && masterKeyFile.isEmpty()) {
                problems.add("production mode needs VERDICT_MASTER_KEY or VERDICT_MASTER_KEY_FILE");
            }
            if (adminToken.isEmpty()) {
                problems.add("production mode needs VERDICT_ADMIN_TOKEN");
            }
            if (publicText == null) {
                problems.add("production mode needs VERDICT_PUBLIC_URL");
            }
            if (httpsPort > 0 && tlsCert.isEmpty() && tlsPkcs12.isEmpty()) {
                problems.add("production mode with HTTPS needs VERDICT_TLS_CERT/VERDICT_TLS_KEY or VERDICT_TLS_PKCS12"
                        + " (or VERDICT_HTTPS_PORT=0 behind a TLS-terminating proxy)");
            }
        }
        if (postgres) {
            if (masterKey.isEmpty() && masterKeyFile.isEmpty()) {
                problems.add("PostgreSQL needs an explicit VERDICT_MASTER_KEY or VERDICT_MASTER_KEY_FILE"
                        + " (a generated key would differ per node)");
            }
            if (imageStore == ImageStoreKind.FILE) {
                problems.add("PostgreSQL needs VERDICT_IMAGE_STORE=database (the file store is per node)");
            }
        }
        if (httpPort == 0 && httpsPort == 0) {
            problems.add("at least one of VERDICT_HTTP_PORT and VERDICT_HTTPS_PORT must be on");
        }
        if (httpPort > 0 && (httpPort == httpsPort || httpPort == adminPort)
                || httpsPort > 0 && httpsPort == adminPort) {
            problems.add("VERDICT_HTTP_PORT, VERDICT_HTTPS_PORT and VERDICT_ADMIN_PORT must differ");
        }

        var rateLimitPartner = parseRateLimit(ConfigKey.RATE_LIMIT_PARTNER,
                mode == Mode.PRODUCTION ? Optional.of(new RateLimitSetting(100, Duration.ofSeconds(1), 200)) : Optional.empty());
        var rateLimitAddress = parseRateLimit(ConfigKey.RATE_LIMIT_ADDRESS,
                mode == Mode.PRODUCTION ? Optional.of(new RateLimitSetting(200, Duration.ofSeconds(1), 400)) : Optional.empty());
        var logFormat = values.get(ConfigKey.LOG_FORMAT);
        if (logFormat != null && !logFormat.equals("text") && !logFormat.equals("json")) {
            problems.add(ConfigKey.LOG_FORMAT.env() + ": '" + logFormat + "' is not one of [text, json]");
        }

        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new Config(mode, dataDir, dbUrl,
                Optional.ofNullable(values.get(ConfigKey.DB_USER)), Optional.ofNullable(values.get(ConfigKey.DB_PASSWORD)),
                poolSize, synchronous, values.getOrDefault(ConfigKey.HTTP_HOST, "0.0.0.0"), httpPort, httpsPort,
                values.getOrDefault(ConfigKey.ADMIN_HOST, "127.0.0.1"), adminPort, idleTimeout, headerTimeout,
                bodyTimeout, maxConnections, adminToken, publicUrl,
                masterKey, masterKeyFile, cidrs, tlsCert, tlsKey, tlsPkcs12,
                Optional.ofNullable(values.get(ConfigKey.TLS_PKCS12_PASSWORD)), imageStore, linkTtl,
                historyEvents, historyBytes, uploadBytes, sandboxTypes, engineWorkers, engineLease, enginePoll,
                callbackTimeout, retryInitial, retryMaxDelay, retryWindow, callbackWorkers, callbackLease, window,
                keyCacheTtl, sessionIdle, sessionMax, retentionImagesDays, retentionPersonalDays, retentionInterval,
                rateLimitPartner, rateLimitAddress);
    }

    static final String SQLITE_FILE = "verdict.db";

    /**
     * The embedded default: one SQLite file, which the operator CLI opens too while the server runs
     * (SQLite's file locks let processes share it; no network port). Its durability settings are set
     * by {@code Database}, whatever the URL says.
     */
    static String sqliteUrl(Path dataDir) {
        return "jdbc:sqlite:" + dataDir.resolve("db").resolve(SQLITE_FILE);
    }

    /** The effective configuration as text for the start-up log, secrets masked. */
    public static String describe(Config config) {
        var out = new StringJoiner(", ");
        out.add("mode=" + config.mode().name().toLowerCase(Locale.ROOT));
        out.add("dataDir=" + config.dataDir());
        out.add("db=" + maskUrl(config.dbUrl()));
        out.add("dbPool=" + config.dbPoolSize());
        if (!config.postgres()) {
            out.add("sqliteSynchronous=" + config.sqliteSynchronous());
        }
        out.add("http=" + (config.httpPort() > 0 ? config.httpHost() + ":" + config.httpPort() : "off"));
        out.add("https=" + (config.httpsPort() > 0 ? config.httpHost() + ":" + config.httpsPort() : "off"));
        out.add("admin=" + (config.adminPort() > 0 ? config.adminHost() + ":" + config.adminPort() : "off"));
        out.add("httpTimeouts=idle " + config.httpIdleTimeout() + ", headers " + config.httpHeaderTimeout() + ", body "
                + config.httpBodyTimeout());
        out.add("httpMaxConnections=" + config.httpMaxConnections() + " per listener");
        out.add("rateLimits=partner " + config.rateLimitPartner().map(Object::toString).orElse("off") + ", address "
                + config.rateLimitAddress().map(Object::toString).orElse("off"));
        out.add("adminToken=" + (config.adminToken().isPresent() ? "****" : "(generated or none)"));
        out.add("publicUrl=" + config.publicUrl());
        out.add("masterKey=" + (config.masterKeyConfigured() ? "****" : "(generated)"));
        out.add("imageStore=" + config.imageStore().name().toLowerCase(Locale.ROOT));
        out.add("imageLinkTtl=" + config.imageLinkTtl());
        out.add("timestampWindow=" + (config.timestampWindow().isZero() ? "off" : config.timestampWindow()));
        out.add("keyCacheTtl=" + config.keyCacheTtl());
        out.add("consoleSessions=idle " + config.consoleSessionIdle() + ", max " + config.consoleSessionMax());
        out.add("retention=images " + config.retentionImagesDays() + "d, personal " + config.retentionPersonalDays()
                + "d, every " + config.retentionInterval());
        out.add("sandboxJobTypes=" + (config.sandboxJobTypes().isEmpty() ? "none" : new java.util.TreeSet<>(config.sandboxJobTypes())));
        out.add("callbackAllowCidrs=" + config.callbackAllowCidrs());
        return out.toString();
    }

    /** Strips credentials a JDBC URL may carry in its query (password=...). */
    public static String maskUrl(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1****");
    }

    private Optional<Path> path(ConfigKey key) {
        return Optional.ofNullable(values.get(key)).map(Path::of).map(Path::toAbsolutePath);
    }

    private int parsePort(ConfigKey key, int fallback) {
        return parseInt(key, fallback, 0, 65535);
    }

    private int parseInt(ConfigKey key, int fallback, int min, int max) {
        var text = values.get(key);
        if (text == null) {
            return fallback;
        }
        try {
            var value = Integer.parseInt(text);
            if (value < min || value > max) {
                problems.add(key.env() + ": " + value + " is outside " + min + ".." + max);
                return fallback;
            }
            return value;
        } catch (NumberFormatException e) {
            problems.add(key.env() + ": '" + text + "' is not a whole number");
            return fallback;
        }
    }

    private static boolean validCidr(String cidr) {
        try {
            var address = java.net.InetAddress.getByName(cidr.substring(0, cidr.indexOf('/')));
            var prefix = Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
            return prefix <= address.getAddress().length * 8;
        } catch (java.io.IOException | NumberFormatException e) {
            return false;
        }
    }

    private java.util.Set<Integer> parseJobTypes(String text, java.util.Set<Integer> fallback) {
        if (text == null) {
            return fallback;
        }
        if (text.equalsIgnoreCase("none")) {
            return java.util.Set.of();
        }
        var types = new java.util.TreeSet<Integer>();
        for (var part : text.split(",")) {
            var t = part.strip();
            var known = JobType.codes().stream().map(String::valueOf).toList();
            if (!known.contains(t)) {
                problems.add(ConfigKey.SANDBOX_JOB_TYPES.env() + ": '" + t + "' is not one of " + String.join(", ", known)
                        + " (or none)");
            } else {
                types.add(Integer.parseInt(t));
            }
        }
        return java.util.Set.copyOf(types);
    }

    private Optional<RateLimitSetting> parseRateLimit(ConfigKey key, Optional<RateLimitSetting> fallback) {
        var text = values.get(key);
        if (text == null) {
            return fallback;
        }
        var parsed = RateLimitSetting.parse(text);
        if (parsed == null) {
            problems.add(key.env() + ": '" + text + "' is not a rate limit (e.g. 100/s,200, 600/m, or off)");
            return fallback;
        }
        return parsed;
    }

    private <E extends Enum<E>> E parseEnum(ConfigKey key, Class<E> type, E fallback) {
        var text = values.get(key);
        if (text == null) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            var allowed = Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
            problems.add(key.env() + ": '" + text + "' is not one of " + allowed);
            return fallback;
        }
    }

    private Duration parseDuration(ConfigKey key, Duration fallback) {
        var text = values.get(key);
        if (text == null) {
            return fallback;
        }
        var parsed = Durations.parse(text);
        if (parsed == null) {
            problems.add(key.env() + ": '" + text + "' is not a duration (e.g. 500ms, 30s, 15m, 1h, 2d, PT1H)");
            return fallback;
        }
        return parsed;
    }

    /** A network timeout: at least 1s (the web server tracks idleness to the second). */
    private Duration parseTimeout(ConfigKey key, Duration fallback) {
        var timeout = parseDuration(key, fallback);
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0) {
            problems.add(key.env() + ": at least 1s");
            return fallback;
        }
        return timeout;
    }

    private URI parseHttpUrl(ConfigKey key, String text) {
        try {
            var uri = new URI(text);
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getQuery() != null || uri.getFragment() != null) {
                problems.add(key.env() + ": '" + text + "' must be an absolute http(s) URL without query");
                return URI.create("http://127.0.0.1");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            problems.add(key.env() + ": '" + text + "' is not a URL");
            return URI.create("http://127.0.0.1");
        }
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** Human-friendly durations: 500ms, 30s, 15m, 1h, 2d, or ISO-8601 (PT1H). */
    public static final class Durations {
        private Durations() {}

        public static Duration parse(String text) {
            var t = text.trim().toLowerCase(Locale.ROOT);
            try {
                if (t.startsWith("p")) {
                    return Duration.parse(t.toUpperCase(Locale.ROOT));
                }
                if (t.equals("0")) {
                    return Duration.ZERO;
                }
                var m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h|d)").matcher(t);
                if (!m.matches()) {
                    return null;
                }
                var n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
                return null;
            }
        }
    }
}
