/// Why a pipeline file or a definition it names (questionnaire, reference data, scoring model,
/// form labels) cannot be used. Each is one line a person can act on, naming the file.
public enum DefinitionError: Error, CustomStringConvertible, Equatable {
    case fileMissing(what: String, path: String)
    case invalidYAML(path: String, detail: String)
    case invalidDefinition(path: String, detail: String)

    public var description: String {
        switch self {
        case .fileMissing(let what, let path): return "\(what) not found: \(path)"
        case .invalidYAML(let path, let detail): return "\(path) is not valid YAML: \(detail)"
        case .invalidDefinition(let path, let detail): return "\(path): \(detail)"
        }
    }
}
