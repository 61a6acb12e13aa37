import Foundation
import SurveyDefinitions
import SurveyExtract
#if canImport(Glibc)
    import Glibc
#endif
import SurveyModel

extension Pipeline {
    /// Copies every file that could not be read at all, untouched, to `quarantine/` in the output
    /// folder, with `NAME.reason.txt` beside it. The folder is rebuilt each run, so it always
    /// shows the inbox's current unreadable files. Returns the folder when it holds any.
    ///
    /// The new folder is built as `.quarantine.<pid>.<random>.partial` and renamed into place (the
    /// old one is first renamed to `.quarantine.<pid>.<random>.old`, then deleted), so
    /// `quarantine/` is never half built and two processes never share a staging folder; a killed
    /// run leaves at most those two hidden folders, which the next run deletes once it holds the
    /// output folder's lock (``removeLeftovers(in:)``).
    ///
    /// `locations` are where the walk read each file (a path that is not UTF-8 is read through a
    /// descriptor). An entry that is not a regular file (a FIFO, a link out of the inbox, a folder
    /// that cannot be opened) or that cannot be copied (no read permission) is not copied: its
    /// reason file says so, and the run goes on.
    func quarantine(_ reports: [FileReport], locations: [String: URL]) throws -> URL? {
        let folder = configuration.output.appendingPathComponent("quarantine")
        let token = "\(getpid()).\(String(UInt64.random(in: 0...UInt64.max), radix: 36))"
        let staging = configuration.output.appendingPathComponent(".quarantine.\(token).partial")
        let retired = configuration.output.appendingPathComponent(".quarantine.\(token).old")
        let manager = FileManager.default
        let unreadable = reports.filter(\.isUnreadable)
        guard !unreadable.isEmpty else {
            if manager.fileExists(atPath: folder.path) { try manager.removeItem(at: folder) }
            return nil
        }
        // Not intermediate: a staging folder of that name that exists already is an error, never reused.
        try manager.createDirectory(at: staging, withIntermediateDirectories: false)
        do {
            for report in unreadable {
                // A folder the walk could not open is reported as "name/": its reason file is "name.reason.txt".
                let name = report.file.path.hasSuffix("/") ? String(report.file.path.dropLast()) : report.file.path
                let copy = staging.appendingPathComponent(name)
                try manager.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
                var note = ""
                if let source = locations[report.file.path] {
                    if !InboxWalk.isRegularFile(atPath: source.path) {
                        note = "Not copied here: it is not a regular file.\n"
                    } else {
                        // Read through the location (a /proc/self/fd link for a name that is not UTF-8)
                        // rather than copied as an entry, which would copy such a link itself.
                        do {
                            try Data(contentsOf: source).write(to: copy)
                        } catch {
                            try? manager.removeItem(at: copy)
                            note = access(source.path, R_OK) != 0
                                ? "Not copied here: it cannot be read (no read permission).\n"
                                : "Not copied here: it cannot be read.\n"
                        }
                    }
                } else {
                    note = "Not copied here: the inbox walk did not open it (see the code below).\n"
                }
                var reason = "\(report.file.path) could not be read and was not used.\n" + note
                reason += "sha256 \(report.file.sha256), \(report.file.bytes) bytes\n\n"
                for diagnostic in report.diagnostics where diagnostic.severity == .error {
                    reason += "\(diagnostic.location): \(diagnostic.code.rawValue): \(diagnostic.message)\n"
                    reason += "  what to do: \(diagnostic.code.remedy)\n"
                }
                try Data(reason.utf8).write(to: copy.deletingLastPathComponent().appendingPathComponent(copy.lastPathComponent + ".reason.txt"))
            }
        } catch {
            // Removed on failure: nothing half copied stays behind.
            try? manager.removeItem(at: staging)
            throw error
        }
        // rename(2) cannot replace a folder that has files, so the old one is moved aside first.
        if manager.fileExists(atPath: folder.path), rename(folder.path, retired.path) != 0 {
            throw PipelineError.outputFailed(path: folder.path, detail: "cannot move the old quarantine folder aside")
        }
        guard rename(staging.path, folder.path) == 0 else {
            try? manager.removeItem(at: staging)
            throw PipelineError.outputFailed(path: folder.path, detail: "cannot rename \(staging.path) into place")
        }
        if manager.fileExists(atPath: retired.path) { try manager.removeItem(at: retired) }
        return folder
    }
}
