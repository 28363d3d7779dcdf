package dev.verdict.users;

public enum UserStatus {
    ACTIVE,
    DISABLED,
    DELETED
}
