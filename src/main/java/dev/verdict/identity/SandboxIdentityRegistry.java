package dev.verdict.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The deterministic sandbox issuer (docs/sandbox.md). Every well-formed number is found, except
 * magic endings: {@code ...0000} is not found, {@code ...9999} finds the issuer unavailable. The
 * person returned is derived from the number, so the same number always gives the same person.
 */
public final class SandboxIdentityRegistry implements IdentityLookup {
    private static final Map<String, Map<String, Pattern>> FORMATS = new LinkedHashMap<>();
    private static final String[] FIRST = {"Ada", "Kwame", "Amina", "Chidi", "Wanjiru", "Thabo", "Fatou", "Kofi"};
    private static final String[] LAST = {"Okafor", "Mensah", "Abdullahi", "Kamau", "Nkosi", "Diallo", "Owusu", "Bello"};

    static {
        FORMATS.put("NG", Map.of(
                "BVN", Pattern.compile("\\d{11}"),
                "NIN", Pattern.compile("\\d{11}"),
                "PASSPORT", Pattern.compile("[A-Z]\\d{8}")));
        FORMATS.put("GH", Map.of(
                "SSNIT", Pattern.compile("[A-Z]\\d{12}"),
                "PASSPORT", Pattern.compile("G\\d{7}")));
        FORMATS.put("KE", Map.of(
                "NATIONAL_ID", Pattern.compile("\\d{7,8}"),
                "PASSPORT", Pattern.compile("[A-Z]\\d{7,8}")));
        FORMATS.put("ZA", Map.of("NATIONAL_ID", Pattern.compile("\\d{13}")));
    }

    @Override
    public Answer lookup(Query query) {
        var country = upper(query.country());
        var idType = upper(query.idType());
        var formats = FORMATS.get(country);
        if (formats == null || !formats.containsKey(idType)) {
            return new Answer(Outcome.UNSUPPORTED, Map.of());
        }
        var number = query.idNumber() == null ? "" : query.idNumber().strip().toUpperCase(Locale.ROOT);
        if (!formats.get(idType).matcher(number).matches()) {
            return new Answer(Outcome.INVALID_FORMAT, Map.of());
        }
        if (number.endsWith("0000")) {
            return new Answer(Outcome.NOT_FOUND, Map.of());
        }
        if (number.endsWith("9999")) {
            return new Answer(Outcome.ISSUER_UNAVAILABLE, Map.of());
        }
        var seed = digest(country + "/" + idType + "/" + number);
        var first = FIRST[Math.floorMod(seed[0], FIRST.length)];
        var last = LAST[Math.floorMod(seed[1], LAST.length)];
        var dob = String.format("%04d-%02d-%02d", 1950 + Math.floorMod(seed[2], 50), 1 + Math.floorMod(seed[3], 12),
                1 + Math.floorMod(seed[4], 28));
        var fields = new LinkedHashMap<String, String>();
        fields.put("Country", country);
        fields.put("IDType", idType);
        fields.put("IDNumber", number);
        fields.put("FullName", first + " " + last);
        fields.put("DOB", dob);
        fields.put("Gender", Math.floorMod(seed[5], 2) == 0 ? "F" : "M");
        fields.put("ExpirationDate", "Not Available");
        return new Answer(Outcome.FOUND, fields);
    }

    @Override
    public Map<String, Map<String, List<String>>> supportedIdTypes() {
        var result = new LinkedHashMap<String, Map<String, List<String>>>();
        FORMATS.forEach((country, types) -> {
            var byType = new LinkedHashMap<String, List<String>>();
            types.keySet().stream().sorted().forEach(type -> byType.put(type, List.of("id_number")));
            result.put(country, byType);
        });
        return result;
    }

    private static String upper(String value) {
        return value == null ? "" : value.strip().toUpperCase(Locale.ROOT);
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
