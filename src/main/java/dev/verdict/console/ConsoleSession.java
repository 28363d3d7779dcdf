package dev.verdict.console;

import dev.verdict.http.Reply;
import dev.verdict.operators.ActiveSession;
import dev.verdict.operators.Operator;
import java.util.Map;

/** A signed-in request: the operator, the session's CSRF token, and what a page needs to render itself. */
public final class ConsoleSession {
    private final ActiveSession session;
    private final String token;
    private final Console console;

    ConsoleSession(ActiveSession session, String token, Console console) {
        this.session = session;
        this.token = token;
        this.console = console;
    }

    public Operator operator() {
        return session.operator();
    }

    String csrfToken() {
        return session.csrfToken();
    }

    String token() {
        return token;
    }

    /** The frame of a page titled {@code title} at {@code current}, taking the notice left for this session. */
    public PageFrame frame(String title, String current) {
        return console.frame(this, title, current);
    }

    /** Renders a template (its parameters include a {@code frame}) as a 200 page. */
    public Reply render(String template, Map<String, Object> params) {
        return Reply.html(200, console.templates().render(template, params));
    }

    /** Leaves a notice for the next page of this session and redirects there. */
    public Reply redirect(String location, Notice notice) {
        console.notices().leave(session.csrfToken(), notice);
        return Reply.seeOther(location);
    }
}
