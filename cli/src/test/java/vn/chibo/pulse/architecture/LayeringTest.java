package vn.chibo.pulse.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.util.List;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;

/**
 * The layering of the modules, checked on their main classes (the cli sees them all): one module per
 * box of the architecture, each with a small public surface; the contract in schemas depends on no
 * module; the board reads the database, not the streams app's internals; the reconciliation is an
 * implementation of SPEC independent of the streams app's.
 */
@AnalyzeClasses(packages = "vn.chibo.pulse", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {
    /** The package root of each module that keeps an implementation behind an {@code internal} package. */
    private static final List<String> MODULES = List.of("http", "registry", "producers", "streams", "sink", "dashboard",
            "stack", "cli", "bench", "reconcile");

    /** The contract's packages, in module schemas. */
    private static final List<String> THE_CONTRACT = List.of("vn.chibo.pulse.domain..", "vn.chibo.pulse.events..",
            "vn.chibo.pulse.aggregates..");

    /** The packages of every module, for the rules that keep one module from knowing the others. */
    private static final List<String> EVERY_MODULE = List.of("vn.chibo.pulse.launch..", "vn.chibo.pulse.http..",
            "vn.chibo.pulse.registry..", "vn.chibo.pulse.producers..", "vn.chibo.pulse.streams..", "vn.chibo.pulse.sink..",
            "vn.chibo.pulse.dashboard..", "vn.chibo.pulse.stack..", "vn.chibo.pulse.cli..", "vn.chibo.pulse.reconcile..",
            "vn.chibo.pulse.bench..", "vn.chibo.pulse.domain..", "vn.chibo.pulse.events..", "vn.chibo.pulse.aggregates..");

    private static String[] modulesOtherThan(List<String> own) {
        return EVERY_MODULE.stream().filter(p -> !own.contains(p)).toArray(String[]::new);
    }

    @ArchTest
    static final ArchRule internalPackagesAreUsedOnlyByTheirOwnModule = CompositeArchRule.of(MODULES.stream()
            .map(m -> noClasses().that().resideOutsideOfPackage("vn.chibo.pulse." + m + "..")
                    .should().dependOnClassesThat().resideInAPackage("vn.chibo.pulse." + m + "..internal..")
                    .as("only " + m + " uses vn.chibo.pulse." + m + "..internal"))
            .map(ArchRule.class::cast).toList());

    @ArchTest
    static final ArchRule theContractDependsOnNoModule = noClasses()
            .that().resideInAnyPackage(THE_CONTRACT.toArray(String[]::new))
            .should().dependOnClassesThat().resideInAnyPackage(modulesOtherThan(THE_CONTRACT));

    /** The one HTTP layer (issue 12) serves the registry, the query server and the board, and knows none of them. */
    @ArchTest
    static final ArchRule theHttpLayerDependsOnNoOtherModule = noClasses()
            .that().resideInAPackage("vn.chibo.pulse.http..")
            .should().dependOnClassesThat().resideInAnyPackage(modulesOtherThan(List.of("vn.chibo.pulse.http..")));

    /** The one way to start a service (issue 12) starts the registry, the streams app, the sink and the board, and knows none of them. */
    @ArchTest
    static final ArchRule theLauncherDependsOnNoOtherModule = noClasses()
            .that().resideInAPackage("vn.chibo.pulse.launch..")
            .should().dependOnClassesThat().resideInAnyPackage(modulesOtherThan(List.of("vn.chibo.pulse.launch..")));

    /** The registry, the query server, the board and the sink's health endpoint run on the shared layer, none on a server of its own. */
    @ArchTest
    static final ArchRule theEntrancesUseTheSharedHttpLayer = noClasses()
            .that().resideInAnyPackage("vn.chibo.pulse.registry..", "vn.chibo.pulse.streams..", "vn.chibo.pulse.dashboard..",
                    "vn.chibo.pulse.sink..")
            .should().dependOnClassesThat().resideInAPackage("com.sun.net.httpserver..");

    @ArchTest
    static final ArchRule theBoardDoesNotDependOnTheStreamsApp = noClasses()
            .that().resideInAPackage("vn.chibo.pulse.dashboard..")
            .should().dependOnClassesThat().resideInAPackage("vn.chibo.pulse.streams..");

    @ArchTest
    static final ArchRule theReconciliationIsIndependentOfThePipelineItChecks = noClasses()
            .that().resideInAPackage("vn.chibo.pulse.reconcile..")
            .should().dependOnClassesThat().resideInAnyPackage("vn.chibo.pulse.streams..", "vn.chibo.pulse.sink..");

    @ArchTest
    static final ArchRule theSinkKnowsOnlyTheContractOfTheStreamsApp = noClasses()
            .that().resideInAPackage("vn.chibo.pulse.sink..")
            .should().dependOnClassesThat().resideInAnyPackage("vn.chibo.pulse.streams..", "vn.chibo.pulse.dashboard..",
                    "vn.chibo.pulse.producers..");

    @ArchTest
    static final ArchRule theStreamsAppKnowsNothingDownstream = noClasses()
            .that().resideInAPackage("vn.chibo.pulse.streams..")
            .should().dependOnClassesThat().resideInAnyPackage("vn.chibo.pulse.sink..", "vn.chibo.pulse.dashboard..",
                    "vn.chibo.pulse.producers..");
}
