// The output folder belongs to one run at a time: `run` and `report` hold an exclusive lock on
// `<output>/.legisurvey.lock` while they write there, and the folder may not overlap the inbox.
import Foundation
import SurveyDefinitions
import SurveyLoad
import SurveyModel
import SurveyPublish

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Pipeline {
    /// The output folder's lock file, hidden in the folder itself.
    public static let outputLockName = ".legisurvey.lock"

    /// Refuses an output folder that is the inbox, inside it, or holds it: a run would read its
    /// own outputs as submissions (output in the inbox), or rebuild `quarantine/` and write tables
    /// among the files it reads (inbox in the output). Paths are compared resolved (symlinks,
    /// `..`), for an output folder that does not exist yet through its nearest existing parent.
    /// Reads nothing of either folder.
    func checkFoldersApart() throws {
        let input = Self.resolvedPath(configuration.input)
        let output = Self.resolvedPath(configuration.output)
        if output == input {
            throw PipelineError.foldersOverlap(
                input: configuration.input.path, output: configuration.output.path, detail: "the output folder is the inbox")
        }
        if output.hasPrefix(input.hasSuffix("/") ? input : input + "/") {
            throw PipelineError.foldersOverlap(
                input: configuration.input.path, output: configuration.output.path,
                detail: "the output folder is inside the inbox, so a run would read its own outputs")
        }
        if input.hasPrefix(output.hasSuffix("/") ? output : output + "/") {
            throw PipelineError.foldersOverlap(
                input: configuration.input.path, output: configuration.output.path,
                detail: "the inbox is inside the output folder, where a run writes and rebuilds quarantine/")
        }
    }

    /// The real path of `url`: symlinks and `..` resolved with realpath(3) for the longest part
    /// that exists, the rest appended as written (standardized).
    static func resolvedPath(_ url: URL) -> String {
        var existing = url.standardizedFileURL
        var rest: [String] = []
        while true {
            if let real = realpath(existing.path, nil) {
                defer { free(real) }
                var path = String(cString: real)
                for component in rest.reversed() { path += (path.hasSuffix("/") ? "" : "/") + component }
                return path
            }
            let parent = existing.deletingLastPathComponent()
            if parent.path == existing.path { return url.standardizedFileURL.path }
            rest.append(existing.lastPathComponent)
            existing = parent
        }
    }

    /// Creates the output folder and takes its lock (`<output>/.legisurvey.lock`, an exclusive
    /// `flock` like the store's run lock, ``FileRunLock``), waiting up to `timeout` seconds; then
    /// another holder is ``PipelineError/outputBusy(path:pid:)``. Under the lock, temporary files
    /// that runs which died left behind (`.NAME.….partial`, `.quarantine.….partial`/`.old`) are
    /// deleted: no live writer can own them.
    func lockOutput(timeout: Double, log: (String) -> Void) async throws -> any SurveyWriterLock {
        let folder = configuration.output
        try createFolder(folder, what: "output")
        let path = folder.appendingPathComponent(Self.outputLockName).path
        let lock: FileRunLock
        do {
            lock = try await FileRunLock.acquire(lockFile: path, timeout: timeout, log: log)
        } catch StoreError.busy(_, let pid) {
            throw PipelineError.outputBusy(path: folder.path, pid: pid)
        } catch let error as CancellationError {
            throw error
        } catch {
            throw PipelineError.outputFailed(path: folder.path, detail: IOErrorText.reason(error))
        }
        // Before anything is loaded: a folder the run could not write its outputs into (read-only,
        // a read-only file system, full) is refused now, not after the store was committed.
        if let reason = Self.cannotWrite(in: folder) {
            lock.release()
            throw PipelineError.outputFailed(path: folder.path, detail: "\(reason); the output folder must be writable")
        }
        Self.removeLeftovers(in: folder)
        return lock
    }

    /// Why no file can be written in `folder` (creating, writing and removing a small probe file
    /// fails), or nil when it can.
    static func cannotWrite(in folder: URL) -> String? {
        let path = folder.appendingPathComponent(".legisurvey.probe.\(getpid())").path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return String(cString: strerror(errno)) }
        let written = write(descriptor, "probe", 5)
        let error = written == 5 ? 0 : errno
        close(descriptor)
        unlink(path)
        return written == 5 ? nil : String(cString: strerror(error == 0 ? EIO : error))
    }

    /// Deletes what killed runs left in `folder`: the publisher's temporary files and the
    /// quarantine's staging and retired folders. Only while holding the folder's lock.
    static func removeLeftovers(in folder: URL) {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: folder.path) else { return }
        for name in names where Publisher.isTemporaryName(name) || (name.hasPrefix(".quarantine.") && name.hasSuffix(".old")) {
            try? manager.removeItem(at: folder.appendingPathComponent(name))
        }
    }
}
