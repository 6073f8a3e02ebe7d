package dev.netns;

import dev.netns.internal.Validation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A program to run to completion inside a namespace with {@link NetNamespace#exec(ExecRequest)}:
 * its arguments (no shell), and optionally its standard input, environment, working directory
 * and timeout. Immutable; {@link #toBuilder()} derives a variant.
 *
 * <pre>{@code
 * ExecResult r = ns.exec(ExecRequest.builder("iptables-restore", "--noflush")
 *         .stdin("*nat\n...\nCOMMIT\n")
 *         .environment("LC_ALL", "C")
 *         .timeout(Duration.ofSeconds(30))
 *         .build());
 * }</pre>
 *
 * @since 0.1
 */
public final class ExecRequest {
    /** The timeout when none is given: 60 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final List<String> command;
    private final byte[] stdin;
    private final Map<String, String> environment;
    private final boolean inheritEnvironment;
    private final Path directory;
    private final Duration timeout;

    private ExecRequest(Builder b) {
        this.command = List.copyOf(b.command);
        this.stdin = b.stdin;
        this.environment = Map.copyOf(b.environment);
        this.inheritEnvironment = b.inheritEnvironment;
        this.directory = b.directory;
        this.timeout = b.timeout;
    }

    /** @return a request for {@code command} with the defaults: no input, the JVM's environment, 60 s */
    public static ExecRequest of(String... command) {
        return builder(command).build();
    }

    /**
     * @param command the program and its arguments, passed as they are
     * @return a builder
     * @throws InvalidInputException if the command is empty or has a null or NUL-containing argument
     */
    public static Builder builder(String... command) {
        Validation.notNull("command", command);
        return new Builder(Arrays.asList(command));
    }

    /** @see #builder(String...) */
    public static Builder builder(List<String> command) {
        Validation.notNull("command", command);
        return new Builder(command);
    }

    /** @return a builder that starts from this request */
    public Builder toBuilder() {
        Builder b = new Builder(command);
        b.stdin = stdin;
        b.environment.putAll(environment);
        b.inheritEnvironment = inheritEnvironment;
        b.directory = directory;
        b.timeout = timeout;
        return b;
    }

    /** @return the program and its arguments */
    public List<String> command() {
        return command;
    }

    /** @return what is written to the program's standard input; empty means {@code /dev/null} */
    public Optional<byte[]> stdin() {
        return Optional.ofNullable(stdin).map(byte[]::clone);
    }

    /** @return variables set for the program, on top of the JVM's environment unless that is cleared */
    public Map<String, String> environment() {
        return environment;
    }

    /** @return whether the program starts from the JVM's environment (true) or an empty one */
    public boolean inheritsEnvironment() {
        return inheritEnvironment;
    }

    /** @return the working directory; empty means the JVM's */
    public Optional<Path> directory() {
        return Optional.ofNullable(directory);
    }

    /** @return how long the program may run before it and its descendants are killed */
    public Duration timeout() {
        return timeout;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExecRequest r && r.command.equals(command) && Arrays.equals(r.stdin, stdin)
                && r.environment.equals(environment) && r.inheritEnvironment == inheritEnvironment
                && Objects.equals(r.directory, directory) && r.timeout.equals(timeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(command, Arrays.hashCode(stdin), environment, inheritEnvironment, directory, timeout);
    }

    @Override
    public String toString() {
        return "ExecRequest" + command + (stdin == null ? "" : " stdin " + stdin.length + " bytes")
                + (environment.isEmpty() ? "" : " env " + environment.keySet()) + (inheritEnvironment ? "" : " (clean env)")
                + (directory == null ? "" : " in " + directory) + " timeout " + timeout;
    }

    /** Builds an {@link ExecRequest}; every setter validates its argument at once. */
    public static final class Builder {
        private final List<String> command;
        private byte[] stdin;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private boolean inheritEnvironment = true;
        private Path directory;
        private Duration timeout = DEFAULT_TIMEOUT;

        private Builder(List<String> command) {
            if (command.isEmpty()) {
                throw new InvalidInputException("command must name a program, got an empty list");
            }
            for (int i = 0; i < command.size(); i++) {
                String arg = command.get(i);
                if (arg == null) {
                    throw new InvalidInputException("argument " + i + " of command " + command + " is null");
                }
                if (arg.indexOf('\0') >= 0) {
                    throw new InvalidInputException("argument " + i + " of command " + command + " contains a NUL character");
                }
            }
            if (command.get(0).isEmpty()) {
                throw new InvalidInputException("command " + command + " has an empty program name");
            }
            this.command = List.copyOf(command);
        }

        /** Writes {@code text} (UTF-8) to the program's standard input, then closes it. */
        public Builder stdin(String text) {
            Validation.notNull("stdin", text);
            return stdin(text.getBytes(StandardCharsets.UTF_8));
        }

        /** Writes {@code bytes} to the program's standard input, then closes it. */
        public Builder stdin(byte[] bytes) {
            Validation.notNull("stdin", bytes);
            this.stdin = bytes.clone();
            return this;
        }

        /** Sets an environment variable for the program. */
        public Builder environment(String name, String value) {
            Validation.notNull("environment variable name", name);
            Validation.notNull("value of environment variable " + name, value);
            if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
                throw new InvalidInputException("environment variable \"" + name + "\" is not a valid NAME=VALUE pair");
            }
            environment.put(name, value);
            return this;
        }

        /** Starts the program with only the variables set here, not the JVM's. */
        public Builder clearEnvironment() {
            inheritEnvironment = false;
            return this;
        }

        /** Runs the program in {@code dir}. */
        public Builder directory(Path dir) {
            Validation.notNull("directory", dir);
            this.directory = dir;
            return this;
        }

        /**
         * How long the program may run; past it, it and its descendants are killed and the result
         * says {@linkplain ExecResult#timedOut() timed out}.
         */
        public Builder timeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new InvalidInputException("exec timeout must be positive, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** @return the request */
        public ExecRequest build() {
            return new ExecRequest(this);
        }
    }
}
