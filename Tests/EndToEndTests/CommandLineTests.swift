import Foundation
import SurveyTestSupport
import Testing

/// Runs the real `legisurvey` binary, as a user would.
@Suite struct CommandLineTests {
    static var binary: URL {
        let candidates = [
            Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent("legisurvey"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("legisurvey"),
            Fixtures.packageRoot.appendingPathComponent(".build/debug/legisurvey"),
        ].compactMap { $0 }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates.last!
    }

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the binary with `arguments` in the package's folder, `environment` added to the test's
    /// own (off the shared threads, its output through files: ``ExternalProgram``).
    func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> Output {
        let result = try await ExternalProgram.run(Self.binary, arguments, in: Fixtures.packageRoot, environment: environment)
        return Output(status: result.status, stdout: result.text, stderr: result.errors)
    }

    @Test func theBinaryExists() {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary.path), "\(Self.binary.path)")
    }

    @Test func runPrintsTheAccounting() async throws {
        let folder = Fixtures.temporaryFolder("cli")
        let result = try await run(["run", "--output", folder.path, "--store", folder.appendingPathComponent("s.sqlite").path, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Submissions: "))
        #expect(result.stdout.contains(" accepted + "))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("statistics.csv").path))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("validation_report.csv").path))
    }

    @Test func aMissingPipelineFileIsOneLineAndNonZero() async throws {
        let result = try await run(["run", "--pipeline", "/nonexistent/pipeline.yml"])
        #expect(result.status == 2)
        #expect(result.stderr == "legisurvey: error: pipeline file not found: /nonexistent/pipeline.yml\n")
    }

    @Test func aMissingInputFolderIsOneLineAndNonZero() async throws {
        let folder = Fixtures.temporaryFolder("cli")
        let result = try await run(["run", "--input", "/nonexistent/inbox", "--output", folder.path, "--store", folder.appendingPathComponent("s.sqlite").path])
        #expect(result.status == 2)
        #expect(result.stderr.hasSuffix("legisurvey: error: input folder not found: /nonexistent/inbox\n"))
        #expect(result.stderr.components(separatedBy: "\n").filter { !$0.isEmpty }.count == 1)
    }

    @Test func aBrokenPipelineFileIsOneLineAndNonZero() async throws {
        let folder = Fixtures.temporaryFolder("cli")
        let cases = [
            "name: x\nquestionnaire: [unclosed\n",
            "name: x\nquestionnaire: q.yml\n",
            "name: x\nquestionnaire: q.yml\nreference: r.yml\ninput: .\noutput: .\nstore: s\ndefault_round: \"2026\"\nrounds: [\"2026\"]\n",
            "name: x\nquestionnaire: q.yml\nreference: r.yml\ninput: .\noutput: .\nstore: s\ndefault_round: \"2026\"\nrounds: [\"2026\"]\n"
                + "reliability: {suppress_below: 0}\n",
        ]
        for (index, text) in cases.enumerated() {
            let file = folder.appendingPathComponent("p\(index).yml")
            try Data(text.utf8).write(to: file)
            let result = try await run(["run", "--pipeline", file.path])
            #expect(result.status == 2, "\(text)")
            #expect(result.stderr.hasPrefix("legisurvey: error: "), "\(result.stderr)")
            #expect(result.stderr.components(separatedBy: "\n").filter { !$0.isEmpty }.count == 1, "\(result.stderr)")
        }
    }

    /// A pipeline file without `rounds:` (issue 16, section 2): `run` refuses it before reading
    /// anything, with one line saying what to add; no store, no output.
    @Test func runRefusesAPipelineFileWithoutRounds() async throws {
        let folder = Fixtures.temporaryFolder("cli-rounds")
        let output = folder.appendingPathComponent("out")
        let file = try Fixtures.pipelineFile(
            in: folder, input: Fixtures.packageRoot.appendingPathComponent("Input"), output: output, declaringRounds: false)
        let result = try await run(["run", "--pipeline", file.path])
        #expect(result.status == 2)
        #expect(
            result.stderr == "legisurvey: error: \(file.path): rounds: missing: declare the survey's rounds in the pipeline file, "
                + "oldest first, e.g. rounds: [\"2022\", \"2026\"] (default_round must be one of them)\n")
        #expect(result.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    /// `sample --round` must name one of the pipeline file's declared rounds (issue 16, section 2):
    /// one line, non-zero, nothing written.
    @Test func sampleRefusesARoundThePipelineDoesNotDeclare() async throws {
        let folder = Fixtures.temporaryFolder("cli-sample").appendingPathComponent("inbox")
        let refused = try await run(["sample", "--round", "2026.0", "--countries", "5", "--output", folder.path])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("sample --round '2026.0' is not a declared round (rounds: 2022, 2024, 2026)"), "\(refused.stderr)")
        #expect(refused.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: folder.path))
        let written = try await run(["sample", "--round", "2022", "--countries", "5", "--output", folder.path])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stdout.contains("round 2022"))
    }

    /// `sample --countries` out of range crashed (0, 1: index out of range) or claimed more
    /// countries than it wrote (100000: 92 files): refused with one line, nothing written.
    @Test(arguments: ["0", "1", "-3", "100000"]) func sampleRefusesACountryCountOutOfRange(_ count: String) async throws {
        let folder = Fixtures.temporaryFolder("cli-sample-range-\(count)").appendingPathComponent("inbox")
        let refused = try await run(["sample", "--countries=\(count)", "--output", folder.path])
        #expect(refused.status == 2, "\(refused.stderr)")
        #expect(refused.stderr.contains("--countries must be between 2 and "), "\(refused.stderr)")
        #expect(refused.stderr.split(separator: "\n").count == 1, "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.path))
    }

    @Test func sampleWritesTheSmallestAndLargestCountryCounts() async throws {
        let small = Fixtures.temporaryFolder("cli-sample-small").appendingPathComponent("inbox")
        let two = try await run(["sample", "--countries", "2", "--output", small.path])
        #expect(two.status == 0, "\(two.stderr)")
        #expect(two.stdout.contains("2 countries"))
        let refused = try await run(["sample", "--countries", "100000", "--output", small.path])
        let bound = refused.stderr.components(separatedBy: "between 2 and ").last?.split(separator: " ").first
        let largest = try #require(bound.flatMap { Int($0) }, "\(refused.stderr)")
        #expect(largest > 150 && largest < 249, "the countries with a region and a development group: \(largest)")
        let big = Fixtures.temporaryFolder("cli-sample-big").appendingPathComponent("inbox")
        let all = try await run(["sample", "--countries", String(largest), "--output", big.path])
        #expect(all.status == 0, "\(all.stderr)")
        // Every country it claims is in the inbox's README, which lists them by region.
        let readme = try String(contentsOf: big.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("\(largest) countries ("), "\(readme.prefix(900))")
    }

    /// A negative number given to a numeric option is that option's value, refused by what it
    /// must be; it used to be taken for an unknown option, leaving "Missing value for '--wait'".
    @Test(arguments: [
        (["run", "--wait", "-5"], "--wait must be a number of seconds, 0 or more"),
        (["status", "--runs", "-1"], "--runs must be 1 or more"),
        (["sample", "--countries", "-3", "--output", "/nonexistent/never-written"], "--countries must be between 2 and "),
        (["sample", "--respondents", "-2", "--output", "/nonexistent/never-written"], "--respondents must be at least 1"),
    ]) func aNegativeNumberIsRefusedForWhatItIs(_ arguments: [String], _ message: String) async throws {
        let refused = try await run(arguments)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains(message), "\(refused.stderr)")
        #expect(!refused.stderr.contains("Missing value"), "\(refused.stderr)")
    }

    @Test func validatePrintsDiagnosticsWithPlaceAndFailsOnErrors() async throws {
        let result = try await run(["validate", "Input/demo-5-problems/unknown-country.xml", "Input/demo-2-wide.csv"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("Input/demo-5-problems/unknown-country.xml:3:"))
        #expect(result.stdout.contains("[country-unknown]"))
        #expect(result.stdout.contains("[number-out-of-range] ch3_reform_year:"))
        let clean = try await run(["validate", "Input/demo-3-long.csv"])
        #expect(clean.status == 0, "warnings only: \(clean.stdout)")
    }
}

extension CommandLineTests {
    @Test func validateJSONIsMachineReadable() async throws {
        let result = try await run(["validate", "--json", "Input/demo-5-problems/unknown-country.xml", "Input/demo-2-wide.csv"])
        #expect(result.status == 1)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let diagnostics = try #require(object?["diagnostics"] as? [[String: Any]])
        let codes = diagnostics.compactMap { $0["code"] as? String }
        #expect(codes.contains("country-unknown") && codes.contains("number-out-of-range"))
        let place = try #require(diagnostics.first { $0["code"] as? String == "country-unknown" }?["place"] as? [String: Any])
        #expect(place["file"] as? String == "Input/demo-5-problems/unknown-country.xml")
        #expect(place["line"] as? Int == 3)
        let total = try #require(object?["total"] as? [String: Int])
        #expect(total["submissions_seen"] == total["accepted"]! + total["superseded"]! + total["excluded"]! + total["rejected"]!)
        #expect((object?["files"] as? [Any])?.count == 2)
    }
}

extension CommandLineTests {
    @Test func explainStatListsTheCountriesAndFailsInOneLine() async throws {
        let folder = Fixtures.temporaryFolder("cli-explain")
        let store = folder.appendingPathComponent("s.sqlite").path
        let missing = try await run(["explain", "stat", "--store", store, "2026", "ch8_cert", "yes", "world"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("run `legisurvey run` first"), "\(missing.stderr)")
        let ran = try await run(["run", "--output", folder.path, "--store", store, "--quiet"])
        #expect(ran.status == 0, "\(ran.stderr)")
        let result = try await run(["explain", "stat", "--store", store, "2026", "ch8_cert", "yes", "region:150"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("Statistic: round 2026, question ch8_cert (chapter 8), option yes, region 150 (Europe)"))
        #expect(result.stdout.contains("Numerator: countries that chose yes"))
        #expect(result.stdout.contains(".xml:"), "answers name their file and line")
        // The figure printed is the one in statistics.csv.
        let statistics = try String(contentsOf: folder.appendingPathComponent("statistics.csv"), encoding: .utf8)
        let row = try #require(statistics.components(separatedBy: "\r\n").first { $0.hasPrefix("2026,8,ch8_cert,yes,region,150,") })
        let cells = row.components(separatedBy: ",")
        #expect(result.stdout.contains("n_option = \(cells[7]) of n_responding = \(cells[6]): \(cells[8])%"), "\(row)")
        // Country and group arguments are read as submissions are (issue 24 item 6).
        let africa = try await run(["explain", "stat", "--store", store, "2026", "ch3_specific_law", "yes", "Afrique"])
        #expect(africa.status == 0, "\(africa.stderr)")
        #expect(africa.stdout.contains("region 002 (Africa)"), "\(africa.stdout)")
        let morocco = try await run(["explain", "priority", "--store", store, "Maroc", "legislation"])
        #expect(morocco.status == 0, "\(morocco.stderr)")
        #expect(morocco.stdout.hasPrefix("Priority: MAR, area legislation"), "\(morocco.stdout)")
        for arguments in [["2026", "ch8_cert", "perhaps", "world"], ["2026", "ch8_cert", "yes", "narnia"], ["1990", "ch8_cert", "yes", "world"]] {
            let bad = try await run(["explain", "stat", "--store", store] + arguments)
            #expect(bad.status == 2, "\(arguments)")
            #expect(bad.stderr.hasPrefix("legisurvey: error: "), "\(bad.stderr)")
            #expect(bad.stderr.components(separatedBy: "\n").filter { !$0.isEmpty }.count == 1, "\(bad.stderr)")
        }
    }
}

extension CommandLineTests {
    @Test func runJSONAndRunSummaryFileCarryTheAccountingAndTimings() async throws {
        let folder = Fixtures.temporaryFolder("cli-json")
        let store = folder.appendingPathComponent("s.sqlite").path
        let result = try await run(["run", "--output", folder.path, "--store", store, "--quiet", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let printed = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let saved = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("run_summary.json"))) as? [String: Any])
        for document in [printed, saved] {
            let total = try #require(document["total"] as? [String: Int])
            #expect(total["submissions_seen"] == total["accepted"]! + total["superseded"]! + total["excluded"]! + total["rejected"]!)
            #expect(total["answers_seen"] == total["answers_kept"]! + total["answers_dropped"]!)
            let files = try #require(document["files"] as? [[String: Any]])
            #expect(files.count == 61)
            var sum = 0
            for file in files { sum += ((file["accounting"] as? [String: Int])?["submissions_seen"]) ?? 0 }
            #expect(sum == total["submissions_seen"], "the files add up to the total")
            let timings = try #require(document["timings"] as? [[String: Any]])
            #expect(timings.compactMap { $0["phase"] as? String } == ["extract_transform", "load", "statistics", "tables", "priorities", "report"])
            #expect(document["rounds"] as? [String] == ["2022", "2024", "2026"])
            #expect((document["outputs"] as? [String])?.contains { $0.hasSuffix("/ta_planning.csv") } == true)
            #expect((document["run_id"] as? Int) == 1)
        }
        #expect(printed["started_at"] as? String == saved["started_at"] as? String)
    }

    @Test func statusTellsWhatTheStoreHolds() async throws {
        let folder = Fixtures.temporaryFolder("cli-status")
        let store = folder.appendingPathComponent("s.sqlite").path
        let missing = try await run(["status", "--store", store])
        #expect(missing.status == 2 && missing.stderr.contains("run `legisurvey run` first"), "\(missing.stderr)")
        for _ in 0..<2 { await #expect(try run(["run", "--output", folder.path, "--store", store, "--quiet"]).status == 0) }
        let text = try await run(["status", "--store", store])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("Round 2022: 54 countries (Africa 10, Americas 12, Asia 10, Europe 11, Oceania 11)"), "\(text.stdout)")
        #expect(text.stdout.contains("Round 2026: 70 countries"))
        #expect(text.stdout.contains("#2 ") && text.stdout.contains("#1 "))
        #expect(text.stdout.contains("151 submissions = 145 accepted + 1 superseded + 2 excluded + 3 rejected"))
        let json = try await run(["status", "--store", store, "--json", "--runs", "1"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let rounds = try #require(document["rounds"] as? [[String: Any]])
        #expect(rounds.compactMap { $0["round"] as? String } == ["2022", "2024", "2026"])
        #expect(rounds.compactMap { $0["countries"] as? Int } == [54, 21, 70])
        let runs = try #require(document["runs"] as? [[String: Any]])
        #expect(runs.count == 1 && runs[0]["run_id"] as? Int == 2)
        #expect((runs[0]["started_at"] as? String)?.hasSuffix("Z") == true)
    }
}

extension CommandLineTests {
    @Test func progressIsPlainLinesWhenNotATerminalAndQuietHidesIt() async throws {
        let folder = Fixtures.temporaryFolder("cli-progress")
        let store = folder.appendingPathComponent("s.sqlite").path
        // No delay and no interval, so even the small demo shows every step (a real run waits 1 s,
        // then prints a line every 5 s when standard error is not a terminal).
        let now = ["LEGISURVEY_PROGRESS_DELAY": "0", "LEGISURVEY_PROGRESS_INTERVAL": "0"]
        let result = try await run(["run", "--output", folder.path, "--store", store], environment: now)
        #expect(result.status == 0)
        let lines = result.stderr.components(separatedBy: "\n").filter { $0.hasPrefix("legisurvey: progress: ") }
        #expect(lines.count == 61, "one line per file here: \(result.stderr)")
        #expect(lines.last?.hasPrefix("legisurvey: progress: 61/61 files, 151 records, ") == true, "\(lines.last ?? "")")
        #expect(lines.allSatisfy { $0.contains(" records/s, ") && $0.hasSuffix(" MB/s") })
        #expect(!result.stderr.contains("\r"), "no bar redrawing when not a terminal")
        let quiet = try await run(["run", "--output", folder.path, "--store", store, "--quiet"], environment: now)
        #expect(quiet.status == 0 && quiet.stderr.isEmpty, "\(quiet.stderr)")
    }
}
