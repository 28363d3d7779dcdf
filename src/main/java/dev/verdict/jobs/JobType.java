package dev.verdict.jobs;

import dev.verdict.images.ImageKind;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The job types Verdict runs (DESIGN §4), each with its rules: how it arrives, whether it enrols
 * its user, when it needs the enrolled selfie, which images and id_info it requires. Every
 * judgement on a job type is made here; the database keeps the v1 code.
 */
public enum JobType {
    /** ID check, then selfie compare; a success enrols the user. */
    BIOMETRIC_KYC(1, Channel.UPLOAD, true, EnrolledSelfie.NEVER, IdCard.FRONT_OR_ENTERED_ID_INFO, List.of()),
    /** Compares a selfie with the enrolled one. */
    SMART_SELFIE_AUTHENTICATION(2, Channel.UPLOAD, false, EnrolledSelfie.ALWAYS, IdCard.NOT_USED, List.of()),
    /** A success enrols the user with the selfie. */
    SMART_SELFIE_REGISTRATION(4, Channel.UPLOAD, true, EnrolledSelfie.NEVER, IdCard.NOT_USED, List.of()),
    /** Enhanced / Basic KYC: an ID lookup without images, sent as JSON to id_verification. */
    ENHANCED_KYC(5, Channel.ID_API, false, EnrolledSelfie.NEVER, IdCard.NOT_USED, List.of()),
    DOCUMENT_VERIFICATION(6, Channel.UPLOAD, false, EnrolledSelfie.WHEN_ASKED, IdCard.DOCUMENT, List.of("country")),
    /** Business verification (KYB): a company-registry lookup, sent as JSON to business_verification. */
    BUSINESS_VERIFICATION(7, Channel.BUSINESS_API, false, EnrolledSelfie.NEVER, IdCard.NOT_USED, List.of()),
    /** AML check: a watch-list screening of a name, sent as JSON to aml (answered at once). */
    AML(10, Channel.AML_API, false, EnrolledSelfie.NEVER, IdCard.NOT_USED, List.of()),
    ENHANCED_DOCUMENT_VERIFICATION(11, Channel.UPLOAD, false, EnrolledSelfie.WHEN_ASKED, IdCard.DOCUMENT,
            List.of("country", "id_type"));

    /** How a job of this type arrives, which also names its results. */
    private enum Channel {
        /** Prep upload and a zip. */
        UPLOAD("SAIA", "WebAPI"),
        /** JSON to id_verification / async_id_verification. */
        ID_API("ID Verification", "ID API"),
        /** JSON to business_verification / async_business_verification. */
        BUSINESS_API("Business Verification", "ID API"),
        /** JSON to aml. */
        AML_API("AML", "AML API");

        private final String resultType;
        private final String source;

        Channel(String resultType, String source) {
            this.resultType = resultType;
            this.source = source;
        }
    }

    /** When a job of this type compares with the user's enrolled selfie. */
    private enum EnrolledSelfie {
        NEVER,
        ALWAYS,
        /** Only with {@code use_enrolled_image}, which then replaces the job's own selfie. */
        WHEN_ASKED
    }

    /** What a job of this type does with ID card images. */
    private enum IdCard {
        NOT_USED,
        /** The front is used; entered id_info (country, id_type, id_number) may stand in for it. */
        FRONT_OR_ENTERED_ID_INFO,
        /** The front is required, the back used when present. */
        DOCUMENT
    }

    private static final List<Integer> CODES = Arrays.stream(values()).map(JobType::code).sorted().toList();

    private final int code;
    private final Channel channel;
    private final boolean enrolsUser;
    private final EnrolledSelfie enrolledSelfie;
    private final IdCard idCard;
    private final List<String> requiredIdInfo;

    JobType(int code, Channel channel, boolean enrolsUser, EnrolledSelfie enrolledSelfie, IdCard idCard,
            List<String> requiredIdInfo) {
        this.code = code;
        this.channel = channel;
        this.enrolsUser = enrolsUser;
        this.enrolledSelfie = enrolledSelfie;
        this.idCard = idCard;
        this.requiredIdInfo = requiredIdInfo;
    }

    /** The v1 job_type number. */
    public int code() {
        return code;
    }

    public static Optional<JobType> of(int code) {
        for (var type : values()) {
            if (type.code == code) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** Every v1 job_type number, ascending (for error messages and defaults). */
    public static List<Integer> codes() {
        return CODES;
    }

    /** The codes as a sentence for error messages: "1, 2, 4, 5, 6, 7, 10 or 11". */
    public static String describeCodes() {
        var text = CODES.stream().map(String::valueOf).toList();
        return String.join(", ", text.subList(0, text.size() - 1)) + " or " + text.get(text.size() - 1);
    }

    /** Submitted as a zip after a prep upload; otherwise a JSON request (id_verification, business_verification, aml). */
    public boolean uploaded() {
        return channel == Channel.UPLOAD;
    }

    /** A success enrols the user, so an enrolled user needs {@code allow_new_enroll} (PROTOCOL.md §8). */
    public boolean enrolsUser() {
        return enrolsUser;
    }

    /** The user must already be enrolled (PROTOCOL.md §8: 2210 otherwise). */
    public boolean needsEnrolledUser(boolean useEnrolledImage) {
        return enrolledSelfie == EnrolledSelfie.ALWAYS
                || enrolledSelfie == EnrolledSelfie.WHEN_ASKED && useEnrolledImage;
    }

    /** The engine loads the enrolled selfie (if any) for a job of this type. */
    public boolean mayUseEnrolledSelfie() {
        return enrolledSelfie != EnrolledSelfie.NEVER;
    }

    /** The job brings its own selfie (and liveness frames), unless it compares the enrolled one instead. */
    public boolean needsSelfie(boolean useEnrolledImage) {
        return !(enrolledSelfie == EnrolledSelfie.WHEN_ASKED && useEnrolledImage);
    }

    /** Whether a zip's image of this kind is taken; others are ignored. */
    public boolean uses(ImageKind kind, boolean useEnrolledImage) {
        return switch (kind) {
            case SELFIE, LIVENESS -> needsSelfie(useEnrolledImage);
            case ID_CARD_FRONT -> idCard != IdCard.NOT_USED;
            case ID_CARD_BACK -> idCard == IdCard.DOCUMENT;
        };
    }

    /** The ID card front must be in the zip. */
    public boolean needsIdCardFront() {
        return idCard == IdCard.DOCUMENT;
    }

    /** Entered id_info (country, id_type, id_number) may replace the ID card front. */
    public boolean enteredIdInfoReplacesIdCard() {
        return idCard == IdCard.FRONT_OR_ENTERED_ID_INFO;
    }

    /** id_info fields a zip of this type must carry, in the order they are reported missing. */
    public List<String> requiredIdInfo() {
        return requiredIdInfo;
    }

    /** The result object's default ResultType. */
    public String resultType() {
        return channel.resultType;
    }

    /** The result object's Source: the channel the job came through. */
    public String source() {
        return channel.source;
    }

    /**
     * Result fields that keep the JSON type the engine gave them instead of becoming strings: the AML
     * answer's {@code no_of_persons_found} (a number) and {@code StrictMatch} (a boolean), as Smile ID
     * sends them.
     */
    public java.util.Set<String> typedResultFields() {
        return channel == Channel.AML_API ? java.util.Set.of("no_of_persons_found", "StrictMatch") : java.util.Set.of();
    }
}
