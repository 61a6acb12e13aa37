public import Foundation
import SurveyExtract
public import SurveyModel

/// A `revisions.yml` in the inbox: the analyst's word on which file revises which, where nothing
/// in the files or the store says (docs/formats.md, "Revisions").
///
/// ```yaml
/// order:            # oldest first: each file replaces the ones listed before it
///   - reponses_afrique_FR.csv
///   - reponses_afrique_FR-corrige.csv
/// complements:      # merged onto the country's current submission instead of replacing it
///   - maroc_cert.csv
/// ```
///
/// Paths are relative to the manifest's folder. The manifest is one of the inbox's files: the run
/// accounts for it (format `revisions-manifest`, no submissions); a manifest that cannot be read,
/// or an entry that names no file of the inbox, is a `revision-manifest-invalid` error at the
/// manifest, and what cannot be read is ignored.
public struct RevisionManifest: Sendable, Equatable {
    /// The name a manifest has, in any folder of the inbox.
    public static let fileName = "revisions.yml"
    /// The format a manifest is accounted for as.
    public static let format = SourceFormat(rawValue: "revisions-manifest")!

    /// The listed files as inbox paths, oldest first.
    public var order: [String]
    /// The files declared complements (`complements:`), as inbox paths, oldest first: their
    /// submissions' answers merge onto their country's current submission.
    public var complements: [String] = []

    public init(order: [String], complements: [String] = []) {
        self.order = order
        self.complements = complements
    }

    /// True when the inbox path names a manifest.
    public static func isManifest(_ path: String) -> Bool {
        path == fileName || path.hasSuffix("/" + fileName)
    }

    /// Reads the manifest at `url` (`path`: its path in the inbox) against the inbox's paths: the
    /// manifest (nil when it cannot be read at all), and its report for the run's accounting.
    public static func read(at url: URL, path: String, inbox: Set<String>) -> (manifest: RevisionManifest?, report: FileReport) {
        let bytes = (try? RegularFile.bytes(of: url, limit: 1 << 20)).map(\.count) ?? 0
        let file = SourceFile(path: path, sha256: FileDigest.sha256(of: url, limit: 1 << 20) ?? "", bytes: bytes, format: format)
        var diagnostics: [Diagnostic] = []
        func invalid(_ found: String?, _ detail: String) {
            diagnostics.append(
                Diagnostic(
                    .revisionManifestInvalid, at: SourceLocation(file: path),
                    expected: "order: and complements:, lists of file paths relative to the manifest's folder, oldest first",
                    found: found,
                    detail: detail))
        }
        let keys: [String: [String]]
        do {
            keys = try YAMLFile.decode([String: [String]].self, at: url, what: "revisions manifest")
        } catch {
            invalid(nil, "\(error); the manifest is ignored")
            return (nil, FileReport(file: file, accounting: Accounting(), diagnostics: diagnostics))
        }
        for key in keys.keys.sorted() where key != "order" && key != "complements" {
            invalid(key, "unknown key '\(key)'; the manifest knows only 'order' and 'complements'")
        }
        let folder = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        func paths(_ key: String) -> [String] {
            var listed: [String] = []
            for entry in keys[key] ?? [] {
                var relative = entry.trimmingCharacters(in: .whitespaces)
                while relative.hasPrefix("./") { relative.removeFirst(2) }
                let full = folder.isEmpty ? relative : folder + "/" + relative
                if !inbox.contains(full) {
                    invalid(entry, "'\(entry)' is not a file of the inbox (\(full)); the entry is ignored")
                } else if listed.contains(full) {
                    invalid(entry, "'\(entry)' is listed twice under '\(key):'; its first place counts")
                } else {
                    listed.append(full)
                }
            }
            return listed
        }
        let order = paths("order")
        var complements: [String] = []
        for path in paths("complements") {
            // A complement merges; it does not replace: it cannot also have a place in the order.
            if order.contains(path) {
                invalid(path, "'\(path)' is listed under both 'order:' and 'complements:'; it is taken as a complement")
            }
            complements.append(path)
        }
        let manifest = RevisionManifest(order: order.filter { !complements.contains($0) }, complements: complements)
        return (manifest, FileReport(file: file, accounting: Accounting(), diagnostics: diagnostics))
    }
}
