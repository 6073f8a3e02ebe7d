package dev.netns.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserNamespacesTest {
    @TempDir
    Path procSys;

    @Test
    void ubuntusAppArmorRestrictionIsNamedWithWhatToDo() throws IOException {
        set("kernel/apparmor_restrict_unprivileged_userns", "1");
        set("user/max_user_namespaces", "63413");
        assertThat(UserNamespaces.restriction(procSys)).hasValue("unprivileged user namespaces are off on this machine"
                + " (kernel.apparmor_restrict_unprivileged_userns=1, Ubuntu's AppArmor restriction, 23.10 and later):"
                + " allow them with `sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0`"
                + " (and a file in /etc/sysctl.d to keep it), or run the tests as root");
    }

    @Test
    void debiansSwitchAndTheLimitAreNamed() throws IOException {
        set("kernel/unprivileged_userns_clone", "0");
        assertThat(UserNamespaces.restriction(procSys)).get().asString()
                .contains("kernel.unprivileged_userns_clone=0").contains("sysctl -w kernel.unprivileged_userns_clone=1");
        set("kernel/unprivileged_userns_clone", "1");
        set("user/max_user_namespaces", "0\n");
        assertThat(UserNamespaces.restriction(procSys)).get().asString()
                .contains("user.max_user_namespaces=0").contains("sysctl -w user.max_user_namespaces=15000");
    }

    @Test
    void allowingValuesAndMissingSettingsAreNoRestriction() throws IOException {
        assertThat(UserNamespaces.restriction(procSys)).isEmpty();
        set("kernel/apparmor_restrict_unprivileged_userns", "0");
        set("kernel/unprivileged_userns_clone", "1");
        set("user/max_user_namespaces", "100");
        assertThat(UserNamespaces.restriction(procSys)).isEmpty();
    }

    private void set(String name, String value) throws IOException {
        Path file = procSys.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, value);
    }
}
