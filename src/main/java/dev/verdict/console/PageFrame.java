package dev.verdict.console;

import java.util.List;
import java.util.Optional;

/**
 * What the layout around every page shows: the title, who is signed in (empty on the sign-in page),
 * the navigation that operator may use, the session's CSRF token for the forms, and a notice left by
 * the previous action (shown once).
 */
public record PageFrame(String title, String current, Optional<String> operatorName, String role,
        List<NavLink> links, String csrf, Optional<Notice> notice) {

    public static PageFrame signedOut(String title) {
        return new PageFrame(title, "", Optional.empty(), "", List.of(), "", Optional.empty());
    }

    public boolean signedIn() {
        return operatorName.isPresent();
    }

    public boolean isCurrent(NavLink link) {
        return current.equals(link.path()) || (!link.path().equals(Console.HOME) && current.startsWith(link.path()));
    }
}
