package dev.verdict.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.db.Database;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void defaultsToSandboxOnSqliteWithAllListeners() {
        var config = ConfigLoader.load(Map.of("VERDICT_DATA_DIR", dir.toString()));
        assertThat(config.mode()).isEqualTo(Mode.SANDBOX);
        assertThat(config.dbUrl()).isEqualTo("jdbc:sqlite:" + dir.resolve("db").resolve("verdict.db"));
        assertThat(config.sqliteSynchronous()).isEqualTo(Database.Synchronous.FULL);
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.httpsPort()).isEqualTo(8443);
        assertThat(config.adminPort()).isEqualTo(8081);
        assertThat(config.adminHost()).isEqualTo("127.0.0.1");
        assertThat(config.publicUrl()).hasToString("https://127.0.0.1:8443");
        assertThat(config.imageStore()).isEqualTo(ImageStoreKind.FILE);
        assertThat(config.timestampWindow()).isZero();
        assertThat(config.callbackAllowCidrs()).containsExactly("127.0.0.0/8", "::1/128");
        assertThat(config.historyMaxEvents()).isEqualTo(1000);
        assertThat(config.historyMaxBytes()).isEqualTo(8 * 1024 * 1024);
    }

    @Test
    void everyListenerHasTimeoutsAndABoundByDefault() {
        var config = ConfigLoader.load(Map.of("VERDICT_DATA_DIR", dir.toString()));
        assertThat(config.httpIdleTimeout()).isEqualTo(Duration.ofSeconds(75));
        assertThat(config.httpHeaderTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.httpBodyTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.httpMaxConnections()).isEqualTo(1000);
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("VERDICT_DATA_DIR", dir.toString(),
                "VERDICT_HTTP_IDLE_TIMEOUT", "0", "VERDICT_HTTP_HEADER_TIMEOUT", "500ms",
                "VERDICT_HTTP_BODY_TIMEOUT", "never", "VERDICT_HTTP_MAX_CONNECTIONS", "0")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(4));
    }

    @Test
    void consoleSessionsLastThirtyIdleMinutesAndTwelveHoursAtMostByDefault() {
        var config = ConfigLoader.load(Map.of("VERDICT_DATA_DIR", dir.toString()));
        assertThat(config.consoleSessionIdle()).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.consoleSessionMax()).isEqualTo(Duration.ofHours(12));
        var shorter = ConfigLoader.load(Map.of("VERDICT_DATA_DIR", dir.toString(),
                "VERDICT_CONSOLE_SESSION_IDLE", "10m", "VERDICT_CONSOLE_SESSION_MAX", "1h"));
        assertThat(shorter.consoleSessionIdle()).isEqualTo(Duration.ofMinutes(10));
        assertThat(shorter.consoleSessionMax()).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("VERDICT_DATA_DIR", dir.toString(),
                "VERDICT_CONSOLE_SESSION_IDLE", "2h", "VERDICT_CONSOLE_SESSION_MAX", "1h")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .asString().startsWith("VERDICT_CONSOLE_SESSION_MAX"));
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("VERDICT_DATA_DIR", dir.toString(),
                "VERDICT_CONSOLE_SESSION_IDLE", "30s")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .asString().startsWith("VERDICT_CONSOLE_SESSION_IDLE"));
    }

    @Test
    void environmentOverridesTheFileWhichOverridesDefaults() throws Exception {
        var file = dir.resolve("verdict.properties");
        Files.writeString(file, "http.port=9000\nhttps.port=9443\nimage.link.ttl=15m\n");
        var config = ConfigLoader.load(Map.of("VERDICT_CONFIG_FILE", file.toString(), "VERDICT_DATA_DIR",
                dir.toString(), "VERDICT_HTTP_PORT", "9100"));
        assertThat(config.httpPort()).isEqualTo(9100);
        assertThat(config.httpsPort()).isEqualTo(9443);
        assertThat(config.imageLinkTtl()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.publicUrl()).hasToString("https://127.0.0.1:9443");
    }

    @Test
    void reportsEveryProblemInOneMessage() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(
                "VERDICT_DATA_DIR", dir.toString(),
                "VERDICT_HTTP_PORT", "eighty",
                "VERDICT_MODE", "staging",
                "VERDICT_IMAGE_LINK_TTL", "forever",
                "VERDICT_KEY_CACHE_TTL", "10s")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(4))
                .hasMessageContaining("VERDICT_HTTP_PORT")
                .hasMessageContaining("VERDICT_MODE")
                .hasMessageContaining("VERDICT_IMAGE_LINK_TTL")
                .hasMessageContaining("VERDICT_KEY_CACHE_TTL");
    }

    @Test
    void unknownFileKeysAreProblemsToo() throws Exception {
        var file = dir.resolve("verdict.properties");
        Files.writeString(file, "http.prot=9000\n");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("VERDICT_CONFIG_FILE", file.toString())))
                .hasMessageContaining("unknown key 'http.prot'");
    }

    @Test
    void productionRefusesToStartWithoutMasterKeyAdminTokenAndPublicUrl() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("VERDICT_DATA_DIR", dir.toString(),
                "VERDICT_MODE", "production", "VERDICT_HTTPS_PORT", "0")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(3))
                .hasMessageContaining("VERDICT_MASTER_KEY")
                .hasMessageContaining("VERDICT_ADMIN_TOKEN")
                .hasMessageContaining("VERDICT_PUBLIC_URL");
    }

    @Test
    void productionWithEverythingGivenStartsWithAFreshnessWindowAndNoLoopbackCallbacks() {
        var config = ConfigLoader.load(Map.of("VERDICT_DATA_DIR", dir.toString(), "VERDICT_MODE", "production",
                "VERDICT_HTTPS_PORT", "0", "VERDICT_MASTER_KEY", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
                "VERDICT_ADMIN_TOKEN", "0123456789abcdef0123", "VERDICT_PUBLIC_URL", "https://verdict.example"));
        assertThat(config.timestampWindow()).isEqualTo(Duration.ofHours(24));
        assertThat(config.callbackAllowCidrs()).isEmpty();
    }

    @Test
    void rateLimitsAreOffInSandboxModeAndOnInProduction() {
        var sandbox = ConfigLoader.load(Map.of("VERDICT_DATA_DIR", dir.toString()));
        assertThat(sandbox.rateLimitPartner()).isEmpty();
        assertThat(sandbox.rateLimitAddress()).isEmpty();
        var production = ConfigLoader.load(Map.of("VERDICT_DATA_DIR", dir.toString(), "VERDICT_MODE", "production",
                "VERDICT_HTTPS_PORT", "0", "VERDICT_MASTER_KEY", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
                "VERDICT_ADMIN_TOKEN", "0123456789abcdef0123", "VERDICT_PUBLIC_URL", "https://verdict.example"));
        assertThat(production.rateLimitPartner()).contains(new RateLimitSetting(100, Duration.ofSeconds(1), 200));
        assertThat(production.rateLimitAddress()).contains(new RateLimitSetting(200, Duration.ofSeconds(1), 400));
        assertThat(ConfigLoader.describe(production)).contains("rateLimits=partner 100/s,200, address 200/s,400");

        var set = ConfigLoader.load(Map.of("VERDICT_DATA_DIR", dir.toString(), "VERDICT_RATE_LIMIT_PARTNER", "600/m",
                "VERDICT_RATE_LIMIT_ADDRESS", "10/s, 50"));
        assertThat(set.rateLimitPartner()).contains(new RateLimitSetting(600, Duration.ofMinutes(1), 600));
        assertThat(set.rateLimitAddress()).contains(new RateLimitSetting(10, Duration.ofSeconds(1), 50));
        var off = ConfigLoader.load(Map.of("VERDICT_DATA_DIR", dir.toString(), "VERDICT_MODE", "production",
                "VERDICT_HTTPS_PORT", "0", "VERDICT_MASTER_KEY", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
                "VERDICT_ADMIN_TOKEN", "0123456789abcdef0123", "VERDICT_PUBLIC_URL", "https://verdict.example",
                "VERDICT_RATE_LIMIT_ADDRESS", "off"));
        assertThat(off.rateLimitAddress()).isEmpty();
        for (var bad : new String[] {"100", "0/s", "10/d", "10/s,0", "fast"}) {
            assertThatThrownBy(() -> ConfigLoader.load(Map.of("VERDICT_DATA_DIR", dir.toString(),
                    "VERDICT_RATE_LIMIT_PARTNER", bad)))
                    .as(bad).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                            .asString().startsWith("VERDICT_RATE_LIMIT_PARTNER"));
        }
    }

    @Test
    void theLogFormatIsTextOrJsonAndComesFromTheEnvironmentOnly() throws Exception {
        ConfigLoader.load(Map.of("VERDICT_DATA_DIR", dir.toString(), "VERDICT_LOG_FORMAT", "json"));
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("VERDICT_DATA_DIR", dir.toString(),
                "VERDICT_LOG_FORMAT", "xml")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .asString().startsWith("VERDICT_LOG_FORMAT"));
        var file = dir.resolve("logs.properties");
        Files.writeString(file, "log.format=json\n");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("VERDICT_DATA_DIR", dir.toString(),
                "VERDICT_CONFIG_FILE", file.toString())))
                .hasMessageContaining("environment only (VERDICT_LOG_FORMAT)");
    }

    @Test
    void postgresNeedsAnExplicitMasterKeyAndTheDatabaseImageStore() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("VERDICT_DB_URL", "jdbc:postgresql://db/verdict",
                "VERDICT_MODE", "sandbox", "VERDICT_IMAGE_STORE", "file")))
                .hasMessageContaining("explicit VERDICT_MASTER_KEY")
                .hasMessageContaining("VERDICT_IMAGE_STORE=database");
    }

    @Test
    void refusesH2AndADataDirectoryThatHoldsAnH2Database() throws Exception {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("VERDICT_DATA_DIR", dir.toString(),
                "VERDICT_DB_URL", "jdbc:h2:file:/tmp/x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("H2 is no longer supported");
        Files.createDirectories(dir.resolve("db"));
        Files.write(dir.resolve("db").resolve("verdict.mv.db"), new byte[16]);
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("VERDICT_DATA_DIR", dir.toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("holds an H2 database");
    }

    @Test
    void describeMasksSecrets() {
        var config = ConfigLoader.load(Map.of("VERDICT_DATA_DIR", dir.toString(),
                "VERDICT_DB_URL", "jdbc:sqlite:" + dir.resolve("x.db") + "?password=hunter2", "VERDICT_ADMIN_TOKEN", "secret-token-123456",
                "VERDICT_MASTER_KEY", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="));
        var text = ConfigLoader.describe(config);
        assertThat(text).doesNotContain("hunter2", "secret-token-123456", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
    }

    @Test
    void operationsDocListsEveryKeyWithItsDefault() throws Exception {
        var doc = Files.readString(Path.of("docs/operations.md"));
        for (var key : ConfigKey.values()) {
            assertThat(doc).as(key.env()).containsPattern(Pattern.quote("`" + key.env() + "`"));
        }
        var documented = Pattern.compile("`(VERDICT_[A-Z0-9_]+)`").matcher(doc).results()
                .map(m -> m.group(1)).distinct().toList();
        var known = Arrays.stream(ConfigKey.values()).map(ConfigKey::env).toList();
        assertThat(known).containsAll(documented.stream()
                .filter(k -> !k.startsWith("VERDICT_TEST_") && !k.equals("VERDICT_JAVA_OPTS")
                        && !k.equals("VERDICT_LOG_LEVEL"))
                .toList());
    }
}
