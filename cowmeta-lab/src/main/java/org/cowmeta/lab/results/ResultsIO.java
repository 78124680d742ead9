package org.cowmeta.lab.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads and writes {@link Results} as results.json (the complete record; a NaN is written as
 * null) and results.csv (one line per row, for spreadsheets and R; params as k=v;k=v, plus the
 * time in DRAM-load units when the row is a time).
 */
public final class ResultsIO {
    public static final String JSON = "results.json";
    public static final String CSV = "results.csv";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultsIO() {}

    /** Writes results.json and results.csv into {@code dir}, creating it when missing. */
    public static void write(Results results, Path dir) throws IOException {
        Files.createDirectories(dir);
        writeJson(results, dir.resolve(JSON));
        writeCsv(results, dir.resolve(CSV));
    }

    public static void writeJson(Results results, Path file) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schema", Results.SCHEMA);
        root.set("run", map(results.run()));
        root.set("machine", map(results.machine()));
        root.set("jvm", map(results.jvm()));
        ArrayNode notes = root.putArray("notes");
        results.notes().forEach(notes::add);
        ArrayNode rows = root.putArray("rows");
        for (ResultRow r : results.rows()) {
            ObjectNode n = rows.addObject();
            n.put("section", r.section());
            n.put("table", r.table());
            n.put("benchmark", r.benchmark());
            n.set("params", map(r.params()));
            n.put("metric", r.metric());
            number(n, "value", r.value());
            n.put("unit", r.unit());
            number(n, "error", r.error());
            number(n, "low", r.low());
            number(n, "high", r.high());
            number(n, "costLines", r.costLines());
            number(n, "costLoads", r.costLoads());
            if (!r.samples().isEmpty()) {
                ArrayNode samples = n.putArray("samples");
                r.samples().forEach(v -> {
                    if (Double.isFinite(v)) {
                        samples.add(v);
                    } else {
                        samples.addNull();
                    }
                });
            }
        }
        MAPPER.writeValue(file.toFile(), root);
    }

    /** Reads results.json; a missing or malformed file is an {@link IOException} naming it. */
    public static Results readJson(Path file) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new IOException(file + " does not exist");
        } catch (IOException e) {
            throw new IOException(file + " is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject() || !root.path("rows").isArray()) {
            throw new IOException(file + " is not a cowmeta results file (no \"rows\" array)");
        }
        Results results = new Results();
        strings(root.path("run")).forEach(results::run);
        results.machine(strings(root.path("machine")));
        results.jvm(strings(root.path("jvm")));
        root.path("notes").forEach(n -> results.note(n.asText()));
        int i = 0;
        for (JsonNode n : root.path("rows")) {
            i++;
            if (!n.hasNonNull("section") || !n.hasNonNull("benchmark") || !n.hasNonNull("metric")) {
                throw new IOException(file + ": row " + i + " lacks section, benchmark or metric");
            }
            results.add(new ResultRow(n.path("section").asText(), n.path("table").asText(""),
                    n.path("benchmark").asText(), strings(n.path("params")), n.path("metric").asText(),
                    num(n, "value"), n.path("unit").asText(""), num(n, "error"), num(n, "low"), num(n, "high"),
                    num(n, "costLines"), num(n, "costLoads"), samples(n.path("samples"))));
        }
        return results;
    }

    public static void writeCsv(Results results, Path file) throws IOException {
        double dram = results.dramLoadNanos().orElse(Double.NaN);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("section,table,benchmark,params,metric,value,unit,error,low,high,costLines,costLoads,dramLoads\n");
            for (ResultRow r : results.rows()) {
                StringBuilder params = new StringBuilder();
                r.params().forEach((k, v) -> params.append(params.isEmpty() ? "" : ";").append(k).append('=').append(v));
                double inDram = r.isNanosPerOp() ? r.value() / dram : Double.NaN;
                w.write(String.join(",", csv(r.section()), csv(r.table()), csv(r.benchmark()), csv(params.toString()),
                        csv(r.metric()), fmt(r.value()), csv(r.unit()), fmt(r.error()), fmt(r.low()), fmt(r.high()),
                        fmt(r.costLines()), fmt(r.costLoads()), fmt(inDram)));
                w.write('\n');
            }
        }
    }

    private static ObjectNode map(Map<String, String> m) {
        ObjectNode n = MAPPER.createObjectNode();
        m.forEach(n::put);
        return n;
    }

    private static Map<String, String> strings(JsonNode n) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), e.getValue().asText());
        }
        return m;
    }

    private static java.util.List<Double> samples(JsonNode a) {
        java.util.List<Double> out = new java.util.ArrayList<>();
        a.forEach(v -> out.add(v.isNumber() ? v.asDouble() : Double.NaN));
        return out;
    }

    private static void number(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) {
            n.put(key, v);
        } else {
            n.putNull(key);
        }
    }

    private static double num(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() || !v.isNumber() ? Double.NaN : v.asDouble();
    }

    private static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "";
    }

    private static String csv(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
