package io.taskq.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module graph and the package rules of docs/architecture.md, checked on the product
 * modules' main classes (queue-cli's test class path holds every one of them):
 *
 * <pre>
 * queue-api ← queue-broker-redis, queue-worker, queue-beat ← queue-inspect ← queue-cli
 * queue-api ← queue-dashboard ← queue-cli
 * queue-api, queue-worker ← queue-test;  queue-test-redis uses no taskq module
 * </pre>
 */
class LayeringTest {
  /** Module by package prefix; a class belongs to the module of its longest matching prefix. */
  static final Map<String, String> MODULES = Map.of(
      "io.taskq", "queue-api",
      "io.taskq.redis", "queue-broker-redis",
      "io.taskq.worker", "queue-worker",
      "io.taskq.beat", "queue-beat",
      "io.taskq.inspect", "queue-inspect",
      "io.taskq.dashboard", "queue-dashboard",
      "io.taskq.cli", "queue-cli",
      "io.taskq.test", "queue-test",
      "io.taskq.test.redis", "queue-test-redis");

  /** The one internal package shared by taskq's own modules (never for applications). */
  static final String SHARED_INTERNAL = "io.taskq.internal";

  /**
   * The documented exception to "internal packages stay in their module": the test kit drives
   * the worker's inline runner and its handler table, as the worker does.
   */
  static final Set<String> TEST_KIT_MAY_USE = Set.of("io.taskq.worker.internal.InlineWorker",
      "io.taskq.worker.internal.Handlers", "io.taskq.worker.internal.Handlers$Registration");

  private static JavaClasses product;

  @BeforeAll
  static void importProduct() {
    // test classes come as target/test-classes (test phase) or as test-jars (verify, reactor)
    product = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(location -> !location.contains("-tests.jar"))
        .importPackages("io.taskq");
  }

  @Test
  void modulesDependOnlyOnTheLayersBelow() {
    layers().check(product);
  }

  @Test
  void onlyTheRedisBrokerUsesLettuce() {
    lettuceOnlyInTheBroker().check(product);
  }

  @Test
  void internalPackagesStayInTheirModule() {
    internalsStayInTheirModule().check(product);
  }

  @Test
  void publicSignaturesShowNoLettuceQuartzOrJacksonTypes() {
    noLeakedTypesInPublicSignatures().check(product);
  }

  static ArchRule layers() {
    return layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("api").definedBy("io.taskq", "io.taskq.spi..", "io.taskq.config..",
            "io.taskq.embedded..", "io.taskq.internal..")
        .layer("broker").definedBy("io.taskq.redis..")
        .layer("worker").definedBy("io.taskq.worker..")
        .layer("beat").definedBy("io.taskq.beat..")
        .layer("inspect").definedBy("io.taskq.inspect..")
        .layer("dashboard").definedBy("io.taskq.dashboard..")
        .layer("cli").definedBy("io.taskq.cli..")
        .layer("test").definedBy("io.taskq.test", "io.taskq.test.internal..")
        .layer("testRedis").definedBy("io.taskq.test.redis..")
        .whereLayer("api").mayNotAccessAnyLayer()
        .whereLayer("broker").mayOnlyAccessLayers("api")
        .whereLayer("worker").mayOnlyAccessLayers("api")
        .whereLayer("beat").mayOnlyAccessLayers("api")
        .whereLayer("inspect").mayOnlyAccessLayers("api", "worker")
        .whereLayer("dashboard").mayOnlyAccessLayers("api")
        .whereLayer("cli").mayOnlyAccessLayers("api", "broker", "worker", "beat", "inspect",
            "dashboard")
        .whereLayer("test").mayOnlyAccessLayers("api", "worker")
        .whereLayer("testRedis").mayNotAccessAnyLayer();
  }

  static ArchRule lettuceOnlyInTheBroker() {
    return noClasses().that().resideInAPackage("io.taskq..")
        .and().resideOutsideOfPackage("io.taskq.redis..")
        .should().dependOnClassesThat().resideInAPackage("io.lettuce..")
        .because("queue-broker-redis is the only module that talks to Redis");
  }

  static ArchRule internalsStayInTheirModule() {
    return ArchRuleDefinition.classes().that().resideInAPackage("io.taskq..")
        .should(new ArchCondition<JavaClass>("use no other module's internal package") {
          @Override
          public void check(JavaClass c, ConditionEvents events) {
            Optional<String> from = module(c);
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
              JavaClass target = d.getTargetClass();
              String pkg = target.getPackageName();
              Optional<String> to = module(target);
              if (!isInternal(pkg) || to.isEmpty() || to.equals(from) || allowed(from, target)) {
                continue;
              }
              events.add(SimpleConditionEvent.violated(d, from.orElse("?") + " uses "
                  + to.get() + "'s internal " + target.getName() + ": " + d.getDescription()));
            }
          }
        })
        .because(SHARED_INTERNAL + " is the only internal package shared by taskq's modules");
  }

  static ArchRule noLeakedTypesInPublicSignatures() {
    return ArchRuleDefinition.classes().that().resideInAPackage("io.taskq..")
        .and().arePublic().and().resideOutsideOfPackage("..internal..")
        .should(new ArchCondition<JavaClass>("show no Lettuce, Quartz or Jackson type in a public"
            + " signature") {
          @Override
          public void check(JavaClass c, ConditionEvents events) {
            for (JavaCodeUnit unit : c.getCodeUnits()) {
              if (!unit.getModifiers().contains(JavaModifier.PUBLIC)) {
                continue;
              }
              Stream.concat(Stream.of(unit.getRawReturnType()),
                  unit.getRawParameterTypes().stream())
                  .filter(LayeringTest::leaked)
                  .forEach(t -> events.add(SimpleConditionEvent.violated(unit,
                      unit.getFullName() + " shows " + t.getName())));
            }
            for (JavaField f : c.getFields()) {
              if (f.getModifiers().contains(JavaModifier.PUBLIC) && leaked(f.getRawType())) {
                events.add(SimpleConditionEvent.violated(f, f.getFullName() + " shows "
                    + f.getRawType().getName()));
              }
            }
          }
        });
  }

  static boolean leaked(JavaClass type) {
    String name = type.getName();
    return name.startsWith("io.lettuce.") || name.startsWith("org.quartz.")
        || name.startsWith("com.fasterxml.jackson.");
  }

  static boolean isInternal(String pkg) {
    return (pkg.endsWith(".internal") || pkg.contains(".internal."))
        && !pkg.equals(SHARED_INTERNAL) && !pkg.startsWith(SHARED_INTERNAL + ".");
  }

  static boolean allowed(Optional<String> from, JavaClass target) {
    return from.equals(Optional.of("queue-test"))
        && TEST_KIT_MAY_USE.contains(target.getName());
  }

  static Optional<String> module(JavaClass c) {
    String pkg = c.getPackageName();
    return MODULES.entrySet().stream()
        .filter(e -> pkg.equals(e.getKey()) || pkg.startsWith(e.getKey() + "."))
        .max(Comparator.comparingInt(e -> e.getKey().length())).map(Map.Entry::getValue);
  }
}
