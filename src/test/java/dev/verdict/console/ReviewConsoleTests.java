package dev.verdict.console;

import static dev.verdict.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.audit.AuditLog;
import dev.verdict.operators.IssuedPassword;
import dev.verdict.operators.OperatorRole;
import dev.verdict.partners.IssuedKey;
import dev.verdict.signing.SidSignature;
import dev.verdict.testing.Browser;
import dev.verdict.testing.Images;
import dev.verdict.testing.Node;
import dev.verdict.testing.Receiver;
import dev.verdict.testing.ServerTestBase;
import dev.verdict.testing.SignedRequests;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The review queue, the review page and the job pages in a real headless Chromium against a real
 * server (DESIGN §10): a sandbox job under review submitted through the official Node SDK, claimed,
 * looked at (the evidence images load through the audited console route) and decided in the browser,
 * then job_status and the callbacks through the SDK and the receiver; two reviewers on one job; a stale
 * page; hostile partner params; job search, the timeline's producers, replay and re-drive for admins
 * only; phone width. With {@code -Dverdict.screenshots=docs/console} the pages' screenshots are written.
 */
@StartsProcesses
abstract class ReviewConsoleTests extends ServerTestBase {
    private static final String TS = "2026-03-01T12:00:00.000Z";
    private static final AtomicInteger NAMES = new AtomicInteger();

    protected ChromeDriver browser;
    private ChromeDriver second;
    protected final Receiver receiver = new Receiver();
    protected IssuedKey partner;
    private Path images;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @Override
    protected void configure(Map<String, String> env) {
        env.put("VERDICT_ENGINE_POLL", "10m"); // the engine wakes on commits
    }

    @Override
    protected void started() throws Exception {
        partner = server.createPartner("Console review partner");
        images = dataDir.resolve("images-for-node");
        Files.createDirectories(images);
        Files.write(images.resolve("selfie.jpg"), Images.jpeg(120, 160));
        Files.write(images.resolve("id.png"), Images.png(200, 130));
    }

    @BeforeAll
    void startBrowser() {
        browser = Browser.start();
    }

    @AfterAll
    void quitBrowsers() {
        if (browser != null) {
            browser.quit();
        }
        if (second != null) {
            second.quit();
        }
        receiver.close();
    }

    @BeforeEach
    void freshBrowser() {
        browser.manage().window().setSize(Browser.LAPTOP);
        browser.get(url("/console/sign-in"));
        browser.manage().deleteAllCookies();
    }

    // ---- the whole path: SDK → queue → claim → evidence → approve → SDK and callbacks --------------------

    @Test
    void aReviewerApprovesASandboxJobInTheBrowserAndThePartnerSeesTheHumanResult() throws Exception {
        var path = "/cb/" + UUID.randomUUID();
        var user = unique("kyc-user");
        var jobId = unique("jt1-sandbox-review");
        nodeSubmit(user, jobId, 1, """
                [{"image_type_id": 0, "image": "%s"}, {"image_type_id": 1, "image": "%s"}]"""
                .formatted(images.resolve("selfie.jpg"), images.resolve("id.png")),
                "{\"country\": \"NG\", \"id_type\": \"BVN\", \"id_number\": \"12345678901\", \"entered\": true}",
                receiver.url(path));
        var smileJobId = awaitProvisional(user, jobId);

        var reviewer = operator(OperatorRole.REVIEWER);
        signIn(browser, reviewer);
        browser.get(url("/console/queue?partner=" + partner.partnerId()));
        assertThat(Long.parseLong(text("#queue-length"))).isPositive();
        assertThat(text("#queue-oldest")).isNotEmpty();
        var row = queueRow(browser, smileJobId);
        assertThat(row.findElement(By.cssSelector("td[data-label=Type]")).getText()).isEqualTo("1");
        assertThat(row.findElement(By.cssSelector("td[data-label=Result]")).getText()).isEqualTo("0814");
        submit(browser, row.findElement(By.cssSelector("button.claim")));

        assertThat(browser.getCurrentUrl()).isEqualTo(url("/console/review/" + smileJobId));
        assertThat(text(".notice")).startsWith("Claimed until");
        assertImagesLoaded(browser, "figure.evidence-selfie img", "figure.evidence-id_card_front img");
        assertThat(text("#machine-result")).contains("0814").contains("ResultText").contains("ConfidenceValue");
        assertThat(text("#partner-params")).contains(user).contains(jobId);
        // the images were read through the audited path, the reviewer as the actor
        var viewed = server.app().services().audit().read(new AuditLog.Filter(Optional.empty(),
                Optional.of(reviewer.operator()), Optional.of("image.viewed")), 10);
        assertThat(viewed).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(e -> assertThat(e.actorType()).isEqualTo(AuditLog.ActorType.OPERATOR));
        var image = browser.findElement(By.cssSelector("figure.evidence-selfie img")).getDomAttribute("src");
        var served = getBytes(image, sessionCookie(browser));
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("Content-Type")).contains("image/jpeg");
        assertThat(getBytes(image, null).statusCode()).as("no session, no image").isEqualTo(303);

        decide(browser, "Selfie matches the ID card", "approve");
        assertThat(browser.getCurrentUrl()).isEqualTo(url("/console/jobs/" + smileJobId));
        assertThat(text(".notice")).contains("Approved").contains("1210");

        var status = nodeStatus(user, jobId);
        assertThat(status.get("job_complete").booleanValue()).isTrue();
        assertThat(status.get("result").get("ResultCode").asText()).isEqualTo("1210");
        assertThat(status.get("result").get("IsMachineResult").asText()).isEqualTo("false");
        assertThat(status.get("history")).extracting(h -> h.get("ResultCode").asText())
                .containsExactly("1210", "0814", "1012");
        var callbacks = receiver.await(path, 3);
        assertThat(callbacks).extracting(r -> json(r.body()).get("ResultCode").asText())
                .containsExactly("1012", "0814", "1210");
        for (var callback : callbacks) {
            var body = json(callback.body());
            assertThat(new SidSignature(partner.apiKey()).verifies(body.get("signature").asText(),
                    body.get("timestamp").asText(), Long.toString(partner.partnerId()))).isTrue();
            assertThat(callback.header("webhook-signature")).startsWith("v1,");
        }

        // the job pages: search finds it three ways; the timeline names the reviewer as the decision's producer
        browser.get(url("/console/jobs?smile_job_id=" + smileJobId));
        assertThat(browser.getCurrentUrl()).isEqualTo(url("/console/jobs/" + smileJobId));
        for (var query : List.of("partner=" + partner.partnerId() + "&job_id=" + jobId,
                "partner=" + partner.partnerId() + "&user_id=" + user)) {
            browser.get(url("/console/jobs?" + query));
            assertThat(browser.findElements(By.cssSelector("#jobs tbody td[data-label=SmileJobID]")))
                    .extracting(WebElement::getText).as(query).contains(smileJobId);
        }
        browser.get(url("/console/jobs/" + smileJobId));
        var producers = browser.findElements(By.cssSelector("#timeline td.producer")).stream()
                .map(WebElement::getText).toList();
        assertThat(producers).hasSize(3).last().isEqualTo("operator:" + reviewer.operator());
        assertImagesLoaded(browser, "figure.evidence-selfie img");
        assertThat(browser.findElements(By.cssSelector("#deliveries tbody tr"))).hasSize(3);
        // a reviewer may look but not re-send
        assertThat(browser.findElements(By.cssSelector("#replay, button.redrive"))).isEmpty();
        var csrf = csrfOf(browser);
        assertThat(post("/console/jobs/" + smileJobId + "/replay", sessionCookie(browser), Map.of("csrf", csrf))
                .statusCode()).isEqualTo(403);
        assertThat(post("/console/jobs/" + smileJobId + "/deliveries/1/redrive", sessionCookie(browser),
                Map.of("csrf", csrf)).statusCode()).isEqualTo(403);
        assertThat(receiver.received(path)).hasSize(3);

        // an admin replays: the receiver gets every callback again with the same webhook ids
        var admin = operator(OperatorRole.ADMIN);
        signIn(browser, admin);
        browser.get(url("/console/jobs/" + smileJobId));
        submit(browser, browser.findElement(By.id("replay")));
        assertThat(text(".notice")).contains("Replaying 3");
        var again = receiver.await(path, 6);
        assertThat(again.subList(3, 6)).extracting(r -> r.header("webhook-id"))
                .containsExactlyInAnyOrderElementsOf(callbacks.stream().map(r -> r.header("webhook-id")).toList());
        assertThat(server.app().services().audit().read(new AuditLog.Filter(Optional.empty(),
                Optional.of(admin.operator()), Optional.of("callback.replay")), 1)).hasSize(1);
    }

    @Test
    void aRejectedRegistrationLeavesNoEnrolledUser() throws Exception {
        var path = "/cb/" + UUID.randomUUID();
        var user = unique("reg-user");
        var jobId = unique("jt4-sandbox-review");
        nodeSubmit(user, jobId, 4, "[{\"image_type_id\": 0, \"image\": \"%s\"}]".formatted(images.resolve("selfie.jpg")),
                "{}", receiver.url(path));
        var smileJobId = awaitProvisional(user, jobId);

        signIn(browser, operator(OperatorRole.REVIEWER));
        browser.get(url("/console/review/" + smileJobId));
        submit(browser, browser.findElement(By.id("claim")));
        assertImagesLoaded(browser, "figure.evidence-selfie img");
        decide(browser, "Suspected spoof or fraud", "reject");
        assertThat(text(".notice")).contains("Rejected").contains("1241");

        var status = nodeStatus(user, jobId);
        assertThat(status.get("job_complete").booleanValue()).isTrue();
        assertThat(status.get("job_success").booleanValue()).isFalse();
        assertThat(status.get("history")).extracting(h -> h.get("ResultCode").asText()).containsExactly("1241", "0842");
        assertThat(receiver.await(path, 2)).extracting(r -> json(r.body()).get("ResultCode").asText())
                .containsExactly("0842", "1241");
        assertThat(server.app().services().users().status(partner.partnerId(), user)).isEmpty();
    }

    @Test
    void twoReviewersOnOneJobAndAStalePage() throws Exception {
        var smileJobId = jobInReview(Map.of("note", "two reviewers"));
        var first = operator(OperatorRole.REVIEWER);
        var other = operator(OperatorRole.REVIEWER);
        signIn(browser, first);
        var otherBrowser = secondBrowser();
        signIn(otherBrowser, other);

        browser.get(url("/console/review/" + smileJobId));
        otherBrowser.get(url("/console/review/" + smileJobId));
        submit(browser, browser.findElement(By.id("claim")));
        assertThat(browser.findElements(By.id("decision"))).hasSize(1);

        // the other reviewer's page was loaded before the claim: their claim is refused with a message
        submit(otherBrowser, otherBrowser.findElement(By.id("claim")));
        assertThat(otherBrowser.findElement(By.cssSelector(".notice.error")).getText()).contains("claimed by another operator");
        assertThat(otherBrowser.findElement(By.id("claimed-by")).getText()).contains(first.operator());
        assertThat(otherBrowser.findElements(By.id("decision"))).isEmpty();
        otherBrowser.get(url("/console/queue"));
        assertThat(queueRow(otherBrowser, smileJobId).getText()).contains("claimed by " + first.operator());
        assertThat(queueRow(otherBrowser, smileJobId).findElements(By.tagName("button"))).isEmpty();
        // a decision posted by the other reviewer anyway changes nothing
        var refused = post("/console/review/" + smileJobId + "/decision", sessionCookie(otherBrowser), Map.of(
                "csrf", csrfOf(otherBrowser), "seq", "2", "decision", "approve", "reason", "Selfie matches the ID card",
                "note", ""));
        assertThat(refused.statusCode()).isEqualTo(303);
        assertThat(latestSeq(smileJobId)).isEqualTo(1);

        // a stale page (an older seq than the job's next) is refused with a visible message
        ((JavascriptExecutor) browser).executeScript("document.querySelector('input[name=seq]').value = '1'");
        decide(browser, "Selfie matches the ID card", "approve");
        assertThat(text(".notice.error")).contains("out of date");
        assertThat(latestSeq(smileJobId)).isEqualTo(1);

        // reloaded, the page decides
        browser.get(url("/console/review/" + smileJobId));
        decide(browser, "ID card unreadable or incomplete", "reject");
        assertThat(text(".notice")).contains("Rejected");
        assertThat(latestSeq(smileJobId)).isEqualTo(2);
        otherBrowser.get(url("/console/review/" + smileJobId));
        assertThat(otherBrowser.findElement(By.id("not-in-review")).getText()).contains("not awaiting review");
    }

    @Test
    void aReleasedJobGoesBackAndNextClaimsTheOldest() throws Exception {
        var smileJobId = jobInReview(Map.of());
        signIn(browser, operator(OperatorRole.REVIEWER));
        browser.get(url("/console/review/" + smileJobId));
        submit(browser, browser.findElement(By.id("claim")));
        submit(browser, browser.findElement(By.id("release")));
        assertThat(browser.getCurrentUrl()).startsWith(url("/console/queue"));
        assertThat(text(".notice")).contains("back in the queue");
        submit(browser, browser.findElement(By.id("next")));
        assertThat(browser.getCurrentUrl()).startsWith(url("/console/review/"));
        assertThat(browser.findElements(By.id("decision"))).hasSize(1);
    }

    @Test
    void hostilePartnerParamsAreShownAsText() throws Exception {
        var script = "<script>alert(1)</script>";
        var image = "\"><img src=x onerror=alert(1)>";
        var smileJobId = jobInReview(Map.of("optional_info", script, image, image));
        signIn(browser, operator(OperatorRole.REVIEWER));
        for (var page : List.of("/console/review/" + smileJobId, "/console/jobs/" + smileJobId)) {
            browser.get(url(page));
            var params = text("#partner-params");
            assertThat(params).as(page).contains(script).contains(image);
            assertThat(browser.findElements(By.tagName("script"))).as(page).isEmpty();
            assertThat(browser.findElements(By.cssSelector("img[src=x], img[onerror]"))).as(page).isEmpty();
            assertNoAlert(browser);
        }
    }

    @Test
    void reviewPagesFitAPhoneScreen() throws Exception {
        var smileJobId = jobWithImagesInReview();
        signIn(browser, operator(OperatorRole.REVIEWER));
        browser.manage().window().setSize(Browser.PHONE);
        for (var page : List.of("/console/queue", "/console/review/" + smileJobId, "/console/jobs/" + smileJobId,
                "/console/jobs")) {
            browser.get(url(page));
            assertNoHorizontalScroll(page);
        }
    }

    @Test
    void screenshots() throws Exception {
        var dir = Path.of(System.getProperty("verdict.screenshots", "target/console-screenshots"));
        Files.createDirectories(dir);
        var smileJobId = jobWithImagesInReview();
        jobInReview(Map.of("user_id", "user-2041", "job_id", "onboarding-2041"));
        clock.advance(Duration.ofMinutes(6)); // the queue shows how long its jobs have waited
        var reviewer = server.app().services().operators().create("amara", OperatorRole.REVIEWER);
        signIn(browser, reviewer);
        browser.get(url("/console/queue"));
        shoot(dir, "queue");
        browser.get(url("/console/review/" + smileJobId));
        submit(browser, browser.findElement(By.id("claim")));
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1500));
        browser.get(url("/console/review/" + smileJobId));
        shoot(dir, "review");
        browser.manage().window().setSize(Browser.PHONE);
        browser.get(url("/console/review/" + smileJobId));
        shoot(dir, "review-phone");
        browser.manage().window().setSize(Browser.LAPTOP);
        browser.get(url("/console/review/" + smileJobId));
        decide(browser, "Selfie matches the ID card", "approve");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1300));
        browser.get(url("/console/jobs/" + smileJobId));
        shoot(dir, "job");
        browser.manage().window().setSize(Browser.LAPTOP);
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    /** A JT1 job with partner params, in review through the internal API (seq 1 provisional, no engine). */
    protected String jobInReview(Map<String, String> partnerParams) {
        var params = TestServerJson.object(partnerParams);
        var response = server.adminPost("/internal/v1/jobs", """
                {"partner_id": "%d", "user_id": "%s", "job_id": "%s", "job_type": 1, "state": "RECEIVED",
                 "partner_params": %s}""".formatted(partner.partnerId(), unique("user"), unique("job"), params));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        var smileJobId = json(response.body()).get("smile_job_id").asText();
        server.recordResult(smileJobId, 1, "0814", "\"ResultText\": \"Under review\", \"ConfidenceValue\": \"71\"");
        return smileJobId;
    }

    private String jobWithImagesInReview() {
        var response = server.adminPost("/internal/v1/jobs", """
                {"partner_id": "%d", "user_id": "user-1042", "job_id": "%s", "job_type": 1, "state": "RECEIVED",
                 "callback_url": "%s",
                 "partner_params": {"user_id": "user-1042", "job_id": "onboarding-1042", "channel": "mobile app"}}"""
                .formatted(partner.partnerId(), unique("onboarding"), receiver.url("/cb/" + UUID.randomUUID())));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        var smileJobId = json(response.body()).get("smile_job_id").asText();
        server.putImage(smileJobId, "selfie", Images.jpeg(360, 480));
        server.putImage(smileJobId, "id_card_front", Images.png(480, 300));
        server.putImage(smileJobId, "id_card_back", Images.png(480, 300));
        server.recordResult(smileJobId, 1, "0814", """
                "ResultText": "Provisional Approval - Under Review", "ConfidenceValue": "71",
                "FullName": "Ada Obi", "DOB": "1990-04-12", "IDType": "BVN", "Country": "NG\"""");
        return smileJobId;
    }

    protected int latestSeq(String smileJobId) {
        return server.app().services().jobs().find(smileJobId).orElseThrow().latestSeq();
    }

    private String awaitProvisional(String userId, String jobId) throws InterruptedException {
        eventually(() -> status(userId, jobId).body().contains("\"IsFinalResult\":\"false\""),
                "the provisional result of " + jobId);
        return json(status(userId, jobId).body()).get("result").get("SmileJobID").asText();
    }

    private HttpResponse<String> status(String userId, String jobId) {
        return server.post("/v1/job_status", SignedRequests.jobStatus(partner, userId, jobId, TS, false, false));
    }

    private Map<String, String> nodeEnv(String callbackUrl) {
        return Node.sdkEnv(server, partner, callbackUrl);
    }

    private void nodeSubmit(String userId, String jobId, int jobType, String imagesJson, String idInfo,
            String callbackUrl) throws Exception {
        var result = Node.submitJob(nodeEnv(callbackUrl), userId, jobId, jobType, imagesJson, idInfo);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(json(result.stdout()).get("success").booleanValue()).isTrue();
    }

    private JsonNode nodeStatus(String userId, String jobId) throws Exception {
        var env = nodeEnv("");
        env.put("USER_ID", userId);
        env.put("JOB_ID", jobId);
        env.put("HISTORY", "true");
        env.put("IMAGE_LINKS", "false");
        var result = Node.run("job-status.js", List.of(), env);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return json(result.stdout());
    }

    protected ChromeDriver secondBrowser() {
        if (second == null) {
            second = Browser.start();
        }
        second.get(url("/console/sign-in"));
        second.manage().deleteAllCookies();
        return second;
    }

    protected IssuedPassword operator(OperatorRole role) {
        return server.app().services().operators().create("rv-" + role.wireName() + "-" + NAMES.incrementAndGet(), role);
    }

    protected void signIn(ChromeDriver driver, IssuedPassword operator) {
        signIn(driver, operator, server.adminBase());
    }

    protected static void signIn(ChromeDriver driver, IssuedPassword operator, String base) {
        driver.get(base + "/console/sign-in");
        driver.manage().deleteAllCookies();
        driver.get(base + "/console/sign-in");
        driver.findElement(By.name("name")).sendKeys(operator.operator());
        driver.findElement(By.name("password")).sendKeys(operator.password());
        submit(driver, driver.findElement(By.cssSelector("form.stacked button")));
    }

    private void decide(ChromeDriver driver, String reason, String decision) {
        new Select(driver.findElement(By.id("reason"))).selectByVisibleText(reason);
        submit(driver, driver.findElement(By.id(decision)));
    }

    protected static WebElement queueRow(ChromeDriver driver, String smileJobId) {
        return driver.findElement(By.cssSelector("#queue tr[data-job='" + smileJobId + "']"));
    }

    private static void assertImagesLoaded(ChromeDriver driver, String... selectors) {
        for (var selector : selectors) {
            var image = driver.findElement(By.cssSelector(selector));
            new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> Boolean.TRUE.equals(
                    ((JavascriptExecutor) d).executeScript("return arguments[0].complete", image)));
            var width = ((Number) ((JavascriptExecutor) driver).executeScript("return arguments[0].naturalWidth", image))
                    .longValue();
            assertThat(width).as(selector + " loaded").isPositive();
        }
    }

    /** Clicks a form's button and waits until the page it leads to has replaced this one. */
    protected static void submit(ChromeDriver driver, WebElement button) {
        var html = driver.findElement(By.tagName("html"));
        button.click();
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> {
            try {
                html.isEnabled();
                return false;
            } catch (WebDriverException gone) {
                return true;
            }
        });
        new WebDriverWait(driver, Duration.ofSeconds(20)).ignoring(WebDriverException.class).until(
                d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
    }

    private void shoot(Path dir, String name) throws Exception {
        Files.write(dir.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    protected String url(String path) {
        return server.adminBase() + path;
    }

    private String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    protected static String sessionCookie(ChromeDriver driver) {
        return driver.manage().getCookieNamed(Console.COOKIE).getValue();
    }

    protected static String csrfOf(ChromeDriver driver) {
        return driver.findElement(By.cssSelector("input[name=csrf]")).getDomAttribute("value");
    }

    private static void assertNoAlert(ChromeDriver driver) {
        try {
            driver.switchTo().alert();
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

    private HttpResponse<byte[]> getBytes(String path, String sessionToken) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url(path))).GET().timeout(Duration.ofSeconds(20));
        if (sessionToken != null) {
            request.header("Cookie", Console.COOKIE + "=" + sessionToken);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    protected HttpResponse<String> post(String path, String sessionToken, Map<String, String> form) throws Exception {
        return post(url(path), sessionToken, form, http);
    }

    protected static HttpResponse<String> post(String absoluteUrl, String sessionToken, Map<String, String> form,
            HttpClient client) throws Exception {
        var body = new StringBuilder();
        for (var field : form.entrySet()) {
            if (!body.isEmpty()) {
                body.append('&');
            }
            body.append(URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8));
        }
        var request = HttpRequest.newBuilder(URI.create(absoluteUrl))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", Console.COOKIE + "=" + sessionToken)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).timeout(Duration.ofSeconds(20));
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** JSON text of a string map (the partner params a test sends). */
    private static final class TestServerJson {
        static String object(Map<String, String> fields) {
            var node = dev.verdict.testing.TestServer.JSON.createObjectNode();
            fields.forEach(node::put);
            return node.toString();
        }
    }
}
