package dev.verdict.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.operators.IssuedPassword;
import dev.verdict.operators.OperatorRole;
import dev.verdict.operators.SignIn;
import dev.verdict.partners.PartnerStatus;
import dev.verdict.testing.Browser;
import dev.verdict.testing.ServerTestBase;
import dev.verdict.testing.StartsProcesses;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator console in a real headless Chromium against a real server (DESIGN §10): sign-in,
 * lockout, session expiry and sign-out, roles, CSRF and Origin checks, secrets shown once, escaping,
 * phone width and the page headers. With {@code -Dverdict.screenshots=docs/console} the screenshots of
 * docs/console.md are written there (otherwise to target/console-screenshots).
 */
@StartsProcesses
abstract class ConsoleTests extends ServerTestBase {
    private static final List<String> ADMIN_PAGES = List.of("/console/operators", "/console/partners", "/console/privacy",
            "/console/audit");
    private static final AtomicInteger NAMES = new AtomicInteger();

    private ChromeDriver browser;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    void startBrowser() {
        browser = Browser.start();
    }

    @AfterAll
    void quitBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void freshBrowser() {
        browser.manage().window().setSize(Browser.LAPTOP);
        browser.get(url("/console/sign-in"));
        browser.manage().deleteAllCookies();
    }

    @Test
    void anAdminSignsInAndLandsOnHome() {
        var admin = operator(OperatorRole.ADMIN);
        signIn(admin.operator(), admin.password());

        assertThat(browser.getCurrentUrl()).isEqualTo(url("/console/"));
        assertThat(text("h1")).contains(admin.operator());
        assertThat(text("main")).contains("with the role admin");
        assertThat(navLabels()).containsExactly("Queue", "Jobs", "Operators", "Partners", "Privacy", "Audit log");
    }

    @Test
    void aPageWithoutASessionRedirectsToSignIn() {
        for (var path : List.of("/console/", "/console/operators", "/console/partners/1", "/console")) {
            browser.get(url(path));
            assertThat(browser.getCurrentUrl()).as(path).isEqualTo(url("/console/sign-in"));
        }
    }

    @Test
    void aWrongPasswordAnUnknownNameAndADisabledAccountGetOneGenericMessage() {
        var admin = operator(OperatorRole.ADMIN);
        signIn(admin.operator(), "wrong-password");
        assertThat(text("#sign-in-error")).isEqualTo(Console.SIGN_IN_FAILED);
        assertThat(browser.getCurrentUrl()).isEqualTo(url("/console/sign-in"));

        signIn("nobody-" + NAMES.incrementAndGet(), "whatever");
        assertThat(text("#sign-in-error")).isEqualTo(Console.SIGN_IN_FAILED);

        var disabled = operator(OperatorRole.REVIEWER);
        server.app().services().operators().disable(disabled.operator());
        signIn(disabled.operator(), disabled.password());
        assertThat(text("#sign-in-error")).isEqualTo(Console.SIGN_IN_FAILED);
        assertThat(browser.manage().getCookieNamed(Console.COOKIE)).isNull();
    }

    @Test
    void fiveWrongPasswordsLockTheAccount() {
        var reviewer = operator(OperatorRole.REVIEWER);
        for (int i = 1; i < 5; i++) {
            signIn(reviewer.operator(), "wrong-" + i);
            assertThat(text("#sign-in-error")).isEqualTo(Console.SIGN_IN_FAILED);
        }
        signIn(reviewer.operator(), "wrong-5");
        assertThat(text("#sign-in-error")).isEqualTo(Console.LOCKED).contains("locked", "try again later");

        signIn(reviewer.operator(), reviewer.password());
        assertThat(text("#sign-in-error")).isEqualTo(Console.LOCKED);
        assertThat(browser.getCurrentUrl()).isEqualTo(url("/console/sign-in"));
    }

    @Test
    void anIdleSessionExpiresAfterThirtyMinutes() {
        var admin = operator(OperatorRole.ADMIN);
        signIn(admin.operator(), admin.password());
        clock.advance(Duration.ofMinutes(29));
        browser.get(url("/console/partners"));
        assertThat(browser.getCurrentUrl()).isEqualTo(url("/console/partners"));

        clock.advance(Duration.ofMinutes(31));
        browser.get(url("/console/operators"));
        assertThat(browser.getCurrentUrl()).isEqualTo(url("/console/sign-in"));
    }

    @Test
    void signingOutEndsTheSessionAndBackOrReloadDoNotRestoreIt() throws Exception {
        var admin = operator(OperatorRole.ADMIN);
        signIn(admin.operator(), admin.password());
        var token = browser.manage().getCookieNamed(Console.COOKIE).getValue();
        browser.get(url("/console/partners"));

        submit(browser.findElement(By.cssSelector("form.who button")));
        assertThat(browser.getCurrentUrl()).isEqualTo(url("/console/sign-in"));
        assertThat(browser.manage().getCookieNamed(Console.COOKIE)).isNull();

        browser.navigate().back();
        assertThat(browser.getCurrentUrl()).isEqualTo(url("/console/sign-in"));
        browser.navigate().refresh();
        assertThat(browser.getCurrentUrl()).isEqualTo(url("/console/sign-in"));
        assertThat(server.app().services().operatorSessions().resume(token)).isEmpty();
        // the old cookie, sent again by hand, opens nothing
        assertThat(get("/console/partners", token).statusCode()).isEqualTo(303);
    }

    @Test
    void aReviewerGetsForbiddenOnAdminPages() throws Exception {
        var reviewer = operator(OperatorRole.REVIEWER);
        signIn(reviewer.operator(), reviewer.password());
        assertThat(navLabels()).doesNotContain("Operators", "Partners", "Audit log");
        assertThat(text("main")).contains("with the role reviewer");

        for (var path : ADMIN_PAGES) {
            browser.get(url(path));
            assertThat(browser.getCurrentUrl()).as(path).isEqualTo(url(path));
            assertThat(text("h1")).as(path).isEqualTo("Forbidden");
            assertThat(get(path, sessionCookie()).statusCode()).as(path).isEqualTo(403);
        }
        var partner = server.createPartner("reviewer-target");
        var csrf = csrfOf("/console/");
        var refused = post("/console/partners/" + partner.partnerId() + "/disable", sessionCookie(), csrf, null);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(status(partner.partnerId())).isEqualTo(PartnerStatus.ACTIVE);
    }

    @Test
    void aPostWithoutOrWithAWrongCsrfTokenChangesNothing() throws Exception {
        var admin = operator(OperatorRole.ADMIN);
        signIn(admin.operator(), admin.password());
        var partner = server.createPartner("csrf-target");
        var path = "/console/partners/" + partner.partnerId() + "/disable";

        var missing = post(path, sessionCookie(), null, null);
        assertThat(missing.statusCode()).isEqualTo(403);
        assertThat(missing.body()).contains("Forbidden");
        assertThat(post(path, sessionCookie(), "not-the-token", null).statusCode()).isEqualTo(403);
        assertThat(post(path, sessionCookie(), "", null).statusCode()).isEqualTo(403);
        assertThat(status(partner.partnerId())).isEqualTo(PartnerStatus.ACTIVE);

        // the same request with the page's token goes through: the refusals above were the token's
        var done = post(path, sessionCookie(), csrfOf("/console/partners/" + partner.partnerId()), null);
        assertThat(done.statusCode()).isEqualTo(303);
        assertThat(status(partner.partnerId())).isEqualTo(PartnerStatus.DISABLED);
    }

    @Test
    void aPostFromAForeignOriginIsRefused() throws Exception {
        var admin = operator(OperatorRole.ADMIN);
        signIn(admin.operator(), admin.password());
        var partner = server.createPartner("origin-target");
        var path = "/console/partners/" + partner.partnerId() + "/disable";
        var csrf = csrfOf("/console/partners/" + partner.partnerId());

        for (var origin : List.of("http://evil.example", "https://127.0.0.1:" + adminPort(),
                "http://localhost:" + adminPort(), "http://127.0.0.1:" + adminPort() + ".evil.example")) {
            assertThat(post(path, sessionCookie(), csrf, origin).statusCode()).as(origin).isEqualTo(403);
        }
        // what a foreign page under no-referrer sends: no origin, but the browser says where the form came from
        for (var site : List.of("cross-site", "same-site")) {
            assertThat(send(HttpRequest.newBuilder(URI.create(url(path)))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Cookie", Console.COOKIE + "=" + sessionCookie())
                    .header("Origin", "null").header("Sec-Fetch-Site", site)
                    .POST(HttpRequest.BodyPublishers.ofString("csrf=" + csrf))).statusCode()).as(site).isEqualTo(403);
        }
        assertThat(status(partner.partnerId())).isEqualTo(PartnerStatus.ACTIVE);
        // a sign-in from another site is refused too
        assertThat(send(HttpRequest.newBuilder(URI.create(url("/console/sign-in")))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("name=" + admin.operator() + "&password="
                        + URLEncoder.encode(admin.password(), StandardCharsets.UTF_8)))).statusCode()).isEqualTo(403);

        assertThat(post(path, sessionCookie(), csrf, "http://127.0.0.1:" + adminPort()).statusCode()).isEqualTo(303);
        assertThat(status(partner.partnerId())).isEqualTo(PartnerStatus.DISABLED);
    }

    @Test
    void aNewPartnersKeyIsShownOnce() {
        var admin = operator(OperatorRole.ADMIN);
        signIn(admin.operator(), admin.password());
        browser.get(url("/console/partners"));
        browser.findElement(By.cssSelector("form.inline input[name=name]")).sendKeys("Acme Verification");
        submit(browser.findElement(By.cssSelector("form.inline button")));

        assertThat(browser.getCurrentUrl()).matches(url("/console/partners/") + "\\d+");
        var values = browser.findElements(By.cssSelector(".secrets dd code")).stream().map(WebElement::getText).toList();
        assertThat(values).hasSize(2);
        var partnerId = Long.parseLong(values.get(0));
        assertThat(values.get(1)).hasSizeGreaterThan(30);
        assertThat(server.app().services().partners().find(partnerId).orElseThrow().name()).isEqualTo("Acme Verification");
        assertThat(lastAudit("partner.created")).contains(admin.operator());

        browser.navigate().refresh();
        assertThat(browser.findElements(By.cssSelector(".secrets"))).isEmpty();
        assertThat(browser.getPageSource()).doesNotContain(values.get(1));
    }

    @Test
    void anAdminErasesAPersonOnlyAfterTypingTheirUserIdAgain() {
        var admin = operator(OperatorRole.ADMIN);
        var partner = server.createPartner("Erasure partner " + NAMES.incrementAndGet());
        var user = "erase-me-" + NAMES.incrementAndGet();
        var smileJobId = server.createJob(partner.partnerId(), user, "job-" + user, 1, "RECEIVED");
        server.putImage(smileJobId, "selfie", dev.verdict.testing.Images.jpeg(64, 80));
        server.recordResult(smileJobId, 1, "0810", "\"FullName\": \"Ona Erasable\"");
        signIn(admin.operator(), admin.password());
        browser.get(url("/console/privacy"));
        browser.findElement(By.cssSelector("#erase-find input[name=partner_id]")).sendKeys(Long.toString(partner.partnerId()));
        browser.findElement(By.cssSelector("#erase-find input[name=user_id]")).sendKeys(user);
        submit(browser.findElement(By.cssSelector("#erase-find button")));
        assertThat(text("#erase-jobs")).contains(smileJobId);

        browser.findElement(By.cssSelector("#erase-confirm input[name=confirm]")).sendKeys("not-" + user);
        submit(browser.findElement(By.cssSelector("#erase-confirm button")));
        assertThat(text(".notice.error")).contains("Type the user_id");
        assertThat(server.app().services().images().imagesOf(Long.parseLong(smileJobId))).hasSize(1);

        browser.findElement(By.cssSelector("#erase-confirm input[name=confirm]")).sendKeys(user);
        submit(browser.findElement(By.cssSelector("#erase-confirm button")));
        assertThat(text(".notice")).contains("Erased").contains("1 image(s)");
        assertThat(server.app().services().images().imagesOf(Long.parseLong(smileJobId))).isEmpty();
        assertThat(lastAudit("user.erased")).isEqualTo("OPERATOR " + admin.operator());
    }

    @Test
    void aNewOperatorsPasswordIsShownOnceAndWorks() {
        var admin = operator(OperatorRole.ADMIN);
        signIn(admin.operator(), admin.password());
        browser.get(url("/console/operators"));
        var name = "carol-" + NAMES.incrementAndGet();
        browser.findElement(By.cssSelector("form.inline input[name=name]")).sendKeys(name);
        browser.findElement(By.cssSelector("form.inline select[name=role] option[value=reviewer]")).click();
        submit(browser.findElement(By.cssSelector("form.inline button")));

        var values = browser.findElements(By.cssSelector(".secrets dd code")).stream().map(WebElement::getText).toList();
        assertThat(values).hasSize(3);
        assertThat(values.subList(0, 2)).containsExactly(name, "reviewer");
        assertThat(server.app().services().operators().authenticate(name, values.get(2)))
                .isInstanceOf(SignIn.SignedIn.class);
        assertThat(lastAudit("operator.created")).contains(admin.operator());

        browser.navigate().refresh();
        assertThat(browser.findElements(By.cssSelector(".secrets"))).isEmpty();
        assertThat(browser.getPageSource()).doesNotContain(values.get(2));
    }

    @Test
    void operatorChangesInTheConsoleAreAuditedAsTheActingOperator() {
        var admin = operator(OperatorRole.ADMIN);
        var target = operator(OperatorRole.REVIEWER);
        signIn(admin.operator(), admin.password());
        browser.get(url("/console/operators"));
        submit(rowButton(target.operator(), "Disable"));
        assertThat(text(".notice")).contains("disabled");
        assertThat(server.app().services().operators().find(target.operator()).orElseThrow().active()).isFalse();
        submit(rowButton(target.operator(), "Enable"));
        assertThat(server.app().services().operators().find(target.operator()).orElseThrow().active()).isTrue();
        submit(rowButton(target.operator(), "Reset password"));
        var password = browser.findElements(By.cssSelector(".secrets dd code")).get(2).getText();
        assertThat(server.app().services().operators().authenticate(target.operator(), password))
                .isInstanceOf(SignIn.SignedIn.class);

        browser.get(url("/console/audit?operator=" + admin.operator()));
        var actions = browser.findElements(By.cssSelector("#audit td[data-label=Action]")).stream()
                .map(WebElement::getText).toList();
        assertThat(actions).containsSubsequence("operator.password_reset", "operator.enabled", "operator.disabled",
                "operator.signed_in");
        browser.get(url("/console/audit?action=operator.disabled&operator=" + admin.operator()));
        assertThat(browser.findElements(By.cssSelector("#audit tbody tr"))).hasSize(1);
        assertThat(text("#audit td[data-label=Detail]")).contains("operator " + target.operator());
    }

    @Test
    void anAdminCannotDisableOrResetTheirOwnAccountHere() throws Exception {
        var admin = operator(OperatorRole.ADMIN);
        signIn(admin.operator(), admin.password());
        var csrf = csrfOf("/console/operators");
        for (var action : List.of("disable", "reset-password")) {
            var answer = post("/console/operators/" + admin.operator() + "/" + action, sessionCookie(), csrf, null);
            assertThat(answer.statusCode()).as(action).isEqualTo(303);
        }
        browser.get(url("/console/operators"));
        assertThat(text(".notice.error")).contains("your own account");
        assertThat(server.app().services().operators().authenticate(admin.operator(), admin.password()))
                .isInstanceOf(SignIn.SignedIn.class);
        assertThat(server.app().services().operatorSessions().resume(sessionCookie())).isPresent();
    }

    @Test
    void hostilePartnerNamesAreShownAsText() {
        var script = "<script>alert(1)</script>";
        var image = "\"><img src=x onerror=alert(1)>";
        var first = server.createPartner(script);
        var second = server.createPartner(image);
        var admin = operator(OperatorRole.ADMIN);
        signIn(admin.operator(), admin.password());

        browser.get(url("/console/partners"));
        var names = browser.findElements(By.cssSelector("#partners td.partner-name")).stream()
                .map(WebElement::getText).toList();
        assertThat(names).contains(script, image);
        assertThat(browser.findElements(By.cssSelector("main script, main img"))).isEmpty();
        assertThat(browser.findElements(By.tagName("script"))).isEmpty();
        assertNoAlert();

        for (var id : List.of(first.partnerId(), second.partnerId())) {
            browser.get(url("/console/partners/" + id));
            assertThat(browser.findElements(By.cssSelector("script, img"))).isEmpty();
            assertNoAlert();
        }
        assertThat(text("h1")).isEqualTo(image);
    }

    @Test
    void pagesFitAPhoneScreen() {
        var admin = operator(OperatorRole.ADMIN);
        server.createPartner("A partner with a rather long name that has to wrap on a phone screen somewhere");
        signIn(admin.operator(), admin.password());
        var partnerId = server.app().services().partners().list().getFirst().id();
        browser.manage().window().setSize(Browser.PHONE);
        for (var path : List.of("/console/", "/console/operators", "/console/partners", "/console/partners/" + partnerId,
                "/console/audit")) {
            browser.get(url(path));
            assertNoHorizontalScroll(path);
        }
        browser.manage().deleteAllCookies();
        browser.get(url("/console/sign-in"));
        assertNoHorizontalScroll("/console/sign-in");
    }

    @Test
    void everyConsoleAnswerCarriesThePageHeaders() throws Exception {
        var admin = operator(OperatorRole.ADMIN);
        signIn(admin.operator(), admin.password());
        var cookie = sessionCookie();
        var answers = new java.util.ArrayList<HttpResponse<String>>();
        for (var path : List.of("/console/", "/console/operators", "/console/partners", "/console/audit",
                "/console/sign-in", "/console/static/console.css")) {
            answers.add(get(path, cookie));
        }
        answers.add(get("/console/partners", null)); // the redirect to sign-in
        answers.add(get("/console/sign-in", null));
        answers.add(post("/console/partners/1/disable", cookie, null, null)); // a refusal
        for (var answer : answers) {
            var what = answer.request().method() + " " + answer.uri().getPath() + " → " + answer.statusCode();
            var headers = answer.headers();
            assertThat(headers.firstValue("Content-Security-Policy")).as(what)
                    .hasValue("default-src 'self'; frame-ancestors 'none'; form-action 'self'");
            assertThat(headers.firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
            assertThat(headers.firstValue("Referrer-Policy")).as(what).hasValue("no-referrer");
            assertThat(headers.firstValue("Cache-Control")).as(what).hasValue("no-store");
        }
        assertThat(answers.get(0).headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(answers.get(6).statusCode()).isEqualTo(303);
        assertThat(answers.get(6).headers().firstValue("Location")).hasValue("/console/sign-in");
    }

    @Test
    void theSessionCookieIsHttpOnlyStrictAndScopedToTheConsole() throws Exception {
        var admin = operator(OperatorRole.ADMIN);
        var answer = send(HttpRequest.newBuilder(URI.create(url("/console/sign-in")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", "http://127.0.0.1:" + adminPort())
                .POST(HttpRequest.BodyPublishers.ofString("name=" + admin.operator() + "&password="
                        + URLEncoder.encode(admin.password(), StandardCharsets.UTF_8))));
        assertThat(answer.statusCode()).isEqualTo(303);
        var cookie = answer.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).matches(Console.COOKIE + "=[A-Za-z0-9_-]{43}; Path=/console; HttpOnly; SameSite=Strict");
    }

    @Test
    void screenshots() throws Exception {
        var dir = Path.of(System.getProperty("verdict.screenshots", "target/console-screenshots"));
        Files.createDirectories(dir);
        var services = server.app().services();
        if (services.partners().list().stream().noneMatch(p -> p.name().equals("Acme Verification Ltd"))) {
            services.partners().create("Acme Verification Ltd");
            services.partners().setCallback(services.partners().create("Globex KYC").partnerId(),
                    "https://globex.example/verdict/callback");
        }
        var admin = services.operators().find("admin").isPresent()
                ? services.operators().resetPassword("admin")
                : services.operators().create("admin", OperatorRole.ADMIN);
        if (services.operators().find("alice").isEmpty()) {
            services.operators().create("alice", OperatorRole.REVIEWER);
        }

        browser.get(url("/console/sign-in"));
        browser.findElement(By.name("name")).sendKeys("admin");
        shoot(dir, "sign-in");
        browser.findElement(By.name("password")).sendKeys(admin.password());
        submit(browser.findElement(By.cssSelector("form.stacked button")));
        shoot(dir, "home");
        browser.get(url("/console/operators"));
        shoot(dir, "operators");
        browser.get(url("/console/partners"));
        shoot(dir, "partners");
        browser.get(url("/console/audit"));
        shoot(dir, "audit");
        browser.manage().window().setSize(Browser.PHONE);
        browser.get(url("/console/partners"));
        shoot(dir, "partners-phone");
        browser.manage().window().setSize(Browser.LAPTOP);
    }

    // --- helpers

    private void shoot(Path dir, String name) throws Exception {
        Files.write(dir.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    /** Clicks a form's button and waits until the page it leads to has replaced this one. */
    private void submit(WebElement button) {
        var html = browser.findElement(By.tagName("html"));
        button.click();
        // while Chromium swaps documents, asking about the old one may fail with another error than "stale"
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> {
            try {
                html.isEnabled();
                return false;
            } catch (WebDriverException gone) {
                return true;
            }
        });
        new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(WebDriverException.class).until(
                d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
    }

    private IssuedPassword operator(OperatorRole role) {
        return server.app().services().operators().create(role.wireName() + "-" + NAMES.incrementAndGet(), role);
    }

    private void signIn(String name, String password) {
        browser.get(url("/console/sign-in"));
        browser.findElement(By.name("name")).clear();
        browser.findElement(By.name("name")).sendKeys(name);
        browser.findElement(By.name("password")).sendKeys(password);
        submit(browser.findElement(By.cssSelector("form.stacked button")));
    }

    private String url(String path) {
        return server.adminBase() + path;
    }

    private String adminPort() {
        return server.env().get("VERDICT_ADMIN_PORT");
    }

    private String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    private List<String> navLabels() {
        return browser.findElements(By.cssSelector("header nav a")).stream().map(WebElement::getText).toList();
    }

    private WebElement rowButton(String operatorName, String label) {
        return browser.findElements(By.cssSelector("#operators tbody tr")).stream()
                .filter(row -> row.findElement(By.cssSelector("td[data-label=Name]")).getText().equals(operatorName))
                .findFirst().orElseThrow()
                .findElements(By.tagName("button")).stream().filter(b -> b.getText().equals(label)).findFirst()
                .orElseThrow();
    }

    private String sessionCookie() {
        return browser.manage().getCookieNamed(Console.COOKIE).getValue();
    }

    /** The CSRF token in the forms of a page, read as the browser sees it. */
    private String csrfOf(String path) {
        browser.get(url(path));
        return browser.findElement(By.cssSelector("input[name=csrf]")).getDomAttribute("value");
    }

    private PartnerStatus status(long partnerId) {
        return server.app().services().partners().find(partnerId).orElseThrow().status();
    }

    private String lastAudit(String action) {
        var events = server.app().services().audit().read(new dev.verdict.audit.AuditLog.Filter(
                java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.of(action)), 1);
        return events.isEmpty() ? "" : events.getFirst().actorType() + " " + events.getFirst().actorId();
    }

    private void assertNoAlert() {
        try {
            browser.switchTo().alert();
            throw new AssertionError("a script ran: an alert is open");
        } catch (NoAlertPresentException expected) {
            // nothing ran
        }
    }

    private void assertNoHorizontalScroll(String path) {
        var js = (JavascriptExecutor) browser;
        var scrollWidth = ((Number) js.executeScript("return document.documentElement.scrollWidth")).longValue();
        var clientWidth = ((Number) js.executeScript("return document.documentElement.clientWidth")).longValue();
        assertThat(clientWidth).as(path + " viewport").isLessThanOrEqualTo(Browser.PHONE.width);
        assertThat(scrollWidth).as(path + " scrollWidth at phone width").isLessThanOrEqualTo(clientWidth);
    }

    private HttpResponse<String> get(String path, String sessionToken) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url(path))).GET();
        if (sessionToken != null) {
            request.header("Cookie", Console.COOKIE + "=" + sessionToken);
        }
        return send(request);
    }

    private HttpResponse<String> post(String path, String sessionToken, String csrf, String origin) throws Exception {
        var body = csrf == null ? "" : "csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8);
        var request = HttpRequest.newBuilder(URI.create(url(path)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", Console.COOKIE + "=" + sessionToken)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return send(request);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
