package dev.netns.it.modules;

import static java.util.stream.Collectors.toCollection;
import static java.util.stream.Collectors.toSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.netns.testkit.RequiresRoot;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.lang.module.ModuleDescriptor.Opens;
import java.lang.module.ModuleDescriptor.Provides;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolvedModule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JPMS boundaries of the published jars, read from the {@code module-info.class} of the
 * project's modules as this build made them (the jars, or the class directories when the reactor
 * stopped before {@code package}): only API packages are exported, {@code internal} packages only
 * to the project's own modules, the backends are services. Then the modules are put to work on the
 * module path: resolved together, the testkit instantiated by JUnit, the CLI's doctor and a user's
 * module run by a real {@code java --module-path}.
 */
class ModuleBoundariesTest {

    private static final Set<String> PROJECT = Set.of(
            "dev.netns", "dev.netns.netlink", "dev.netns.nftables", "dev.netns.iptables", "dev.netns.testkit", "dev.netns.cli");
    private static final Set<String> API_PACKAGES = Set.of("dev.netns", "dev.netns.spi", "dev.netns.testkit");

    /** Module name to its location, for every entry of the test class path that is a module. */
    private static Map<String, Path> modules;

    @BeforeAll
    static void findModules() {
        modules = new LinkedHashMap<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            boolean jar = entry.endsWith(".jar") && Files.isRegularFile(path);
            if (!jar && !Files.isRegularFile(path.resolve("module-info.class"))) {
                continue; // this module's own classes, or a directory without a descriptor
            }
            try {
                for (ModuleReference ref : ModuleFinder.of(path).findAll()) {
                    modules.putIfAbsent(ref.descriptor().name(), path);
                }
            } catch (FindException e) {
                // a jar whose file name makes no module name: not one of ours, not needed
            }
        }
        assertThat(modules).as("modules on the test class path (jars without module-info come from an older build:"
                + " run in the reactor, e.g. mvn verify -pl integration-tests -am)").containsKeys(PROJECT.toArray(String[]::new));
    }

    private static ModuleDescriptor descriptor(String module) {
        ModuleDescriptor d = ModuleFinder.of(modules.get(module)).find(module).orElseThrow().descriptor();
        assertThat(d.isAutomatic()).as(module + " has a module-info").isFalse();
        return d;
    }

    @Test
    void onlyApiPackagesAreExportedToEveryone() {
        Set<String> unqualified = new TreeSet<>();
        for (String module : PROJECT) {
            ModuleDescriptor d = descriptor(module);
            assertThat(d.isOpen()).as(module + " is not an open module").isFalse();
            d.exports().stream().filter(e -> !e.isQualified()).map(Exports::source).forEach(unqualified::add);
        }
        assertThat(unqualified).containsExactlyInAnyOrderElementsOf(API_PACKAGES);
    }

    @Test
    void internalPackagesAreExportedToTheProjectsOwnModulesOnly() {
        for (String module : PROJECT) {
            ModuleDescriptor d = descriptor(module);
            for (Exports e : d.exports()) {
                if (e.isQualified()) {
                    assertThat(e.source()).as(module + ": a qualified export").contains(".internal");
                    assertThat(PROJECT).as(module + " exports " + e.source() + " to").containsAll(e.targets());
                } else {
                    assertThat(e.source()).as(module + ": an unqualified export").doesNotContain("internal");
                }
            }
            for (String p : d.packages()) {
                boolean exported = d.exports().stream().anyMatch(e -> !e.isQualified() && e.source().equals(p));
                assertThat(exported || p.contains(".internal") || module.equals("dev.netns.cli"))
                        .as(module + ": package " + p + " is neither API nor internal").isTrue();
            }
        }
        assertThat(descriptor("dev.netns").exports()).filteredOn(Exports::isQualified)
                .extracting(Exports::source, Exports::targets)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("dev.netns.internal",
                        Set.of("dev.netns.netlink", "dev.netns.iptables", "dev.netns.nftables", "dev.netns.testkit", "dev.netns.cli")));
        // The nf_tables backend speaks netlink too: the codec is shared with it, with nobody else.
        assertThat(descriptor("dev.netns.netlink").exports()).allSatisfy(e -> assertThat(e.targets())
                .containsExactly("dev.netns.nftables"));
        assertThat(descriptor("dev.netns.nftables").exports()).isEmpty();
        assertThat(descriptor("dev.netns.iptables").exports()).isEmpty();
        assertThat(descriptor("dev.netns.cli").exports()).isEmpty();
    }

    @Test
    void onlyTheTestkitOpensAPackageAndOnlyToJunit() {
        for (String module : PROJECT) {
            Set<Opens> opens = descriptor(module).opens();
            if (module.equals("dev.netns.testkit")) {
                assertThat(opens).singleElement().satisfies(o -> {
                    assertThat(o.source()).isEqualTo("dev.netns.testkit");
                    assertThat(o.targets()).containsExactly("org.junit.platform.commons");
                });
            } else {
                assertThat(opens).as(module + " opens").isEmpty();
            }
        }
    }

    @Test
    void backendsAreServicesThatNothingRequires() {
        assertThat(descriptor("dev.netns.netlink").provides()).extracting(Provides::service, Provides::providers)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("dev.netns.spi.NetworkStackProvider",
                        List.of("dev.netns.netlink.internal.NetlinkStackProvider")));
        assertThat(descriptor("dev.netns.iptables").provides()).extracting(Provides::service, Provides::providers)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("dev.netns.spi.PacketFilterProvider",
                        List.of("dev.netns.iptables.internal.IptablesProvider")));
        assertThat(descriptor("dev.netns.nftables").provides()).extracting(Provides::service, Provides::providers)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("dev.netns.spi.PacketFilterProvider",
                        List.of("dev.netns.nftables.internal.NftProvider")),
                        org.assertj.core.groups.Tuple.tuple("dev.netns.spi.ImpairmentProvider",
                                List.of("dev.netns.nftables.internal.NftImpairments")));
        // ServiceLoader.load is called by NetworkStack.open and the packet-filter choice (api), and
        // by Link.impair (netlink).
        assertThat(descriptor("dev.netns").uses()).containsExactlyInAnyOrder("dev.netns.spi.NetworkStackProvider",
                "dev.netns.spi.PacketFilterProvider");
        assertThat(descriptor("dev.netns.netlink").uses()).containsExactlyInAnyOrder("dev.netns.spi.ImpairmentProvider");
        for (String module : PROJECT) {
            if (!module.equals("dev.netns.nftables")) { // a backend on top of the netlink one
                assertThat(requiredNames(module)).as(module + " requires").doesNotContain("dev.netns.netlink", "dev.netns.iptables");
            }
        }
        assertThat(requiredNames("dev.netns")).containsExactly("java.base");
    }

    @Test
    void theTestkitResolvesWithoutJunitAndJunitCanInstantiateItsExtensions() throws Exception {
        Predicate<String> junit = n -> n.startsWith("org.junit") || n.startsWith("org.opentest4j") || n.startsWith("org.apiguardian");
        // Topology.build works without JUnit: the testkit only requires it statically.
        Configuration withoutJunit = resolve(Set.of("dev.netns.testkit"), junit.negate());
        assertThat(names(withoutJunit)).contains("dev.netns.testkit", "dev.netns.netlink", "dev.netns.iptables", "com.sun.jna")
                .noneMatch(junit);

        Configuration withJunit = resolve(Set.of("dev.netns.testkit", "org.junit.jupiter.api"), n -> true);
        ResolvedModule testkit = withJunit.findModule("dev.netns.testkit").orElseThrow();
        assertThat(testkit.reads()).extracting(ResolvedModule::name)
                .contains("org.junit.jupiter.api", "org.junit.platform.commons", "org.opentest4j", "org.assertj.core", "awaitility");
        // What @ExtendWith does: JUnit's ReflectionSupport instantiates the package-private extensions.
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(withJunit, ClassLoader.getPlatformClassLoader());
        ClassLoader loader = layer.findLoader("dev.netns.testkit");
        Class<?> support = loader.loadClass("org.junit.platform.commons.support.ReflectionSupport");
        for (String extension : List.of("dev.netns.testkit.NetnsExtension", "dev.netns.testkit.RootCondition")) {
            Class<?> type = loader.loadClass(extension);
            assertThat(type.getModule().getName()).isEqualTo("dev.netns.testkit");
            Object instance = support.getMethod("newInstance", Class.class, Object[].class).invoke(null, type, new Object[0]);
            assertThat(instance).isInstanceOf(type);
        }
    }

    @Test
    @RequiresRoot
    void theCliRunsOnTheModulePath() throws Exception {
        Configuration cf = resolve(Set.of("dev.netns.cli"), n -> true);
        assertThat(names(cf)).contains("dev.netns", "dev.netns.netlink", "dev.netns.iptables", "com.sun.jna")
                .doesNotContain("dev.netns.testkit");

        // doctor only probes inside a scratch namespace it creates and deletes.
        Run r = java(modulePath(cf), "-m", "dev.netns.cli/dev.netns.cli.Main", "doctor");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("ok    network namespaces", "ok    veth links", "ok    in-process ICMP")
                .doesNotContain("FAIL");
        assertThat(r.stderr()).as("no warnings (native access is enabled for com.sun.jna)").isEmpty();
    }

    /** A user's program: {@code requires dev.netns;} and nothing else; the backends come as services. */
    @Test
    @RequiresRoot
    void aUsersModuleSeesTheApiOnlyAndGetsBothBackends(@TempDir Path dir) throws Exception {
        Configuration cf = resolve(Set.of("dev.netns"), n -> true);
        String modulePath = modulePath(cf);

        Path good = source(dir.resolve("good"), "requires dev.netns;", """
                package app;
                import dev.netns.NatRule;
                import dev.netns.NetNamespace;
                import dev.netns.NetworkStack;
                public class Main {
                    public static void main(String[] args) {
                        try (NetworkStack stack = NetworkStack.open(); NetNamespace ns = stack.createAnonymousNamespace()) {
                            System.out.println("ping " + ns.ping("127.0.0.1").reachable());
                            ns.nat().apply(NatRule.masquerade("10.77.0.0/24"));
                            System.out.println("stack " + stack.getClass().getModule().getName());
                            System.out.println("nat " + ns.nat().getClass().getModule().getName() + " " + ns.nat().rules());
                        }
                    }
                }
                """);
        assertThat(javac(modulePath, good, dir.resolve("good-out"))).as("compiles").isEmpty();

        Run r = java(modulePath + File.pathSeparator + dir.resolve("good-out"), "-m", "app/app.Main");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("ping true", "stack dev.netns.netlink", "nat dev.netns.nftables", "10.77.0.0/24");

        for (String internal : List.of("dev.netns.internal.Validation", "dev.netns.netlink.internal.NetlinkStack",
                "dev.netns.iptables.internal.RuleRenderer", "dev.netns.nftables.internal.NftRenderer")) {
            // Even a module that requires the backends cannot see their internals.
            Path bad = source(dir.resolve("bad-" + internal),
                    "requires dev.netns; requires dev.netns.netlink; requires dev.netns.iptables; requires dev.netns.nftables;", """
                    package app;
                    public class Main {
                        static Class<?> c = %s.class;
                    }
                    """.formatted(internal));
            String pkg = internal.substring(0, internal.lastIndexOf('.'));
            assertThat(javac(modulePath, bad, dir.resolve("bad-out-" + internal)))
                    .as("compiling against " + internal).contains("package " + pkg + " is not visible");
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static Set<String> requiredNames(String module) {
        return descriptor(module).requires().stream().map(ModuleDescriptor.Requires::name).collect(toSet());
    }

    /** Resolves {@code roots} with service binding, as {@code java -m} does, among the allowed modules. */
    private static Configuration resolve(Set<String> roots, Predicate<String> allowed) {
        Path[] paths = modules.entrySet().stream().filter(e -> allowed.test(e.getKey()))
                .map(Map.Entry::getValue).distinct().toArray(Path[]::new);
        // The boot layer's configuration as parent: the JDK's modules come from there, ours from the paths.
        return ModuleLayer.boot().configuration().resolveAndBind(ModuleFinder.of(paths), ModuleFinder.of(), roots);
    }

    private static Set<String> names(Configuration cf) {
        return cf.modules().stream().map(ResolvedModule::name).collect(toCollection(TreeSet::new));
    }

    private static String modulePath(Configuration cf) {
        return cf.modules().stream().map(m -> Path.of(m.reference().location().orElseThrow()).toString())
                .distinct().reduce((a, b) -> a + File.pathSeparator + b).orElseThrow();
    }

    private static Path source(Path dir, String requires, String main) throws IOException {
        Files.createDirectories(dir.resolve("app"));
        Files.writeString(dir.resolve("module-info.java"), "module app { " + requires + " }\n");
        Files.writeString(dir.resolve("app/Main.java"), main);
        return dir;
    }

    /** @return javac's diagnostics; empty when it compiled cleanly */
    private static String javac(String modulePath, Path sources, Path out) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = javac.run(null, err, err, "--release", "17", "--module-path", modulePath, "-d", out.toString(),
                sources.resolve("module-info.java").toString(), sources.resolve("app/Main.java").toString());
        String diagnostics = err.toString(StandardCharsets.UTF_8);
        assertThat(rc == 0).as(diagnostics).isEqualTo(diagnostics.isEmpty());
        return diagnostics;
    }

    private record Run(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    private static Run java(String modulePath, String... main) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // JNA's System.load: Java 24+ warns without it, Java 17 accepts it silently.
                "--enable-native-access=com.sun.jna", "--module-path", modulePath));
        command.addAll(List.of(main));
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        var stderr = new java.util.concurrent.CompletableFuture<String>();
        Thread drain = new Thread(() -> stderr.complete(read(p.getErrorStream())));
        drain.start();
        String stdout = read(p.getInputStream());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("java " + String.join(" ", main) + " finished").isTrue();
        return new Run(p.exitValue(), stdout, stderr.get(10, TimeUnit.SECONDS));
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void everyModuleCompilesAsSuchAndNoneIsAutomatic() {
        assertThatCode(() -> PROJECT.forEach(ModuleBoundariesTest::descriptor)).doesNotThrowAnyException();
    }
}
