package dev.verdict.operators;

/**
 * A generated password, shown once to whoever created or reset the account; only its hash is kept.
 * {@link #toString()} leaves the password out, so it cannot slip into a log line.
 */
public record IssuedPassword(String operator, OperatorRole role, String password) {
    @Override
    public String toString() {
        return "IssuedPassword[operator=" + operator + ", role=" + role.wireName() + ", password=****]";
    }
}
