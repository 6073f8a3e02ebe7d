package dev.netns.maven;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Lets the tests of a project run without root: writes a launcher, {@code bin/java} under
 * {@link #directory}, that starts this build's JDK inside a user namespace of its own, and points
 * the project property {@code jvm} at it, which Surefire and Failsafe read as the Java to fork.
 *
 * <p>Inside, the test JVM is uid 0 of a user namespace the build's user created, with
 * CAP_NET_ADMIN and CAP_SYS_ADMIN over the namespaces it creates, in a network namespace of its
 * own (loopback only) and a mount namespace of its own with a private {@code /run/netns}. Run as
 * root, the launcher starts the JDK unchanged. Where the machine forbids unprivileged user
 * namespaces it starts it unchanged too, with the environment variable
 * {@code NETNS_ROOTLESS_UNAVAILABLE} saying why, and the testkit's tests skip naming the setting.
 *
 * <pre>{@code
 * <plugin>
 *   <groupId>dev.netns</groupId>
 *   <artifactId>netns-maven-plugin</artifactId>
 *   <version>0.1.0-SNAPSHOT</version>
 *   <executions><execution><goals><goal>rootless</goal></goals></execution></executions>
 * </plugin>
 * }</pre>
 *
 * @since 0.1
 */
@Mojo(name = "rootless", defaultPhase = LifecyclePhase.INITIALIZE, requiresProject = false, threadSafe = true)
public class RootlessMojo extends AbstractMojo {
    /** The property Surefire's and Failsafe's {@code jvm} parameter reads. */
    static final String JVM_PROPERTY = "jvm";
    private static final String TEMPLATE = "java";

    /**
     * Where the launcher goes: {@code bin/java} under it, with the JDK's {@code release} file beside.
     * By default {@code netns-rootless} in the project's build directory ({@code target}), or in
     * {@code ./target} when the goal runs without a {@code pom.xml}.
     */
    @Parameter(property = "netns.rootless.directory")
    private java.io.File directory;

    /** Writes nothing and leaves {@code jvm} alone. */
    @Parameter(property = "netns.rootless.skip", defaultValue = "false")
    private boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true)
    private MavenProject project;

    /** Creates the goal; Maven sets its parameters. */
    public RootlessMojo() {
    }

    @Override
    public void execute() throws MojoExecutionException {
        if (skip) {
            getLog().info("netns: rootless skipped");
            return;
        }
        Path javaHome = Path.of(System.getProperty("java.home"));
        try {
            Path launcher = Launcher.write(directory(), javaHome, template());
            project.getProperties().setProperty(JVM_PROPERTY, launcher.toString());
            getLog().info("netns: tests fork " + launcher + " (" + javaHome
                    + " in a user namespace of its own when not run as root)");
        } catch (IOException e) {
            throw new MojoExecutionException("netns: could not write the launcher under " + directory + ": " + e.getMessage(), e);
        }
    }

    private Path directory() {
        if (directory != null) {
            return directory.toPath();
        }
        // Without a pom.xml Maven's stand-in project leaves ${project.basedir} in its build directory unresolved.
        Path build = project.getFile() != null ? Path.of(project.getBuild().getDirectory()) : Path.of("target");
        return build.toAbsolutePath().resolve("netns-rootless");
    }

    private static String template() throws IOException {
        try (InputStream in = RootlessMojo.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IOException("resource " + TEMPLATE + " missing from the plugin's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
