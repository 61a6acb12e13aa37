// libFuzzer target: the CSV reader (encoding probe, iconv decoding, libcsv, the wide, long, ODK
// Central and KoboToolbox layouts), through the public `Extractor.extract(bytes:path:options:)`.
// Each input is read twice: as the pipeline reads an undeclared `.csv` file, then with the
// `files:` overrides of a pipeline file (encoding, fallback encoding, delimiter, format) chosen
// from the first two bytes, in chunks whose size comes from the length.
import Foundation
import FuzzDriver
import SurveyExtract
import SurveyModel

private let encodings: [TextEncoding?] = [nil] + TextEncoding.allCases
private let delimiters: [Character?] = [nil, ",", ";", "\t", "|"]
private let formats: [SourceFormat?] = [nil, .nativeXML, .xformInstance, .wideCSV, .longCSV, .odkCentralCSV, .koboCSV]

/// FUZZ_VERBOSE=1: print what each input gave (to check a corpus file: `FuzzCSV FILE`).
private let verbose = ProcessInfo.processInfo.environment["FUZZ_VERBOSE"] == "1"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = read(bytes, Extractor(), ReadOptions())
    guard size > 0 else { return 0 }
    let first = Int(bytes[0])
    let second = size > 1 ? Int(bytes[1]) : 0
    let options = ReadOptions(
        encoding: encodings[first % encodings.count],
        fallbackEncoding: TextEncoding.allCases[(first / encodings.count) % TextEncoding.allCases.count],
        delimiter: delimiters[second % delimiters.count], format: formats[(second / delimiters.count) % formats.count])
    _ = read(bytes, Extractor(chunkSize: 1 + (size &* 7919) % 1024), options)
    return 0
}

/// Reads the bytes as `f.csv` and touches everything handed on.
private func read(_ bytes: [UInt8], _ extractor: Extractor, _ options: ReadOptions) -> Int {
    var seen = 0
    let file = extractor.extract(bytes: bytes, path: "f.csv", options: options) { submission in
        seen += submission.answers.reduce(0) { $0 + $1.values.count + $1.field.utf8.count }
        seen += submission.diagnostics.count + (submission.country?.text.utf8.count ?? 0)
    }
    for diagnostic in file.diagnostics { seen += diagnostic.message.utf8.count }
    if verbose {
        print("\(file.file.format.rawValue): \(file.submissionCount) submissions, diagnostics: \(file.diagnostics.map(\.code.rawValue))")
    }
    return seen + file.submissionCount
}

/// The program's entry point: SwiftPM links `main` to `FuzzCSV_main` (see FuzzDriver.h).
@_cdecl("FuzzCSV_main")
public func entryPoint(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    legisurvey_fuzz_main(argc, argv)
}
