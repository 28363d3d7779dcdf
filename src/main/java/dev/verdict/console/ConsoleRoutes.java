package dev.verdict.console;

import dev.verdict.http.Form;
import dev.verdict.http.FormException;
import dev.verdict.http.Reply;
import dev.verdict.http.Request;
import dev.verdict.http.Routes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers console pages behind the console's rules, so no page can forget one (DESIGN §10):
 * <ul>
 * <li>no session (none, ended, timed out, operator disabled) → 303 to the sign-in page;</li>
 * <li>a page above the operator's role → 403 page;</li>
 * <li>an action (anything that changes state) is a POST from this origin ({@link #sameOrigin}) whose form
 *     carries the session's CSRF token; otherwise 403 and nothing changes;</li>
 * <li>every answer carries the page headers ({@link Reply#PAGE_HEADERS}); a failure is a page too.</li>
 * </ul>
 */
public final class ConsoleRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleRoutes.class);
    /** The largest form a console page posts (names, a URL, a token) with room to spare. */
    static final int MAX_FORM_BYTES = 16 * 1024;
    static final String CSRF_FIELD = "csrf";

    /** A page: renders what a GET asks for. */
    @FunctionalInterface
    public interface Page {
        Reply show(Request request, ConsoleSession session) throws Exception;
    }

    /** An action: a POST that changes something, then redirects (post/redirect/get). */
    @FunctionalInterface
    public interface Action {
        Reply perform(Request request, Form form, ConsoleSession session) throws Exception;
    }

    private final Routes routes;
    private final Console console;

    ConsoleRoutes(Routes routes, Console console) {
        this.routes = routes;
        this.console = console;
    }

    public void page(String path, Access access, Page page) {
        routes.get(path, request -> guarded(request, () -> {
            var session = console.session(request);
            if (session.isEmpty()) {
                return Reply.seeOther(Console.SIGN_IN);
            }
            if (!access.allows(session.get().operator())) {
                return console.errorPage(403, "Forbidden", "This page is for admins.", session);
            }
            return page.show(request, session.get());
        }));
    }

    public void action(String path, Access access, Action action) {
        routes.post(path, request -> guarded(request, () -> {
            if (!sameOrigin(request)) {
                return console.errorPage(403, "Forbidden", "This form was sent from another site.", Optional.empty());
            }
            var session = console.session(request);
            if (session.isEmpty()) {
                return Reply.seeOther(Console.SIGN_IN);
            }
            var form = request.form(MAX_FORM_BYTES);
            if (!tokenMatches(form.value(CSRF_FIELD), session.get().csrfToken())) {
                return console.errorPage(403, "Forbidden",
                        "This form has expired or was not sent from this console. Go back, reload and try again.",
                        session);
            }
            if (!access.allows(session.get().operator())) {
                return console.errorPage(403, "Forbidden", "This action is for admins.", session);
            }
            return action.perform(request, form, session.get());
        }));
    }

    /** A form the sign-in page posts: same origin, but no session (and so no CSRF token) yet. */
    void signInAction(String path, Action action) {
        routes.post(path, request -> guarded(request, () -> {
            if (!sameOrigin(request)) {
                return console.errorPage(403, "Forbidden", "This form was sent from another site.", Optional.empty());
            }
            return action.perform(request, request.form(MAX_FORM_BYTES), null);
        }));
    }

    /** A page anyone may see (the sign-in page, the stylesheet). */
    void open(String path, Page page) {
        routes.get(path, request -> guarded(request, () -> page.show(request, null)));
    }

    /**
     * The same-origin check. An {@code Origin} naming a site must be this listener's origin as the browser
     * addressed it ({@code Host}, with the scheme the request came over). Browsers send {@code Origin: null}
     * on every form post of a page under {@code Referrer-Policy: no-referrer} (the console's own pages), so
     * "null", like an absent header (scripts, old browsers), proves nothing either way: then a
     * {@code Sec-Fetch-Site} header, which browsers send to localhost and HTTPS origins whatever the
     * referrer policy, must say {@code same-origin} when present. What stays is the CSRF token and the
     * {@code SameSite=Strict} cookie, which hold on their own.
     */
    static boolean sameOrigin(Request request) {
        var origin = request.header("Origin").filter(o -> !o.equals("null"));
        if (origin.isPresent()) {
            var host = request.header("Host");
            return host.isPresent()
                    && origin.get().equalsIgnoreCase((request.secure() ? "https://" : "http://") + host.get());
        }
        return request.header("Sec-Fetch-Site").map(site -> site.equals("same-origin")).orElse(true);
    }

    private static boolean tokenMatches(String sent, String expected) {
        return MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    @FunctionalInterface
    private interface Body {
        Reply get() throws Exception;
    }

    /** Bad forms and unexpected failures become console pages (with the page headers), not JSON. */
    private Reply guarded(Request request, Body body) {
        try {
            return body.get();
        } catch (FormException e) {
            return console.errorPage(400, "Bad request", "The form could not be read: " + e.getMessage() + ".",
                    Optional.empty());
        } catch (Exception e) {
            // the message may quote input; log only the type and where it happened
            LOG.error("console page failed on {} {}: {}", request.method(), request.path(), e.getClass().getName(), e);
            return console.errorPage(500, "Something went wrong", "The console could not do that. It is logged.",
                    Optional.empty());
        }
    }

    static Map<String, Object> params(Object... keysAndValues) {
        var map = new java.util.LinkedHashMap<String, Object>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
