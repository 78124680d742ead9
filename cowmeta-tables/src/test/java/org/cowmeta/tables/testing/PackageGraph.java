package org.cowmeta.tables.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The package graph of one module's compiled main classes, read with the JDK's class-file API:
 * an edge for every class a class's constant pool names in another package of {@code org.cowmeta}.
 * Each module's {@code PackageCycleTest} calls {@link #assertNoCycle}; the test-jar of
 * {@code cowmeta-tables} shares this class with the other modules' tests.
 */
public final class PackageGraph {
    /** package -> package it names -> the class references ("From -> To") that make that edge. */
    private final Map<String, Map<String, Set<String>>> edges;

    private PackageGraph(Map<String, Map<String, Set<String>>> edges) {
        this.edges = edges;
    }

    /**
     * Fails, naming every cycle and the class references that make its edges, when the package
     * graph of the classes directory {@code mainClass} was loaded from has a cycle.
     */
    public static void assertNoCycle(Class<?> mainClass) throws IOException {
        PackageGraph graph = ofClassesOf(mainClass);
        List<Set<String>> cycles = graph.cycles();
        assertEquals(List.of(), cycles, () -> graph.explain(cycles));
    }

    /** The graph of the classes directory (target/classes) that {@code mainClass} was loaded from. */
    public static PackageGraph ofClassesOf(Class<?> mainClass) throws IOException {
        try {
            return of(Path.of(mainClass.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The graph of every class file under {@code root}. */
    public static PackageGraph of(Path root) throws IOException {
        Map<String, Map<String, Set<String>>> edges = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                var model = ClassFile.of().parse(Files.readAllBytes(f));
                String self = model.thisClass().asInternalName();
                String from = pkg(self);
                Map<String, Set<String>> to = edges.computeIfAbsent(from, k -> new TreeMap<>());
                for (PoolEntry e : model.constantPool()) {
                    if (e instanceof ClassEntry c) {
                        String name = c.asInternalName().replaceFirst("^\\[+L", "").replaceFirst(";$", "");
                        String p = pkg(name);
                        if (p.startsWith("org.cowmeta") && !p.equals(from)) {
                            to.computeIfAbsent(p, k -> new TreeSet<>()).add(simple(self) + " -> " + simple(name));
                        }
                    }
                }
            }
        }
        return new PackageGraph(edges);
    }

    /** Each package's outgoing edges: the other packages of {@code org.cowmeta} its classes name. */
    private Map<String, Set<String>> packages() {
        Map<String, Set<String>> out = new TreeMap<>();
        edges.forEach((from, to) -> out.put(from, new TreeSet<>(to.keySet())));
        return out;
    }

    /** Tarjan's strongly connected components of more than one package: every cycle, as its packages. */
    public List<Set<String>> cycles() {
        Map<String, Set<String>> graph = packages();
        List<Set<String>> out = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        for (String v : graph.keySet()) {
            if (!index.containsKey(v)) {
                connect(v, graph, index, low, stack, onStack, out);
            }
        }
        return out;
    }

    /** The edges inside each cycle with the class references that make them, one a line, for a failure message. */
    public String explain(List<Set<String>> cycles) {
        StringBuilder b = new StringBuilder("package cycles:");
        for (Set<String> c : cycles) {
            b.append("\n").append(c);
            for (String from : c) {
                edges.getOrDefault(from, Map.of()).forEach((to, refs) -> {
                    if (c.contains(to)) {
                        b.append("\n  ").append(from).append(" -> ").append(to).append(": ").append(String.join(", ", refs));
                    }
                });
            }
        }
        return b.toString();
    }

    private static String pkg(String internalName) {
        int slash = internalName.lastIndexOf('/');
        return slash < 0 ? "" : internalName.substring(0, slash).replace('/', '.');
    }

    private static String simple(String internalName) {
        return internalName.substring(internalName.lastIndexOf('/') + 1);
    }

    private static void connect(String v, Map<String, Set<String>> g, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> out) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        onStack.add(v);
        for (String w : g.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, g, index, low, stack, onStack, out);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                out.add(component);
            }
        }
    }
}
