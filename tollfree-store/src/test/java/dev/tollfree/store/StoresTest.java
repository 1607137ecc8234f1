package dev.tollfree.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollfree.core.store.StoreException;
import org.junit.jupiter.api.Test;

/** Opening a store: URL schemes, settings, and keeping passwords out of every message. */
class StoresTest {

    @Test
    void open_unknownScheme_namesTheSchemeButNotThePassword() {
        var settings = new StoreSettings("jdbc:mysql://db:3306/tollfree?password=hunter2", "root", "hunter2");

        assertThatThrownBy(() -> Stores.open(settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'jdbc:mysql:'")
                .hasMessageContaining("jdbc:sqlite:")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void open_urlWithoutScheme_doesNotEchoIt() {
        assertThatThrownBy(() -> Stores.open(StoreSettings.of("hunter2")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("hunter2");
    }

    @Test
    void open_unreachablePostgres_failsWithoutLeakingThePassword() {
        var settings = new StoreSettings("jdbc:postgresql://127.0.0.1:1/tollfree?password=s3cr3t-in-url&connectTimeout=1",
                "tollfree", "s3cr3t-setting");

        assertThatThrownBy(() -> Stores.open(settings))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.conflict()).isFalse())
                .hasMessageContaining("could not open the store")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void storeSettings_toString_masksThePassword_inFieldAndUrl() {
        var settings = new StoreSettings("jdbc:postgresql://db/tf?user=tf&password=s3cr3t", "tf", "other-s3cr3t");

        assertThat(settings.toString()).doesNotContain("s3cr3t").contains("password=****").contains("user=tf");
    }

    @Test
    void storeSettings_rejectsMissingValues() {
        assertThatThrownBy(() -> new StoreSettings(" ", "", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StoreSettings("jdbc:sqlite:x", null, "")).isInstanceOf(NullPointerException.class);
    }

    @Test
    void redaction_scrubsEverySecretFromAMessage() {
        var settings = new StoreSettings("jdbc:postgresql://db/tf?password=url-secret", "tf", "field-secret");

        String scrubbed = Redaction.scrub("failed with url-secret and field-secret", Redaction.secretsOf(settings));

        assertThat(scrubbed).isEqualTo("failed with **** and ****");
        assertThat(Redaction.maskUrlPassword("jdbc:postgresql://u:pw@db/tf")).isEqualTo("jdbc:postgresql://u:****@db/tf");
    }
}
