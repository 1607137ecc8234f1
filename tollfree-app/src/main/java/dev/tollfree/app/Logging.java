package dev.tollfree.app;

import dev.tollfree.app.config.LogLevel;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** One-line log records on standard error: {@code 2026-11-22T10:00:00.123Z INFO  name: message}. */
final class Logging {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT.withZone(ZoneOffset.UTC);

    private Logging() {}

    static void configure(LogLevel level) {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        Handler handler = new StdErrHandler();
        handler.setFormatter(new OneLine());
        Level jul = switch (level) {
            case ERROR -> Level.SEVERE;
            case WARN -> Level.WARNING;
            case INFO -> Level.INFO;
            case DEBUG -> Level.FINE;
        };
        handler.setLevel(jul);
        root.addHandler(handler);
        root.setLevel(jul);
        // Helidon is chatty at INFO about its own features; keep its warnings.
        Logger.getLogger("io.helidon").setLevel(level == LogLevel.DEBUG ? Level.FINE : Level.WARNING);
        Logger.getLogger("org.flywaydb").setLevel(Level.WARNING);
        // the Redis client reports every reconnect at INFO; the gateway says what an outage means itself
        Logger.getLogger("io.lettuce").setLevel(level == LogLevel.DEBUG ? Level.FINE : Level.WARNING);
        Logger.getLogger("io.netty").setLevel(level == LogLevel.DEBUG ? Level.FINE : Level.WARNING);
    }

    /** Writes to the process's standard error without ever closing it. */
    private static final class StdErrHandler extends Handler {
        private final PrintStream err = System.err;

        @Override
        public void publish(LogRecord r) {
            if (isLoggable(r)) {
                err.print(getFormatter().format(r));
                err.flush();
            }
        }

        @Override
        public void flush() {
            err.flush();
        }

        @Override
        public void close() {
            err.flush();
        }
    }

    private static final class OneLine extends Formatter {
        @Override
        public String format(LogRecord r) {
            String name = r.getLoggerName() == null ? "" : r.getLoggerName();
            int dot = name.lastIndexOf('.');
            StringBuilder sb = new StringBuilder(128)
                    .append(TIME.format(Instant.ofEpochMilli(r.getMillis()))).append(' ')
                    .append(String.format("%-5s", label(r.getLevel()))).append(' ')
                    .append(dot >= 0 ? name.substring(dot + 1) : name).append(": ")
                    .append(formatMessage(r)).append('\n');
            if (r.getThrown() != null && r.getLevel().intValue() >= Level.SEVERE.intValue()) {
                Throwable t = r.getThrown();
                sb.append("    ").append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
                for (StackTraceElement e : t.getStackTrace()) {
                    sb.append("        at ").append(e).append('\n');
                }
            }
            return sb.toString();
        }

        private static String label(Level l) {
            if (l.intValue() >= Level.SEVERE.intValue()) {
                return "ERROR";
            }
            if (l.intValue() >= Level.WARNING.intValue()) {
                return "WARN";
            }
            if (l.intValue() >= Level.INFO.intValue()) {
                return "INFO";
            }
            return "DEBUG";
        }
    }
}
