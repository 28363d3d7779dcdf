package dev.verdict.console;

import java.util.List;

/**
 * What an action tells the page it redirects to: a message, and secrets shown this once (a new API
 * key, webhook secret or password). {@link #toString()} leaves the secrets out.
 */
public record Notice(boolean error, String message, List<Secret> secrets) {
    /** A labelled secret value. */
    public record Secret(String label, String value) {
        @Override
        public String toString() {
            return "Secret[label=" + label + ", value=****]";
        }
    }

    public static Notice info(String message) {
        return new Notice(false, message, List.of());
    }

    public static Notice error(String message) {
        return new Notice(true, message, List.of());
    }

    public static Notice secrets(String message, List<Secret> secrets) {
        return new Notice(false, message, List.copyOf(secrets));
    }

    @Override
    public String toString() {
        return "Notice[error=" + error + ", message=" + message + ", secrets=" + secrets.size() + "]";
    }
}
