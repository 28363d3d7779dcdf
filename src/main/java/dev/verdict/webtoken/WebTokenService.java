package dev.verdict.webtoken;

import dev.verdict.http.JsonSupport;
import dev.verdict.partners.PartnerDirectory;
import dev.verdict.partners.PartnerService;
import dev.verdict.v1.V1Code;
import dev.verdict.v1.V1Exception;
import dev.verdict.http.TooManyRequestsException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;

/**
 * {@code POST /v1/token} (PROTOCOL.md §4.9): the token Smile ID's hosted web integration starts
 * from. Verdict has no hosted web pages, so the token is what it records, signed: the partner, the
 * job's partner params (user_id, job_id, job_type), its callback URL and the product, valid for
 * {@link #LIFETIME} — an integration's code that fetches one keeps working and can read it back.
 */
public final class WebTokenService {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WebTokenService.class);

    /** How long a token is valid: the 19.3 days observed between iat and exp of Smile ID's tokens. */
    public static final Duration LIFETIME = Duration.ofSeconds(1_667_520);

    /** The products Smile ID's token endpoint takes (the Java SDK's list); anything else is 2217. */
    public static final List<String> PRODUCTS = List.of("authentication", "basic_kyc", "smartselfie", "biometric_kyc",
            "enhanced_kyc", "doc_verification", "ekyc_smartselfie", "identity_verification");

    private final PartnerDirectory directory;
    private final PartnerService partners;
    private final WebTokens tokens;
    private final InstantSource clock;

    public WebTokenService(PartnerDirectory directory, PartnerService partners, WebTokens tokens, InstantSource clock) {
        this.directory = directory;
        this.partners = partners;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** The signed token; refusals and unexpected failures are 22xx {@link V1Exception}s. */
    String issue(WebTokenRequest request) {
        try {
            return issueOrThrow(request);
        } catch (V1Exception | TooManyRequestsException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.error("web token failed unexpectedly", e);
            throw new V1Exception(V1Code.UPLOAD_SYSTEM_ERROR);
        }
    }

    private String issueOrThrow(WebTokenRequest request) {
        var caller = directory.authenticate(request.partnerId(), request.timestamp(), request.signature())
                .orElseThrow(() -> new V1Exception(V1Code.UPLOAD_NOT_AUTHORIZED));
        if (request.product() == null || !PRODUCTS.contains(request.product())) {
            throw new V1Exception(V1Code.TOKEN_INVALID_PRODUCT);
        }
        if (request.userId() == null || request.jobId() == null) {
            throw new V1Exception(V1Code.UPLOAD_MISSING_PARAMETER, "A required parameter is missing: user_id and job_id");
        }
        if (request.userId().length() > 255 || request.jobId().length() > 255) {
            throw new V1Exception(V1Code.UPLOAD_WRONG_TYPE, "user_id and job_id are at most 255 characters");
        }
        var callbackUrl = request.callbackUrl() != null ? request.callbackUrl()
                : partners.find(caller.partnerId()).flatMap(p -> p.defaultCallbackUrl()).orElse(null);
        var now = clock.instant().getEpochSecond();
        var claims = JsonSupport.MAPPER.createObjectNode();
        var params = claims.putObject("partner_params");
        params.put("user_id", request.userId());
        params.put("job_id", request.jobId());
        if (request.jobType() >= 0) {
            params.put("job_type", request.jobType());
        }
        if (callbackUrl != null) {
            claims.put("callback_url", callbackUrl);
        }
        claims.put("partner_id", caller.partnerIdText());
        claims.put("product", request.product());
        claims.put("iat", now);
        claims.put("exp", now + LIFETIME.toSeconds());
        return tokens.sign(claims);
    }
}
