/**
 * Test doubles for Tollfree: {@link dev.tollfree.testkit.FakeUpstream}, a scriptable fake LLM
 * provider on a real socket with a fault menu, and {@link dev.tollfree.testkit.ManualClock}.
 *
 * <p>Deliberate choices: a raw {@code ServerSocket} rather than {@code com.sun.net.httpserver},
 * because faults (RST, half-written chunked bodies, silence) need byte-level control; fixed
 * {@code created} timestamps so bodies are reproducible; script delays and gaps use real time,
 * since they imitate a network, while anything the code under test schedules should use
 * {@link dev.tollfree.testkit.ManualClock}.
 */
package dev.tollfree.testkit;
