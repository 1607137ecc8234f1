package dev.tollfree.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the numbers were measured on. */
final class Machine {
    private Machine() {}

    static Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        m.put("cpu", firstMatching(Path.of("/proc/cpuinfo"), "model name"));
        m.put("memory", firstMatching(Path.of("/proc/meminfo"), "MemTotal"));
        m.put("kernel", read(Path.of("/proc/sys/kernel/osrelease")));
        m.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        return m;
    }

    private static String firstMatching(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException e) {
            return "unknown";
        }
        return "unknown";
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
