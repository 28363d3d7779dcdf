package dev.verdict.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.operators.OperatorRole;
import dev.verdict.testing.TestBackend;
import dev.verdict.testing.TestServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

class ReviewConsolePostgresTest extends ReviewConsoleTests {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.postgres();
    }

    /**
     * Two nodes on one database: sessions and claims live in the database, so a reviewer signed in on
     * node A is signed in on node B, and a claim made on A holds on B.
     */
    @Test
    void theConsoleWorksThroughTwoNodesOnOneDatabase() throws Exception {
        var env = new HashMap<>(TestServer.env(backend, dataDir));
        env.put("VERDICT_ENGINE_POLL", "10m");
        try (var nodeB = TestServer.start(env, clock)) {
            var smileJobId = jobInReview(Map.of("note", "two nodes"));
            var first = operator(OperatorRole.REVIEWER);
            var other = operator(OperatorRole.REVIEWER);

            // signed in on A; the same session cookie opens B's pages (the browser sends it to both ports)
            signIn(browser, first);
            var cookie = sessionCookie(browser);
            browser.get(nodeB.adminBase() + "/console/review/" + smileJobId);
            assertThat(browser.getCurrentUrl()).isEqualTo(nodeB.adminBase() + "/console/review/" + smileJobId);
            assertThat(sessionCookie(browser)).isEqualTo(cookie);

            // the claim is made on A ...
            browser.get(url("/console/review/" + smileJobId));
            submit(browser, browser.findElement(By.id("claim")));
            assertThat(browser.findElements(By.id("decision"))).hasSize(1);
            browser.get(nodeB.adminBase() + "/console/review/" + smileJobId);
            assertThat(browser.findElements(By.id("decision"))).as("B sees A's claim as this operator's").hasSize(1);

            // ... and blocks another reviewer's claim on B
            var otherBrowser = secondBrowser();
            signIn(otherBrowser, other, nodeB.adminBase());
            otherBrowser.get(nodeB.adminBase() + "/console/review/" + smileJobId);
            assertThat(otherBrowser.findElement(By.id("claimed-by")).getText()).contains(first.operator());
            var refused = post(nodeB.adminBase() + "/console/review/" + smileJobId + "/claim",
                    sessionCookie(otherBrowser), Map.of("csrf", csrfOf(otherBrowser)),
                    java.net.http.HttpClient.newHttpClient());
            assertThat(refused.statusCode()).isEqualTo(303);
            otherBrowser.get(nodeB.adminBase() + "/console/review/" + smileJobId);
            assertThat(otherBrowser.findElement(By.cssSelector(".notice.error")).getText())
                    .contains("claimed by another operator");
            assertThat(server.app().services().review().claimOf(smileJobId).map(claim -> claim.operator()))
                    .contains(first.operator());
        }
    }
}
