package dev.verdict.console;

import static dev.verdict.console.ConsoleRoutes.params;

import dev.verdict.operators.IssuedPassword;
import dev.verdict.operators.OperatorException;
import dev.verdict.operators.OperatorRole;
import dev.verdict.operators.OperatorService;
import java.util.List;

/** Admin pages for operator accounts: list, create (password shown once), disable, enable, reset password. */
public final class OperatorPages implements ConsolePages {
    static final String PATH = "/console/operators";

    private final OperatorService operators;

    public OperatorPages(OperatorService operators) {
        this.operators = operators;
    }

    @Override
    public List<NavLink> links() {
        return List.of(new NavLink("Operators", PATH, "Console accounts: create, disable, reset passwords",
                Access.ADMIN));
    }

    @Override
    public void register(ConsoleRoutes routes) {
        routes.page(PATH, Access.ADMIN, (request, session) -> session.render("operators.jte", params(
                "frame", session.frame("Operators", PATH), "operators", operators.list(),
                "self", session.operator().name())));
        routes.action(PATH, Access.ADMIN, (request, form, session) -> {
            var role = OperatorRole.fromWireName(form.value("role"));
            if (role.isEmpty()) {
                return session.redirect(PATH, Notice.error("Choose a role: reviewer or admin."));
            }
            return change(session, () -> shown("Operator created", operators.create(form.value("name").strip(),
                    role.get(), session.operator())));
        });
        routes.action(PATH + "/{name}/disable", Access.ADMIN, (request, form, session) -> change(session, () -> {
            operators.disable(request.pathParam("name"), session.operator());
            return Notice.info("Operator " + request.pathParam("name") + " disabled; their sessions ended.");
        }));
        routes.action(PATH + "/{name}/enable", Access.ADMIN, (request, form, session) -> change(session, () -> {
            operators.enable(request.pathParam("name"), session.operator());
            return Notice.info("Operator " + request.pathParam("name") + " enabled.");
        }));
        routes.action(PATH + "/{name}/reset-password", Access.ADMIN, (request, form, session) -> change(session,
                () -> shown("Password reset; their sessions ended",
                        operators.resetPassword(request.pathParam("name"), session.operator()))));
    }

    private static Notice shown(String what, IssuedPassword issued) {
        return Notice.secrets(what + ". The password is shown only this once: hand it to " + issued.operator()
                + " now.", List.of(new Notice.Secret("Operator", issued.operator()),
                        new Notice.Secret("Role", issued.role().wireName()),
                        new Notice.Secret("Password", issued.password())));
    }

    @FunctionalInterface
    private interface Change {
        Notice run();
    }

    /** Runs a change; a refusal (unknown name, taken name, own account) becomes the notice instead. */
    private static dev.verdict.http.Reply change(ConsoleSession session, Change change) {
        Notice notice;
        try {
            notice = change.run();
        } catch (OperatorException e) {
            notice = Notice.error(e.getMessage());
        }
        return session.redirect(PATH, notice);
    }
}
