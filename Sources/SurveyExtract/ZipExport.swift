// Export archives (ODK Central's `.csv.zip`): opening one and finding the CSV to read.
import Foundation
import SurveyModel

/// Opens an export archive (ODK Central's `.csv.zip` download) and finds the CSV to read.
///
/// The main table is the entry named like the archive without `.zip` (`form.csv` in
/// `form.csv.zip`); failing that, the only top-level `.csv`, or the shortest-named one. The repeat
/// tables are the top-level CSVs named after it, `<form>-<repeat>.csv` (`~1`, `~2` suffixes
/// included): they are read too (`CentralRepeatTables`). Media and other entries are not read and
/// are reported (`zip-other-files`).
///
/// The main table and every repeat table are checked as thoroughly as a file: its local header, its size and CRC-32
/// against the central directory (`zip-corrupt`), encryption (`zip-encrypted`), a second entry of
/// the same name (`zip-duplicate-entry`: LegiSurvey does not guess which copy is right), and an
/// expansion beyond `InputLimits.maxZipRatio` times its compressed size, checked while it is
/// inflated (`zip-ratio-exceeded`). Nothing of a main table that fails a check is read.
enum ZipExport {

    struct Opened {
        var entryName: String
        var bytes: [UInt8]
        var diagnostics: [Diagnostic]
        /// The repeat tables, checked and inflated, by entry name.
        var repeatTables: [(entryName: String, bytes: [UInt8])] = []
    }

    /// Whether `name` is a repeat table of the main table `main`: `form-laws.csv`,
    /// `form-laws~1.csv` beside `form.csv`.
    static func isRepeatTable(_ name: String, of main: String) -> Bool {
        guard name != main, name.lowercased().hasSuffix(".csv"), main.lowercased().hasSuffix(".csv") else { return false }
        let base = main.dropLast(4)
        let stem = name.dropLast(4)
        return stem.count > base.count + 1 && stem.hasPrefix(base + "-")
    }

    /// Opens the archive held in memory.
    static func open(_ bytes: [UInt8], path: String, limits: InputLimits) -> Opened {
        open(ZipBytes(memory: bytes), path: path, limits: limits)
    }

    /// Opens the archive at `url` (random access: only the directory and the main table are read).
    static func open(_ url: URL, path: String, limits: InputLimits) -> Opened {
        guard let archive = ZipBytes(file: url) else {
            return Opened(
                entryName: "", bytes: [],
                diagnostics: [Diagnostic(.fileUnreadable, at: SourceLocation(file: path), detail: "the archive cannot be opened")])
        }
        return open(archive, path: path, limits: limits)
    }

    static func open(_ archive: ZipBytes, path: String, limits: InputLimits) -> Opened {
        let location = SourceLocation(file: path)
        func refused(_ entryName: String, _ diagnostics: [Diagnostic]) -> Opened {
            Opened(entryName: entryName, bytes: [], diagnostics: diagnostics)
        }
        let entries: [ZipEntry]
        let directoryStart: Int
        do throws(ZipProblem) {
            (entries, directoryStart) = try ZipDirectory.entries(archive)
        } catch {
            return refused("", [diagnostic(for: error, entry: "", at: location, limits: limits)])
        }
        let fileEntries = entries.filter { !$0.isDirectory && !$0.isSymlink }
        var copies: [String: Int] = [:]
        for entry in fileEntries { copies[entry.name, default: 0] += 1 }
        let files = copies.keys.sorted()
        let csvs = files.filter { $0.lowercased().hasSuffix(".csv") && !$0.contains("/") && !$0.hasPrefix("__MACOSX") }
        let expected = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        guard let main = csvs.first(where: { $0 == expected }) ?? csvs.min(by: { ($0.count, $0) < ($1.count, $1) }),
            let entry = fileEntries.first(where: { $0.name == main })
        else {
            let found: String
            if entries.isEmpty {
                found = "an empty archive"
            } else if files.isEmpty {
                found = "only folders: " + list(entries.map(\.name))
            } else {
                found = list(files)
            }
            return refused("", [Diagnostic(.zipNoCSV, at: location, found: found)])
        }
        // Two entries named like the main table: unzip tools keep the first or the last, ask, or
        // overwrite; a statistics office must not guess, so the archive is not read.
        if let count = copies[main], count > 1 {
            return refused(
                main,
                [Diagnostic(.zipDuplicateEntry, at: location, expected: "one entry named \(main)", found: "\(count) entries named \(main)")])
        }
        var diagnostics: [Diagnostic] = []
        let repeatNames = csvs.filter { isRepeatTable($0, of: main) }
        // A repeat table is checked like the main table: a second copy, damage or encryption
        // refuses the archive, since reading it without one of its tables would lose answers.
        for name in repeatNames {
            if let count = copies[name], count > 1 {
                return refused(
                    main,
                    [Diagnostic(.zipDuplicateEntry, at: location, expected: "one entry named \(name)", found: "\(count) entries named \(name)")])
            }
        }
        // Other entries are not read; one repeated under the same name says so.
        let others = files.filter { $0 != main && !repeatNames.contains($0) }.map { name in
            copies[name, default: 1] > 1 ? "\(name) (\(copies[name, default: 1]) entries of that name)" : name
        }
        if !others.isEmpty {
            diagnostics.append(Diagnostic(.zipOtherFiles, at: location, expected: "the main table \(main) and its repeat tables", found: list(others)))
        }
        do throws(ZipProblem) {
            let bytes = try ZipDirectory.extract(
                entry, from: archive, dataEnd: directoryStart, limit: limits.maxFileBytes, maxRatio: limits.maxZipRatio, ratioFloor: InputLimits.zipRatioFloorBytes)
            var opened = Opened(entryName: main, bytes: bytes, diagnostics: diagnostics)
            for name in repeatNames {
                guard let repeatEntry = fileEntries.first(where: { $0.name == name }) else { continue }
                do throws(ZipProblem) {
                    let table = try ZipDirectory.extract(
                        repeatEntry, from: archive, dataEnd: directoryStart, limit: limits.maxFileBytes, maxRatio: limits.maxZipRatio,
                        ratioFloor: InputLimits.zipRatioFloorBytes)
                    opened.repeatTables.append((name, table))
                } catch {
                    return refused(main, diagnostics + [diagnostic(for: error, entry: name, at: location, limits: limits)])
                }
            }
            return opened
        } catch {
            return refused(main, diagnostics + [diagnostic(for: error, entry: main, at: location, limits: limits)])
        }
    }

    /// At most five names, then an ellipsis.
    static func list(_ names: [String]) -> String {
        names.prefix(5).joined(separator: ", ") + (names.count > 5 ? ", …" : "")
    }

    static func diagnostic(for problem: ZipProblem, entry: String, at location: SourceLocation, limits: InputLimits) -> Diagnostic {
        switch problem {
        case .notAnArchive:
            return Diagnostic(.fileUnreadable, at: location, detail: "not a readable zip archive")
        case .unreadable:
            return Diagnostic(.fileUnreadable, at: location, detail: "the archive could not be read from disk")
        case .corrupt(let detail):
            return Diagnostic(.zipCorrupt, at: location, detail: detail)
        case .encrypted:
            return Diagnostic(.zipEncrypted, at: location, expected: "an archive without a password", found: "\(entry), encrypted")
        case .unsupportedMethod(let method):
            return Diagnostic(
                .fileUnreadable, at: location,
                detail: "\(entry) is compressed with method \(method); LegiSurvey reads stored (0) and deflated (8) entries")
        case .ratioExceeded(let allowance, let found):
            return Diagnostic(
                .zipRatioExceeded, at: location,
                expected: "\(entry) to expand at most \(limits.maxZipRatio) times its compressed size (here \(allowance) bytes)",
                found: found)
        case .tooLarge(let found):
            return Diagnostic(.fileTooLarge, at: location, expected: "at most \(limits.maxFileBytes) bytes in \(entry)", found: found)
        }
    }
}
