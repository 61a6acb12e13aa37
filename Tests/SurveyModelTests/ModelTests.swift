import Foundation
import Testing

@testable import SurveyModel

@Suite struct CSVTextTests {
    @Test func quotesOnlyWhenNeeded() {
        #expect(CSVText.encode(.text("plain")) == "plain")
        #expect(CSVText.encode(.text("a,b")) == "\"a,b\"")
        #expect(CSVText.encode(.text("say \"hi\"")) == "\"say \"\"hi\"\"\"")
        #expect(CSVText.encode(.text("two\nlines")) == "\"two\nlines\"")
    }

    @Test(arguments: ["=SUM(A1)", "+1", "-2+3", "@cmd", "\tx", "\rx"])
    func neutralizesFormulaStarts(_ value: String) {
        let encoded = CSVText.encode(.text(value))
        #expect(encoded.hasPrefix("'") || encoded.hasPrefix("\"'"))
    }

    /// The specials are looked for as scalars, not characters: CR LF is one `Character` equal to
    /// neither CR nor LF, and `,`, `"` or `=` followed by a combining mark are other characters;
    /// each once left a cell unquoted (its row broken) or a formula live.
    @Test func specialsInsideLargerCharactersAreSeen() {
        #expect(CSVText.encode(.text("a\r\nb")) == "\"a\r\nb\"")
        #expect(CSVText.encode(.text("a,\u{0301}b")) == "\"a,\u{0301}b\"")
        #expect(CSVText.encode(.text("say \"\u{0301}")) == "\"say \"\"\u{0301}\"")
        #expect(CSVText.encode(.text("=\u{0301}SUM(A1)")) == "'=\u{0301}SUM(A1)")
        #expect(CSVText.encode(.text("\r\nx")) == "\"'\r\nx\"")
        #expect(CSVText.encode(.text("a;\u{0301}b"), dialect: .excel, numeric: false) == "\"a;\u{0301}b\"")
        #expect(CSVText.encode(.text("a,b"), dialect: .excel, numeric: false) == "a,b")
        #expect(CSVText.encode(.number("1.5"), dialect: .excel, numeric: true) == "1,5")
        #expect(CSVText.encode(.text("-1.5"), dialect: .excel, numeric: true) == "'-1,5")
    }

    @Test func quotesAreDoubledAsScalars() {
        #expect("a\"\u{0301}b".doublingEach("\"") == "a\"\"\u{0301}b")
        #expect("l'\u{0301}État 'x'".doublingEach("'") == "l''\u{0301}État ''x''")
        #expect("plain".doublingEach("'") == "plain")
        #expect("".doublingEach("\"") == "")
    }

    /// Any text read back by RFC 4180's rules is the text (after the neutralizing mark), and a
    /// cell left unquoted holds no byte that would end or split it.
    @Test func everyCellReadsBackAsWritten() {
        let pieces = ["a", "é", ",", ";", "\"", "\r", "\n", "\r\n", "\u{0301}", "=", "+", "-", "@", "\t", " ", "中", "'"]
        var random = SplitMix64(seed: 4180)
        for _ in 0..<3000 {
            let value = (0..<Int(random.next() % 6)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            for (dialect, delimiter) in [(CSVDialect.standard, UInt8(ascii: ",")), (.excel, UInt8(ascii: ";"))] {
                let encoded = Array(CSVText.encode(.text(value), dialect: dialect, numeric: false).utf8)
                var read = encoded
                if encoded.first == 0x22 {
                    #expect(encoded.count >= 2 && encoded.last == 0x22)
                    read = []
                    var index = 1
                    while index < encoded.count - 1 {
                        read.append(encoded[index])
                        if encoded[index] == 0x22 {
                            #expect(encoded[index + 1] == 0x22, "\(value.debugDescription)")
                            index += 1
                        }
                        index += 1
                    }
                } else {
                    #expect(!encoded.contains { $0 == 0x22 || $0 == 0x0A || $0 == 0x0D || $0 == delimiter }, "\(value.debugDescription)")
                }
                let neutralized = value.unicodeScalars.first.map { "=+-@\t\r".unicodeScalars.contains($0) } ?? false
                #expect(read == Array(((neutralized ? "'" : "") + value).utf8), "\(value.debugDescription)")
            }
        }
    }

    @Test func numbersAreNotNeutralized() {
        #expect(CSVText.encode(.number("-1.5")) == "-1.5")
    }

    @Test func linesEndWithCRLF() {
        #expect(CSVText.line([.text("a"), .number("1")]) == "a,1\r\n")
    }
}

@Suite struct SHA256Tests {
    @Test func knownVectors() {
        #expect(SHA256.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(SHA256.hex(long) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    /// The processor's SHA instructions and the portable compression give the same digests: every
    /// length around the block and padding boundaries, and long seeded inputs fed in uneven pieces.
    @Test func acceleratedAndPortableAgree() {
        var random = SplitMix64(seed: 256)
        var checked = 0
        for length in Array(0...200) + [1_000, 4_095, 4_096, 4_097, 65_536 + 17, 1_000_003] {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            #expect(SHA256.hex(bytes) == SHA256.portableHex(bytes), "length \(length)")
            var pieces = SHA256()
            var start = 0
            bytes.withUnsafeBytes { all in
                while start < length {
                    let end = min(length, start + 1 + Int(random.next() % 700))
                    pieces.update(UnsafeRawBufferPointer(rebasing: all[start..<end]))
                    start = end
                }
            }
            #expect(pieces.finalizeHex() == SHA256.portableHex(bytes), "length \(length) in pieces")
            checked += 1
        }
        #expect(checked == 207)
        let million = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        #expect(SHA256.hex(million) == expected)
        #expect(SHA256.portableHex(million) == expected)
    }

    /// The SHA instructions are used exactly where the processor says it has them (Linux's
    /// `sha_ni` flag), so the test above compared the two paths wherever it could.
    @Test func acceleratedWhereTheProcessorHasIt() throws {
        let cpuinfo = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        let flags = cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") }.map { Set($0.split(separator: " ").map(String.init)) } ?? []
        #expect(SHA256.isAccelerated == (flags.contains("sha_ni") && flags.contains("ssse3") && flags.contains("sse4_1")))
    }

    @Test func incrementalEqualsOneShot() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        var hasher = SHA256()
        bytes.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<333])) }
        bytes.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[333...])) }
        #expect(hasher.finalizeHex() == SHA256.hex(bytes))
    }
}

@Suite struct AccountingTests {
    func submission(_ status: SubmissionStatus, seen: Int, kept: Int) -> Submission {
        let answers = (0..<kept).map { Answer(questionID: "q\($0)", value: .choice("yes"), location: SourceLocation(file: "f")) }
        return Submission(
            id: "f#1", location: SourceLocation(file: "f"), format: .wideCSV, country: "FRA", countryGiven: "FRA",
            round: "2026", status: status, answers: answers, answersSeen: seen, diagnostics: [])
    }

    @Test func everySubmissionAndAnswerIsCounted() {
        var accounting = Accounting()
        accounting.add(submission(.accepted, seen: 5, kept: 4))
        accounting.add(submission(.superseded, seen: 3, kept: 3))
        accounting.add(submission(.rejected, seen: 2, kept: 2))
        #expect(accounting.submissionsSeen == 3)
        #expect(accounting.accepted == 1 && accounting.superseded == 1 && accounting.rejected == 1)
        #expect(accounting.answersSeen == 10)
        #expect(accounting.answersKept == 7)  // a rejected submission keeps nothing
        #expect(accounting.answersDropped == 3)
        #expect(accounting.isBalanced)
    }
}

@Suite struct DiagnosticTests {
    @Test func codesAreKebabCaseAndUnique() {
        let codes = DiagnosticCode.allCases.map(\.rawValue)
        #expect(Set(codes).count == codes.count)
        for code in codes {
            #expect(code.allSatisfy { $0.isLowercase || $0 == "-" }, "\(code)")
            #expect(!DiagnosticCode(rawValue: code)!.summary.isEmpty)
            #expect(!DiagnosticCode(rawValue: code)!.remedy.isEmpty)
        }
    }

    @Test func foundValuesAreShortened() {
        let long = String(repeating: "x", count: 500)
        let diagnostic = Diagnostic(.choiceUnknown, at: SourceLocation(file: "f", line: 1), found: long)
        #expect(diagnostic.found!.count <= 81)
        #expect(diagnostic.message.contains("expected") == false)
    }

    @Test func locationsPrintFileLineColumn() {
        #expect(SourceLocation(file: "a.csv", line: 3, column: 7).description == "a.csv:3:7")
        #expect(SourceLocation(file: "a.csv").description == "a.csv")
    }
}

@Suite struct ReliabilityTests {
    @Test func thresholds() {
        let rules = ReliabilityRules(suppressBelow: 5, lowReliabilityBelow: 10)
        #expect(rules.flag(responding: 0) == .suppressed)
        #expect(rules.flag(responding: 4) == .suppressed)
        #expect(rules.flag(responding: 5) == .lowReliability)
        #expect(rules.flag(responding: 9) == .lowReliability)
        #expect(rules.flag(responding: 10) == .normal)
    }
}

@Suite struct CatalogueDocumentationTests {
    /// docs/diagnostics.md is generated from the catalogue; regenerate with `legisurvey codes`.
    @Test func docsMatchTheCatalogue() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/diagnostics.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text == DiagnosticCode.catalogueMarkdown, "run: swift run legisurvey codes > docs/diagnostics.md")
        for code in DiagnosticCode.allCases { #expect(text.contains("`\(code.rawValue)`")) }
    }
}

@Suite struct TemplateTextTests {
    @Test func placeholdersAreFilledInOnePass() {
        #expect("{k} of {m}".filling(["k": "3", "m": "10"]) == "3 of 10")
        // A value is never searched again, whatever the order of the keys.
        #expect("{file}: {round}".filling(["file": "{round}.csv", "round": "2026"]) == "{round}.csv: 2026")
        #expect("{a}{b}".filling(["a": "{b}", "b": "{a}"]) == "{b}{a}")
        // Unknown names, unclosed braces and nested braces stay as written.
        #expect("{x} {k".filling(["k": "1"]) == "{x} {k")
        #expect("{a{k}}".filling(["k": "1"]) == "{a1}")
        #expect("é {k}\u{0301} 中".filling(["k": "ü"]) == "é ü\u{0301} 中")
        #expect("no placeholder".filling(["k": "1"]) == "no placeholder")
        #expect("{k}".filling([:]) == "{k}")
    }

    /// The scalar-by-scalar filling the byte version replaced (issue 29): the reference.
    static func reference(_ text: String, _ values: [String: String]) -> String {
        guard !values.isEmpty, text.unicodeScalars.contains("{") else { return text }
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if scalars[index] == "{", let close = scalars[(index + 1)...].firstIndex(of: "}") {
                var name = String.UnicodeScalarView()
                name.append(contentsOf: scalars[(index + 1)..<close])
                if let value = values[String(name)] {
                    result.append(contentsOf: value.unicodeScalars)
                    index = close + 1
                    continue
                }
            }
            result.append(scalars[index])
            index += 1
        }
        return String(result)
    }

    @Test func generatedTemplatesFillAsTheScalarFillingDid() {
        let pieces = ["{", "}", "k", "m", "{k}", "{m}", "{n}", "é", "\u{0301}", "中", " of ", "{{", "}}", "\r\n", "e\u{301}", "🇫🇷", "{é}", "{e\u{301}}"]
        let values = ["k": "3", "m": "{k}", "é": "acute", "": "empty", "k}": "x"]
        var random = SplitMix64(seed: 204)
        for _ in 0..<5000 {
            let text = (0..<Int(random.next() % 8)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            #expect(text.filling(values) == Self.reference(text, values), "\(text.debugDescription)")
            #expect(text.filling(values).utf8.elementsEqual(Self.reference(text, values).utf8), "\(text.debugDescription)")
        }
    }
}

