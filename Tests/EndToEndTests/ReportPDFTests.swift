import Foundation
import SurveyDefinitions
import SurveyModel
import SurveyPipeline
import SurveyTestSupport
import Testing

/// Issue 27's acceptance for print and PDF: a demo run with `pdf: true` writes `report.pdf` (and
/// `report.ar.pdf`) by headless Chromium; Poppler's `pdftotext` finds every chapter title of the
/// report, each at the top of a page of its own (after the running header); `legisurvey report`
/// prints it again; a run that writes no PDF removes the one an earlier run left; without Chromium
/// on the PATH, or with one that fails, `--pdf` says in one line that report.pdf was not written
/// and why, and the command succeeds; the browser is given the report's file URL and the flags.
/// Chromium and pdftotext missing FAIL these tests (`make test` installs both: `make browser`).
@Suite(.serialized) struct ReportPDFTests {
    /// Poppler's `pdftotext` (Debian's poppler-utils); throws, never skips, when it is missing.
    static func pdftotext() throws -> URL {
        for folder in ["/usr/bin", "/usr/local/bin"] {
            let url = URL(fileURLWithPath: folder).appendingPathComponent("pdftotext")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "no pdftotext (make browser installs poppler-utils)"])
    }

    /// The text of a PDF, one string per page (pdftotext ends each page with a form feed).
    static func pages(_ pdf: URL) async throws -> [String] {
        let result = try await ExternalProgram.run(try pdftotext(), ["-enc", "UTF-8", pdf.path, "-"])
        #expect(result.status == 0, "\(result.errors)")
        var pages = result.text.components(separatedBy: "\u{0C}")
        if pages.last?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty == true { pages.removeLast() }
        return pages
    }

    /// The chapter titles of a report: the `<h2>` of each `<section class="chapter">`, entities decoded.
    static func chapterTitles(_ html: String) -> [String] {
        html.components(separatedBy: "<section class=\"chapter\"").dropFirst().compactMap { part -> String? in
            guard let open = part.range(of: "<h2>"), let close = part.range(of: "</h2>", range: open.upperBound..<part.endIndex) else {
                return nil
            }
            var title = String(part[open.upperBound..<close.lowerBound])
            for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
                title = title.replacingOccurrences(of: entity, with: character)
            }
            return title
        }
    }

    /// Whitespace runs as one space, trimmed.
    static func normalized(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The text of a page after its running header (the page's first line when it is `header`).
    static func body(_ page: String, header: String) -> String {
        var lines = page.split(whereSeparator: \.isNewline).map { normalized(String($0)) }.filter { !$0.isEmpty }
        if lines.first == normalized(header) { lines.removeFirst() }
        return lines.joined(separator: " ")
    }

    /// The demo inbox, into a fresh output folder, with `pdf:` as given.
    static func pipeline(_ output: URL, pdf: Bool) throws -> Pipeline {
        var configuration = try PipelineConfiguration.load(
            path: Fixtures.pipelineFile.path, input: Fixtures.packageRoot.appendingPathComponent("Input").path, output: output.path,
            store: output.appendingPathComponent("store.sqlite").path)
        configuration.pdf = pdf
        return try Pipeline(configuration: configuration)
    }

    @Test func theDemoReportPrintsEachChapterOnANewPage() async throws {
        _ = try HeadlessChromium.executable()  // fails, never skips, without Chromium
        _ = try Self.pdftotext()
        let output = Fixtures.temporaryFolder("report-pdf").appendingPathComponent("out")
        let summary = try await Self.pipeline(output, pdf: true).run(reportLanguages: [.ar])
        #expect(summary.notices.isEmpty, "\(summary.notices)")
        let pdf = output.appendingPathComponent("report.pdf")
        let arabicPDF = output.appendingPathComponent("report.ar.pdf")
        #expect(summary.outputs.contains(pdf.path) && summary.outputs.contains(arabicPDF.path), "the PDFs are among the outputs")
        #expect(try Data(contentsOf: pdf).starts(with: Array("%PDF-".utf8)))
        #expect(try Data(contentsOf: arabicPDF).starts(with: Array("%PDF-".utf8)))

        let html = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        let titles = Self.chapterTitles(html)
        #expect(titles.count == Chapter.allCases.count, "\(titles)")
        // The running header as the page's @page rule gives it: the round and the date of the data
        // (the demo's Central and Kobo exports carry submission times).
        let round = try #require(summary.rounds.last)
        let header = try #require(
            html.components(separatedBy: "@top-center{content:\"").dropFirst().first.map { String($0.prefix { $0 != "\"" }) })
        #expect(header.hasPrefix("Round \(round) · data as of 20"), "\(header)")
        let pages = try await Self.pages(pdf)
        #expect(pages.count > titles.count, "the first page, then at least a page per chapter: \(pages.count) pages")
        // The running header heads every page.
        for (number, page) in pages.enumerated() {
            let first = page.split(whereSeparator: \.isNewline).first.map { Self.normalized(String($0)) }
            #expect(first == header, "page \(number + 1) starts with the running header: \(first ?? "nothing")")
        }
        // Every chapter title is in the text, at the top of a page: right after the form feed and
        // the running header.
        let text = Self.normalized(pages.joined(separator: " "))
        for title in titles {
            #expect(text.contains(Self.normalized(title)), "\(title) is in the PDF's text")
            let starts = pages.indices.filter { Self.body(pages[$0], header: header).hasPrefix(Self.normalized(title)) }
            #expect(starts.count == 1, "\(title) starts exactly one page (pages \(starts.map { $0 + 1 }))")
            #expect(starts.first != 0, "\(title) is not on the first page")
        }

        // `legisurvey report` prints it again from the store.
        try FileManager.default.removeItem(at: pdf)
        var notices: [String] = []
        let written = try await Self.pipeline(output, pdf: true).writeReports(languages: [.en], notice: { notices.append($0) })
        #expect(notices.isEmpty, "\(notices)")
        #expect(written.contains(pdf.path) && FileManager.default.fileExists(atPath: pdf.path))

        // A run that writes no PDF removes those an earlier run left beside the reports it writes.
        let plain = try await Self.pipeline(output, pdf: false).run(reportLanguages: [.ar])
        #expect(!plain.outputs.contains { $0.hasSuffix(".pdf") })
        let files = try FileManager.default.contentsOfDirectory(atPath: output.path)
        #expect(!files.contains { $0.hasSuffix(".pdf") || $0.hasSuffix(".partial") }, "\(files.sorted())")
        #expect(files.contains("report.html") && files.contains("report.ar.html"))
    }

    @Test func theArabicPDFHasTheSamePageBreaks() async throws {
        _ = try HeadlessChromium.executable()
        _ = try Self.pdftotext()
        let output = Fixtures.temporaryFolder("report-pdf-ar").appendingPathComponent("out")
        var configuration = try PipelineConfiguration.load(
            path: Fixtures.pipelineFile.path, input: Fixtures.packageRoot.appendingPathComponent("Input").path, output: output.path,
            store: output.appendingPathComponent("store.sqlite").path)
        configuration.pdf = true
        configuration.language = .ar
        let summary = try await Pipeline(configuration: configuration).run()
        #expect(summary.notices.isEmpty, "\(summary.notices)")
        // The pipeline file's language is Arabic: its report is report.html, its PDF report.pdf.
        let pages = try await Self.pages(output.appendingPathComponent("report.pdf"))
        let html = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        let titles = Self.chapterTitles(html)
        #expect(titles.count == Chapter.allCases.count)
        // pdftotext writes an Arabic line with bidirectional controls around its runs and the
        // lam-alef ligature decomposed in its own order, so a title is not compared letter for
        // letter: the page's first line after the running header must be "الفصل" (chapter) with
        // the chapter's number, each chapter's exactly once.
        let bidiControls = Set("\u{200E}\u{200F}\u{202A}\u{202B}\u{202C}\u{202D}\u{202E}\u{2066}\u{2067}\u{2068}\u{2069}")
        var chapterPages: [String: [Int]] = [:]
        for (number, page) in pages.enumerated() {
            let lines = page.split(whereSeparator: \.isNewline).map { Self.normalized(String($0.filter { !bidiControls.contains($0) })) }
                .filter { !$0.isEmpty }
            #expect(lines.first?.contains("الجولة") == true && lines.first?.contains("2026") == true, "page \(number + 1)'s running header")
            guard lines.count > 1, lines[1].hasPrefix("الفصل") else { continue }
            let words = lines[1].split(whereSeparator: { $0.isWhitespace || $0 == ":" })
            for chapter in Chapter.allCases where words.contains(where: { $0.hasPrefix(chapter.rawValue) }) {
                chapterPages[chapter.rawValue, default: []].append(number + 1)
            }
        }
        for (chapter, title) in zip(Chapter.allCases, titles) {
            #expect(chapterPages[chapter.rawValue]?.count == 1, "\(title) starts exactly one page: \(chapterPages[chapter.rawValue] ?? [])")
        }
    }

    @Test func withoutAWorkingChromiumOneLineSaysSoAndTheCommandSucceeds() async throws {
        let folder = Fixtures.temporaryFolder("report-pdf-none")
        let output = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        // A PDF an earlier run wrote: not left beside a report it no longer matches.
        try Data("%PDF-1.4 stale".utf8).write(to: output.appendingPathComponent("report.pdf"))
        let empty = folder.appendingPathComponent("empty-bin")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let cli = CommandLineTests()
        let store = output.appendingPathComponent("s.sqlite").path
        let run = try await cli.run(["run", "--pdf", "--quiet", "--output", output.path, "--store", store], environment: ["PATH": empty.path])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stderr.split(separator: "\n").filter { $0.contains("pdf") }
        #expect(
            lines == [
                "legisurvey: report.pdf not written: no Chromium on the PATH (looked for chromium, chromium-browser, google-chrome; Debian: apt-get install chromium, or make browser); the HTML report is written as usual"
            ], "\(run.stderr)")
        #expect(run.stdout.contains("Submissions: "), "the summary is printed as usual")
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("report.html").path))
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("report.pdf").path), "the stale PDF is removed")

        // `report --pdf` likewise, for each language it writes.
        let report = try await cli.run(
            ["report", "--pdf", "--lang", "en", "--lang", "fr", "--output", output.path, "--store", store], environment: ["PATH": empty.path])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stderr.contains("legisurvey: report.pdf, report.fr.pdf not written: no Chromium on the PATH"), "\(report.stderr)")
        #expect(report.stdout.contains("report.fr.html") && !report.stdout.contains(".pdf"))

        // A "chromium" on the PATH that fails: one line with its status and last message; the
        // command succeeds and no PDF is left.
        let fake = empty.appendingPathComponent("chromium")
        try Executables.write(script: "#!/bin/sh\necho 'no display: cannot print' >&2\nexit 3\n", to: fake)
        try Data("%PDF-1.4 stale".utf8).write(to: output.appendingPathComponent("report.pdf"))
        let failed = try await cli.run(["report", "--pdf", "--output", output.path, "--store", store], environment: ["PATH": empty.path])
        #expect(failed.status == 0, "\(failed.stderr)")
        #expect(
            failed.stderr.contains("legisurvey: report.pdf not written: chromium exited with status 3 without writing a PDF: no display: cannot print"),
            "\(failed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("report.pdf").path))

        // One that prints: it is given the report's file URL, headless, without a sandbox (root)
        // and without Chromium's own header and footer; what it writes becomes report.pdf.
        let arguments = folder.appendingPathComponent("arguments.txt")
        try Executables.write(
            script: """
                #!/bin/sh
                for a in "$@"; do echo "$a" >> '\(arguments.path)'; case "$a" in --print-to-pdf=*) printf '%%PDF-1.4 fake' > "${a#--print-to-pdf=}";; esac; done

                """, to: fake)
        let printed = try await cli.run(["report", "--pdf", "--output", output.path, "--store", store], environment: ["PATH": empty.path])
        #expect(printed.status == 0 && !printed.stderr.contains("not written"), "\(printed.stderr)")
        #expect(printed.stdout.contains(output.appendingPathComponent("report.pdf").path))
        #expect(try String(contentsOf: output.appendingPathComponent("report.pdf"), encoding: .utf8) == "%PDF-1.4 fake")
        let given = try String(contentsOf: arguments, encoding: .utf8).split(separator: "\n").map(String.init)
        for flag in ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer"] { #expect(given.contains(flag), "\(given)") }
        #expect(given.last == output.appendingPathComponent("report.html").absoluteString, "\(given)")
        #expect(given.contains { $0.hasPrefix("--print-to-pdf=\(output.path)/.report.pdf.") && $0.hasSuffix(".partial") }, "a temporary file, renamed")
        let left = try FileManager.default.contentsOfDirectory(atPath: output.path)
        #expect(!left.contains { $0.hasSuffix(".partial") }, "\(left.sorted())")
    }

    @Test func thePipelineFileAndTheCommandLineAskForThePDF() throws {
        let folder = Fixtures.temporaryFolder("pdf-key")
        let text = try String(contentsOf: Fixtures.pipelineFile, encoding: .utf8)
        #expect(text.contains("\npdf: false\n"), "default.yml documents the key with its default")
        let file = Fixtures.packageRoot.appendingPathComponent("Pipelines/pdf-test-\(UUID().uuidString).yml")
        defer { try? FileManager.default.removeItem(at: file) }
        try text.replacingOccurrences(of: "\npdf: false\n", with: "\npdf: true\n").write(to: file, atomically: true, encoding: .utf8)
        #expect(try PipelineDefinitions.load(path: file.path, output: folder.path).configuration.pdf)
        #expect(!(try PipelineDefinitions.load(path: file.path, output: folder.path, pdf: false).configuration.pdf), "--no-pdf wins")
        #expect(!(try PipelineDefinitions.load(path: Fixtures.pipelineFile.path, output: folder.path).configuration.pdf))
        #expect(try PipelineDefinitions.load(path: Fixtures.pipelineFile.path, output: folder.path, pdf: true).configuration.pdf)
    }

    @Test func theBrowserIsFoundOnThePathOnly() throws {
        let folder = Fixtures.temporaryFolder("pdf-path")
        let bin = folder.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        #expect(ReportPDF.browser(path: bin.path) == nil)
        #expect(ReportPDF.browser(path: "") == nil && ReportPDF.browser(path: nil) == nil)
        // Not executable: not a browser.
        let chrome = bin.appendingPathComponent("google-chrome")
        try Data("#!/bin/sh\n".utf8).write(to: chrome)
        #expect(ReportPDF.browser(path: bin.path) == nil)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: chrome.path)
        #expect(ReportPDF.browser(path: "/nonexistent:\(bin.path)") == chrome)
        // chromium is preferred to google-chrome, wherever it is on the PATH.
        let other = folder.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        let chromium = other.appendingPathComponent("chromium")
        try Data("#!/bin/sh\n".utf8).write(to: chromium)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: chromium.path)
        #expect(ReportPDF.browser(path: "\(bin.path):\(other.path)") == chromium)
        #expect(ReportPDF.pdfName(forReport: "report.html") == "report.pdf")
        #expect(ReportPDF.pdfName(forReport: "report.ar.html") == "report.ar.pdf")
    }
}
