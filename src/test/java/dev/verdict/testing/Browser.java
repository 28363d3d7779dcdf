package dev.verdict.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Chromium driven through the installed chromedriver (Debian's {@code chromium} and
 * {@code chromium-driver}; .ci/run installs them). Both paths are given explicitly, so Selenium never
 * looks for or downloads a browser or driver. Without them the tests skip loudly, unless
 * VERDICT_TEST_REQUIRE_BROWSER=true (as in .ci/run), where they fail. One browser serves a whole test
 * class: starting one takes about a second.
 */
public final class Browser {
    public static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("VERDICT_TEST_CHROMIUM", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER =
            Path.of(System.getenv().getOrDefault("VERDICT_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"));
    public static final Dimension LAPTOP = new Dimension(1280, 800);
    public static final Dimension PHONE = new Dimension(375, 812);

    private Browser() {}

    /** A new headless browser at laptop size; the caller quits it. */
    public static ChromeDriver start() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            var message = "Chromium or chromedriver missing (" + CHROMIUM + ", " + CHROMEDRIVER
                    + "; apt-get install chromium chromium-driver)";
            if (Boolean.parseBoolean(System.getenv("VERDICT_TEST_REQUIRE_BROWSER"))) {
                throw new IllegalStateException(message + " and VERDICT_TEST_REQUIRE_BROWSER=true");
            }
            System.err.println("!!!!! SKIPPING BROWSER TESTS: " + message + " !!!!!");
            Assumptions.abort(message);
        }
        var options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                "--window-size=" + LAPTOP.width + "," + LAPTOP.height, "--hide-scrollbars",
                "--disable-extensions", "--no-first-run", "--disable-background-networking");
        var service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        var driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.manage().window().setSize(LAPTOP);
        return driver;
    }
}
