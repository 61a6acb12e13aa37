import ArgumentParser
import Foundation
import SurveyDefinitions
import SurveyModel

/// `legisurvey open`: the latest report (`report.html` in the pipeline file's output folder, or
/// `report.<lang>.html` with `--lang`), in the default browser where there is one. It always
/// prints the report's path; it opens it with `xdg-open` (Linux) or `open` (macOS) when that
/// program is on the PATH, and otherwise says the path is to be opened by hand. No report yet is
/// exit status 1 with what to do.
struct Open: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open the latest report in the default browser (and print its path).",
        discussion: """
            Prints the path of report.html (report.<lang>.html with --lang) in the output folder and opens it \
            with xdg-open (Linux) or open (macOS) when that program is on the PATH. Exits with status 1 when \
            there is no report yet: run `legisurvey run` first.
            """)

    @OptionGroup var options: PipelineOptions
    @Option(help: "Output folder (overrides the pipeline file).") var output: String?
    @Option(name: .customLong("lang"), help: "The report's language (ar, en, es, fr, ru, zh). Default: the pipeline file's.")
    var language: String?

    func run() throws {
        try Command.perform {
            let configuration = try PipelineConfiguration.load(path: options.pipeline, output: output)
            let language = try language.map { try Command.languages([$0])[0] } ?? configuration.language
            let name = language == configuration.language ? "report.html" : "report.\(language.rawValue).html"
            let report = configuration.output.appendingPathComponent(name)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: report.path, isDirectory: &isFolder), !isFolder.boolValue else {
                FileHandle.standardError.write(Data(
                    "legisurvey: error: no report yet: \(report.path) does not exist; run `legisurvey run` first\n".utf8))
                return 1
            }
            print(report.path)
            guard let opener = Self.opener() else {
                FileHandle.standardError.write(Data(
                    "legisurvey: no \(Self.openerName) on the PATH: open the file above in a browser\n".utf8))
                return 0
            }
            let process = Process()
            process.executableURL = opener
            process.arguments = [report.path]
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            do {
                try process.run()
                FileHandle.standardError.write(Data("legisurvey: opening it with \(opener.path)\n".utf8))
            } catch {
                FileHandle.standardError.write(Data(
                    "legisurvey: \(opener.path) could not be started (\(error)): open the file above in a browser\n".utf8))
            }
            return 0
        }
    }

    /// The program that opens a file in the desktop's default application.
    #if os(macOS)
        static let openerName = "open"
    #else
        static let openerName = "xdg-open"
    #endif

    /// ``openerName`` found on the PATH, if any.
    static func opener() -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for folder in path.split(separator: ":", omittingEmptySubsequences: true) {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(openerName)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }
}
