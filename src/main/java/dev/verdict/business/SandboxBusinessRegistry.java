package dev.verdict.business;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.http.JsonSupport;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The deterministic sandbox business registry (docs/sandbox.md). Every well-formed number is found,
 * except magic endings: {@code ...0000} is not found, {@code ...9999} finds the registry unavailable.
 * The business returned (names, people, capital) is derived from the number, so the same number always
 * gives the same record.
 */
public final class SandboxBusinessRegistry implements BusinessRegistry {
    private static final Map<String, Map<String, Pattern>> FORMATS = new LinkedHashMap<>();
    private static final String[] NAMES = {"Acacia", "Baobab", "Cedar", "Delta", "Ebony", "Falcon", "Granite", "Harbour"};
    private static final String[] TRADES = {"Logistics", "Foods", "Technology Solutions", "Textiles", "Energy",
            "Farms", "Pharmacy", "Construction"};
    private static final String[] FIRST = {"Ada", "Kwame", "Amina", "Chidi", "Wanjiru", "Thabo", "Fatou", "Kofi"};
    private static final String[] LAST = {"Okafor", "Mensah", "Abdullahi", "Kamau", "Nkosi", "Diallo", "Owusu", "Bello"};
    private static final Map<String, String> COUNTRY_NAMES = Map.of("NG", "Nigeria", "KE", "Kenya", "ZA", "South Africa");
    private static final Map<String, String> NATIONALITIES = Map.of("NG", "Nigerian", "KE", "Kenyan", "ZA", "South African");

    static {
        // registration numbers: an optional RC/BN/IT (Nigeria) or PVT-/CPR- (Kenya) prefix and digits
        FORMATS.put("NG", Map.of(
                "BUSINESS_REGISTRATION", Pattern.compile("(RC|BN|IT)?\\d{4,8}"),
                "BASIC_BUSINESS_REGISTRATION", Pattern.compile("(RC|BN|IT)?\\d{4,8}"),
                "TAX_INFORMATION", Pattern.compile("\\d{8}-?\\d{4}")));
        FORMATS.put("KE", Map.of("BUSINESS_REGISTRATION", Pattern.compile("((PVT|CPR|BN)-?)?[A-Z0-9]{4,10}")));
        FORMATS.put("ZA", Map.of("BUSINESS_REGISTRATION", Pattern.compile("\\d{4}/\\d{6}/\\d{2}")));
    }

    @Override
    public Answer lookup(Query query) {
        var country = upper(query.country());
        var idType = upper(query.idType());
        var formats = FORMATS.get(country);
        if (formats == null || !formats.containsKey(idType)) {
            return new Answer(Outcome.UNSUPPORTED, JsonSupport.MAPPER.createObjectNode());
        }
        var number = upper(query.idNumber());
        if (!formats.get(idType).matcher(number).matches()) {
            return new Answer(Outcome.INVALID_FORMAT, JsonSupport.MAPPER.createObjectNode());
        }
        var digits = number.replaceAll("[^0-9]", "");
        if (digits.endsWith("0000")) {
            return new Answer(Outcome.NOT_FOUND, JsonSupport.MAPPER.createObjectNode());
        }
        if (digits.endsWith("9999")) {
            return new Answer(Outcome.REGISTRY_UNAVAILABLE, JsonSupport.MAPPER.createObjectNode());
        }
        return new Answer(Outcome.FOUND, record(country, idType, number, query.businessType()));
    }

    private static ObjectNode record(String country, String idType, String number, String businessType) {
        var seed = digest(country + "/" + idType + "/" + number);
        var name = pick(NAMES, seed[0]) + " " + pick(TRADES, seed[1]);
        var type = switch (businessType == null ? "co" : businessType.strip().toLowerCase(Locale.ROOT)) {
            case "bn" -> "BUSINESS_NAME";
            case "it" -> "INCORPORATED_TRUSTEES";
            default -> "PRIVATE_COMPANY_LIMITED_BY_SHARES";
        };
        var legalName = (name + (type.equals("BUSINESS_NAME") ? " Enterprises" : type.equals("INCORPORATED_TRUSTEES")
                ? " Foundation" : " Limited")).toUpperCase(Locale.ROOT);
        var address = (1 + Math.floorMod(seed[2], 99)) + ", " + pick(LAST, seed[3]) + " Close, "
                + COUNTRY_NAMES.get(country);
        var year = 1990 + Math.floorMod(seed[4], 34);
        var record = JsonSupport.MAPPER.createObjectNode();
        var company = record.putObject("company_information");
        company.put("company_type", type);
        company.put("country", COUNTRY_NAMES.get(country));
        company.put("address", address);
        company.put("registration_number", number);
        company.put("search_number", number);
        company.put("authorized_shared_capital", Integer.toString(1_000_000 * (1 + Math.floorMod(seed[5], 50))));
        company.put("industry", pick(TRADES, seed[1]) + " Company");
        company.put("tax_id", idType.equals("TAX_INFORMATION") ? number : "N/A");
        company.put("registration_date", String.format("%04d-%02d-%02dT09:00:00.000+00:00", year,
                1 + Math.floorMod(seed[6], 12), 1 + Math.floorMod(seed[7], 28)));
        company.put("phone", "0800" + String.format("%07d", Math.floorMod(seed[8] * 7919 + seed[9], 10_000_000)));
        company.put("legal_name", legalName);
        company.put("state", "N/A");
        company.put("email", "info@" + name.toLowerCase(Locale.ROOT).replace(' ', '-') + ".example");
        company.put("status", "ACTIVE");
        record.putArray("fiduciaries").addObject()
                .put("name", pick(NAMES, seed[10]) + " Company Secretaries")
                .put("fiduciary_type", "SECRETARY_COMPANY")
                .put("address", address)
                .put("registration_number", "N/A")
                .put("status", "N/A");
        var owners = record.putArray("beneficial_owners");
        var directors = record.putArray("directors");
        for (int i = 0; i < 2; i++) {
            var person = pick(FIRST, seed[11 + 2 * i]) + " " + pick(LAST, seed[12 + 2 * i]);
            var gender = Math.floorMod(seed[15 + i], 2) == 0 ? "Female" : "Male";
            owners.addObject()
                    .put("shareholdings", Integer.toString(100_000 * (1 + Math.floorMod(seed[17 + i], 9))))
                    .put("address", address)
                    .put("gender", gender)
                    .put("nationality", NATIONALITIES.get(country))
                    .put("registration_number", "N/A")
                    .put("name", person)
                    .put("shareholder_type", "Individual")
                    .put("phone_number", "0700" + String.format("%07d", Math.floorMod(seed[19 + i] * 104729, 10_000_000)));
            directors.addObject()
                    .put("shareholdings", Integer.toString(100_000 * (1 + Math.floorMod(seed[17 + i], 9))))
                    .put("id_number", "A" + String.format("%07d", Math.floorMod(seed[21 + i] * 65537, 10_000_000)))
                    .put("address", address)
                    .put("occupation", i == 0 ? "CEO" : "COO")
                    .put("gender", gender.toUpperCase(Locale.ROOT))
                    .put("nationality", NATIONALITIES.get(country))
                    .put("date_of_birth", String.format("%04d-%02d-%02d", 1950 + Math.floorMod(seed[23 + i], 50),
                            1 + Math.floorMod(seed[25 + i], 12), 1 + Math.floorMod(seed[27 + i], 28)))
                    .put("name", person)
                    .put("id_type", "Passport")
                    .put("phone_number", "0700" + String.format("%07d", Math.floorMod(seed[19 + i] * 104729, 10_000_000)));
        }
        record.putArray("proprietors");
        record.putObject("documents").put("search_certificate", "");
        return record;
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

    private static String pick(String[] values, byte b) {
        return values[Math.floorMod(b, values.length)];
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
