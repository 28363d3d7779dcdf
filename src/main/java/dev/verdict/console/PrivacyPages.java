package dev.verdict.console;

import static dev.verdict.console.ConsoleRoutes.params;

import dev.verdict.audit.AuditLog;
import dev.verdict.http.ApiException;
import dev.verdict.http.JsonSupport;
import dev.verdict.jobs.JobService;
import dev.verdict.privacy.PrivacyService;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The admin page that erases one person (docs/privacy.md): name the partner and the user, see how
 * many of their jobs the erasure covers, confirm by typing the user id again, and get the receipt's
 * counts. The erasure itself is {@link PrivacyService#erase}, as for the internal API and the CLI.
 */
public final class PrivacyPages implements ConsolePages {
    static final String PATH = "/console/privacy";
    /** The most jobs the confirmation lists; the erasure itself covers them all. */
    private static final int LISTED_JOBS = 50;

    private final PrivacyService privacy;
    private final JobService jobs;

    public PrivacyPages(PrivacyService privacy, JobService jobs) {
        this.privacy = privacy;
        this.jobs = jobs;
    }

    @Override
    public List<NavLink> links() {
        return List.of(new NavLink("Privacy", PATH, "Erase a person's images and personal data", Access.ADMIN));
    }

    @Override
    public void register(ConsoleRoutes routes) {
        routes.page(PATH, Access.ADMIN, (request, session) -> {
            var partnerText = request.query("partner_id").orElse("").strip();
            var userId = request.query("user_id").orElse("");
            Confirmation confirmation = null;
            String problem = null;
            if (!partnerText.isEmpty() || !userId.isEmpty()) {
                if (!partnerText.matches("\\d{1,18}") || userId.isEmpty() || userId.length() > 255) {
                    problem = "Give the partner's ID (digits) and the user_id.";
                } else {
                    var partnerId = Long.parseLong(partnerText);
                    try {
                        privacy.policy(partnerId); // the partner exists
                        confirmation = new Confirmation(partnerText, userId,
                                jobs.jobsOfUser(partnerId, userId, LISTED_JOBS).stream()
                                        .map(j -> j.smileJobId() + " (job type " + j.jobType().code() + ", "
                                                + j.state().name().toLowerCase(java.util.Locale.ROOT) + ")")
                                        .toList());
                    } catch (ApiException e) {
                        problem = "No such partner.";
                    }
                }
            }
            return session.render("privacy.jte", params("frame", session.frame("Privacy", PATH),
                    "partnerId", partnerText, "userId", userId, "confirmation", confirmation, "problem", problem));
        });
        routes.action(PATH + "/erase", Access.ADMIN, (request, form, session) -> {
            var partnerText = form.value("partner_id");
            var userId = form.value("user_id");
            var back = PATH + "?partner_id=" + encode(partnerText) + "&user_id=" + encode(userId);
            if (!partnerText.matches("\\d{1,18}")) {
                return session.redirect(PATH, Notice.error("No such partner."));
            }
            if (!form.value("confirm").equals(userId)) {
                return session.redirect(back, Notice.error("Type the user_id exactly to confirm the erasure."));
            }
            try {
                var receipt = privacy.erase(Long.parseLong(partnerText), userId,
                        new PrivacyService.Actor(AuditLog.ActorType.OPERATOR, session.operator().name()));
                return session.redirect(PATH, Notice.info(summary(receipt)));
            } catch (ApiException e) {
                return session.redirect(back, Notice.error(e.getMessage()));
            }
        });
    }

    /** What the confirmation step shows: who, and the jobs the erasure covers. */
    public record Confirmation(String partnerId, String userId, List<String> jobs) {}

    private static String summary(PrivacyService.Receipt receipt) throws IOException {
        var erased = JsonSupport.MAPPER.readTree(receipt.body()).path("receipt").path("erased");
        return "Erased — receipt " + receipt.id() + ": " + erased.path("jobs").asInt() + " job(s), "
                + erased.path("images").asInt() + " image(s), " + erased.path("result_events").asInt()
                + " result(s) reduced to their skeleton, " + erased.path("undelivered_callbacks").asInt()
                + " undelivered callback(s) dropped, " + erased.path("enrolments").asInt()
                + " enrolment(s) deleted. The signed receipt: GET /internal/v1/erasures/" + receipt.id() + ".";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
