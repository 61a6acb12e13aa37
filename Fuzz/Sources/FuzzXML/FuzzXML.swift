// libFuzzer target: the XML submission reader (native format and XForm instances), through the
// public `Extractor.extract(bytes:path:)` exactly as the pipeline reads a `.xml` inbox file.
import Foundation
import FuzzDriver
import SurveyExtract
import SurveyModel

/// FUZZ_VERBOSE=1: print what each input gave (to check a corpus file: `FuzzXML FILE`).
private let verbose = ProcessInfo.processInfo.environment["FUZZ_VERBOSE"] == "1"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = read(bytes, Extractor())
    // The same bytes in small chunks (1 to 1024 bytes, from the length), so a token, a character
    // or a limit falls across chunk ends.
    if size > 1 { _ = read(bytes, Extractor(chunkSize: 1 + (size &* 7919) % 1024)) }
    return 0
}

/// Reads the bytes as `f.xml` and touches everything handed on.
private func read(_ bytes: [UInt8], _ extractor: Extractor) -> Int {
    var seen = 0
    let file = extractor.extract(bytes: bytes, path: "f.xml") { submission in
        seen += submission.answers.reduce(0) { $0 + $1.values.count + $1.field.utf8.count }
        seen += submission.diagnostics.count + (submission.country?.text.utf8.count ?? 0)
    }
    for diagnostic in file.diagnostics { seen += diagnostic.message.utf8.count }
    if verbose {
        print("\(file.file.format.rawValue): \(file.submissionCount) submissions, diagnostics: \(file.diagnostics.map(\.code.rawValue))")
    }
    return seen + file.submissionCount
}

/// The program's entry point: SwiftPM links `main` to `FuzzXML_main` (see FuzzDriver.h).
@_cdecl("FuzzXML_main")
public func entryPoint(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    legisurvey_fuzz_main(argc, argv)
}
