// swift-tools-version:6.0
// LegiSurvey: a data pipeline for the UN survey of national cybercrime legislation.
// Stages are modules and data flows one way:
//   SurveyExtract → SurveyTransform → SurveyLoad → SurveyAnalyze → SurveyPublish (+ SurveyForms)
// SurveyModel is the shared vocabulary (no I/O); SurveyDefinitions reads the pipeline file and the
// definitions it names; SurveyPipeline runs the stages and returns values; `legisurvey` owns the
// command line and everything printed. SurveySamples writes synthetic inboxes. Only SurveyExtract
// sees the C libraries (docs/architecture.md).
import PackageDescription

let package = Package(
    name: "LegiSurvey",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "legisurvey", targets: ["legisurvey"]),
        // For the libFuzzer package in Fuzz/ (it depends on this package by path).
        // Only what the fuzz targets exercise: the readers, the checks and the definition loaders; no
        // store, no orchestrator, so no server client ever enters the sanitized fuzz build.
        .library(name: "LegiSurveyKit", targets: ["SurveyModel", "SurveyExtract", "SurveyTransform", "SurveyDefinitions"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        // The PostgreSQL backend's client (issue 28), linked only by SurveyPostgres.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // postgres-nio's own dependencies, named for the modules SurveyPostgres imports (its
        // logger, byte buffers and TLS configuration).
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.29.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(
            name: "CLibCSV", path: "Sources/CLibCSV",
            providers: [.apt(["libcsv-dev"])]),
        // SHA-256's compression (the files' content hashes): the processor's SHA instructions
        // where it has them, portable C otherwise.
        .target(name: "CSHA256", path: "Sources/CSHA256"),
        .target(name: "SurveyModel", dependencies: ["CSHA256"]),
        .target(
            name: "SurveyExtract",
            dependencies: ["SurveyModel", "CLibXML2", "CLibCSV", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .target(name: "SurveyTransform", dependencies: ["SurveyModel"]),
        .target(
            name: "SurveyLoad",
            dependencies: [
                "SurveyModel", .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API for the bulk insert's hot loop (SurveyStore.Load).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]),
        // The PostgreSQL backend of the store protocols (issue 28, docs/store.md). Only the
        // executable and the tests link it: never SurveyPipeline and never the LegiSurveyKit product
        // (the fuzz package), so postgres-nio stays out of every build but theirs. The executable
        // registers it with SurveyStores at start.
        .target(
            name: "SurveyPostgres",
            dependencies: [
                "SurveyModel", "SurveyLoad", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]),
        // Analyze reads the store through the protocols in SurveyModel/Store, never a backend.
        .target(name: "SurveyAnalyze", dependencies: ["SurveyModel"]),
        // Publish writes the one-workbook output (legisurvey.xlsx) with Forms' .xlsx writer.
        .target(name: "SurveyPublish", dependencies: ["SurveyModel", "SurveyForms"]),
        // The questionnaire as a form for survey tools: the XLSForm workbook and its .xlsx writer.
        .target(
            name: "SurveyForms",
            dependencies: ["SurveyModel", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        // The pipeline file and the definitions it names (questionnaire, reference, scoring,
        // groups, indicators, form labels), read with Yams; XForm questionnaires through Extract's
        // libxml2 reader, so C stays behind Extract.
        .target(
            name: "SurveyDefinitions",
            dependencies: ["SurveyModel", "SurveyExtract", "SurveyTransform", .product(name: "Yams", package: "Yams")]),
        // Synthetic inboxes (the demo, the benchmark's respondent inboxes), for the CLI, tests and benchmark.
        .target(name: "SurveySamples", dependencies: ["SurveyModel", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .target(
            name: "SurveyPipeline",
            dependencies: [
                "SurveyModel", "SurveyDefinitions", "SurveyExtract", "SurveyTransform", "SurveyLoad", "SurveyAnalyze",
                "SurveyPublish",
            ]),
        .executableTarget(
            name: "legisurvey",
            dependencies: [
                "SurveyModel", "SurveyDefinitions", "SurveyPipeline", "SurveyPublish", "SurveyForms", "SurveySamples",
                "SurveyPostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // The benchmark (`make bench`, BENCHMARKS.md): the parsers' own speed limit in C, and the
        // in-process runner. Not part of the tests; only the benchmark sees the C libraries besides
        // SurveyExtract.
        .target(name: "BenchRawParsers", dependencies: ["CLibXML2", "CLibCSV"], path: "Benchmarks/RawParsers"),
        .executableTarget(
            name: "legisurvey-bench",
            dependencies: [
                "SurveyModel", "SurveyDefinitions", "SurveyExtract", "SurveyPipeline", "SurveySamples", "BenchRawParsers",
            ],
            path: "Benchmarks/Runner"),
        // Fixtures, oracles and the reader conformance suite (it runs readers through Extract and
        // Transform, and checks with Swift Testing's #expect).
        .target(
            name: "SurveyTestSupport",
            dependencies: [
                "SurveyModel", "SurveyDefinitions", "SurveyPublish", "SurveyExtract", "SurveyTransform",
                // The load's recording, checked against every backend (StoreConformance).
                "SurveyLoad",
                // To fill questionnaire workbooks (TemplateSamples).
                "SurveyForms",
                // To write and damage .zip samples (ZipSamples).
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            path: "Tests/SurveyTestSupport"),
        .testTarget(name: "SurveyModelTests", dependencies: ["SurveyModel", "SurveyTestSupport"]),
        .testTarget(
            name: "SurveyExtractTests",
            dependencies: [
                "SurveyExtract", "SurveyDefinitions", "SurveyTestSupport",
                // To write .csv.zip samples for the conformance suite.
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]),
        .testTarget(
            name: "SurveyTransformTests", dependencies: ["SurveyTransform", "SurveyTestSupport"]),
        .testTarget(
            name: "SurveyLoadTests",
            dependencies: ["SurveyLoad", "SurveyTestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        // The PostgreSQL backend against a throwaway cluster (Tests/SurveyTestSupport/PostgresCluster.swift).
        .testTarget(
            name: "SurveyPostgresTests",
            dependencies: [
                "SurveyPostgres", "SurveyLoad", "SurveyModel", "SurveyTestSupport",
                // The demo run into both backends (PostgresOutputsTests); the real binary (PostgresCommandLineTests).
                "SurveyPipeline", "SurveyDefinitions", "legisurvey",
                .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]),
        .testTarget(
            name: "SurveyAnalyzeTests",
            dependencies: ["SurveyAnalyze", "SurveyDefinitions", "SurveyTestSupport"]),
        .testTarget(
            name: "SurveyPublishTests",
            dependencies: [
                "SurveyPublish", "SurveyTestSupport",
                // The workbook's archive compared with ZIPFoundation's own (XLSXArchiveTests).
                "SurveyForms", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]),
        .testTarget(
            name: "SurveyDefinitionsTests",
            dependencies: ["SurveyDefinitions", "SurveyExtract", "SurveyModel", "SurveyAnalyze", "SurveyTestSupport"]),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "SurveyPipeline", "SurveyDefinitions", "SurveyForms", "SurveySamples", "SurveyPublish", "SurveyTestSupport",
                "legisurvey",
                // To make a store look like a newer version's (CommandRefusalTests).
                .product(name: "GRDB", package: "GRDB.swift"),
                // To open the demo's Central .csv.zip without the project's reader (MinimalReader).
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]),
    ]
)

// Strict module boundaries: an internal type cannot leak into a public API.
for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("InternalImportsByDefault"),
        .enableUpcomingFeature("MemberImportVisibility"),
    ]
}

// `make test`'s build (LEGISURVEY_TEST_BUILD set; Makefile, TEST_BUILD_ENV): a debug build whose
// own modules are optimised. Most of the suite's CPU is the pipeline itself, run on the demo by
// hundreds of tests, which unoptimised code runs 3-4 times slower; the test targets stay
// unoptimised (they compile in a fraction of the time) and the dependencies are built as usual.
// A debug build keeps -enable-testing for the tests' @testable imports and the run-time
// exclusivity checks. (CONTRIBUTING.md, "The test suite's time".)
let testBuild = Context.environment["LEGISURVEY_TEST_BUILD"] != nil
if testBuild {
    for target in package.targets where target.type == .regular || target.type == .executable {
        guard target.path == nil || target.path!.hasPrefix("Sources/") else { continue }
        target.swiftSettings = (target.swiftSettings ?? []) + [.unsafeFlags(["-O"], .when(configuration: .debug))]
        target.cSettings = (target.cSettings ?? []) + [.unsafeFlags(["-O2"], .when(configuration: .debug))]
    }
}

// The stream's modules (parsers' callbacks, transform, the store's writer) without run-time
// exclusivity checks in release builds: every access to a reader's or recorder's stored property
// called into the runtime (swift_beginAccess, a thread-local access set), about 5% of the
// workers' time. Debug builds, which the tests run, keep the checks, so a conflicting access
// still traps there. (BENCHMARKS.md, issue 29, twelfth session.)
for target in package.targets where ["SurveyModel", "SurveyExtract", "SurveyTransform", "SurveyLoad", "SurveyPipeline"].contains(target.name) {
    target.swiftSettings = (target.swiftSettings ?? []) + [
        .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))
    ]
}
