package dev.tollfree.testkit;

import java.util.List;

/** What a {@link Script} sends after the status line and headers; one case per wire behaviour. */
sealed interface Body {

    /** A complete body framed by {@code Content-Length}. */
    record Fixed(String contentType, String text) implements Body {}

    /** SSE {@code data:} payloads, framed as {@code data: <payload>\n\n}, then {@code data: [DONE]}. */
    record Events(List<String> payloads) implements Body {
        public Events {
            payloads = List.copyOf(payloads);
        }
    }

    /** Chunks written verbatim, each flushed as one HTTP chunk. */
    record Raw(String contentType, List<String> chunks) implements Body {
        public Raw {
            chunks = List.copyOf(chunks);
        }
    }

    /** Read the request, then abort the connection with a TCP RST before any response byte. */
    record Reset() implements Body {}

    /** Read the request and never answer, until the peer leaves or the fake closes. */
    record Silent() implements Body {}
}
