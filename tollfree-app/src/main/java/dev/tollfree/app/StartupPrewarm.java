package dev.tollfree.app;

import dev.tollfree.server.GatewayServer;
import dev.tollfree.store.Stores;
import javax.net.ssl.SSLContext;

/**
 * Start-up work that does not depend on the configuration, begun on a second thread while the main
 * thread reads the configuration and opens the database: the SQLite native library, the JSON
 * mapper, the default TLS context (its trust store is what makes creating the upstream HTTP client
 * slow) and the web server's routing, in the order the main thread needs them. Whatever the main thread reaches first it does itself;
 * the JVM never initialises a class twice. Failures are left to the code that needs the part, which
 * reports them as it always does.
 */
final class StartupPrewarm {
    private StartupPrewarm() {}

    static void begin() {
        Thread.ofPlatform().name("tollfree-prewarm").daemon().start(StartupPrewarm::run);
    }

    private static void run() {
        Stores.preload();
        try {
            dev.tollfree.api.Json.MAPPER.readTree("{\"a\":[1,\"b\"]}");
            SSLContext.getDefault();
        } catch (Exception | LinkageError e) {
            // reported where the part is used
        }
        GatewayServer.preload();
    }
}
