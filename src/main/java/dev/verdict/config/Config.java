package dev.verdict.config;

import dev.verdict.db.Database;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The effective configuration, validated once at start (see {@link ConfigLoader}). Optional values
 * are absent when not configured; secrets that sandbox mode may generate are resolved later by
 * {@code Secrets}.
 */
public record Config(
        Mode mode,
        Path dataDir,
        String dbUrl,
        Optional<String> dbUser,
        Optional<String> dbPassword,
        int dbPoolSize,
        Database.Synchronous sqliteSynchronous,
        String httpHost,
        int httpPort,
        int httpsPort,
        String adminHost,
        int adminPort,
        Duration httpIdleTimeout,
        Duration httpHeaderTimeout,
        Duration httpBodyTimeout,
        int httpMaxConnections,
        Optional<String> adminToken,
        URI publicUrl,
        Optional<String> masterKey,
        Optional<Path> masterKeyFile,
        List<String> callbackAllowCidrs,
        Optional<Path> tlsCert,
        Optional<Path> tlsKey,
        Optional<Path> tlsPkcs12,
        Optional<String> tlsPkcs12Password,
        ImageStoreKind imageStore,
        Duration imageLinkTtl,
        int historyMaxEvents,
        long historyMaxBytes,
        long uploadMaxBytes,
        java.util.Set<Integer> sandboxJobTypes,
        int engineWorkers,
        Duration engineLease,
        Duration enginePoll,
        Duration callbackTimeout,
        Duration callbackRetryInitial,
        Duration callbackRetryMaxDelay,
        Duration callbackRetryWindow,
        int callbackWorkers,
        Duration callbackLease,
        Duration timestampWindow,
        Duration keyCacheTtl,
        Duration consoleSessionIdle,
        Duration consoleSessionMax,
        int retentionImagesDays,
        int retentionPersonalDays,
        Duration retentionInterval,
        Optional<RateLimitSetting> rateLimitPartner,
        Optional<RateLimitSetting> rateLimitAddress) {

    public boolean postgres() {
        return dbUrl.startsWith("jdbc:postgresql:");
    }

    public boolean sandbox() {
        return mode == Mode.SANDBOX;
    }

    public boolean masterKeyConfigured() {
        return masterKey.isPresent() || masterKeyFile.isPresent();
    }

    /** Base URL without a trailing slash, for building absolute links. */
    public String publicBase() {
        var text = publicUrl.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }
}
