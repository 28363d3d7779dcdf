package dev.verdict.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.images.ImageKind;
import dev.verdict.images.ImageRecord;
import dev.verdict.jobs.ResultEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the review and job pages show of a job, read from its stored JSON: everything here is text
 * for the templates to escape (partner params and the ID authority's answer come from outside).
 */
public final class Evidence {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The ID fields an ID authority's answer may carry, in the order a reviewer compares them. */
    private static final List<String> ID_FIELDS = List.of("FullName", "DOB", "Gender", "IDType", "IDNumber",
            "Country", "ExpirationDate", "IssuanceDate", "PhoneNumber", "Address");

    /** One image of a job: its kind as a reviewer reads it and the console route that serves it. */
    public record Image(String label, String kind, String path) {}

    /** The machine's (or a person's) result: code, text, actions and confidence. */
    public record Result(int seq, String code, String text, Map<String, String> actions, String confidence,
            String producedBy) {}

    /** One line of a job's timeline. */
    public record Event(int seq, String code, String text, boolean isFinal, String producedBy, String at) {}

    private Evidence() {}

    static List<Image> images(List<ImageRecord> records) {
        var order = List.of(ImageKind.SELFIE, ImageKind.LIVENESS, ImageKind.ID_CARD_FRONT, ImageKind.ID_CARD_BACK);
        var sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparingInt((ImageRecord r) -> order.indexOf(r.kind()))
                .thenComparing(ImageRecord::createdAt));
        var images = new ArrayList<Image>();
        int frame = 0;
        for (var record : sorted) {
            var label = switch (record.kind()) {
                case SELFIE -> "Selfie";
                case LIVENESS -> "Liveness frame " + (++frame);
                case ID_CARD_FRONT -> "ID card front";
                case ID_CARD_BACK -> "ID card back";
            };
            images.add(new Image(label, record.kind().wireName(), ReviewPages.IMAGES + "/" + record.id()));
        }
        return images;
    }

    /** The latest result the machine produced (not an operator), if any. */
    static Optional<Result> machineResult(List<ResultEvent> events) {
        return events.stream().filter(e -> e.producedBy() == null || !e.producedBy().startsWith("operator:"))
                .max(Comparator.comparingInt(ResultEvent::seq)).map(Evidence::result);
    }

    static Result result(ResultEvent event) {
        var json = parse(event.resultJson());
        var actions = new LinkedHashMap<String, String>();
        json.path("Actions").properties().forEach(entry -> actions.put(entry.getKey(), text(entry.getValue())));
        return new Result(event.seq(), event.resultCode(), json.path("ResultText").asText(""), actions,
                json.path("ConfidenceValue").asText(""), producer(event));
    }

    /** The ID authority's answer carried by the job's latest result: its ID fields and FullData. */
    static Map<String, String> idAuthority(List<ResultEvent> events) {
        var answer = new LinkedHashMap<String, String>();
        var latest = events.stream().max(Comparator.comparingInt(ResultEvent::seq));
        if (latest.isEmpty()) {
            return answer;
        }
        var json = parse(latest.get().resultJson());
        for (var field : ID_FIELDS) {
            var value = json.path(field);
            if (!value.isMissingNode() && !value.isNull() && !text(value).isEmpty() && !text(value).equals("Not Available")) {
                answer.put(field, text(value));
            }
        }
        json.path("FullData").properties().forEach(entry -> {
            if (!entry.getKey().toLowerCase(java.util.Locale.ROOT).contains("photo")) {
                answer.putIfAbsent(entry.getKey(), text(entry.getValue()));
            }
        });
        if (json.has("Photo") || json.path("FullData").has("Photo")) {
            answer.put("Photo", "returned by the ID authority (not shown)");
        }
        return answer;
    }

    static List<Event> timeline(List<ResultEvent> events) {
        return events.stream().sorted(Comparator.comparingInt(ResultEvent::seq))
                .map(e -> new Event(e.seq(), e.resultCode(), parse(e.resultJson()).path("ResultText").asText(""),
                        e.isFinal(), producer(e), e.createdAt().toString()))
                .toList();
    }

    /** The partner's params as name → text, in the order they were sent. */
    static Map<String, String> partnerParams(String json) {
        var params = new LinkedHashMap<String, String>();
        parse(json).properties().forEach(entry -> params.put(entry.getKey(), text(entry.getValue())));
        return params;
    }

    private static String producer(ResultEvent event) {
        return event.producedBy() == null ? "" : event.producedBy();
    }

    private static String text(JsonNode value) {
        return value.isValueNode() ? value.asText() : value.toString();
    }

    private static JsonNode parse(String json) {
        if (json == null || json.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            return JSON.createObjectNode();
        }
    }
}
