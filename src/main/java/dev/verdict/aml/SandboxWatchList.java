package dev.verdict.aml;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.http.JsonSupport;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The deterministic sandbox watch list (docs/sandbox.md): a {@code full_name} with the word
 * {@code Listed} in it is found — one person, politically exposed, sanctioned and in the news, with
 * sources — and every other name is not. With {@code strict_match} a given {@code birth_year} must
 * also be the listed person's (1984), so the same name with another year is not found.
 */
public final class SandboxWatchList implements WatchList {
    /** The birth year of every listed sandbox person. */
    public static final String LISTED_BIRTH_YEAR = "1984";
    private static final Pattern LISTED = Pattern.compile("(^|\\W)listed(\\W|$)");

    @Override
    public Answer screen(Query query) {
        var people = JsonSupport.MAPPER.createArrayNode();
        var name = query.fullName() == null ? "" : query.fullName().strip();
        if (!LISTED.matcher(name.toLowerCase(Locale.ROOT)).find()) {
            return new Answer(people);
        }
        var year = query.birthYear() == null ? "" : query.birthYear().strip();
        if (query.strictMatch() && !year.isEmpty() && !year.equals(LISTED_BIRTH_YEAR)) {
            return new Answer(people);
        }
        var country = query.countries().isEmpty() ? "NG" : query.countries().getFirst().toUpperCase(Locale.ROOT);
        people.add(person(name, country));
        return new Answer(people);
    }

    private static ObjectNode person(String name, String country) {
        var person = JsonSupport.MAPPER.createObjectNode();
        person.putArray("addresses").add("Sandbox City");
        person.putArray("adverse_media").addObject()
                .put("date_published", "2021-09-24")
                .put("publisher", "Sandbox Times")
                .put("source_link", "https://news.sandbox.example/article")
                .put("title", name + " questioned by regulators");
        person.putArray("aliases").add(name.replaceAll("(?i)\\s*\\blisted\\b", "").strip());
        person.putArray("associations").addObject()
                .put("association_type", "PEP")
                .put("name", "Sandbox Associate")
                .put("relationship", "Sandbox Associate is an associate of " + name);
        person.putArray("dates_of_birth").add(LISTED_BIRTH_YEAR + "-07-16");
        person.put("name", name);
        person.putArray("nationalities").add(country);
        var pep = person.putObject("pep");
        pep.put("pep_level", 1);
        ArrayNode positions = pep.putArray("political_positions");
        positions.addObject().put("country", country).put("from", "2020-01-05").put("position", "Representative")
                .put("to", "2022-01-05");
        positions.addObject().put("country", country).put("from", "2022-01-05").put("position", "Senator")
                .putNull("to");
        pep.putArray("sources").addObject()
                .put("source_link", "https://parliament.sandbox.example/members")
                .put("source_name", "parliament.sandbox.example");
        person.putArray("sanctions").addObject()
                .put("date_of_birth", "")
                .put("nationality", country)
                .putObject("source_details")
                .put("listed_date", "2020-01-05")
                .put("source_name", "Sandbox Sanctions List")
                .put("source_type", "Sanctions")
                .putArray("source_link").add("https://sanctions.sandbox.example/list");
        return person;
    }
}
