package dev.verdict;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.verdict.testing.ChildProcesses;
import java.sql.Connection;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The package boundaries docs/architecture.md describes, checked on every build: a feature's SQL stays in
 * its own {@code *Store} classes, only the http package knows the web framework. Each rule is also run
 * against a small fixture that breaks it (dev.verdict.archfixture, outside the real rules' scope), so a
 * rule that stops catching what it is for fails here too.
 */
class ArchitectureTest {
    private static final String ROOT = "dev.verdict";
    private static final String FIXTURE_ROOT = "dev.verdict.archfixture";

    /** Production classes only: test code (fixtures included) is not held to these rules. */
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);
    private static final JavaClasses FIXTURES = new ClassFileImporter().importPackages(FIXTURE_ROOT);

    // ---- the rules ------------------------------------------------------------------------------

    /**
     * A feature (a package directly under {@code root}) reaches another feature's data through that
     * feature's services, never through its {@code *Store}. db/ is shared infrastructure, and the root
     * package (Application, the composition root that wires stores into services) is no feature.
     */
    static ArchRule featuresUseOnlyTheirOwnStores(String root, Set<String> exceptions) {
        return classes().that().resideInAPackage(root + "..")
                .should(new ArchCondition<JavaClass>("use only the *Store classes of their own feature") {
                    @Override
                    public void check(JavaClass origin, ConditionEvents events) {
                        var feature = feature(root, origin);
                        if (feature == null) {
                            return;
                        }
                        for (var dependency : origin.getDirectDependenciesFromSelf()) {
                            var target = dependency.getTargetClass().getBaseComponentType();
                            var targetFeature = feature(root, target);
                            if (targetFeature != null && !targetFeature.equals(feature) && !targetFeature.equals("db")
                                    && isStore(target) && !exceptions.contains(
                                            topLevel(origin).getName() + " -> " + topLevel(target).getName())) {
                                events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                            }
                        }
                    }
                });
    }

    /** Only the http package (and below) depends on Helidon: features see Request, Reply and Routes. */
    static ArchRule onlyHttpUsesTheWebFramework(String root) {
        return noClasses().that().resideInAPackage(root + "..").and().resideOutsideOfPackage(root + ".http..")
                .should().dependOnClassesThat().resideInAPackage("io.helidon..")
                .because("the web framework stays behind dev.verdict.http");
    }

    /** SQL is prepared only in {@code *Store} classes and in db/ (transactions, leases, statement cache). */
    static ArchRule sqlOnlyInStores(String root, Set<String> exceptions) {
        var statementFactories = Set.of("prepareStatement", "prepareCall", "createStatement");
        return noClasses().that().resideInAPackage(root + "..")
                .and().resideOutsideOfPackage(root + ".db..")
                .and(DescribedPredicate.describe("are no *Store", (JavaClass c) -> !isStore(c)))
                .and(DescribedPredicate.describe("are not listed as exceptions",
                        (JavaClass c) -> !exceptions.contains(topLevel(c).getName())))
                .should().callMethodWhere(DescribedPredicate.describe("a java.sql.Connection creates a statement",
                        (JavaMethodCall call) -> call.getTargetOwner().isAssignableTo(Connection.class)
                                && statementFactories.contains(call.getName())));
    }

    // ---- the rules on Verdict --------------------------------------------------------------------

    @Test
    void featuresUseOnlyTheirOwnStores() {
        featuresUseOnlyTheirOwnStores(ROOT, Set.of()).check(MAIN);
    }

    @Test
    void onlyHttpUsesTheWebFramework() {
        onlyHttpUsesTheWebFramework(ROOT).check(MAIN);
    }

    @Test
    void sqlOnlyInStoresAndDb() {
        sqlOnlyInStores(ROOT, Set.of()).check(MAIN);
    }

    /** Tests start other processes only through ChildProcesses, so the fast test phase can refuse them. */
    @Test
    void testsStartProcessesThroughChildProcesses() {
        var tests = new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .importPackages(ROOT);
        noClasses().that().doNotBelongToAnyOf(ChildProcesses.class)
                .should().callMethod(ProcessBuilder.class, "start")
                .check(tests);
    }

    @Test
    void featuresAreFreeOfCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(MAIN);
    }

    // ---- the rules bite ----------------------------------------------------------------------------

    @Test
    void aStoreUsedAcrossFeaturesIsCaught() {
        assertThat(violations(featuresUseOnlyTheirOwnStores(FIXTURE_ROOT, Set.of())))
                .anyMatch(v -> v.contains("ReachesAcross") && v.contains("FooStore"));
    }

    @Test
    void sqlOutsideAStoreIsCaught() {
        assertThat(violations(sqlOnlyInStores(FIXTURE_ROOT, Set.of())))
                .anyMatch(v -> v.contains("ReachesAcross.sqlOutsideAStore") && v.contains("prepareStatement"));
    }

    @Test
    void theWebFrameworkOutsideHttpIsCaught() {
        assertThat(violations(onlyHttpUsesTheWebFramework(FIXTURE_ROOT)))
                .anyMatch(v -> v.contains("ReachesAcross") && v.contains("io.helidon"));
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private static java.util.List<String> violations(ArchRule rule) {
        var result = rule.evaluate(FIXTURES);
        assertThat(result.hasViolation()).as("the rule reports the fixture").isTrue();
        return result.getFailureReport().getDetails();
    }

    /** The package directly under {@code root} a class lives in; null for the root package itself and outside. */
    private static String feature(String root, JavaClass c) {
        var name = c.getPackageName();
        if (!name.startsWith(root + ".")) {
            return null;
        }
        var rest = name.substring(root.length() + 1);
        var dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    /** A {@code *Store} class, or a class nested in one (lambdas, anonymous classes). */
    private static boolean isStore(JavaClass c) {
        return topLevel(c).getSimpleName().endsWith("Store");
    }

    private static JavaClass topLevel(JavaClass c) {
        var current = c;
        while (current.getEnclosingClass().isPresent()) {
            current = current.getEnclosingClass().get();
        }
        return current;
    }
}
