public import Foundation
public import SurveyModel
import SurveyDefinitions

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Shared fixtures: the project's own questionnaire and reference data, and scratch folders.
public enum Fixtures {
    /// The package root, found from this file's place in `Tests/SurveyTestSupport/`.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static let pipelineFile = packageRoot.appendingPathComponent("Pipelines/default.yml")

    /// The questionnaire of `Pipelines/default.yml`, loaded once.
    public static let questionnaire: Questionnaire = {
        do {
            return try Questionnaire.load(
                from: packageRoot.appendingPathComponent("Pipelines/questionnaires/cybercrime-survey.yml"))
        } catch {
            fatalError("questionnaire fixture: \(error)")
        }
    }()

    /// The country reference data, loaded once.
    public static let reference: CountryReference = {
        do {
            return try CountryReference.load(from: packageRoot.appendingPathComponent("Pipelines/reference/countries.yml"))
        } catch {
            fatalError("reference fixture: \(error)")
        }
    }()

    /// The form labels of `Pipelines/default.yml` (`Pipelines/forms/xlsform-labels.yml`), loaded once.
    public static let formLabels: FormLabels = {
        do {
            return try FormLabels.load(from: packageRoot.appendingPathComponent("Pipelines/forms/xlsform-labels.yml"))
        } catch {
            fatalError("form labels fixture: \(error)")
        }
    }()

    /// A new empty folder for a test, inside ``testFolders``: removed with it when the test
    /// process exits, whether or not the test removed it itself.
    public static func temporaryFolder(_ name: String = "legisurvey-test") -> URL {
        let url = testFolders.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The test process's folder under the system's temporary folder
    /// (`legisurvey-tests-<pid>`), which holds every ``temporaryFolder(_:)``. Removed when the
    /// process exits (unless `LEGISURVEY_KEEP_TEST_FOLDERS` is set, to look at what a test left);
    /// one left by a test process that was killed is removed by the next. A full `make test`
    /// otherwise left thousands of folders behind, gigabytes over a few runs.
    public static let testFolders: URL = {
        let base = FileManager.default.temporaryDirectory
        for name in (try? FileManager.default.contentsOfDirectory(atPath: base.path)) ?? [] where name.hasPrefix(testFoldersPrefix) {
            guard let pid = Int32(name.dropFirst(testFoldersPrefix.count)), pid != getpid() else { continue }
            if kill(pid, 0) == 0 || errno == EPERM { continue }  // that test process still runs
            try? FileManager.default.removeItem(at: base.appendingPathComponent(name))
        }
        let folder = base.appendingPathComponent("\(testFoldersPrefix)\(getpid())")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        if ProcessInfo.processInfo.environment["LEGISURVEY_KEEP_TEST_FOLDERS"] == nil {
            atexit { try? FileManager.default.removeItem(at: Fixtures.testFolders) }
        }
        return folder
    }()

    static let testFoldersPrefix = "legisurvey-tests-"

    /// Writes `files` (relative path → text) under `folder`.
    public static func write(_ files: [String: String], in folder: URL) throws {
        for (path, text) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    /// The pyxform `xls2xform` that `make test` installs: `$LEGISURVEY_VENV/bin/xls2xform`, else
    /// the default venv `~/.cache/legisurvey/venv`.
    public static var xls2xform: URL {
        let environment = ProcessInfo.processInfo.environment
        let home = environment["HOME"] ?? NSHomeDirectory()
        let venv = environment["LEGISURVEY_VENV"].flatMap { $0.isEmpty ? nil : $0 } ?? "\(home)/.cache/legisurvey/venv"
        return URL(fileURLWithPath: venv).appendingPathComponent("bin/xls2xform")
    }

    /// The Python of the same venv (it has pysdmx): `$LEGISURVEY_VENV/bin/python`, else
    /// `~/.cache/legisurvey/venv/bin/python`.
    public static var venvPython: URL {
        xls2xform.deletingLastPathComponent().appendingPathComponent("python")
    }

    /// The project pipeline file's statistics keys (`groups:`, `indicators:`, `sdmx:`,
    /// `priorities:` with its path made absolute), as YAML
    /// text to append to a test's pipeline file.
    public static let defaultStatisticsKeys: String = {
        let text = (try? String(contentsOf: pipelineFile, encoding: .utf8)) ?? ""
        var keep = false
        var lines: [String] = []
        for line in text.components(separatedBy: "\n") {
            if let first = line.first, first != " ", first != "#", first != "-" {
                keep = ["groups:", "indicators:", "sdmx:"].contains { line.hasPrefix($0) }
            }
            if line.hasPrefix("priorities:") {
                // The scoring model's path is relative to the project's pipeline folder.
                let relative = line.dropFirst("priorities:".count).trimmingCharacters(in: .whitespaces)
                lines.append("priorities: " + packageRoot.appendingPathComponent("Pipelines").appendingPathComponent(relative).path)
                keep = false
                continue
            }
            if keep { lines.append(line) }
        }
        return lines.joined(separator: "\n")
    }()

    /// The rounds a test pipeline file declares by default and a test's `Transformer` is given:
    /// the project's (the demo's) rounds.
    public static let rounds = ["2022", "2024", "2026"]

    /// A pipeline file in `folder` (named `name`.yml) that uses the project's reference data, the
    /// given questionnaire (default: the project's), inbox, output and store; `extra` is YAML
    /// appended as is (e.g. ``defaultStatisticsKeys``, or `groups:` of a test's own).
    /// `rounds` is the file's `rounds:` list (required in a pipeline file); nil: ``rounds``
    /// (2022, 2026) and `round` (the `default_round`) when it is another one, in text order, so a
    /// test whose data names other rounds (`2013`, `2030`) passes them. `declaringRounds: false`
    /// leaves `rounds:` out (a pipeline file that is refused).
    public static func pipelineFile(
        in folder: URL, input: URL, output: URL, round: String = "2026", rounds: [String]? = nil,
        declaringRounds: Bool = true, questionnaire: URL? = nil, name: String = "pipeline", extra: String = ""
    ) throws -> URL {
        let questionnaire = questionnaire ?? packageRoot.appendingPathComponent("Pipelines/questionnaires/cybercrime-survey.yml")
        let declared = rounds ?? Set(Self.rounds + [round]).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let text = """
            name: \(name)
            questionnaire: \(questionnaire.path)
            reference: \(packageRoot.appendingPathComponent("Pipelines/reference/countries.yml").path)
            input: \(input.path)
            output: \(output.path)
            store: \(output.appendingPathComponent("store.sqlite").path)
            default_round: "\(round)"

            """ + (declaringRounds ? "rounds: [" + declared.map { "\"\($0)\"" }.joined(separator: ", ") + "]\n" : "") + extra
        let url = folder.appendingPathComponent("\(name).yml")
        try Data(text.utf8).write(to: url)
        return url
    }
}

/// Flattens diagnostics to comparable tuples (frictionless's `flatten`).
public func flatten(_ diagnostics: [Diagnostic]) -> [String] {
    diagnostics.map { diagnostic in
        "\(diagnostic.location.file):\(diagnostic.location.line.map(String.init) ?? "-"):\(diagnostic.code.rawValue)"
    }
}

extension Fixtures {
    /// The text of the error `body` throws, or "no error": for tests that read a loader's message.
    public static func errorText(_ body: () throws -> Any) -> String {
        do {
            _ = try body()
            return "no error"
        } catch {
            return "\(error)"
        }
    }
}
