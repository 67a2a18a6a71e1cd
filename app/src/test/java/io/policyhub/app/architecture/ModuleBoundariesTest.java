package io.policyhub.app.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import java.util.Collection;
import java.util.Map;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The module boundaries of the architecture: roles share nothing but the api (and web platform). */
@AnalyzeClasses(packages = "io.policyhub", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleBoundariesTest {

    @ArchTest
    static final ArchRule apiIsPlainMessages = noClasses().that().resideInAPackage("io.policyhub.api..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "io.policyhub.platform..",
                    "io.policyhub.command..", "io.policyhub.projections..", "io.policyhub.query..", "io.policyhub.messenger..")
            .allowEmptyShould(false)
            .because("the message contract is shared by every role and must stay free of framework and role code");

    @ArchTest
    static final ArchRule projectionsNeverCallTheCommandSide = noClasses().that().resideInAPackage("io.policyhub.projections..")
            .should().dependOnClassesThat().resideInAnyPackage("io.policyhub.command..", "io.policyhub.query..",
                    "io.policyhub.messenger..");

    @ArchTest
    static final ArchRule queriesReadOnlyReadModels = noClasses().that().resideInAPackage("io.policyhub.query..")
            .should().dependOnClassesThat().resideInAnyPackage("io.policyhub.command..", "io.policyhub.messenger..");

    /**
     * A read model's schema and SQL live with its projection, in one feature package; the query and
     * messenger roles read it through that feature's reader (and the hot chat cache), loaded by
     * {@code ReadModelReaders}, never through the projection or their own SQL.
     */
    private static final DescribedPredicate<JavaClass> READ_MODEL_READER = new DescribedPredicate<>(
            "a read model reader (a class named *Reader or *Readers, or the hot chat cache, with their nested types)") {
        @Override
        public boolean test(JavaClass type) {
            JavaClass outermost = type;
            while (outermost.getEnclosingClass().isPresent()) {
                outermost = outermost.getEnclosingClass().get();
            }
            String name = outermost.getSimpleName();
            return name.endsWith("Reader") || name.endsWith("Readers") || name.equals("RecentMessages");
        }
    };

    @ArchTest
    static final ArchRule queriesUseTheReadModelsReadersOnly = noClasses().that().resideInAPackage("io.policyhub.query..")
            .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("io.policyhub.projections..")
                    .and(DescribedPredicate.not(READ_MODEL_READER)));

    @ArchTest
    static final ArchRule messengerUsesTheReadModelsReadersOnly = noClasses().that().resideInAPackage("io.policyhub.messenger..")
            .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("io.policyhub.projections..")
                    .and(DescribedPredicate.not(READ_MODEL_READER)));

    @ArchTest
    static final ArchRule messengerTalksToOtherRolesByMessagesOnly = noClasses().that().resideInAPackage("io.policyhub.messenger..")
            .should().dependOnClassesThat().resideInAnyPackage("io.policyhub.command..", "io.policyhub.query..")
            .because("chat commands and application queries go through the gateways, whichever instance runs the role");

    /** No SQL outside the feature that owns the tables: the other roles have no database client at all. */
    @ArchTest
    static final ArchRule noSqlOutsideTheOwningFeature = noClasses()
            .that().resideInAnyPackage("io.policyhub.query..", "io.policyhub.messenger..", "io.policyhub.command..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc..", "java.sql..", "javax.sql..",
                    "io.policyhub.platform.clickhouse..", "com.clickhouse..", "io.lettuce..")
            .allowEmptyShould(false);

    @ArchTest
    static final ArchRule commandSideKnowsNoReadModels = noClasses().that().resideInAPackage("io.policyhub.command..")
            .should().dependOnClassesThat().resideInAnyPackage("io.policyhub.projections..", "io.policyhub.query..",
                    "io.policyhub.messenger..");

    @ArchTest
    static final ArchRule platformKnowsNoRole = noClasses().that().resideInAPackage("io.policyhub.platform..")
            .should().dependOnClassesThat().resideInAnyPackage("io.policyhub.command..", "io.policyhub.projections..",
                    "io.policyhub.query..", "io.policyhub.messenger..");

    /** A collection's element type is lost on the way through Axon Server: query answers are records or optionals. */
    @ArchTest
    static final ArchRule queryAnswersSurviveTheWire = noMethods()
            .that().areAnnotatedWith("org.axonframework.queryhandling.QueryHandler")
            .should().haveRawReturnType(Collection.class).orShould().haveRawReturnType(java.util.List.class)
            .orShould().haveRawReturnType(java.util.Set.class).orShould().haveRawReturnType(Map.class);
}
