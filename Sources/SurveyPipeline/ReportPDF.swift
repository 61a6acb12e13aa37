public import Foundation
import SurveyDefinitions
import SurveyModel
import SurveyPublish

/// `report.pdf` (issue 27): each public report a run or `legisurvey report` writes, printed by
/// headless Chromium through the report's print stylesheet (``ReportBuilder/printCSS``), when the
/// pipeline file's `pdf: true` or `--pdf` asks and a Chromium is on the PATH.
///
/// A PDF is a document, like the HTML it is printed from, not a data output: Chromium writes its
/// creation date into it, so two runs on the same inputs give PDFs that differ in those bytes
/// (docs/outputs.md). The rule: a PDF beside a report is always printed from that report by the
/// same run, or absent. A report written without its PDF (not asked, no Chromium, Chromium failed)
/// has the PDF an earlier run wrote removed; reports this run did not write keep theirs, as they
/// keep their HTML.
public enum ReportPDF {
    /// The browsers looked for on the PATH, in this order (Debian's package is `chromium`).
    public static let browserNames = ["chromium", "chromium-browser", "google-chrome"]

    /// Seconds Chromium may take for one report before it is stopped and the PDF reported as not
    /// written (the demo report takes about two).
    static let timeout: Double = 300

    /// The first of ``browserNames`` found as an executable file in a folder of `path` (a PATH
    /// value); nil when none is.
    public static func browser(path: String? = ProcessInfo.processInfo.environment["PATH"]) -> URL? {
        let folders = (path ?? "").split(separator: ":").map(String.init).filter { !$0.isEmpty }
        for name in browserNames {
            for folder in folders {
                let url = URL(fileURLWithPath: folder).appendingPathComponent(name)
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue,
                    FileManager.default.isExecutableFile(atPath: url.path)
                {
                    return url
                }
            }
        }
        return nil
    }

    /// The PDF's name beside an HTML report: `report.html` → `report.pdf`, `report.ar.html` →
    /// `report.ar.pdf`.
    public static func pdfName(forReport name: String) -> String {
        (name.hasSuffix(".html") ? String(name.dropLast(".html".count)) : name) + ".pdf"
    }

    /// Prints `page` to `pdf` with `browser`: into a hidden temporary file beside it
    /// (`.NAME.<pid>.<random>.partial`, as ``Publisher`` names its own), renamed into place only
    /// when Chromium succeeded and wrote a PDF. Returns nil on success, else why not (one line).
    ///
    /// The flags: `--headless` without a display; `--no-sandbox` because Chromium's sandbox
    /// refuses to start as root (the report is a local page without scripts); `--disable-gpu`;
    /// `--no-pdf-header-footer` so that Chromium adds no date, title or URL of its own (the
    /// report's `@page` rules give the running header and page numbers); a throwaway profile, and
    /// no first-run, extension, sync or background network activity.
    static func print(_ page: URL, to pdf: URL, browser: URL) async -> String? {
        let manager = FileManager.default
        let folder = pdf.deletingLastPathComponent()
        let token = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let temporary = folder.appendingPathComponent(".\(pdf.lastPathComponent).\(getpid()).\(token).partial")
        let profile = manager.temporaryDirectory.appendingPathComponent("legisurvey-chromium-\(getpid())-\(token)", isDirectory: true)
        defer {
            try? manager.removeItem(at: profile)
            try? manager.removeItem(at: temporary)
        }
        let errors = profile.appendingPathComponent("stderr.txt")
        do {
            try manager.createDirectory(at: profile, withIntermediateDirectories: true)
            _ = manager.createFile(atPath: errors.path, contents: nil)
        } catch {
            return "cannot create a temporary profile for Chromium: \(IOErrorText.reason(error))"
        }
        let process = Process()
        process.executableURL = browser
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--no-first-run", "--disable-extensions",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--user-data-dir=\(profile.path)", "--print-to-pdf=\(temporary.path)", page.absoluteString,
        ]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        guard let errorHandle = try? FileHandle(forWritingTo: errors) else { return "cannot capture Chromium's messages" }
        defer { try? errorHandle.close() }
        process.standardError = errorHandle
        // Waited for suspended, never blocking a thread of Swift's shared pool; stopped after
        // ``timeout``.
        let stopped = StopFlag()
        let started: String? = await withCheckedContinuation { continuation in
            process.terminationHandler = { _ in continuation.resume(returning: nil) }
            do {
                try process.run()
            } catch {
                continuation.resume(returning: "\(browser.path) does not start: \(IOErrorText.reason(error))")
                return
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
                if process.isRunning {
                    stopped.set()
                    process.terminate()
                }
            }
        }
        if let started { return started }
        if stopped.isSet { return "\(browser.lastPathComponent) did not finish within \(Int(timeout)) seconds" }
        let written = (try? Data(contentsOf: temporary, options: .alwaysMapped)).map { $0.starts(with: Array("%PDF-".utf8)) } ?? false
        guard process.terminationStatus == 0, written else {
            let messages = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            // Chromium's last line that is not about the missing D-Bus of a headless machine.
            let last = messages.split(whereSeparator: \.isNewline).last { !$0.contains("dbus") && !$0.contains("DBus") }
            let status = process.terminationReason == .uncaughtSignal
                ? "was stopped by signal \(process.terminationStatus)" : "exited with status \(process.terminationStatus)"
            return "\(browser.lastPathComponent) \(written ? status : status + " without writing a PDF")"
                + (last.map { ": \(String($0).prefix(300))" } ?? "")
        }
        guard rename(temporary.path, pdf.path) == 0 else {
            return "cannot move the PDF into place: \(String(cString: strerror(errno)))"
        }
        return nil
    }
}

extension Pipeline {
    /// Prints the public reports just written in `languages` (`report.html`, `report.<lang>.html`)
    /// to PDF when ``PipelineConfiguration/pdf`` asks and a browser is on the PATH; otherwise, and
    /// for each report Chromium could not print, removes the PDF an earlier run left beside it.
    /// Returns the PDFs written and, when some asked for were not, one line saying which and why.
    /// The internal edition is never printed: a PDF is what people forward.
    func writeReportPDFs(languages: Set<Language>) async -> (written: [String], notice: String?) {
        let reports = languages.sorted { $0.rawValue < $1.rawValue }.map { reportName($0) }
        let folder = configuration.output
        func removeStale(_ name: String) {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(ReportPDF.pdfName(forReport: name)))
        }
        guard configuration.pdf else {
            reports.forEach(removeStale)
            return ([], nil)
        }
        guard let browser = ReportPDF.browser() else {
            reports.forEach(removeStale)
            let names = reports.map(ReportPDF.pdfName(forReport:)).joined(separator: ", ")
            return (
                [],
                "\(names) not written: no Chromium on the PATH (looked for \(ReportPDF.browserNames.joined(separator: ", ")); "
                    + "Debian: apt-get install chromium, or make browser); the HTML report is written as usual"
            )
        }
        var written: [String] = []
        var failures: [String] = []
        for name in reports {
            let pdf = folder.appendingPathComponent(ReportPDF.pdfName(forReport: name))
            if let failure = await ReportPDF.print(folder.appendingPathComponent(name), to: pdf, browser: browser) {
                removeStale(name)
                failures.append("\(pdf.lastPathComponent) not written: \(failure)")
            } else {
                written.append(pdf.path)
            }
        }
        return (written, failures.isEmpty ? nil : failures.joined(separator: "; "))
    }
}

/// Whether the timeout stopped Chromium (set on a dispatch queue, read after it ended).
private final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
