package dev.netns.testkit;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The testkit is compiled against JUnit Jupiter 5.10 and runs on 5.10 and later, 6.x included.
 * An older Jupiter is refused with one sentence, before anything fails in a confusing way.
 */
final class JupiterVersion {
    static final int MIN_MAJOR = 5;
    static final int MIN_MINOR = 10;

    private JupiterVersion() {
    }

    static void check() {
        check(ExtensionContext.class.getPackage().getImplementationVersion());
    }

    /** @param version the Implementation-Version of junit-jupiter-api's jar; null when unknown (then trusted) */
    static void check(String version) {
        if (version == null) {
            return; // repackaged or shaded: nothing to go by
        }
        String[] parts = version.split("[.-]");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            if (major < MIN_MAJOR || (major == MIN_MAJOR && minor < MIN_MINOR)) {
                throw new ExtensionConfigurationException("netns-testkit needs JUnit Jupiter " + MIN_MAJOR + "."
                        + MIN_MINOR + " or later (6.x included), but the test runs on Jupiter " + version
                        + "; import a newer org.junit:junit-bom in your build");
            }
        } catch (NumberFormatException unparsable) {
            // a version scheme we do not know: newer than this code, most likely
        }
    }
}
