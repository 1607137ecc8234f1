package dev.tollfree.bench;

import java.util.Locale;

/** A fake OpenAI-compatible provider on 127.0.0.1; see {@link UpstreamProfile} for what it answers. */
interface Upstream extends AutoCloseable {
    int port();

    String kind();

    @Override
    void close();

    /** Which HTTP server implementation plays the fake. */
    enum Kind {
        RAW, JDK, HELIDON, HELIDON_DEFAULT;

        static Kind parse(String s) {
            try {
                return valueOf(s.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--upstream must be raw, jdk, helidon or helidon-default, got '" + s + "'");
            }
        }

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    static Upstream start(Kind kind, UpstreamProfile profile) {
        return switch (kind) {
            case RAW -> RawUpstream.start(profile);
            case JDK -> JdkUpstream.start(profile);
            case HELIDON -> HelidonUpstream.start(profile, true);
            case HELIDON_DEFAULT -> HelidonUpstream.start(profile, false);
        };
    }
}
