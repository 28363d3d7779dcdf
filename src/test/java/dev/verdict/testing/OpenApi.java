package dev.verdict.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An OpenAPI 3.1 document of Verdict's (src/main/resources/openapi) and the check that a real answer
 * matches it: the response documented for the path template, method and status (or {@code default}),
 * a body of a documented content type, and — for JSON — valid against the response's schema (JSON
 * Schema draft 2020-12, {@code $ref}s into {@code components/schemas} resolved within the document).
 * Remembers which documented responses were checked, so a test can require all of them.
 */
public final class OpenApi {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    private final JsonNode document;
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final Set<String> checked = ConcurrentHashMap.newKeySet();

    private OpenApi(JsonNode document) {
        this.document = document;
    }

    /** A document from the class path, e.g. {@code /openapi/v1.yaml}. */
    public static OpenApi load(String resource) {
        try (var in = OpenApi.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no " + resource + " on the class path");
            }
            return new OpenApi(YAML.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static OpenApi parse(String yaml) {
        try {
            return new OpenApi(YAML.readTree(yaml));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode document() {
        return document;
    }

    /** Every documented operation as {@code "METHOD /path/{template}"}. */
    public Set<String> operations() {
        var operations = new TreeSet<String>();
        for (var path : names(document.path("paths"))) {
            var item = resolve(document.path("paths").path(path));
            for (var method : names(item)) {
                if (METHODS.contains(method)) {
                    operations.add(method.toUpperCase() + " " + path);
                }
            }
        }
        return operations;
    }

    /** Every documented response but {@code default}, as {@code "METHOD /path status"}. */
    public Set<String> responses() {
        var responses = new TreeSet<String>();
        for (var operation : operations()) {
            var parts = operation.split(" ");
            for (var status : names(operation(parts[1], parts[0]).path("responses"))) {
                if (!status.equals("default")) {
                    responses.add(operation + " " + status);
                }
            }
        }
        return responses;
    }

    /** The documented responses no {@link #check} has met yet. */
    public Set<String> unchecked() {
        var left = new TreeSet<>(responses());
        left.removeAll(checked);
        return left;
    }

    /** Checks an answer against the response documented for it; fails the test with every violation. */
    public void check(String pathTemplate, String method, HttpResponse<?> response) {
        var contentType = response.headers().firstValue("content-type").orElse("");
        var body = response.body() instanceof String text ? text : null;
        check(pathTemplate, method, response.statusCode(), contentType, body);
    }

    public void check(String pathTemplate, String method, int status, String contentType, String body) {
        var what = method + " " + pathTemplate + " " + status;
        var responses = operation(pathTemplate, method).path("responses");
        var response = responses.has(Integer.toString(status)) ? responses.get(Integer.toString(status))
                : responses.get("default");
        assertThat(response).as("%s is documented (body %s)", what, body).isNotNull();
        response = resolve(response);
        checked.add(responses.has(Integer.toString(status)) ? what : method + " " + pathTemplate + " default");
        var mediaType = contentType.split(";")[0].strip();
        var content = response.path("content");
        assertThat(content.has(mediaType)).as("%s: content type %s is documented", what, mediaType).isTrue();
        if (!mediaType.equals("application/json")) {
            return;
        }
        var schema = content.get(mediaType).get("schema");
        JsonNode instance;
        try {
            instance = TestServer.JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError(what + ": not JSON: " + body, e);
        }
        var errors = registry.getSchema(standalone(schema)).validate(instance);
        assertThat(errors).as("%s: %s against its documented schema", what, body).isEmpty();
    }

    /** The operation of a documented path and method; fails the test when there is none. */
    public JsonNode operation(String pathTemplate, String method) {
        var item = document.path("paths").get(pathTemplate);
        assertThat(item).as("path %s is documented", pathTemplate).isNotNull();
        var operation = resolve(item).get(method.toLowerCase());
        assertThat(operation).as("%s %s is documented", method, pathTemplate).isNotNull();
        return operation;
    }

    /** Follows a {@code $ref} to a path item or response within the document. */
    private JsonNode resolve(JsonNode node) {
        while (node.has("$ref")) {
            var ref = node.get("$ref").asText();
            assertThat(ref).startsWith("#/");
            node = document.at(ref.substring(1));
            assertThat(node.isMissingNode()).as("%s resolves", ref).isFalse();
        }
        return node;
    }

    /**
     * The response's schema as a standalone draft 2020-12 schema: the document's component schemas
     * under {@code $defs}, every {@code #/components/schemas/} reference pointed there.
     */
    private JsonNode standalone(JsonNode schema) {
        var root = TestServer.JSON.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        var copy = retarget(schema.deepCopy());
        if (copy.isObject()) {
            root.setAll((ObjectNode) copy);
        } else {
            root.set("allOf", TestServer.JSON.createArrayNode().add(copy));
        }
        root.set("$defs", retarget(document.path("components").path("schemas").deepCopy()));
        return root;
    }

    private static JsonNode retarget(JsonNode node) {
        if (node.isObject()) {
            var object = (ObjectNode) node;
            Map<String, JsonNode> replaced = new LinkedHashMap<>();
            for (var entry : object.properties()) {
                if (entry.getKey().equals("$ref") && entry.getValue().isTextual()) {
                    replaced.put("$ref", TestServer.JSON.getNodeFactory().textNode(
                            entry.getValue().asText().replace("#/components/schemas/", "#/$defs/")));
                } else {
                    replaced.put(entry.getKey(), retarget(entry.getValue()));
                }
            }
            object.setAll(replaced);
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                ((com.fasterxml.jackson.databind.node.ArrayNode) node).set(i, retarget(node.get(i)));
            }
        }
        return node;
    }

    private static java.util.List<String> names(JsonNode node) {
        return node.properties().stream().map(Map.Entry::getKey).toList();
    }
}
