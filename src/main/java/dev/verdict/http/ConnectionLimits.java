package dev.verdict.http;

import java.time.Duration;

/**
 * How long every listener waits for a client and how many connections each holds at once
 * (docs/operations.md, "Connections and timeouts").
 *
 * @param idleTimeout    a connection with no request in progress is closed after this; a request line
 *                       must also arrive within it
 * @param headerTimeout  a request's headers must be complete this long after its request line
 * @param bodyTimeout    each {@value Request#BODY_SLICE}-byte slice of a body (or its last, shorter one)
 *                       must arrive within this
 * @param maxConnections connections one listener holds open; more wait in the operating system's
 *                       accept queue until one closes
 */
public record ConnectionLimits(Duration idleTimeout, Duration headerTimeout, Duration bodyTimeout, int maxConnections) {}
