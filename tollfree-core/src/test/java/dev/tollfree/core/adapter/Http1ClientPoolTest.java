package dev.tollfree.core.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The idle pool of the clear-text client: a cap per origin, kept by count, and everything closed on close. */
class Http1ClientPoolTest {
    @Test
    void release_keepsAtMost64IdlePerOrigin_andClosesTheRest() {
        Http1Client client = new Http1Client(Duration.ofSeconds(1));
        List<Http1Client.Conn> conns = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            Http1Client.Conn c = new Http1Client.Conn("http://127.0.0.1:9", new Socket());
            conns.add(c);
            client.release(c);
        }
        Http1Client.Conn other = new Http1Client.Conn("http://127.0.0.1:10", new Socket());
        client.release(other);
        assertThat(IntStream.range(0, 64).filter(i -> conns.get(i).socket.isClosed())).as("kept").isEmpty();
        assertThat(IntStream.range(64, 70).filter(i -> !conns.get(i).socket.isClosed())).as("over the cap").isEmpty();
        assertThat(other.socket.isClosed()).as("another origin has its own cap").isFalse();

        client.close();
        assertThat(conns).allMatch(c -> c.socket.isClosed());
        assertThat(other.socket.isClosed()).isTrue();
    }

    @Test
    void release_afterClose_closesAtOnce() {
        Http1Client client = new Http1Client(Duration.ofSeconds(1));
        client.close();
        Http1Client.Conn c = new Http1Client.Conn("http://127.0.0.1:9", new Socket());
        client.release(c);
        assertThat(c.socket.isClosed()).isTrue();
    }
}
