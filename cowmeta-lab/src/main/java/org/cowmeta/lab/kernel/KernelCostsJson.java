package org.cowmeta.lab.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.cowmeta.lab.stats.Interval;

/**
 * {@link KernelCosts} as a small JSON file: the calibration cache and what {@code --kernel-costs}
 * reads to project onto another machine.
 *
 * <pre>{
 *   "machine": "a label", "measuredAt": "...", "mib": 256, "rounds": 6, "notes": ["why a figure is left out"],
 *   "figures": { "forkPerPage": {"ns": 120, "low": 96, "high": 125, "samples": [...]},
 *                "cowFault": 2000, ... }
 * }</pre>
 * A figure is an object (median, optional interval and rounds) or a bare number, in the
 * figure's unit (ns but for the share of huge pages and the counts of faults); only
 * {@code figures} is required, and a figure left out leaves out what is projected with it.
 */
public final class KernelCostsJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private KernelCostsJson() {}

    public static void write(KernelCosts c, Path file) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("machine", c.machine());
        root.put("measuredAt", c.measuredAt());
        root.put("mib", c.mib());
        root.put("rounds", c.rounds());
        ArrayNode notes = root.putArray("notes");
        c.notes().forEach(notes::add);
        ObjectNode figs = root.putObject("figures");
        for (KernelFigure f : KernelFigure.values()) {
            Interval iv = c.figures().get(f);
            if (iv == null || !Double.isFinite(iv.estimate())) {
                continue;
            }
            ObjectNode n = figs.putObject(f.id());
            n.put("ns", iv.estimate());
            n.put("low", iv.low());
            n.put("high", iv.high());
            n.put("confidence", iv.confidence());
            n.put("n", iv.n());
            ArrayNode s = n.putArray("samples");
            c.samplesOf(f).forEach(v -> {
                if (Double.isFinite(v)) {
                    s.add(v);
                } else {
                    s.addNull();
                }
            });
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "costs", ".json");
        MAPPER.writeValue(tmp.toFile(), root);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Reads a cost file; a missing, malformed or meaningless one is an {@link IOException} whose message is one sentence. */
    public static KernelCosts read(Path file) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (java.io.FileNotFoundException | java.nio.file.NoSuchFileException e) {
            throw new IOException("the kernel-costs file " + file + " does not exist");
        } catch (IOException e) {
            throw new IOException("the kernel-costs file " + file + " is not valid JSON: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.path("figures").isObject()) {
            throw new IOException("the kernel-costs file " + file + " has no \"figures\" object");
        }
        Map<KernelFigure, Interval> figures = new EnumMap<>(KernelFigure.class);
        Map<KernelFigure, List<Double>> samples = new EnumMap<>(KernelFigure.class);
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("figures").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            KernelFigure f = KernelFigure.byId(e.getKey()).orElseThrow(() -> new IOException("the kernel-costs file " + file
                    + " names an unknown figure '" + e.getKey() + "'; figures are "
                    + String.join(", ", Arrays.stream(KernelFigure.values()).map(KernelFigure::id).toList())));
            JsonNode n = e.getValue();
            double v = n.isNumber() ? n.asDouble() : n.path("ns").asDouble(Double.NaN);
            if (!Double.isFinite(v) || (v <= 0 && f != KernelFigure.THP_FRACTION && f != KernelFigure.FORK_PER_PAGE_THP)) {
                throw new IOException("the kernel-costs file " + file + " gives " + e.getKey() + " no positive \"ns\"");
            }
            double low = n.path("low").isNumber() ? n.path("low").asDouble() : v;
            double high = n.path("high").isNumber() ? n.path("high").asDouble() : v;
            List<Double> s = new ArrayList<>();
            n.path("samples").forEach(x -> s.add(x.isNumber() ? x.asDouble() : Double.NaN));
            figures.put(f, new Interval(v, Math.min(low, v), Math.max(high, v), n.path("confidence").asDouble(Double.NaN),
                    n.path("n").asInt(s.size())));
            samples.put(f, s);
        }
        String machine = root.path("machine").asText(file.getFileName().toString());
        List<String> notes = new ArrayList<>();
        root.path("notes").forEach(x -> notes.add(x.asText()));
        return new KernelCosts(machine, root.path("measuredAt").asText(""), root.path("mib").asLong(0),
                root.path("rounds").asInt(0), figures, samples, notes);
    }
}
