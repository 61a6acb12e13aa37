import Foundation

/// JSON text exactly as Foundation's `JSONEncoder` writes it with `.prettyPrinted`,
/// `.sortedKeys` and `.withoutEscapingSlashes` (the country profiles' `.json` files), without
/// its cost: `JSONEncoder` boxes every value in a reference, keeps a coding path and asks of
/// each value whether it is a date, data, a URL or a decimal; a large run's profiles spent an
/// eighth of the whole run in it. `PrettyJSONTests` compares the two byte for byte on the demo's
/// profiles and on seeded generated values (every escape, key order, number form, empty
/// containers).
///
/// The text, as `JSONEncoder` gives it: two spaces per level, `"key" : value`, members sorted by
/// the keys' UTF-8 bytes (the last value of a key written twice), an empty array `[` newline
/// newline `]` (an object alike), `"`, `\` and the control characters escaped (`\n`, `\r`, `\t`,
/// `\b`, `\f`, else `\u00xx`), nothing else; a number as Swift prints it less a trailing `.0`
/// (`1`, `0.5`, `1e-05`, `1e+21`, `-0`). NaN and infinities are refused, as `JSONEncoder`
/// refuses them. Types are written through their own `encode(to:)`; a value holding one that
/// `JSONEncoder` writes its own way (a date, data, a URL, a decimal) is handed to `JSONEncoder`
/// whole, so the text is always `JSONEncoder`'s.
public enum PrettyJSON {
    public struct InvalidNumber: Error, CustomStringConvertible {
        public var value: Double
        public var description: String { "\(value) cannot be written in JSON" }
    }

    /// The JSON text of `value`; with `newline`, a line feed after it (a file's text without a
    /// second copy of it, as appending one to the text would make).
    public static func encode<T: Encodable>(_ value: T, newline: Bool = false) throws -> String {
        String(decoding: try encodeBytes(value, newline: newline), as: UTF8.self)
    }

    /// ``encode(_:newline:)``'s text as its UTF-8 bytes, for a file: no `String` made of a text
    /// that is only written (the country profiles' JSON is half of a run's output bytes; making a
    /// `String` of it checked every byte again).
    /// `capacity`: room made for the text first (a large one is not moved as it grows).
    public static func encodeBytes<T: Encodable>(_ value: T, newline: Bool = false, capacity: Int = 1 << 16) throws -> [UInt8] {
        let session = Session()
        let encoder = NodeEncoder(session)
        var thrown: (any Error)?
        do {
            if isSpecial(T.self) { throw session.meetSpecial() }
            try value.encode(to: encoder)
        } catch {
            thrown = error
        }
        // A special value met anywhere, even one whose error a type's own encode(to:) caught or
        // wrapped: the whole value is JSONEncoder's.
        if session.metSpecial {
            let foundation = JSONEncoder()
            foundation.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            var bytes = [UInt8](try foundation.encode(value))
            if newline { bytes.append(0x0A) }
            return bytes
        }
        if let thrown { throw thrown }
        guard let result = encoder.result else {
            throw EncodingError.invalidValue(
                value, EncodingError.Context(codingPath: [], debugDescription: "Top-level \(T.self) did not encode any values."))
        }
        var writer = Writer(capacity: capacity)
        try writer.write(result, indent: 0)
        if newline { writer.bytes.append(0x0A) }
        return writer.bytes
    }

    /// Thrown on meeting a value `JSONEncoder` writes its own way: the whole value goes to it.
    struct SpecialValue: Error {}

    /// One ``encode(_:)`` call: whether a special value was met anywhere in it.
    final class Session {
        var metSpecial = false

        func meetSpecial() -> SpecialValue {
            metSpecial = true
            return SpecialValue()
        }
    }

    /// The types `JSONEncoder` writes its own way (by its date, data, URL and decimal handling).
    static func isSpecial<T>(_ type: T.Type) -> Bool {
        type == Date.self || type == Data.self || type == URL.self || type == Decimal.self
    }

    // MARK: The value tree

    enum Node {
        case null
        case bool(Bool)
        /// A number's text.
        case number(String)
        case string(String)
        case array(ArrayNode)
        case object(ObjectNode)
        /// A value that writes itself (``PrettyJSONWritable``).
        case direct(any PrettyJSONWritable)
    }

    final class ArrayNode {
        var items: [Node] = []
    }

    final class ObjectNode {
        var keys: [String] = []
        var values: [Node] = []

        func set(_ key: String, _ value: Node) {
            keys.append(key)
            values.append(value)
        }

        /// The value last written under `key`.
        func last(_ key: String) -> Node? { keys.lastIndex(of: key).map { values[$0] } }
    }

    static func number(_ value: Double) throws -> Node {
        guard value.isFinite else { throw InvalidNumber(value: value) }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return .number(text)
    }

    static func number(_ value: Float) throws -> Node {
        guard value.isFinite else { throw InvalidNumber(value: Double(value)) }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return .number(text)
    }

    /// The node of a nested value: its own encoding through a fresh encoder.
    static func node<T: Encodable>(_ value: T, _ session: Session) throws -> Node {
        if let direct = value as? any PrettyJSONWritable { return .direct(direct) }
        if isSpecial(T.self) { throw session.meetSpecial() }
        let encoder = NodeEncoder(session)
        try value.encode(to: encoder)
        return encoder.result ?? .object(ObjectNode())
    }

    // MARK: Encoder

    final class NodeEncoder: Encoder {
        var codingPath: [any CodingKey] = []
        var userInfo: [CodingUserInfoKey: Any] = [:]
        let session: Session
        /// What was encoded: a container made, or a single value.
        var result: Node?

        init(_ session: Session) { self.session = session }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            let object: ObjectNode
            if case .object(let existing) = result {
                object = existing
            } else {
                object = ObjectNode()
                result = .object(object)
            }
            return KeyedEncodingContainer(KeyedContainer<Key>(object: object, session: session))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            let array: ArrayNode
            if case .array(let existing) = result {
                array = existing
            } else {
                array = ArrayNode()
                result = .array(array)
            }
            return UnkeyedContainer(array: array, session: session)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { SingleContainer(encoder: self) }
    }

    /// `superEncoder()`'s encoder: writes into its parent's container when it is done with.
    final class ChildEncoder: Encoder {
        var codingPath: [any CodingKey] = []
        var userInfo: [CodingUserInfoKey: Any] = [:]
        let inner: NodeEncoder
        let store: (Node) -> Void

        init(_ session: Session, store: @escaping (Node) -> Void) {
            inner = NodeEncoder(session)
            self.store = store
        }
        deinit { store(inner.result ?? .object(ObjectNode())) }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> { inner.container(keyedBy: type) }
        func unkeyedContainer() -> any UnkeyedEncodingContainer { inner.unkeyedContainer() }
        func singleValueContainer() -> any SingleValueEncodingContainer { inner.singleValueContainer() }
    }

    struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let object: ObjectNode
        let session: Session
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil(forKey key: Key) throws { object.set(key.stringValue, .null) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { object.set(key.stringValue, .bool(value)) }
        mutating func encode(_ value: String, forKey key: Key) throws { object.set(key.stringValue, .string(value)) }
        mutating func encode(_ value: Double, forKey key: Key) throws { object.set(key.stringValue, try PrettyJSON.number(value)) }
        mutating func encode(_ value: Float, forKey key: Key) throws { object.set(key.stringValue, try PrettyJSON.number(value)) }
        mutating func encode(_ value: Int, forKey key: Key) throws { object.set(key.stringValue, .number(String(value))) }
        mutating func encode(_ value: Int8, forKey key: Key) throws { object.set(key.stringValue, .number(String(value))) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { object.set(key.stringValue, .number(String(value))) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { object.set(key.stringValue, .number(String(value))) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { object.set(key.stringValue, .number(String(value))) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { object.set(key.stringValue, .number(String(value))) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { object.set(key.stringValue, .number(String(value))) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { object.set(key.stringValue, .number(String(value))) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { object.set(key.stringValue, .number(String(value))) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { object.set(key.stringValue, .number(String(value))) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { object.set(key.stringValue, try PrettyJSON.node(value, session)) }

        // Asked again for the same key, the container made the first time (as JSONEncoder does).
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            if case .object(let existing) = object.last(key.stringValue) {
                return KeyedEncodingContainer(KeyedContainer<NestedKey>(object: existing, session: session))
            }
            let nested = ObjectNode()
            object.set(key.stringValue, .object(nested))
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(object: nested, session: session))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            if case .array(let existing) = object.last(key.stringValue) { return UnkeyedContainer(array: existing, session: session) }
            let nested = ArrayNode()
            object.set(key.stringValue, .array(nested))
            return UnkeyedContainer(array: nested, session: session)
        }

        mutating func superEncoder() -> any Encoder {
            let object = self.object
            return ChildEncoder(session) { object.set("super", $0) }
        }

        mutating func superEncoder(forKey key: Key) -> any Encoder {
            let object = self.object
            let name = key.stringValue
            return ChildEncoder(session) { object.set(name, $0) }
        }
    }

    struct UnkeyedContainer: UnkeyedEncodingContainer {
        let array: ArrayNode
        let session: Session
        var codingPath: [any CodingKey] { [] }
        var count: Int { array.items.count }

        mutating func encodeNil() throws { array.items.append(.null) }
        mutating func encode(_ value: Bool) throws { array.items.append(.bool(value)) }
        mutating func encode(_ value: String) throws { array.items.append(.string(value)) }
        mutating func encode(_ value: Double) throws { array.items.append(try PrettyJSON.number(value)) }
        mutating func encode(_ value: Float) throws { array.items.append(try PrettyJSON.number(value)) }
        mutating func encode(_ value: Int) throws { array.items.append(.number(String(value))) }
        mutating func encode(_ value: Int8) throws { array.items.append(.number(String(value))) }
        mutating func encode(_ value: Int16) throws { array.items.append(.number(String(value))) }
        mutating func encode(_ value: Int32) throws { array.items.append(.number(String(value))) }
        mutating func encode(_ value: Int64) throws { array.items.append(.number(String(value))) }
        mutating func encode(_ value: UInt) throws { array.items.append(.number(String(value))) }
        mutating func encode(_ value: UInt8) throws { array.items.append(.number(String(value))) }
        mutating func encode(_ value: UInt16) throws { array.items.append(.number(String(value))) }
        mutating func encode(_ value: UInt32) throws { array.items.append(.number(String(value))) }
        mutating func encode(_ value: UInt64) throws { array.items.append(.number(String(value))) }
        mutating func encode<T: Encodable>(_ value: T) throws { array.items.append(try PrettyJSON.node(value, session)) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let nested = ObjectNode()
            array.items.append(.object(nested))
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(object: nested, session: session))
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let nested = ArrayNode()
            array.items.append(.array(nested))
            return UnkeyedContainer(array: nested, session: session)
        }

        mutating func superEncoder() -> any Encoder {
            let array = self.array
            let index = array.items.count
            array.items.append(.null)
            return ChildEncoder(session) { array.items[index] = $0 }
        }
    }

    struct SingleContainer: SingleValueEncodingContainer {
        let encoder: NodeEncoder
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil() throws { encoder.result = .null }
        mutating func encode(_ value: Bool) throws { encoder.result = .bool(value) }
        mutating func encode(_ value: String) throws { encoder.result = .string(value) }
        mutating func encode(_ value: Double) throws { encoder.result = try PrettyJSON.number(value) }
        mutating func encode(_ value: Float) throws { encoder.result = try PrettyJSON.number(value) }
        mutating func encode(_ value: Int) throws { encoder.result = .number(String(value)) }
        mutating func encode(_ value: Int8) throws { encoder.result = .number(String(value)) }
        mutating func encode(_ value: Int16) throws { encoder.result = .number(String(value)) }
        mutating func encode(_ value: Int32) throws { encoder.result = .number(String(value)) }
        mutating func encode(_ value: Int64) throws { encoder.result = .number(String(value)) }
        mutating func encode(_ value: UInt) throws { encoder.result = .number(String(value)) }
        mutating func encode(_ value: UInt8) throws { encoder.result = .number(String(value)) }
        mutating func encode(_ value: UInt16) throws { encoder.result = .number(String(value)) }
        mutating func encode(_ value: UInt32) throws { encoder.result = .number(String(value)) }
        mutating func encode(_ value: UInt64) throws { encoder.result = .number(String(value)) }
        mutating func encode<T: Encodable>(_ value: T) throws { encoder.result = try PrettyJSON.node(value, encoder.session) }
    }

    // MARK: Writing

    /// The text being written; a ``PrettyJSONWritable`` value writes its members through it.
    public struct Writer {
        var bytes: [UInt8] = []

        init(capacity: Int = 1 << 16) { bytes.reserveCapacity(capacity) }

        /// A line end and the indentation. The spaces touch no shared array: a slice of a static
        /// one was retained and released for every line by each thread writing JSON, an atomic
        /// operation on a cache line all of them wrote. They are copied from a literal (no
        /// reference count) in one copy per 64: `repeatElement` was appended a byte at a time
        /// through generic code, a fifth of a debug build's whole demo run (the tests' time).
        mutating func newline(_ indent: Int) {
            bytes.append(0x0A)
            let spaces: StaticString = "                                                                "
            var left = indent
            while left > 0 {
                let count = Swift.min(left, spaces.utf8CodeUnitCount)
                bytes.append(contentsOf: UnsafeBufferPointer(start: spaces.utf8Start, count: count))
                left -= count
            }
        }

        mutating func write(_ node: Node, indent: Int) throws {
            switch node {
            case .direct(let value): try value.writeJSON(to: &self, indent: indent)
            case .null: bytes.append(literal: "null")
            case .bool(let value): bytes.append(contentsOf: (value ? "true" : "false").utf8)
            case .number(let text): bytes.append(contentsOf: text.utf8)
            case .string(let text): string(text)
            case .array(let array):
                bytes.append(UInt8(ascii: "["))
                if array.items.isEmpty {
                    bytes.append(0x0A)
                    newline(indent)
                } else {
                    for (index, item) in array.items.enumerated() {
                        if index > 0 { bytes.append(UInt8(ascii: ",")) }
                        newline(indent + 2)
                        try write(item, indent: indent + 2)
                    }
                    newline(indent)
                }
                bytes.append(UInt8(ascii: "]"))
            case .object(let object):
                bytes.append(UInt8(ascii: "{"))
                if object.keys.isEmpty {
                    bytes.append(0x0A)
                    newline(indent)
                } else {
                    var first = true
                    for index in Self.order(object.keys) {
                        if !first { bytes.append(UInt8(ascii: ",")) }
                        first = false
                        newline(indent + 2)
                        string(object.keys[index])
                        bytes.append(literal: " : ")
                        try write(object.values[index], indent: indent + 2)
                    }
                    newline(indent)
                }
                bytes.append(UInt8(ascii: "}"))
            }
        }

        // MARK: For PrettyJSONWritable values

        /// `{`: an object's members follow, each with ``member(_:_:indent:)``, in the order of
        /// their keys' UTF-8 bytes (as `.sortedKeys` orders them), then ``endObject(_:indent:)``.
        /// `first` starts true and tells, at the end, whether the object was empty.
        public mutating func beginObject() { bytes.append(UInt8(ascii: "{")) }

        /// A member's key (`"key" : `) at `indent` + 2, after a comma unless it is the first.
        public mutating func member(_ key: String, _ first: inout Bool, indent: Int) {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            newline(indent + 2)
            string(key)
            bytes.append(literal: " : ")
        }

        /// `}`, on its own line (an empty object as `JSONEncoder` writes it: an empty line).
        public mutating func endObject(_ first: Bool, indent: Int) {
            if first { bytes.append(0x0A) }
            newline(indent)
            bytes.append(UInt8(ascii: "}"))
        }

        public mutating func value(_ text: String) { string(text) }
        public mutating func value(_ flag: Bool) { bytes.append(contentsOf: (flag ? "true" : "false").utf8) }
        public mutating func value(_ number: Int) { bytes.append(contentsOf: String(number).utf8) }

        /// A number as ``PrettyJSON/encode(_:)`` writes it; NaN and infinities throw ``InvalidNumber``.
        public mutating func value(_ number: Double) throws {
            guard case .number(let text) = try PrettyJSON.number(number) else { return }
            bytes.append(contentsOf: text.utf8)
        }

        /// A value that writes itself, at `indent` (its key's level).
        public mutating func value(_ value: some PrettyJSONWritable, indent: Int) throws {
            try value.writeJSON(to: &self, indent: indent)
        }

        /// An array at `indent`, each element written by `element` at `indent` + 2.
        public mutating func array<Elements: Collection>(
            _ elements: Elements, indent: Int, _ element: (inout Writer, Elements.Element, Int) throws -> Void
        ) rethrows {
            bytes.append(UInt8(ascii: "["))
            if elements.isEmpty {
                bytes.append(0x0A)
                newline(indent)
            } else {
                var first = true
                for item in elements {
                    if !first { bytes.append(UInt8(ascii: ",")) }
                    first = false
                    newline(indent + 2)
                    try element(&self, item, indent + 2)
                }
                newline(indent)
            }
            bytes.append(UInt8(ascii: "]"))
        }

        /// An array of strings at `indent`.
        public mutating func array(_ strings: [String], indent: Int) {
            array(strings, indent: indent) { writer, text, _ in writer.string(text) }
        }

        /// An array of values that write themselves, at `indent`.
        public mutating func array<Element: PrettyJSONWritable>(_ values: [Element], indent: Int) throws {
            try array(values, indent: indent) { writer, value, level in try value.writeJSON(to: &writer, indent: level) }
        }

        /// The members' positions in key order (UTF-8 bytes); of a key written more than once,
        /// the last.
        static func order(_ keys: [String]) -> [Int] {
            var sorted = Array(keys.indices)
            sorted.sort { a, b in
                if keys[a] == keys[b] { return a < b }
                return keys[a].utf8.lexicographicallyPrecedes(keys[b].utf8)
            }
            var result: [Int] = []
            result.reserveCapacity(sorted.count)
            for index in sorted {
                if let last = result.last, keys[last] == keys[index] {
                    result[result.count - 1] = index
                } else {
                    result.append(index)
                }
            }
            return result
        }

        mutating func string(_ text: String) { PrettyJSON.appendString(text, to: &bytes) }
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// `text` as a JSON string, as `JSONEncoder` writes it: `"` and `\` escaped, `\n` `\r` `\t`
    /// `\b` `\f` for those controls, `\u00XX` for the others, every other byte as it is (UTF-8).
    /// Also the answer packs' texts (SurveyLoad's `AnswerPack`).
    public static func appendString(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            // Runs of bytes that need no escape are copied whole.
            var start = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, UInt8(ascii: "\"")])
                case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                case 0x08: bytes.append(contentsOf: [0x5C, UInt8(ascii: "b")])
                case 0x0C: bytes.append(contentsOf: [0x5C, UInt8(ascii: "f")])
                default:
                    bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                    bytes.append(hex[Int(byte >> 4)])
                    bytes.append(hex[Int(byte & 0xF)])
                }
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<utf8.count]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

/// A value that writes its own JSON into a ``PrettyJSON`` text: exactly the bytes its `Encodable`
/// conformance gives through ``PrettyJSON/encode(_:)`` (and so `JSONEncoder`'s), without an
/// encoder's containers and a node for each of its values. The bulk of the country profiles
/// (every respondent's answer to every question, half of a large run's profile time in the
/// encoder) writes itself; `PrettyJSONTests` compares each such type's bytes with `JSONEncoder`'s
/// on generated values. Members go in their keys' UTF-8 order, an optional member only when
/// present (as synthesized `Encodable` leaves out a nil).
public protocol PrettyJSONWritable: Encodable {
    /// Writes the value at `indent` (the spaces of the line its first byte is on).
    func writeJSON(to json: inout PrettyJSON.Writer, indent: Int) throws
}
