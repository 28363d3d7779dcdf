package dev.verdict.console;

import static dev.verdict.console.ConsoleRoutes.params;

import dev.verdict.http.Form;
import dev.verdict.http.Reply;
import dev.verdict.http.Request;
import dev.verdict.http.Routes;
import dev.verdict.operators.OperatorService;
import dev.verdict.operators.OperatorSessions;
import dev.verdict.operators.SignIn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The operator console (DESIGN §10) on the admin listener: sign-in, sign-out, the home page and the
 * stylesheet, and the page tables of each feature ({@link ConsolePages}), all behind
 * {@link ConsoleRoutes}. The session cookie holds the 256-bit token of {@link OperatorSessions}:
 * {@code HttpOnly; SameSite=Strict; Path=/console}, {@code Secure} when the request came over TLS.
 */
public final class Console {
    public static final String HOME = "/console/";
    public static final String SIGN_IN = "/console/sign-in";
    public static final String SIGN_OUT = "/console/sign-out";
    static final String COOKIE = "verdict_console";
    static final String COOKIE_PATH = "/console";
    static final String STYLESHEET = "/console/static/console.css";
    /** The one answer to a wrong name, a wrong password or a disabled account: it tells nothing apart. */
    static final String SIGN_IN_FAILED = "Wrong name or password.";
    static final String LOCKED = "This account is locked after too many wrong passwords; try again later.";

    private final OperatorService operators;
    private final OperatorSessions sessions;
    private final Templates templates = new Templates();
    private final Notices notices;
    private final List<NavLink> links = new ArrayList<>();

    private Console(OperatorService operators, OperatorSessions sessions, InstantSource clock) {
        this.operators = operators;
        this.sessions = sessions;
        this.notices = new Notices(clock);
    }

    /** Registers the console and the given feature page tables (their links in this order) on {@code routes}. */
    public static void register(Routes routes, OperatorService operators, OperatorSessions sessions,
            InstantSource clock, List<ConsolePages> features) {
        var console = new Console(operators, sessions, clock);
        var consoleRoutes = new ConsoleRoutes(routes, console);
        var stylesheet = resource("console/static/console.css");
        consoleRoutes.open(STYLESHEET, (request, none) -> Reply.asset("text/css; charset=utf-8", stylesheet));
        consoleRoutes.open(SIGN_IN, console::signInPage);
        consoleRoutes.signInAction(SIGN_IN, (request, form, none) -> console.signIn(request, form));
        consoleRoutes.action(SIGN_OUT, Access.OPERATOR, console::signOut);
        routes.get("/console", request -> Reply.seeOther(HOME));
        consoleRoutes.page(HOME, Access.OPERATOR, console::home);
        for (var feature : features) {
            console.links.addAll(feature.links());
            feature.register(consoleRoutes);
        }
    }

    Optional<ConsoleSession> session(Request request) {
        var token = request.cookie(COOKIE);
        if (token.isEmpty()) {
            return Optional.empty();
        }
        return sessions.resume(token.get()).map(active -> new ConsoleSession(active, token.get(), this));
    }

    private Reply signInPage(Request request, ConsoleSession none) {
        if (session(request).isPresent()) {
            return Reply.seeOther(HOME);
        }
        return signInForm(200, "", Optional.empty());
    }

    private Reply signInForm(int status, String name, Optional<String> message) {
        return Reply.html(status, templates.render("signin.jte", params(
                "frame", PageFrame.signedOut("Sign in"), "name", name, "message", message)));
    }

    private Reply signIn(Request request, Form form) {
        var name = form.value("name").strip();
        var outcome = operators.authenticate(name, form.value("password"));
        return switch (outcome) {
            case SignIn.SignedIn signedIn -> {
                var started = sessions.start(signedIn.operator());
                yield Reply.seeOther(HOME).withCookie(COOKIE, started.token(), COOKIE_PATH, request.secure(), null);
            }
            case SignIn.Locked locked -> signInForm(200, name, Optional.of(LOCKED));
            case SignIn.WrongCredentials wrong -> signInForm(200, name, Optional.of(SIGN_IN_FAILED));
            case SignIn.Disabled disabled -> signInForm(200, name, Optional.of(SIGN_IN_FAILED));
        };
    }

    private Reply signOut(Request request, Form form, ConsoleSession session) {
        sessions.end(session.token());
        return Reply.seeOther(SIGN_IN).withCookie(COOKIE, "", COOKIE_PATH, request.secure(), 0L);
    }

    private Reply home(Request request, ConsoleSession session) {
        return session.render("home.jte", params("frame", session.frame("Home", HOME)));
    }

    PageFrame frame(ConsoleSession session, String title, String current) {
        var operator = session.operator();
        var visible = links.stream().filter(link -> link.access().allows(operator)).toList();
        return new PageFrame(title, current, Optional.of(operator.name()), operator.role().wireName(), visible,
                session.csrfToken(), notices.take(session.csrfToken()));
    }

    /** An error as a page: with the navigation when there is a session, the bare layout otherwise. */
    Reply errorPage(int status, String title, String message, Optional<ConsoleSession> session) {
        var frame = session.map(s -> s.frame(title, "")).orElse(PageFrame.signedOut(title));
        return Reply.html(status, templates.render("error.jte", params("frame", frame, "message", message)));
    }

    Templates templates() {
        return templates;
    }

    Notices notices() {
        return notices;
    }

    private static byte[] resource(String name) {
        try (var in = Console.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
