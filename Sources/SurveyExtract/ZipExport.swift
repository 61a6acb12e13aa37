import Foundation
import SurveyModel
import ZIPFoundation

/// Opens an export archive (ODK Central's `.csv.zip` download) and finds the CSV to read.
///
/// The main table is the entry named like the archive without `.zip` (`form.csv` in
/// `form.csv.zip`); failing that, the only top-level `.csv`, or the shortest-named one. Repeat
/// tables and media are not read and are reported.
enum ZipExport {
    /// Uncompressed bytes read from one entry at most; a larger entry is refused.
    static let entryLimit = 1 << 30

    struct Opened {
        var entryName: String
        var bytes: [UInt8]
        var diagnostics: [Diagnostic]
    }

    static func open(_ data: Data, path: String) -> Opened {
        var diagnostics: [Diagnostic] = []
        let archive: Archive
        do {
            archive = try Archive(data: data, accessMode: .read)
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
        do {
            _ = try archive.extract(entry, skipCRC32: false) { data in
                guard bytes.count + data.count <= entryLimit else { throw CocoaError(.fileReadTooLarge) }
                bytes.append(contentsOf: data)
            }
        } catch {
            diagnostics.append(
                Diagnostic(.fileUnreadable, at: SourceLocation(file: path), detail: "\(main) could not be extracted from the archive"))
            return Opened(entryName: main, bytes: [], diagnostics: diagnostics)
        }
        return Opened(entryName: main, bytes: bytes, diagnostics: diagnostics)
    }
}
