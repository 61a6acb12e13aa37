// swift-tools-version:6.0
// libFuzzer targets for LegiSurvey's readers: a separate package, so that the sanitizer flags
// and its build folder (Fuzz/.build) never touch the main build. Build and run with `make fuzz`
// from the project folder; Fuzz/README.md says what each target covers.
import PackageDescription

let fuzzers = ["FuzzXML", "FuzzCSV", "FuzzXForm", "FuzzQuestionnaireYAML", "FuzzWalk", "FuzzXLSX"]

let package = Package(
    name: "LegiSurveyFuzz",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "LegiSurvey", path: ".."),
    ],
    targets: [
        // libFuzzer's driver, called from each target's entry point (see FuzzDriver.h).
        .target(name: "FuzzDriver")
    ]
        + fuzzers.map { name in
            // Each target defines LLVMFuzzerTestOneInput and `<name>_main`; -sanitize=fuzzer links libFuzzer.
            .executableTarget(
                name: name,
                dependencies: ["FuzzDriver", .product(name: "LegiSurveyKit", package: "LegiSurvey")],
                swiftSettings: [.unsafeFlags(["-parse-as-library"])])
        }
)
