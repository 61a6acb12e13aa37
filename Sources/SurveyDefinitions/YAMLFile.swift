import CYaml  // Yams' copy of libyaml (a module of the Yams package), for `nestingExceeds`
import Foundation
import Yams

/// Reads a YAML definition file into a Decodable, turning every failure into one clear line.
enum YAMLFile {
    static func decode<T: Decodable>(_ type: T.Type, at url: URL, what: String) throws -> T {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw DefinitionError.fileMissing(what: what, path: url.path)
        }
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw DefinitionError.invalidDefinition(path: url.path, detail: "cannot be read as UTF-8 text")
        }
        // Yams builds its nodes recursively: a file nested thousands of levels deep would overflow
        // the stack and crash the run instead of failing with a message.
        if nestingExceeds(maxDepth, text) {
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

    /// The deepest nesting of sequences and mappings a definition file may have (the files use 5).
    static let maxDepth = 64

    /// True when sequences and mappings in `text` nest deeper than `limit`. Counted on libyaml's
    /// events, in a loop rather than recursively; a syntax error ends the count (Yams reports it).
    static func nestingExceeds(_ limit: Int, _ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return false }
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) == 1 else { return false }
        defer { yaml_parser_delete(parser) }
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        return bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(parser, buffer.baseAddress, buffer.count)
            var event = yaml_event_t()
            var depth = 0
            while yaml_parser_parse(parser, &event) == 1 {
                let type = event.type
                yaml_event_delete(&event)
                switch type {
                case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    depth += 1
                    if depth > limit { return true }
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    depth -= 1
                case YAML_STREAM_END_EVENT:
                    return false
                default:
                    break
                }
            }
            return false
        }
    }

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
