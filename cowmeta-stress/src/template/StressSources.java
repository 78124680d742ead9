import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A build step of cowmeta-stress, run by its POM at generate-sources with the JDK's source
 * launcher: writes one jcstress test class per table from the template, the template's
 * {@code @CLASS@} replaced by the class name ("rhashtable-locked" becomes
 * {@code RhashtableLockedStress}) and {@code @TABLE@} by the table's name. A file whose text is
 * already right is left alone (so the compiler sees nothing new), and a generated class of a
 * table no longer listed is deleted.
 *
 * <p>Usage: {@code java StressSources.java TEMPLATE OUTPUT_ROOT TABLES...}, where each TABLES
 * argument may hold several names separated by commas or white space.
 */
public final class StressSources {
    private static final String SUFFIX = "Stress.java";

    private StressSources() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: java StressSources.java TEMPLATE OUTPUT_ROOT TABLES...");
            System.exit(2);
        }
        String template = Files.readString(Path.of(args[0]));
        Path dir = Path.of(args[1]).resolve("org/cowmeta/stress");
        List<String> tables = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            for (String name : args[i].trim().split("[\\s,]+")) {
                if (!name.isEmpty()) {
                    tables.add(name);
                }
            }
        }
        if (tables.isEmpty()) {
            System.err.println("StressSources: no table named");
            System.exit(2);
        }
        Files.createDirectories(dir);
        TreeSet<String> written = new TreeSet<>();
        for (String table : tables) {
            if (!table.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*")) {
                System.err.println("StressSources: not a table name: " + table);
                System.exit(2);
            }
            String className = className(table);
            String source = template.replace("@CLASS@", className).replace("@TABLE@", table);
            Path file = dir.resolve(className + ".java");
            if (!Files.exists(file) || !Files.readString(file).equals(source)) {
                Files.writeString(file, source);
            }
            written.add(file.getFileName().toString());
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path stale : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)
                    && !written.contains(f.getFileName().toString())).toList()) {
                Files.delete(stale);
            }
        }
    }

    /** "rhashtable-locked" -> "RhashtableLockedStress". */
    static String className(String table) {
        StringBuilder sb = new StringBuilder();
        for (String part : table.split("-")) {
            sb.append(Character.toUpperCase(part.charAt(0))).append(part, 1, part.length());
        }
        return sb.append("Stress").toString();
    }
}
