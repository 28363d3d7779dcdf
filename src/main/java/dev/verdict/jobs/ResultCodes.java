package dev.verdict.jobs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every result code Verdict emits, keyed by code and job type (DESIGN §5): the same code may end
 * one job type and be an intermediate step of another (1012 ends a job type 5 but is only the
 * ID-check step of a job type 1). Finality and {@code job_success} come from here and nowhere else.
 * docs/result-codes.md lists the same table (a test keeps them in step).
 */
public final class ResultCodes {

    /** One row of the table. */
    public record Entry(String code, int jobType, String text, ResultCategory category, boolean isFinal) {
        /** A final approved result is a success; nothing else is. */
        public boolean success() {
            return isFinal && category == ResultCategory.APPROVED;
        }
    }

    /** The final results a reviewer's decision on a provisional result appends (DESIGN §10 "Decision"). */
    public record Decisions(Entry approve, Entry reject) {}

    private static final Map<String, Entry> TABLE;
    private static final Map<String, Decisions> DECISIONS;

    static {
        var rows = new ArrayList<Entry>();
        // Errors in the submitted material end any job that carries images.
        for (var type : JobType.values()) {
            if (type.uploaded()) {
                add(rows, type.code(), "0001", "Unable to process - image unusable", ResultCategory.ERROR, true);
                add(rows, type.code(), "0903", "Zip Corrupt", ResultCategory.ERROR, true);
            }
        }
        // Job type 1: Biometric KYC (ID check, then selfie compare, then perhaps human review).
        add(rows, 1, "1012", "ID Validated", ResultCategory.APPROVED, false);
        add(rows, 1, "1013", "Unable to Validate ID - ID Number Not Found", ResultCategory.REJECTED, false);
        add(rows, 1, "1014", "Unsupported ID number format", ResultCategory.ERROR, true);
        add(rows, 1, "1015", "ID issuer unavailable", ResultCategory.ERROR, true);
        add(rows, 1, "0810", "Enroll User", ResultCategory.APPROVED, true);
        add(rows, 1, "0811", "Failed Enroll - Machine Judgement - Compare Rejected", ResultCategory.REJECTED, true);
        add(rows, 1, "0812", "Machine Judgement - Pure Provisional", ResultCategory.PROVISIONAL, false);
        add(rows, 1, "0814", "Provisional Enroll - Under Review", ResultCategory.PROVISIONAL, false);
        add(rows, 1, "0911", "Failed Enroll - No Face Found", ResultCategory.REJECTED, true);
        add(rows, 1, "0912", "Failed Enroll - Image Quality Too Poor", ResultCategory.REJECTED, true);
        add(rows, 1, "1210", "Enroll User", ResultCategory.APPROVED, true);
        add(rows, 1, "1211", "Failed Enroll - Human Judgement - Compare Rejected", ResultCategory.REJECTED, true);
        add(rows, 1, "1212", "Failed Enroll - Human Judgement - Spoof", ResultCategory.REJECTED, true);
        // Job type 2: SmartSelfie Authentication.
        add(rows, 2, "0820", "Authenticate User - Machine Judgement - PASS", ResultCategory.APPROVED, true);
        add(rows, 2, "0821", "Failed Authentication - Machine Judgement - Compare Rejected", ResultCategory.REJECTED, true);
        add(rows, 2, "0822", "Machine Judgement - Pure Provisional", ResultCategory.PROVISIONAL, false);
        add(rows, 2, "0823", "Failed Authentication - Machine Judgement - Possible Spoof", ResultCategory.REJECTED, true);
        add(rows, 2, "0824", "Machine Judgement - Provisional - Possible Spoof", ResultCategory.PROVISIONAL, false);
        add(rows, 2, "0825", "Machine Judgement - Provisional - Compare Unsure", ResultCategory.PROVISIONAL, false);
        add(rows, 2, "0921", "Failed Authentication - No Face Found", ResultCategory.REJECTED, true);
        add(rows, 2, "0922", "Failed Authentication - Image Quality Too Poor", ResultCategory.REJECTED, true);
        add(rows, 2, "1220", "Authenticate User - Human Judgement - PASS", ResultCategory.APPROVED, true);
        add(rows, 2, "1221", "Failed Authentication - Human Judgement - Compare Rejected", ResultCategory.REJECTED, true);
        add(rows, 2, "1222", "Failed Authentication - Human Judgement - Spoof", ResultCategory.REJECTED, true);
        // Job type 4: SmartSelfie Registration.
        add(rows, 4, "0840", "Enroll User", ResultCategory.APPROVED, true);
        add(rows, 4, "0841", "Failed Enroll - Machine Judgement - Compare Rejected", ResultCategory.REJECTED, true);
        add(rows, 4, "0842", "Machine Judgement - Provisional", ResultCategory.PROVISIONAL, false);
        add(rows, 4, "0843", "Failed Enroll - Machine Judgement - Possible Spoof", ResultCategory.REJECTED, true);
        add(rows, 4, "0844", "Machine Judgement - Provisional - Possible Spoof", ResultCategory.PROVISIONAL, false);
        add(rows, 4, "0846", "Machine Judgement - Pending Approval - Possible Spoof", ResultCategory.PROVISIONAL, false);
        add(rows, 4, "0941", "Failed Enroll - No Face Found", ResultCategory.REJECTED, true);
        add(rows, 4, "0942", "Failed Enroll - Image Quality Too Poor", ResultCategory.REJECTED, true);
        add(rows, 4, "1240", "Enroll User - Human Judgement - PASS", ResultCategory.APPROVED, true);
        add(rows, 4, "1241", "Failed Enroll - Human Judgement - Image Unusable", ResultCategory.REJECTED, true);
        add(rows, 4, "1242", "Failed Enroll - Human Judgement - Spoof", ResultCategory.REJECTED, true);
        // Job type 5: Enhanced KYC / Basic KYC (ID lookup, no images).
        add(rows, 5, "1012", "ID Validated", ResultCategory.APPROVED, true);
        add(rows, 5, "1013", "Unable to Validate ID - ID Number Not Found", ResultCategory.REJECTED, true);
        add(rows, 5, "1014", "Unsupported ID number format", ResultCategory.ERROR, true);
        add(rows, 5, "1015", "ID issuer unavailable", ResultCategory.ERROR, true);
        add(rows, 5, "1016", "Unable to validate ID - This feature is not enabled", ResultCategory.ERROR, true);
        add(rows, 5, "1020", "Exact Match", ResultCategory.APPROVED, true);
        add(rows, 5, "1021", "Partial Match", ResultCategory.APPROVED, true);
        add(rows, 5, "1022", "No Match", ResultCategory.REJECTED, true);
        add(rows, 5, "1023", "ID Number Not Found", ResultCategory.REJECTED, true);
        add(rows, 5, "0001", "Unable to process", ResultCategory.ERROR, true);
        // Job type 7: Business Verification (a company-registry lookup, no images).
        add(rows, 7, "1012", "Business Verified", ResultCategory.APPROVED, true);
        add(rows, 7, "1013", "Unable to Verify Business - Business Not Found", ResultCategory.REJECTED, true);
        add(rows, 7, "1014", "Unsupported business registration number format", ResultCategory.ERROR, true);
        add(rows, 7, "1015", "Business registry unavailable", ResultCategory.ERROR, true);
        add(rows, 7, "1016", "Unable to verify business - This feature is not enabled", ResultCategory.ERROR, true);
        add(rows, 7, "0001", "Unable to process", ResultCategory.ERROR, true);
        // Job type 10: AML check (a watch-list screening, answered at once).
        add(rows, 10, "1030", "Found on list", ResultCategory.REJECTED, true);
        add(rows, 10, "1031", "Not found on list", ResultCategory.APPROVED, true);
        add(rows, 10, "0001", "Unable to process", ResultCategory.ERROR, true);
        // Job types 6 and 11: Document Verification and Enhanced Document Verification.
        for (int type : List.of(6, 11)) {
            add(rows, type, "0810", "Document Verified", ResultCategory.APPROVED, true);
            add(rows, type, "0811", "Document Not Verified", ResultCategory.REJECTED, true);
            add(rows, type, "0814", "Provisional - Under Review", ResultCategory.PROVISIONAL, false);
            add(rows, type, "1210", "Document Verified - Human Judgement", ResultCategory.APPROVED, true);
            add(rows, type, "1211", "Document Not Verified - Human Judgement", ResultCategory.REJECTED, true);
            add(rows, type, "1014", "Unsupported ID type", ResultCategory.ERROR, true);
            add(rows, type, "1015", "ID issuer unavailable", ResultCategory.ERROR, true);
        }
        var table = new LinkedHashMap<String, Entry>();
        for (var row : rows) {
            if (table.put(key(row.code(), row.jobType()), row) != null) {
                throw new IllegalStateException("duplicate result code " + row.code() + " for job type " + row.jobType());
            }
        }
        TABLE = Collections.unmodifiableMap(table);

        // Every provisional code awaits a person; these are the final codes of the two decisions.
        var decisions = new LinkedHashMap<String, Decisions>();
        decide(decisions, 1, List.of("0812", "0814"), "1210", "1211");
        decide(decisions, 2, List.of("0822", "0824", "0825"), "1220", "1221");
        decide(decisions, 4, List.of("0842", "0844", "0846"), "1240", "1241");
        decide(decisions, 6, List.of("0814"), "1210", "1211");
        decide(decisions, 11, List.of("0814"), "1210", "1211");
        for (var entry : TABLE.values()) {
            if (entry.category() == ResultCategory.PROVISIONAL && !decisions.containsKey(key(entry.code(), entry.jobType()))) {
                throw new IllegalStateException("provisional code " + entry.code() + " of job type " + entry.jobType()
                        + " has no review decisions");
            }
        }
        DECISIONS = Collections.unmodifiableMap(decisions);
    }

    private static void decide(Map<String, Decisions> decisions, int jobType, List<String> provisionalCodes,
            String approveCode, String rejectCode) {
        var approve = TABLE.get(key(approveCode, jobType));
        var reject = TABLE.get(key(rejectCode, jobType));
        if (approve == null || !approve.success() || reject == null || !reject.isFinal()
                || reject.category() != ResultCategory.REJECTED) {
            throw new IllegalStateException("review decisions of job type " + jobType + " must be a final approval "
                    + "and a final rejection");
        }
        for (var code : provisionalCodes) {
            var provisional = TABLE.get(key(code, jobType));
            if (provisional == null || provisional.category() != ResultCategory.PROVISIONAL) {
                throw new IllegalStateException(code + " is no provisional code of job type " + jobType);
            }
            decisions.put(key(code, jobType), new Decisions(approve, reject));
        }
    }

    private ResultCodes() {}

    private static void add(List<Entry> rows, int jobType, String code, String text, ResultCategory category,
            boolean isFinal) {
        if (JobType.of(jobType).isEmpty()) {
            throw new IllegalStateException("result code " + code + " for unknown job type " + jobType);
        }
        rows.add(new Entry(code, jobType, text, category, isFinal));
    }

    private static String key(String code, int jobType) {
        return code + "/" + jobType;
    }

    public static Optional<Entry> find(String code, int jobType) {
        return Optional.ofNullable(TABLE.get(key(code, jobType)));
    }

    /**
     * What approving or rejecting this result of a job of this type appends; empty when the code is
     * not provisional there (nothing to decide).
     */
    public static Optional<Decisions> decisions(String provisionalCode, int jobType) {
        return Optional.ofNullable(DECISIONS.get(key(provisionalCode, jobType)));
    }

    public static List<Entry> all() {
        return List.copyOf(TABLE.values());
    }
}
