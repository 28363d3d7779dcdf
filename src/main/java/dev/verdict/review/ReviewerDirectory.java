package dev.verdict.review;

import java.util.Optional;

/** Who may act in review: the active operator of that name, if there is one (unknown or disabled: empty). */
@FunctionalInterface
public interface ReviewerDirectory {
    Optional<Reviewer> active(String name);
}
