package dev.verdict.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.images.ImageKind;
import org.junit.jupiter.api.Test;

class JobTypeTest {

    @Test
    void codesAreTheV1JobTypes() {
        assertThat(JobType.codes()).containsExactly(1, 2, 4, 5, 6, 7, 10, 11);
        assertThat(JobType.of(1)).contains(JobType.BIOMETRIC_KYC);
        assertThat(JobType.of(2)).contains(JobType.SMART_SELFIE_AUTHENTICATION);
        assertThat(JobType.of(4)).contains(JobType.SMART_SELFIE_REGISTRATION);
        assertThat(JobType.of(5)).contains(JobType.ENHANCED_KYC);
        assertThat(JobType.of(6)).contains(JobType.DOCUMENT_VERIFICATION);
        assertThat(JobType.of(7)).contains(JobType.BUSINESS_VERIFICATION);
        assertThat(JobType.of(10)).contains(JobType.AML);
        assertThat(JobType.of(11)).contains(JobType.ENHANCED_DOCUMENT_VERIFICATION);
        assertThat(JobType.of(3)).isEmpty();
        assertThat(JobType.of(-1)).isEmpty();
    }

    @Test
    void onlyTheIdApiTypesArriveAsJson() {
        var json = java.util.Set.of(JobType.ENHANCED_KYC, JobType.BUSINESS_VERIFICATION, JobType.AML);
        for (var type : JobType.values()) {
            assertThat(type.uploaded()).as(type.name()).isEqualTo(!json.contains(type));
        }
        assertThat(JobType.BUSINESS_VERIFICATION.resultType()).isEqualTo("Business Verification");
        assertThat(JobType.BUSINESS_VERIFICATION.source()).isEqualTo("ID API");
        assertThat(JobType.AML.resultType()).isEqualTo("AML");
        assertThat(JobType.AML.typedResultFields()).containsExactlyInAnyOrder("no_of_persons_found", "StrictMatch");
        assertThat(JobType.ENHANCED_KYC.resultType()).isEqualTo("ID Verification");
        assertThat(JobType.ENHANCED_KYC.source()).isEqualTo("ID API");
        assertThat(JobType.SMART_SELFIE_REGISTRATION.resultType()).isEqualTo("SAIA");
        assertThat(JobType.SMART_SELFIE_REGISTRATION.source()).isEqualTo("WebAPI");
    }

    @Test
    void enrolmentRules() {
        assertThat(JobType.values()).filteredOn(JobType::enrolsUser)
                .containsExactly(JobType.BIOMETRIC_KYC, JobType.SMART_SELFIE_REGISTRATION);
        assertThat(JobType.values()).filteredOn(type -> type.needsEnrolledUser(false))
                .containsExactly(JobType.SMART_SELFIE_AUTHENTICATION);
        assertThat(JobType.values()).filteredOn(type -> type.needsEnrolledUser(true))
                .containsExactly(JobType.SMART_SELFIE_AUTHENTICATION, JobType.DOCUMENT_VERIFICATION,
                        JobType.ENHANCED_DOCUMENT_VERIFICATION);
        assertThat(JobType.values()).filteredOn(JobType::mayUseEnrolledSelfie)
                .containsExactly(JobType.SMART_SELFIE_AUTHENTICATION, JobType.DOCUMENT_VERIFICATION,
                        JobType.ENHANCED_DOCUMENT_VERIFICATION);
    }

    @Test
    void imagesEachTypeUsesAndRequires() {
        var registration = JobType.SMART_SELFIE_REGISTRATION;
        assertThat(registration.uses(ImageKind.SELFIE, false)).isTrue();
        assertThat(registration.uses(ImageKind.LIVENESS, false)).isTrue();
        assertThat(registration.uses(ImageKind.ID_CARD_FRONT, false)).isFalse();
        assertThat(registration.uses(ImageKind.ID_CARD_BACK, false)).isFalse();

        var kyc = JobType.BIOMETRIC_KYC;
        assertThat(kyc.uses(ImageKind.ID_CARD_FRONT, false)).isTrue();
        assertThat(kyc.uses(ImageKind.ID_CARD_BACK, false)).isFalse();
        assertThat(kyc.needsIdCardFront()).isFalse();
        assertThat(kyc.enteredIdInfoReplacesIdCard()).isTrue();

        var document = JobType.DOCUMENT_VERIFICATION;
        assertThat(document.uses(ImageKind.ID_CARD_BACK, false)).isTrue();
        assertThat(document.needsIdCardFront()).isTrue();
        assertThat(document.needsSelfie(false)).isTrue();
        // the enrolled selfie replaces the job's own selfie and liveness frames
        assertThat(document.needsSelfie(true)).isFalse();
        assertThat(document.uses(ImageKind.SELFIE, true)).isFalse();
        assertThat(document.uses(ImageKind.LIVENESS, true)).isFalse();
        assertThat(JobType.SMART_SELFIE_AUTHENTICATION.needsSelfie(true)).isTrue();

        assertThat(document.requiredIdInfo()).containsExactly("country");
        assertThat(JobType.ENHANCED_DOCUMENT_VERIFICATION.requiredIdInfo()).containsExactly("country", "id_type");
        assertThat(kyc.requiredIdInfo()).isEmpty();
    }

    @Test
    void everyJobTypeHasResultCodesAndUploadedOnesEndOnUnusableImages() {
        for (var type : JobType.values()) {
            assertThat(ResultCodes.all()).as(type.name()).anyMatch(e -> e.jobType() == type.code());
            assertThat(ResultCodes.find("0903", type.code()).isPresent()).as(type.name()).isEqualTo(type.uploaded());
        }
    }
}
