package dev.verdict.testing;

import java.io.IOException;
import java.nio.file.Path;

/** The one way tests start another process, so the fast test phase can refuse it (see {@link StartsProcesses}). */
public final class ChildProcesses {
    private ChildProcesses() {}

    public static Process start(ProcessBuilder builder) throws IOException {
        if ("fast".equals(System.getProperty("verdict.test.phase"))) {
            throw new IllegalStateException("this test starts a process (" + String.join(" ", builder.command())
                    + "): mark it @" + StartsProcesses.class.getSimpleName() + " so it runs in the integration phase");
        }
        return builder.start();
    }

    /** The java launcher of the JVM running the tests. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
