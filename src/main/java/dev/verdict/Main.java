package dev.verdict;

import dev.verdict.cli.Cli;

/** Entry point of the runnable jar: {@code serve}, or an operator command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(Cli.run(args, System.getenv(), System.out, System.err));
    }
}
