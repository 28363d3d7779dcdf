package dev.verdict.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test (class or method) that starts another process — a server or CLI in its own JVM, Node.js,
 * curl — through {@link ChildProcesses}. Such tests run in the integration phase ({@code ./mvnw verify},
 * failsafe), not in {@code ./mvnw test}; the fast phase refuses to start a process, so a missing mark
 * shows up as a failure naming this annotation.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag(StartsProcesses.TAG)
public @interface StartsProcesses {
    /** The JUnit tag the build selects on (pom.xml: surefire excludedGroups, failsafe groups). */
    String TAG = "starts-processes";
}
