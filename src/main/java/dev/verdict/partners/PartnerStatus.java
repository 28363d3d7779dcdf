package dev.verdict.partners;

public enum PartnerStatus {
    ACTIVE,
    DISABLED
}
