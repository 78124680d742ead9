package org.cowmeta.lab.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsIOTest {
    @Test
    void jsonRoundTripKeepsEveryRowAndNaN(@TempDir Path dir) throws IOException {
        long seed = 7;
        Results r = SampleResults.make(seed);
        Path f = dir.resolve(ResultsIO.JSON);
        ResultsIO.writeJson(r, f);
        Results back = ResultsIO.readJson(f);
        assertEquals(r.rows(), back.rows().stream().map(x -> x).toList(), "rows differ; seed " + seed);
        assertEquals(r.run(), back.run());
        assertEquals(r.notes(), back.notes());
        assertTrue(Double.isNaN(back.section("footprint").getFirst().error()), "NaN survives as null");
        assertEquals(150.0, back.dramLoadNanos().orElseThrow());
    }

    @Test
    void csvHasOneLinePerRowAndDramUnits(@TempDir Path dir) throws IOException {
        Results r = SampleResults.make(3);
        Path f = dir.resolve(ResultsIO.CSV);
        ResultsIO.writeCsv(r, f);
        List<String> lines = Files.readAllLines(f);
        assertEquals(r.rows().size() + 1, lines.size());
        assertTrue(lines.getFirst().endsWith("dramLoads"));
        String dramLine = lines.stream().filter(l -> l.startsWith("probe,,dramLoad")).findFirst().orElseThrow();
        assertTrue(dramLine.endsWith(",1.00000"), dramLine);
    }

    @Test
    void malformedFileNamesItself(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("results.json"), "{ not json");
        IOException e = assertThrows(IOException.class, () -> ResultsIO.readJson(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        Path g = Files.writeString(dir.resolve("other.json"), "{\"schema\": 1}");
        assertTrue(assertThrows(IOException.class, () -> ResultsIO.readJson(g)).getMessage().contains("rows"));
    }
}
