package dev.verdict.console;

import java.util.List;

/**
 * One feature's console pages: its entries in the navigation and its routes. Each feature has its own
 * table (operators, partners, audit, ...); {@link Console#register} takes the list, so a new feature's
 * pages are one more table in {@code Application}, and its links appear in the navigation with it.
 */
public interface ConsolePages {
    /** The feature's entries in the navigation, in order; each says who may see it. */
    List<NavLink> links();

    /** Registers the feature's pages and actions, each guarded by {@link ConsoleRoutes}. */
    void register(ConsoleRoutes routes);
}
