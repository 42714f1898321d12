package exchange.recovery.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.Optional;
import java.util.Set;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The dependency rules of the project, for classes under a root package ({@code exchange.recovery} for the
 * product; a fixture's own root for the test that proves each rule can fail):
 * <ol>
 *   <li>a capability (any package directly under the root but the shared base packages and {@code local})
 *       depends only on itself, the base packages, and types of another capability marked
 *       {@code @exchange.recovery.core.Published};</li>
 *   <li>nothing outside {@code local} reaches {@code local};</li>
 *   <li>no package cycles.</li>
 * </ol>
 */
final class DependencyRules {

    /** Packages every capability may use: the core, the exchange database, and per-incident holds. */
    static final Set<String> BASE_PACKAGES = Set.of("core", "db", "hold");

    static final String LOCAL = "local";

    static final String PUBLISHED = "exchange.recovery.core.Published";

    private DependencyRules() {
    }

    /** Rule 1. */
    static ArchRule capabilitiesDependOnBaseOrPublishedTypes(String root) {
        return classes().that(inACapability(root))
                .should(new ArchCondition<JavaClass>("depend only on their own capability, " + BASE_PACKAGES
                        + ", or another capability's @Published types") {
                    @Override
                    public void check(JavaClass origin, ConditionEvents events) {
                        String from = capabilityOf(root, origin.getPackageName()).orElseThrow();
                        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                            JavaClass target = dependency.getTargetClass().getBaseComponentType();
                            Optional<String> to = capabilityOf(root, target.getPackageName());
                            if (to.isEmpty() || to.get().equals(from) || published(target)) {
                                continue;
                            }
                            events.add(SimpleConditionEvent.violated(dependency, from + " → " + to.get() + " (" + target.getName()
                                    + " is not @Published): " + dependency.getDescription()));
                        }
                    }
                })
                .allowEmptyShould(false);
    }

    /** Rule 2. */
    static ArchRule localIsNeverReachedFromOutside(String root) {
        return noClasses().that().resideOutsideOfPackage(root + "." + LOCAL + "..").and().resideInAPackage(root + "..")
                .should().dependOnClassesThat().resideInAPackage(root + "." + LOCAL + "..")
                .allowEmptyShould(false);
    }

    /** Rule 3: every package is a slice; none reaches itself through others. */
    static ArchRule noPackageCycles(String root) {
        return slices().matching(root + ".(**)").should().beFreeOfCycles().allowEmptyShould(false);
    }

    private static DescribedPredicate<JavaClass> inACapability(String root) {
        return DescribedPredicate.describe("are in a capability package of " + root,
                javaClass -> capabilityOf(root, javaClass.getPackageName()).isPresent());
    }

    /** The capability a package belongs to: its first segment under the root, unless that is a base package or local. */
    static Optional<String> capabilityOf(String root, String packageName) {
        if (!packageName.startsWith(root + ".")) {
            return Optional.empty();
        }
        String first = packageName.substring(root.length() + 1).split("\\.")[0];
        return BASE_PACKAGES.contains(first) || LOCAL.equals(first) ? Optional.empty() : Optional.of(first);
    }

    /** A type is published when it, or a type it is nested in, carries @Published. */
    private static boolean published(JavaClass type) {
        for (Optional<JavaClass> current = Optional.of(type); current.isPresent(); current = current.get().getEnclosingClass()) {
            if (current.get().isAnnotatedWith(PUBLISHED)) {
                return true;
            }
        }
        return false;
    }
}
