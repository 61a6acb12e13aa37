import Foundation
import Testing

@testable import SurveyModel

/// ``PrettyJSON`` writes what Foundation's JSONEncoder writes with `.prettyPrinted`, `.sortedKeys`
/// and `.withoutEscapingSlashes`, byte for byte (the demo's profiles are compared in
/// `ProfileEndToEndTests`): here seeded generated values with every kind of node.
@Suite struct PrettyJSONTests {
    static func reference<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Any JSON value, encoded through the containers as a hand-written `encode(to:)` would.
    indirect enum Value: Encodable {
        case null, bool(Bool), int(Int), double(Double), string(String)
        case array([Value]), object([(String, Value)])

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: any Encoder) throws {
            switch self {
            case .null:
                var single = encoder.singleValueContainer()
                try single.encodeNil()
            case .bool(let value):
                var single = encoder.singleValueContainer()
                try single.encode(value)
            case .int(let value):
                var single = encoder.singleValueContainer()
                try single.encode(value)
            case .double(let value):
                var single = encoder.singleValueContainer()
                try single.encode(value)
            case .string(let value):
                var single = encoder.singleValueContainer()
                try single.encode(value)
            case .array(let items):
                var unkeyed = encoder.unkeyedContainer()
                for item in items {
                    switch item {
                    case .string(let text): try unkeyed.encode(text)  // the primitive overloads too
                    case .double(let number): try unkeyed.encode(number)
                    case .null: try unkeyed.encodeNil()
                    default: try unkeyed.encode(item)
                    }
                }
            case .object(let members):
                var keyed = encoder.container(keyedBy: Key.self)
                for (key, value) in members {
                    switch value {
                    case .string(let text): try keyed.encode(text, forKey: Key(stringValue: key))
                    case .int(let number): try keyed.encode(number, forKey: Key(stringValue: key))
                    case .bool(let flag): try keyed.encode(flag, forKey: Key(stringValue: key))
                    case .null: try keyed.encodeNil(forKey: Key(stringValue: key))
                    default: try keyed.encode(value, forKey: Key(stringValue: key))
                    }
                }
            }
        }
    }

    /// A record as the profile types are: synthesized Codable, optionals, nested, dictionaries.
    struct Record: Codable {
        var name: String
        var schemaVersion: String = "1.0"
        var score: Double?
        var count: Int
        var flags: [Bool]
        var labels: [String: String]
        var children: [Record]
        var note: String? = nil
        var sub: [String: [Double]] = [:]
    }

    static let pieces: [String] = [
        "a", "Z", "_", "0", "9", "10", "é", "e\u{301}", "日本", "ー", "/", "\\", "\"", "\n", "\r", "\t", "\u{8}", "\u{c}",
        "\u{1}", "\u{1f}", "\u{7f}", "\u{2028}", " ", "ﬁ", "🇫🇷", "<", "&", "'", "-", ".",
    ]

    static func text(_ random: inout SplitMix64) -> String {
        (0..<Int(random.next() % 6)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
    }

    static func double(_ random: inout SplitMix64) -> Double {
        switch random.next() % 6 {
        case 0: return Double(Int64(bitPattern: random.next()) % 1000)
        case 1: return Double(random.next() % 10_000) / 100
        case 2: return -0.0
        case 3: return Double(sign: .plus, exponent: Int(random.next() % 140) - 70, significand: 1.5)
        default:
            let value = Double(bitPattern: random.next())
            return value.isFinite ? value : 0.1
        }
    }

    static func value(_ random: inout SplitMix64, depth: Int) -> Value {
        switch random.next() % (depth > 3 ? 5 : 8) {
        case 0: return .null
        case 1: return .bool(random.next() % 2 == 0)
        case 2: return .int(Int(Int64(bitPattern: random.next()) >> Int64(random.next() % 63)))
        case 3: return .double(double(&random))
        case 4: return .string(text(&random))
        case 5: return .array((0..<Int(random.next() % 5)).map { _ in value(&random, depth: depth + 1) })
        default:
            // Keys repeat at times: the last value written counts, as in JSONEncoder.
            let keys = (0..<Int(random.next() % 6)).map { _ in text(&random) }
            return .object(keys.map { ($0, value(&random, depth: depth + 1)) })
        }
    }

    static func record(_ random: inout SplitMix64, depth: Int) -> Record {
        Record(
            name: text(&random), score: random.next() % 3 == 0 ? nil : double(&random), count: Int(random.next() % 1000),
            flags: (0..<Int(random.next() % 3)).map { _ in random.next() % 2 == 0 },
            labels: Dictionary((0..<Int(random.next() % 4)).map { _ in (text(&random), text(&random)) }, uniquingKeysWith: { a, _ in a }),
            children: depth > 2 ? [] : (0..<Int(random.next() % 3)).map { _ in record(&random, depth: depth + 1) },
            note: random.next() % 2 == 0 ? text(&random) : nil,
            sub: random.next() % 2 == 0 ? [:] : ["x": [double(&random)], "y": []])
    }

    @Test func generatedValuesAreJSONEncodersBytes() throws {
        var random = SplitMix64(seed: 4242)
        var compared = 0
        for _ in 0..<2000 {
            let generated = Self.value(&random, depth: 0)
            #expect(try PrettyJSON.encode(generated) == Self.reference(generated))
            compared += 1
        }
        for _ in 0..<500 {
            let record = Self.record(&random, depth: 0)
            #expect(try PrettyJSON.encode(record) == Self.reference(record))
            #expect(try PrettyJSON.encode([record, record]) == Self.reference([record, record]))
            compared += 1
        }
        #expect(compared == 2500)
    }

    @Test func edgeCasesAsJSONEncoderWritesThem() throws {
        // Deeper than the writer's run of indentation spaces (64: 32 levels; 70 levels cross it twice).
        struct Deep: Encodable {
            var level: Int
            func encode(to encoder: any Encoder) throws {
                var container = encoder.unkeyedContainer()
                if level == 0 { try container.encode("bottom \"q\"\n") } else { try container.encode(Deep(level: level - 1)) }
            }
        }
        #expect(try PrettyJSON.encode(Deep(level: 70)) == Self.reference(Deep(level: 70)))
        #expect(try PrettyJSON.encode([Int]()) == "[\n\n]")
        #expect(try PrettyJSON.encode([String: Int]()) == "{\n\n}")
        #expect(try PrettyJSON.encode(["a": [Int]()]) == "{\n  \"a\" : [\n\n  ]\n}")
        #expect(try PrettyJSON.encode([1.0, 0.5, 1e-5, 1e21, -0.0]) == "[\n  1,\n  0.5,\n  1e-05,\n  1e+21,\n  -0\n]")
        #expect(try PrettyJSON.encode(["s": "a/b\u{1}\u{7f}"]) == "{\n  \"s\" : \"a/b\\u0001\u{7f}\"\n}")
        #expect(throws: PrettyJSON.InvalidNumber.self) { try PrettyJSON.encode([Double.nan]) }
        // Values JSONEncoder writes its own way: the whole value is JSONEncoder's.
        struct Special: Encodable {
            var url = URL(string: "https://example.org/a?b=1")!
            var data = Data([1, 2, 3])
            var decimal = Decimal(string: "1.5")!
            var date = Date(timeIntervalSinceReferenceDate: 12.5)
            var name = "x"
        }
        #expect(try PrettyJSON.encode(Special()) == Self.reference(Special()))
        #expect(try PrettyJSON.encode(["u": [URL(string: "file:///tmp/x")!]]) == Self.reference(["u": [URL(string: "file:///tmp/x")!]]))
        // At the top too, and even where a type's own encode(to:) catches the error.
        #expect(try PrettyJSON.encode(Data([1, 2, 3])) == Self.reference(Data([1, 2, 3])))
        #expect(try PrettyJSON.encode(URL(string: "https://a.b")!) == Self.reference(URL(string: "https://a.b")!))
        #expect(try PrettyJSON.encode(Decimal(string: "2.5")!) == Self.reference(Decimal(string: "2.5")!))
        struct Catching: Encodable {
            enum Keys: String, CodingKey { case d, u }
            func encode(to encoder: any Encoder) throws {
                var keyed = encoder.container(keyedBy: Keys.self)
                do { try keyed.encode(Date(timeIntervalSinceReferenceDate: 3), forKey: .d) } catch { try keyed.encode("none", forKey: .d) }
                try? keyed.encode(URL(string: "https://a.b")!, forKey: .u)
            }
        }
        #expect(try PrettyJSON.encode(Catching()) == Self.reference(Catching()))
        // A nested container asked for twice under one key is one object.
        struct Twice: Encodable {
            enum Keys: String, CodingKey { case a, b, c }
            func encode(to encoder: any Encoder) throws {
                var outer = encoder.container(keyedBy: Keys.self)
                var first = outer.nestedContainer(keyedBy: Keys.self, forKey: .a)
                try first.encode(1, forKey: .b)
                var second = outer.nestedContainer(keyedBy: Keys.self, forKey: .a)
                try second.encode(2, forKey: .c)
            }
        }
        #expect(try PrettyJSON.encode(Twice()) == Self.reference(Twice()))
        // Nothing encoded: refused, as JSONEncoder refuses it.
        struct Nothing: Encodable { func encode(to encoder: any Encoder) throws {} }
        #expect(throws: EncodingError.self) { try PrettyJSON.encode(Nothing()) }
        #expect(throws: EncodingError.self) { try Self.reference(Nothing()) }
        #expect(throws: (any Error).self) { try Self.reference([Double.nan]) }
    }

    // MARK: The profile types that write themselves (PrettyJSONWritable)

    static func profileText(_ random: inout SplitMix64) -> ProfileText {
        let languages = ["en", "fr", "ar", "zh", "ru", "es", "x-é", "A"]
        var values: [String: String] = [:]
        for _ in 0..<Int(random.next() % 4) { values[languages[Int(random.next() % UInt64(languages.count))]] = text(&random) }
        return ProfileText(values)
    }

    static func maybe<T>(_ random: inout SplitMix64, _ make: (inout SplitMix64) -> T) -> T? {
        random.next() % 2 == 0 ? nil : make(&random)
    }

    static func correction(_ random: inout SplitMix64) -> ProfileCorrection {
        let fields = ["original", "reason", "source", "analyst", "date", "place"]
        let json = Dictionary(uniqueKeysWithValues: fields.map { ($0, text(&random)) })
        return try! JSONDecoder().decode(ProfileCorrection.self, from: JSONSerialization.data(withJSONObject: json))
    }

    static func answer(_ random: inout SplitMix64) -> ProfileAnswer {
        var answer = ProfileAnswer(
            respondent: maybe(&random, text), options: (0..<Int(random.next() % 3)).map { _ in text(&random) },
            number: maybe(&random, double), text: maybe(&random, text))
        answer.corrected = random.next() % 4 == 0 ? correction(&random) : nil
        return answer
    }

    static func item(_ random: inout SplitMix64) -> ProfileItem {
        var item = ProfileItem(
            question: text(&random), text: profileText(&random), type: text(&random), unit: maybe(&random, profileText),
            options: (0..<Int(random.next() % 3)).map { _ in ProfileCode(code: text(&random), label: profileText(&random)) },
            answers: (0..<Int(random.next() % 4)).map { _ in answer(&random) },
            shares: (0..<Int(random.next() % 3)).map { _ in
                ProfileOptionShare(option: text(&random), n: Int(random.next() % 50), of: Int(random.next() % 50))
            })
        item.restricted = [nil, true, false][Int(random.next() % 3)]
        return item
    }

    static func round(_ random: inout SplitMix64) -> ProfileRound {
        ProfileRound(
            round: text(&random), questionnaireVersion: text(&random), answered: random.next() % 2 == 0,
            submissions: (0..<Int(random.next() % 3)).map { _ in
                ProfileSubmission(
                    id: text(&random), file: text(&random), line: maybe(&random) { Int($0.next() % 1000) }, respondent: maybe(&random, text))
            },
            respondents: (0..<Int(random.next() % 3)).map { _ in text(&random) },
            chapters: (0..<Int(random.next() % 3)).map { _ in
                ProfileChapter(chapter: text(&random), title: profileText(&random), items: (0..<Int(random.next() % 3)).map { _ in item(&random) })
            })
    }

    /// The profile types deep inside another value, as a profile holds them (indentation).
    struct Holder: Encodable {
        var rounds: [ProfileRound]
        var items: [String: [ProfileItem]]
        var code: ProfileCode?
        var zeta = 1
    }

    @Test func profileTypesWriteJSONEncodersBytes() throws {
        var random = SplitMix64(seed: 2612)
        for _ in 0..<400 {
            let round = Self.round(&random)
            #expect(try PrettyJSON.encode(round) == Self.reference(round))
            let holder = Holder(
                rounds: [round, Self.round(&random)], items: ["b": [Self.item(&random)], "a": []],
                code: Self.maybe(&random) { ProfileCode(code: Self.text(&$0), label: Self.profileText(&$0)) })
            #expect(try PrettyJSON.encode(holder) == Self.reference(holder))
            let answer = Self.answer(&random)
            #expect(try PrettyJSON.encode([answer]) == Self.reference([answer]))
            let text = Self.profileText(&random)
            #expect(try PrettyJSON.encode(["t": text]) == Self.reference(["t": text]))
        }
        // The direct path is the one taken (not the encoder's, which the comparison would pass too).
        guard case .direct = try PrettyJSON.node(Self.item(&random), PrettyJSON.Session()) else {
            Issue.record("ProfileItem went through the encoder")
            return
        }
    }

    @Test func aFilesTextEndsWithOneLineFeed() throws {
        // Through the writer, and through JSONEncoder (a value holding a date goes there whole).
        struct Dated: Encodable { var when = Date(timeIntervalSince1970: 0); var n = 1 }
        for text in [try PrettyJSON.encode(["a": [1, 2]], newline: true), try PrettyJSON.encode(Dated(), newline: true)] {
            #expect(text.hasSuffix("\n") && !text.hasSuffix("\n\n"))
        }
        #expect(try PrettyJSON.encode(["a": [1, 2]], newline: true) == PrettyJSON.encode(["a": [1, 2]]) + "\n")
        #expect(try PrettyJSON.encode(Dated(), newline: true) == PrettyJSON.encode(Dated()) + "\n")
    }

    @Test func aProfileNumberThatIsNotFiniteIsRefused() {
        // As JSONEncoder refuses it (and the encoder path did): never written as "nan".
        for number in [Double.nan, .infinity, -.infinity] {
            #expect(throws: PrettyJSON.InvalidNumber.self) { try PrettyJSON.encode([ProfileAnswer(number: number)]) }
            #expect(throws: (any Error).self) { try Self.reference([ProfileAnswer(number: number)]) }
        }
    }
}
