/// Why a run or a command on the store could not start or go on. Each is one line a person can
/// act on. Problems with the pipeline file and its definitions are ``DefinitionError``s.
public enum PipelineError: Error, CustomStringConvertible, Equatable {
    case fileMissing(what: String, path: String)
    case folderMissing(what: String, path: String)
    /// A path option names a file where a folder is wanted (`--input`, `--output` …).
    case notAFolder(what: String, path: String)
    /// A path option names a folder (or something else) where a file is wanted.
    case notAFile(what: String, path: String)
    case outputFailed(path: String, detail: String)
    case storeFailed(path: String, detail: String)
    /// Another run holds the store's run lock (`<store>.lock`) and did not finish in time.
    /// `path` is the store; `pid` is the holder's, as written in the lock file, when known.
    case busy(path: String, pid: Int?)
    /// Another run holds the output folder's lock (`<output>/.legisurvey.lock`) and did not finish
    /// in time. `path` is the output folder; `pid` is the holder's, when known.
    case outputBusy(path: String, pid: Int?)
    /// The output folder is the inbox, inside it, or holds it; `detail` says which.
    case foldersOverlap(input: String, output: String, detail: String)
    /// A command-line argument names something that does not exist (a question, a group …).
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .fileMissing(let what, let path): return "\(what) not found: \(path)"
        case .folderMissing(let what, let path): return "\(what) folder not found: \(path)"
        case .notAFolder(let what, let path): return "\(what) \(path) is a file, not a folder; give a folder"
        case .notAFile(let what, let path): return "\(what) \(path) is not a regular file; give a file"
        case .outputFailed(let path, let detail): return "could not write \(path): \(detail)"
        case .storeFailed(let path, let detail): return "store \(path): \(detail)"
        case .invalidArgument(let detail): return detail
        case .busy(let path, let pid):
            let holder = pid.map { "another legisurvey run (pid \($0))" } ?? "another legisurvey run"
            return "\(holder) is using the store \(path); try again when it ends"
        case .outputBusy(let path, let pid):
            let holder = pid.map { "another legisurvey run (pid \($0))" } ?? "another legisurvey run"
            return "\(holder) is writing the output folder \(path); try again when it ends, or choose another --output"
        case .foldersOverlap(let input, let output, let detail):
            return "output folder \(output) and inbox \(input) overlap: \(detail); choose folders apart, neither inside the other"
        }
    }
}
