package dev.tollfree.api;

/**
 * One server-sent event. {@code event} and {@code id} are empty strings when absent; {@code data}
 * is the data lines joined with {@code \n}.
 */
public record SseEvent(String event, String data, String id) {
    public static final String DONE = "[DONE]";

    public SseEvent {
        event = event == null ? "" : event;
        data = data == null ? "" : data;
        id = id == null ? "" : id;
    }

    public static SseEvent data(String data) {
        return new SseEvent("", data, "");
    }

    public boolean isDone() {
        return DONE.equals(data.strip());
    }
}
