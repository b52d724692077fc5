package io.pulse.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The layers of the main code flow one way: no two {@code io.pulse.internal.*} packages depend on each other in a
 * cycle, and no public API type shows an internal type in a public or protected signature.
 */
@AnalyzeClasses(packages = "io.pulse", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {
  private static final String INTERNAL = "io.pulse.internal";

  @ArchTest
  static final ArchRule internalPackagesHaveNoCycles =
      slices().matching("io.pulse.internal.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule publicApiExposesNoInternalType = ArchRuleDefinition.classes()
      .that().resideOutsideOfPackage(INTERNAL + "..")
      .and().arePublic()
      .should(new ArchCondition<JavaClass>("show no " + INTERNAL + " type in a public or protected signature") {
        @Override
        public void check(JavaClass c, ConditionEvents events) {
          List<JavaType> supers = new ArrayList<>(c.getInterfaces());
          c.getSuperclass().ifPresent(supers::add);
          for (JavaType t : supers) report(c.getName() + " extends", t, c, events);
          for (JavaMember m : c.getMembers()) {
            Set<JavaModifier> mods = m.getModifiers();
            if (!mods.contains(JavaModifier.PUBLIC) && !mods.contains(JavaModifier.PROTECTED)) continue;
            if (m instanceof JavaField) {
              report(m.getFullName(), ((JavaField) m).getType(), c, events);
            } else if (m instanceof JavaCodeUnit) {
              JavaCodeUnit u = (JavaCodeUnit) m;
              report(u.getFullName() + " returns", u.getReturnType(), c, events);
              for (JavaType p : u.getParameterTypes()) report(u.getFullName() + " takes", p, c, events);
            }
          }
        }
      });

  private static void report(String where, JavaType type, JavaClass owner, ConditionEvents events) {
    for (JavaClass t : type.getAllInvolvedRawTypes()) {
      if (t.getPackageName().startsWith(INTERNAL)) {
        events.add(SimpleConditionEvent.violated(owner, where + " " + t.getName()));
      }
    }
  }
}
