import Foundation
import SurveyExtract
import Yams

/// Reads a YAML definition file into a Decodable, turning every failure into one clear line.
enum YAMLFile {
    static func decode<T: Decodable>(_ type: T.Type, at url: URL, what: String) throws -> T {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw DefinitionError.fileMissing(what: what, path: url.path)
        }
        // A regular file only, read without blocking and at most `maxBytes`: a FIFO or device
        // given as a definition file would block or never end.
        let bytes: [UInt8]
        do {
            bytes = try RegularFile.bytes(of: url, limit: maxBytes)
        } catch .missing {
            throw DefinitionError.fileMissing(what: what, path: url.path)
        } catch {
            throw DefinitionError.invalidDefinition(path: url.path, detail: "\(error); give a regular file")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw DefinitionError.invalidDefinition(path: url.path, detail: "cannot be read as UTF-8 text")
        }
        // Yams builds its nodes recursively: a file nested thousands of levels deep would overflow
        // the stack and crash the run instead of failing with a message.
        if YAMLNesting.exceeds(maxDepth, text) {
            throw DefinitionError.invalidDefinition(path: url.path, detail: "nested more than \(maxDepth) levels deep")
        }
        do {
            return try YAMLDecoder().decode(T.self, from: text)
        } catch let error as DecodingError {
            throw DefinitionError.invalidDefinition(path: url.path, detail: describe(error))
        } catch {
            throw DefinitionError.invalidYAML(path: url.path, detail: "\(error)".replacingOccurrences(of: "\n", with: " "))
        }
    }

    /// The line (1-based) of each item of the top-level sequence `key` of a file `decode` has
    /// read, for messages that name an entry; empty when the file cannot be composed again.
    static func lines(ofSequence key: String, at url: URL) -> [Int] {
        guard let bytes = try? RegularFile.bytes(of: url, limit: maxBytes), let text = String(validating: bytes, as: UTF8.self),
            !YAMLNesting.exceeds(maxDepth, text), let node = try? Yams.compose(yaml: text),
            let items = node.mapping?[key]?.sequence
        else { return [] }
        return items.map { $0.mark?.line ?? 0 }
    }

    /// The keys of each item of the top-level sequence `key` (an item that is no mapping: none),
    /// for messages about a key the reader does not know; empty when the file cannot be composed.
    static func keys(ofSequence key: String, at url: URL) -> [[String]] {
        guard let bytes = try? RegularFile.bytes(of: url, limit: maxBytes), let text = String(validating: bytes, as: UTF8.self),
            !YAMLNesting.exceeds(maxDepth, text), let node = try? Yams.compose(yaml: text),
            let items = node.mapping?[key]?.sequence
        else { return [] }
        return items.map { item in item.mapping?.keys.compactMap(\.string) ?? [] }
    }

    /// One step of a path into a YAML document: a mapping key or a sequence index.
    enum PathStep {
        case key(String)
        case index(Int)
    }

    /// The line (1-based) of the node at `path` in a file `decode` has read, for messages that
    /// name one value; nil when the file cannot be composed again or has no such node.
    static func line(of path: [PathStep], at url: URL) -> Int? {
        guard let bytes = try? RegularFile.bytes(of: url, limit: maxBytes), let text = String(validating: bytes, as: UTF8.self),
            !YAMLNesting.exceeds(maxDepth, text), var node = try? Yams.compose(yaml: text)
        else { return nil }
        for step in path {
            switch step {
            case .key(let key):
                guard let next = node.mapping?[key] else { return nil }
                node = next
            case .index(let index):
                guard let sequence = node.sequence, sequence.indices.contains(index) else { return nil }
                node = sequence[index]
            }
        }
        return node.mark?.line
    }

    /// The largest definition file read (the questionnaire, the largest, is about 40 KB).
    static let maxBytes = 64 << 20

    /// The deepest nesting of sequences and mappings a definition file may have (the files use 5).
    static let maxDepth = 64

    static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
                .trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case .keyNotFound(let key, let context):
            let at = path(context.codingPath)
            return "missing key '\(key.stringValue)'" + (at.isEmpty ? "" : " in \(at)")
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong type at \(path(context.codingPath)): \(context.debugDescription)"
        case .dataCorrupted(let context):
            let at = path(context.codingPath)
            return (at.isEmpty ? "" : "at \(at): ") + context.debugDescription
        @unknown default:
            return "\(error)"
        }
    }
}
