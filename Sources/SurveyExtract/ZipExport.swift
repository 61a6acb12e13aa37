// Export archives (ODK Central's `.csv.zip`): opening one and finding the CSV to read.
import Foundation
import SurveyModel
import ZIPFoundation

/// Opens an export archive (ODK Central's `.csv.zip` download) and finds the CSV to read.
///
/// The main table is the entry named like the archive without `.zip` (`form.csv` in
/// `form.csv.zip`); failing that, the only top-level `.csv`, or the shortest-named one. Repeat
/// tables and media are not read and are reported.
enum ZipExport {

    struct Opened {
        var entryName: String
        var bytes: [UInt8]
        var diagnostics: [Diagnostic]
    }

    /// Opens the archive in memory through a temporary file: ZIPFoundation's in-memory archive
    /// traps on an offset past the end of the bytes (a truncated or hostile archive), its file
    /// archive does not.
    static func open(_ bytes: [UInt8], path: String, limit: Int) -> Opened {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("legisurvey-zip-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("archive.zip")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        } catch {
            let diagnostic = Diagnostic(.fileUnreadable, at: SourceLocation(file: path), detail: "cannot hold the archive in a temporary file")
            return Opened(entryName: "", bytes: [], diagnostics: [diagnostic])
        }
        return open(url, path: path, limit: limit)
    }

    /// Opens the archive at `url`; the main table may hold at most `limit` bytes uncompressed (a
    /// zip bomb is refused as `file-too-large` once that many bytes came out).
    static func open(_ url: URL, path: String, limit: Int) -> Opened {
        var diagnostics: [Diagnostic] = []
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            diagnostics.append(Diagnostic(.fileUnreadable, at: SourceLocation(file: path), detail: "not a readable zip archive"))
            return Opened(entryName: "", bytes: [], diagnostics: diagnostics)
        }
        let files = archive.filter { $0.type == .file }.map(\.path).sorted()
        let csvs = files.filter { $0.lowercased().hasSuffix(".csv") && !$0.contains("/") && !$0.hasPrefix("__MACOSX") }
        let expected = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        guard let main = csvs.first(where: { $0 == expected }) ?? csvs.min(by: { ($0.count, $0) < ($1.count, $1) }),
            let entry = archive[main]
        else {
            diagnostics.append(Diagnostic(.zipNoCSV, at: SourceLocation(file: path), found: files.prefix(5).joined(separator: ", ")))
            return Opened(entryName: "", bytes: [], diagnostics: diagnostics)
        }
        let others = files.filter { $0 != main }
        if !others.isEmpty {
            diagnostics.append(
                Diagnostic(
                    .zipOtherFiles, at: SourceLocation(file: path), expected: "the main table \(main)",
                    found: others.prefix(5).joined(separator: ", ") + (others.count > 5 ? ", …" : "")))
        }
        var bytes: [UInt8] = []
        var tooLarge = false
        var extracted = 0
        do {
            _ = try archive.extract(entry, skipCRC32: false) { data in
                guard bytes.count + data.count <= limit else {
                    tooLarge = true
                    extracted = bytes.count + data.count
                    throw CocoaError(.fileReadTooLarge)
                }
                bytes.append(contentsOf: data)
            }
        } catch {
            if tooLarge {
                diagnostics.append(
                    Diagnostic(
                        .fileTooLarge, at: SourceLocation(file: path), expected: "at most \(limit) bytes in \(main)",
                        found: "\(extracted) bytes or more once extracted (extraction stopped there)"))
                return Opened(entryName: main, bytes: [], diagnostics: diagnostics)
            }
            diagnostics.append(
                Diagnostic(.fileUnreadable, at: SourceLocation(file: path), detail: "\(main) could not be extracted from the archive"))
            return Opened(entryName: main, bytes: [], diagnostics: diagnostics)
        }
        return Opened(entryName: main, bytes: bytes, diagnostics: diagnostics)
    }
}
