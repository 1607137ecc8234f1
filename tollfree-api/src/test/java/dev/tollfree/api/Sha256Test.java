package dev.tollfree.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class Sha256Test {
    @Test
    void hex_isLowerCase_andMatchesTheStandardVectors() {
        // FIPS 180-2 test vector
        assertThat(Sha256.hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Sha256.hex("")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void hex_givesTheSameAnswerOnManyThreadsAtOnce() throws Exception {
        List<String> keys = IntStream.range(0, 64).mapToObj(i -> "tf-key-" + i + "-é").toList();
        List<String> expected = keys.stream().map(Sha256::hex).toList();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Boolean>> results = pool.invokeAll(IntStream.range(0, 2_000).<Callable<Boolean>>mapToObj(i -> () -> {
                int k = i % keys.size();
                return Sha256.hex(keys.get(k)).equals(expected.get(k));
            }).toList());
            for (Future<Boolean> r : results) {
                assertThat(r.get()).isTrue();
            }
        }
    }
}
