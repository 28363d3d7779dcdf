package dev.verdict.console;

/** An entry in the console's navigation (and on the home page), shown to operators with {@code access}. */
public record NavLink(String label, String path, String description, Access access) {}
