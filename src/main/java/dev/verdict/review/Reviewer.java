package dev.verdict.review;

/** An active operator as review sees one: a reviewer, or an admin who may also supersede and mark fraud. */
public record Reviewer(String name, boolean admin) {}
