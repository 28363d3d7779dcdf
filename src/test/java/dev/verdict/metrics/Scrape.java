package dev.verdict.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** A Prometheus text-format scrape, read line by line: metric families (from # TYPE) and samples. */
record Scrape(Map<String, String> types, List<Sample> samples) {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)( \\S+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    record Sample(String name, Map<String, String> labels, double value) {}

    static Scrape parse(String text) {
        var types = new LinkedHashMap<String, String>();
        var samples = new ArrayList<Sample>();
        for (var line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("# HELP")) {
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                var parts = line.split(" ");
                types.put(parts[2], parts[3]);
                continue;
            }
            if (line.startsWith("#")) {
                continue;
            }
            var m = SAMPLE.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a sample line: " + line);
            }
            var labels = new LinkedHashMap<String, String>();
            if (m.group(3) != null) {
                var l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
        }
        return new Scrape(types, samples);
    }

    /** The value of the one sample with this name whose labels include these (0 when there is none). */
    double value(String name, Map<String, String> labels) {
        var matching = samples.stream()
                .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .toList();
        if (matching.size() > 1) {
            throw new IllegalStateException("several samples match " + name + labels + ": " + matching);
        }
        return matching.isEmpty() ? 0 : matching.getFirst().value();
    }

    double value(String name) {
        return value(name, Map.of());
    }

    Set<String> families() {
        return new LinkedHashSet<>(types.keySet());
    }
}
