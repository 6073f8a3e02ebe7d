package dev.netns.testkit;

import dev.netns.Link;
import dev.netns.NetNamespace;
import dev.netns.NetworkStack;
import dev.netns.VethPair;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;
import org.opentest4j.TestAbortedException;

/** The extension behind {@link NetnsTest}: builds, injects, describes on failure, tears down, checks for leaks. */
final class NetnsExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        ParameterResolver, TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(NetnsExtension.class);
    private static final String NETWORK = "network";
    /** How long teardown waits for namespace threads to finish exiting before calling it a leak. */
    private static final long LEAK_GRACE_MILLIS = 2_000;

    /** The declared topology of a test class. */
    private record Declaration(Member member, boolean perClass) {
    }

    /**
     * Owns one network in a JUnit store; JUnit closes it if a callback never got to. Jupiter 5.10
     * to 5.12 close only {@code CloseableResource}s, 5.13 and later any {@code AutoCloseable} (a
     * value that is both is closed once); {@link Network#close()} is idempotent either way.
     */
    @SuppressWarnings("deprecation") // CloseableResource: deprecated in 5.13, still the only kind 5.10 closes
    static final class Holder implements AutoCloseable, ExtensionContext.Store.CloseableResource {
        final Network network;
        final String owner;

        Holder(Network network, String owner) {
            this.network = network;
            this.owner = owner;
        }

        void closeAndCheck() {
            network.close();
            List<String> leaks = LeakCheck.leaks(network.namespaceIds(), network.namespaceNames(), LEAK_GRACE_MILLIS);
            if (!leaks.isEmpty()) {
                throw new AssertionError("the network of " + owner + " left things behind after teardown:\n  "
                        + String.join("\n  ", leaks));
            }
        }

        @Override
        public void close() {
            network.close();
        }
    }

    /**
     * One stack per test run, opened on first use and closed by JUnit at the end (see {@link Holder}).
     * Opening it first removes the named namespaces of test runs (or programs) that were killed
     * before they could delete them.
     */
    @SuppressWarnings("deprecation")
    static final class StackResource implements AutoCloseable, ExtensionContext.Store.CloseableResource {
        final NetworkStack stack = NetworkStack.open();
        final SandboxShelf shelf = new SandboxShelf();

        StackResource() {
            stack.removeAbandonedNamespaces();
        }

        Network build(Topology topology) {
            return NetworkFactory.build(topology, stack, shelf);
        }

        @Override
        public void close() {
            try {
                shelf.close();
            } finally {
                stack.close();
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        JupiterVersion.check();
        Declaration d = declaration(context.getRequiredTestClass());
        if (d.perClass() && findHolder(context).isEmpty()) {
            Topology t = topology(d, context, null);
            context.getStore(NS).put(NETWORK, new Holder(stack(context).build(t), context.getDisplayName()));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Holder h = context.getStore(NS).remove(NETWORK, Holder.class);
        if (h != null) {
            h.closeAndCheck();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Declaration d = declaration(context.getRequiredTestClass());
        if (!d.perClass()) {
            Topology t = topology(d, context, context.getRequiredTestInstances().getAllInstances());
            context.getStore(NS).put(NETWORK, new Holder(stack(context).build(t), context.getDisplayName()));
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Holder h = context.getStore(NS).remove(NETWORK, Holder.class);
        if (h != null) {
            h.closeAndCheck();
        }
    }

    // ---- diagnostics -------------------------------------------------------------------------

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        attachDiagnostics(context, throwable);
        throw throwable;
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        attachDiagnostics(context, throwable);
        throw throwable;
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        attachDiagnostics(context, throwable);
        throw throwable;
    }

    private static void attachDiagnostics(ExtensionContext context, Throwable throwable) {
        if (throwable instanceof TestAbortedException || throwable instanceof ParameterResolutionException
                || throwable instanceof ExtensionConfigurationException) {
            return; // not the network's doing: its state would only bury the message
        }
        Optional<Holder> h = findHolder(context);
        if (h.isEmpty() || h.get().network.isClosed()) {
            return;
        }
        String report;
        try {
            report = h.get().network.describe();
        } catch (RuntimeException e) {
            report = "(cannot describe the network: " + e + ")";
        }
        throwable.addSuppressed(new NetworkDiagnostics(report));
        context.publishReportEntry("netns.diagnostics", report);
        // Surefire's XML report keeps a test's standard output but not JUnit's report entries.
        System.out.println("netns diagnostics of " + context.getDisplayName() + ":\n" + report);
    }

    // ---- parameters --------------------------------------------------------------------------

    @Override
    public boolean supportsParameter(ParameterContext pc, ExtensionContext context) {
        Class<?> type = pc.getParameter().getType();
        if (type == Network.class) {
            return true;
        }
        if (type == NetNamespace.class) {
            return true; // without @Host or -parameters, resolveParameter says how to fix it
        }
        return (type == VethPair.class || type == Link.class) && pc.isAnnotated(NetLink.class);
    }

    @Override
    public Object resolveParameter(ParameterContext pc, ExtensionContext context) {
        Parameter p = pc.getParameter();
        Network network = findHolder(context).map(h -> h.network).orElseThrow(() -> new ParameterResolutionException(
                "no network for parameter [" + p + "]: it exists from before each test (or before all, with "
                        + "@NetworkTopology(perClass = true)) until after it"));
        try {
            if (p.getType() == Network.class) {
                return network;
            }
            if (p.getType() == NetNamespace.class) {
                Optional<String> annotated = pc.findAnnotation(Host.class).map(Host::value);
                if (annotated.isEmpty() && !p.isNamePresent()) {
                    throw new ParameterResolutionException("cannot inject parameter [" + p + "] of "
                            + pc.getDeclaringExecutable().getDeclaringClass().getSimpleName() + "."
                            + pc.getDeclaringExecutable().getName() + ": its name is not in the class file, so it "
                            + "cannot name a host; annotate it (@Host(\"red\") NetNamespace red) or compile the tests "
                            + "with -parameters (maven-compiler-plugin: <parameters>true</parameters>). Hosts are "
                            + network.hosts().keySet());
                }
                return network.host(annotated.orElse(p.getName()));
            }
            String linkName = pc.findAnnotation(NetLink.class).orElseThrow().value();
            if (p.getType() == Link.class
                    && network.topology().vxlanLinks().stream().anyMatch(v -> v.name().equals(linkName))) {
                return network.vxlanLink(linkName); // a VXLAN link has one end here: its device
            }
            VethPair pair = network.link(linkName);
            return p.getType() == Link.class ? pair.local() : pair;
        } catch (ParameterResolutionException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ParameterResolutionException("cannot resolve parameter [" + p + "]: " + e.getMessage(), e);
        }
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static Optional<Holder> findHolder(ExtensionContext context) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            Holder h = c.getStore(NS).get(NETWORK, Holder.class);
            if (h != null) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    private static StackResource stack(ExtensionContext context) {
        return context.getRoot().getStore(NS).getOrComputeIfAbsent(StackResource.class);
    }

    static Declaration declaration(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            List<Member> found = new ArrayList<>();
            found.addAll(AnnotationSupport.findAnnotatedMethods(c, NetworkTopology.class, HierarchyTraversalMode.TOP_DOWN));
            found.addAll(AnnotationSupport.findAnnotatedFields(c, NetworkTopology.class));
            if (found.size() > 1) {
                throw new ExtensionConfigurationException(c.getName() + " declares " + found.size()
                        + " @NetworkTopology members " + found + "; declare exactly one");
            }
            if (found.size() == 1) {
                Member m = found.get(0);
                NetworkTopology a = ((java.lang.reflect.AnnotatedElement) m).getAnnotation(NetworkTopology.class);
                checkMember(m, a.perClass());
                return new Declaration(m, a.perClass());
            }
        }
        throw new ExtensionConfigurationException(testClass.getName() + " is a @NetnsTest but neither it nor an enclosing "
                + "class declares its network: add a method or field annotated @NetworkTopology that returns/holds a Topology");
    }

    private static void checkMember(Member m, boolean perClass) {
        Class<?> type = m instanceof Method method ? method.getReturnType() : ((Field) m).getType();
        if (!Topology.class.isAssignableFrom(type)) {
            throw new ExtensionConfigurationException("@NetworkTopology " + describe(m) + " must return or hold a "
                    + Topology.class.getName() + ", not " + type.getName());
        }
        if (m instanceof Method method && method.getParameterCount() != 0) {
            throw new ExtensionConfigurationException("@NetworkTopology method " + describe(m) + " must not take parameters");
        }
        if (perClass && !Modifier.isStatic(m.getModifiers())) {
            throw new ExtensionConfigurationException("@NetworkTopology(perClass = true) " + describe(m)
                    + " must be static: the network is built before any test instance exists");
        }
    }

    private static Topology topology(Declaration d, ExtensionContext context, List<Object> instances) {
        Member m = d.member();
        Object target = null;
        if (!Modifier.isStatic(m.getModifiers())) {
            target = instances == null ? null : instances.stream()
                    .filter(i -> m.getDeclaringClass().isInstance(i)).reduce((x, y) -> y).orElse(null);
            if (target == null) {
                throw new ExtensionConfigurationException("no test instance to read @NetworkTopology " + describe(m) + " from");
            }
        }
        Object value = m instanceof Method method ? ReflectionSupport.invokeMethod(method, target)
                : ReflectionSupport.tryToReadFieldValue((Field) m, target).getOrThrow(
                        e -> new ExtensionConfigurationException("cannot read @NetworkTopology " + describe(m), e));
        if (value == null) {
            throw new ExtensionConfigurationException("@NetworkTopology " + describe(m) + " gave null for "
                    + context.getDisplayName());
        }
        return (Topology) value;
    }

    private static String describe(Member m) {
        return m.getDeclaringClass().getSimpleName() + "." + m.getName() + (m instanceof Method ? "()" : "");
    }
}
