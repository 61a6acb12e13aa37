// libFuzzer target: the questionnaire YAML loader `Questionnaire.load(from:)` (UTF-8 check,
// Yams, the Decodable layout of QuestionnaireFile, then the checks of languages, chapters, types,
// choice lists and duplicate ids), as `legisurvey` reads `questionnaire:` from a pipeline file.
// The loader reads a file, so each input is written to one temporary file per process.
import Foundation
import FuzzDriver
import SurveyModel
import SurveyDefinitions

private let url: URL = {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "legisurvey-fuzz-yaml-\(ProcessInfo.processInfo.processIdentifier)", isDirectory: true)
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
    return folder.appendingPathComponent("questionnaire.yml")
}()

/// FUZZ_VERBOSE=1: print what each input gave (to check a corpus file: `FuzzQuestionnaireYAML FILE`).
private let verbose = ProcessInfo.processInfo.environment["FUZZ_VERBOSE"] == "1"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard FileManager.default.createFile(atPath: url.path, contents: Data(bytes: data, count: size)) else {
        fatalError("cannot write \(url.path)")
    }
    // Thrown errors (PipelineError) are the expected outcome for a broken file; only a crash is a finding.
    do {
        let questionnaire = try Questionnaire.load(from: url)
        for question in questionnaire.questions { _ = questionnaire.question(id: question.id) }
        if verbose { print("questionnaire \(questionnaire.id): \(questionnaire.questions.count) questions") }
    } catch {
        if verbose { print("load(from:): \(error)") }
    }
    return 0
}

/// The program's entry point: SwiftPM links `main` to `FuzzQuestionnaireYAML_main` (see FuzzDriver.h).
@_cdecl("FuzzQuestionnaireYAML_main")
public func entryPoint(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    legisurvey_fuzz_main(argc, argv)
}
