// Answer packs (migration v17): a submission's answer rows as one JSON text, read through the
// `answer` view by SQL and by the merge's read of a pack. Both must give back exactly the rows the
// answers stand for, whatever the texts and numbers hold.
import Foundation
import GRDB
import SurveyModel
import Testing

@testable import SurveyLoad

@Suite struct AnswerPackTests {
    /// Texts that JSON must escape or keep: quotes, backslashes, every control character but NUL
    /// (which no reader of a text column keeps), the line and paragraph separators, other scripts,
    /// characters outside the BMP and a combining sequence.
    static let hardTexts = [
        "Code pénal, art. 323-1", "a \"quoted\" law", #"back\slash \\ and \n written out"#, "tab\there\nnew line\r",
        String((1..<32).map { Character(Unicode.Scalar(UInt8($0))) }), "\u{2028}\u{2029}", "قانون مكافحة الجرائم الإلكترونية",
        "网络安全法", "emoji 🇺🇳 and e\u{301}", "", " ", "null", "[1,2]", "\u{7f}\u{ad}",
    ]

    /// Numbers that a text form can change: shortest forms of every size, subnormals, powers of
    /// ten, negative values and random bit patterns.
    static func hardNumbers(count: Int) -> [Double] {
        var generator = SplitMix64Test(seed: 29)
        var numbers: [Double] = [0, 1, -1, 0.1, 0.1 + 0.2, 1e-300, 5e-324, 2.2250738585072014e-308, 1e16, 1e22, 123456789.123,
                                 -2.5, Double(Int64.max), 9007199254740993, .greatestFiniteMagnitude, .leastNormalMagnitude]
        while numbers.count < count {
            let value = Double(bitPattern: generator.next())
            if value.isFinite { numbers.append(value) }
            numbers.append(Double(generator.next() % 100_000) / 100)
        }
        return numbers
    }

    static func answers(count: Int) -> [Answer] {
        var answers: [Answer] = []
        let numbers = hardNumbers(count: count)
        for index in 0..<count {
            let location = SourceLocation(file: "f.csv", line: index + 2, column: index % 7 == 0 ? nil : index % 50)
            let value: AnswerValue
            switch index % 4 {
            case 0: value = .choice("opt_\(index % 5)")
            case 1: value = .choices(["a", "b\"c", hardTexts[index % hardTexts.count]].prefix(index % 3 + 1).map { $0 })
            case 2: value = .number(numbers[index])
            default: value = .text(hardTexts[index % hardTexts.count])
            }
            answers.append(Answer(questionID: "q\(index % 9)_\(hardTexts[index % 3].prefix(3))", value: value, location: location))
        }
        return answers
    }

    /// A database with the packs' table and view as migration v17 leaves them.
    static func packDatabase() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try SQLiteStore.migrator.migrate(queue)
        return queue
    }

    static func viewRows(_ queue: DatabaseQueue, key: Int64) throws -> [PackedAnswer] {
        try queue.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT question_id, option, number, text, line, "column", file_id, seq FROM answer
                    WHERE submission_key = ? ORDER BY seq
                    """, arguments: [key]
            ).enumerated().map { index, row in
                #expect(row[7] as Int == index + 1, "seq counts the rows from 1")
                return PackedAnswer(
                    questionID: row[0], option: row[1], number: row[2], text: row[3], line: row[4], column: row[5], fileID: row[6])
            }
        }
    }

    static func same(_ a: [PackedAnswer], _ b: [PackedAnswer]) -> Bool {
        return a.count == b.count
            && zip(a, b).allSatisfy { x, y in
                x.questionID == y.questionID && x.option == y.option && x.text == y.text && x.line == y.line && x.column == y.column
                    && x.fileID == y.fileID && x.number?.bitPattern == y.number?.bitPattern
            }
    }

    @Test func packsReadBackAsTheirRowsThroughTheViewAndTheDecoder() throws {
        let queue = try Self.packDatabase()
        var packs: [(key: Int64, rows: [PackedAnswer])] = []
        try queue.write { db in
            var buffer: [UInt8] = []
            for key in Int64(1)...40 {
                let answers = Self.answers(count: Int(key) * 7)
                let written = try AnswerPack.encode(answers, into: &buffer)
                #expect(written)
                let text = String(decoding: buffer, as: UTF8.self)
                #expect(try AnswerPack.encode(AnswerPack.rows(of: answers)) == buffer, "both encoders write the same bytes")
                try db.execute(sql: "INSERT INTO answer_pack (submission_key, answers) VALUES (?, ?)", arguments: [key, text])
                packs.append((key, AnswerPack.rows(of: answers)))
                #expect(Self.same(try SQLiteStore.packedAnswers(db, key: key), AnswerPack.rows(of: answers)), "read back: key \(key)")
            }
        }
        for pack in packs {
            #expect(Self.same(try Self.viewRows(queue, key: pack.key), pack.rows), "the view of key \(pack.key)")
        }
        // One row per chosen option, in order, and nothing but the three values.
        let rows = AnswerPack.rows(of: [Answer(questionID: "q", value: .choices(["x", "y"]), location: SourceLocation(file: "f"))])
        #expect(rows.map(\.option) == ["x", "y"])
    }

    /// The text docs/store.md describes: seven fields, `null` for NULL, the NULLs at the end left out.
    @Test func aPackIsTheJSONTheDocsDescribe() throws {
        var buffer: [UInt8] = []
        let answers = [
            Answer(questionID: "ch8_cert", value: .choice("yes"), location: SourceLocation(file: "f", line: 12, column: 5)),
            Answer(questionID: "ch3_instruments", value: .choices(["a", "b"]), location: SourceLocation(file: "f", line: 12)),
            Answer(questionID: "n", value: .number(12), location: SourceLocation(file: "f")),
            Answer(questionID: "t", value: .text("say \"no\"\u{1}"), location: SourceLocation(file: "f", column: 3)),
        ]
        _ = try AnswerPack.encode(answers, into: &buffer)
        #expect(
            String(decoding: buffer, as: UTF8.self)
                == #"[["ch8_cert","yes",null,null,12,5],["ch3_instruments","a",null,null,12],["ch3_instruments","b",null,null,12],["n",null,12.0],["t",null,null,"say \"no\"\u0001",null,3]]"#)
        let merged = try AnswerPack.encode([PackedAnswer(questionID: "q", fileID: 4), PackedAnswer(questionID: "r")])
        #expect(merged.map { String(decoding: $0, as: UTF8.self) } == #"[["q",null,null,null,null,null,4],["r"]]"#)
    }

    /// Lines, columns and file ids are written digit by digit: as `String` writes them, for
    /// every power of ten on either side, the extremes, and generated values.
    @Test func integersAreWrittenAsStringWritesThem() {
        var values: [Int64] = [0, 1, -1, 9, 10, -10, 99, 100, Int64.max, Int64.min, Int64.max - 1, Int64.min + 1]
        var power: Int64 = 1
        for _ in 0..<18 {
            power *= 10
            values += [power - 1, power, power + 1, -(power - 1), -power, -(power + 1)]
        }
        var random = SplitMix64(seed: 17)
        for _ in 0..<2000 { values.append(Int64(bitPattern: random.next()) >> Int64(random.next() % 64)) }
        for value in values {
            var bytes: [UInt8] = [UInt8(ascii: ",")]
            AnswerPack.integer(&bytes, value)
            #expect(bytes == Array(("," + String(value)).utf8), "\(value)")
        }
        var none: [UInt8] = []
        AnswerPack.integer(&none, nil)
        #expect(none == Array("null".utf8))
    }

    @Test func noAnswerRowsMeanNoPack() throws {
        var buffer: [UInt8] = [1, 2, 3]
        let none = try AnswerPack.encode([], into: &buffer)
        #expect(!none)
        let noOption = try AnswerPack.encode(
            [Answer(questionID: "q", value: .choices([]), location: SourceLocation(file: "f"))], into: &buffer)
        #expect(!noOption)
        #expect(try AnswerPack.encode([PackedAnswer]()) == nil)
    }

    @Test func aNumberThatIsNotFiniteIsRefusedNotWritten() throws {
        var buffer: [UInt8] = []
        for number in [Double.nan, .infinity, -.infinity] {
            let answers = [Answer(questionID: "q", value: .number(number), location: SourceLocation(file: "f"))]
            do {
                try AnswerPack.encode(answers, into: &buffer)
                Issue.record("\(number) was written")
            } catch is StoreError {}
            #expect(throws: StoreError.self) { try AnswerPack.encode([PackedAnswer(questionID: "q", number: number)]) }
        }
    }

    @Test func aPackNumberThatIsNotOneIsAnErrorThatSaysSo() throws {
        #expect(try AnswerPack.number(json: nil) == nil)
        #expect(try AnswerPack.number(json: "null") == nil)
        #expect(try AnswerPack.number(json: "-5.1089058966223965e+32") == -5.1089058966223965e+32)
        for text in ["", "\"1\"", "nan", "inf", "1e999", "[1]"] {
            #expect(throws: StoreError.self, "\(text)") { try AnswerPack.number(json: text) }
        }
    }

    /// The base keeps its rows to items the complement does not answer, in order; the
    /// complement's rows follow in theirs, with the complement's file unless they carry one.
    @Test func aMergeKeepsTheBaseButTheComplementsItemsThenTheComplementsRows() {
        let base = [
            PackedAnswer(questionID: "a", option: "yes", line: 2), PackedAnswer(questionID: "b", option: "x", line: 2),
            PackedAnswer(questionID: "b", option: "y", line: 2), PackedAnswer(questionID: "c", number: 3, line: 2),
            PackedAnswer(questionID: "d", text: "kept", line: 2, fileID: 4),
        ]
        let complement = [
            PackedAnswer(questionID: "b", option: "z", line: 9), PackedAnswer(questionID: "e", text: "new", line: 9),
            PackedAnswer(questionID: "c", number: 5, line: 9, fileID: 7),
        ]
        let merged = AnswerPack.merged(base: base, complement: complement, complementFile: 3)
        #expect(merged.map(\.questionID) == ["a", "d", "b", "e", "c"])
        #expect(merged.map(\.fileID) == [nil, 4, 3, 3, 7])
        #expect(merged[2].option == "z" && merged[4].number == 5)
        #expect(AnswerPack.merged(base: [], complement: [], complementFile: 1).isEmpty)
    }

    /// A store of v16 (answer rows in a table, `seq` with the gaps earlier merges left) migrated to
    /// v17 gives the same rows through the view, in the same order, numbered from 1, the numbers
    /// bit for bit; submissions without answers get no pack.
    @Test func v17PacksEveryStoredRowWithItsValueAndOrder() throws {
        let queue = try DatabaseQueue()
        try SQLiteStore.migrator.migrate(queue, upTo: "v16-submission-submitted-at")
        var expected: [Int64: [PackedAnswer]] = [:]
        let numbers = Self.hardNumbers(count: 60)
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO run (id, pipeline, questionnaire_id, questionnaire_version, files_read, submissions_seen,
                        accepted, superseded, excluded, rejected, answers_seen, answers_kept, answers_dropped)
                        VALUES (1, 'p', 'q', '1', 1, 4, 4, 0, 0, 0, 0, 0, 0);
                    INSERT INTO source_file (id, path, sha256, bytes, format, run_id, submissions_seen, accepted, superseded,
                        excluded, rejected, answers_seen, answers_kept, answers_dropped)
                        VALUES (1, 'a.csv', '00', 1, 'csv-wide', 1, 4, 4, 0, 0, 0, 0, 0, 0),
                               (2, 'b.csv', '01', 1, 'csv-wide', 1, 0, 0, 0, 0, 0, 0, 0, 0);
                    """)
            for key in Int64(1)...4 {
                try db.execute(
                    sql: """
                        INSERT INTO submission (key, id, file_id, line, country, country_given, round, status, answers_seen, answers_kept)
                        VALUES (?, ?, 1, ?, 'FRA', 'France', ?, 'accepted', 0, 0)
                        """, arguments: [key, "a.csv#\(key)", key + 1, "r\(key)"])
            }
            // Written out of order, with gaps in seq; submission 4 has none.
            for key in [Int64(3), 1, 2] {
                var rows: [(seq: Int, row: PackedAnswer)] = []
                for index in 0..<(Int(key) * 9) {
                    let seq = index * 3 + (index % 2) + 1
                    let row: PackedAnswer
                    switch index % 3 {
                    case 0: row = PackedAnswer(questionID: "q\(index)", option: Self.hardTexts[index % Self.hardTexts.count], line: index)
                    case 1: row = PackedAnswer(questionID: "q\(index)", number: numbers[index + Int(key)], column: index, fileID: 2)
                    default: row = PackedAnswer(questionID: "q\(index)", text: Self.hardTexts[(index + 3) % Self.hardTexts.count])
                    }
                    rows.append((seq, row))
                }
                for (seq, row) in rows.reversed() {
                    try db.execute(
                        sql: """
                            INSERT INTO answer (submission_key, seq, question_id, option, number, text, line, "column", file_id)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [key, seq, row.questionID, row.option, row.number, row.text, row.line, row.column, row.fileID])
                }
                expected[key] = rows.map(\.row)
            }
        }
        try SQLiteStore.migrator.migrate(queue)
        for (key, rows) in expected {
            #expect(Self.same(try Self.viewRows(queue, key: key), rows), "submission \(key)")
            #expect(Self.same(try queue.read { db in try SQLiteStore.packedAnswers(db, key: key) }, rows), "submission \(key) read back")
        }
        #expect(try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM answer_pack") } == 3)
        #expect(try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM answer WHERE submission_key = 4") } == 0)
    }
}

/// SplitMix64, for the generated numbers (the tests' own, not the Monte Carlo's).
struct SplitMix64Test {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
