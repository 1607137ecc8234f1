package dev.tollfree.app;

import dev.tollfree.app.config.GatewayConfig;

/** Shared helpers of the CLI commands. */
final class Commands {
    private Commands() {}

    /** Opens the gateway's state; start-up problems become one clear message. */
    static Services open(GatewayConfig config) {
        try {
            return Services.open(config);
        } catch (MasterKeys.StartupException e) {
            throw new IllegalStateException(e.getMessage());
        }
    }

}
