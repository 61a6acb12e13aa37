// libFuzzer target: the XForm questionnaire loader: `Extractor.readXForm(bytes:path:)` (libxml2
// SAX2 reader of h:head, model, instances, itext, binds, body) then `Questionnaire.from(xform:)`
// (chapters, types, choices, constraint bounds), as `legisurvey` loads an `.xml` questionnaire.
import Foundation
import FuzzDriver
import SurveyExtract
import SurveyModel
import SurveyDefinitions

/// FUZZ_VERBOSE=1: print what each input gave (to check a corpus file: `FuzzXForm FILE`).
private let verbose = ProcessInfo.processInfo.environment["FUZZ_VERBOSE"] == "1"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // Thrown errors are the expected outcome for a broken form; only a crash is a finding.
    let xform: XFormDefinition
    do {
        xform = try Extractor().readXForm(bytes: bytes, path: "f.xml")
    } catch {
        if verbose { print("readXForm: \(error)") }
        return 0
    }
    do {
        // `q` and `n` get a chapter from the pipeline file's map, as a field outside chapter groups may.
        let questionnaire = try Questionnaire.from(xform: xform, chapters: ["q": .legislation, "n": .technicalAssistance])
        for question in questionnaire.questions { _ = questionnaire.question(id: question.id) }
        if verbose { print("form \(xform.formID): \(xform.fields.count) fields, \(questionnaire.questions.count) questions") }
    } catch {
        if verbose { print("form \(xform.formID): \(xform.fields.count) fields; from(xform:): \(error)") }
    }
    // The constraint parser on every field, not only the numeric questions `from` looks at.
    for field in xform.fields {
        guard let constraint = field.bindAttributes["constraint"] else { continue }
        _ = Questionnaire.constraintBounds(constraint, integral: true)
        _ = Questionnaire.constraintBounds(constraint, integral: false)
    }
    return 0
}

/// The program's entry point: SwiftPM links `main` to `FuzzXForm_main` (see FuzzDriver.h).
@_cdecl("FuzzXForm_main")
public func entryPoint(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    legisurvey_fuzz_main(argc, argv)
}
