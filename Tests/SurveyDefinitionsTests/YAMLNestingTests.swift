import Foundation
@testable import SurveyDefinitions
import SurveyTestSupport
import Testing

/// The nesting bound that refuses over-deep definition files before Yams reads them
/// (`YAMLNesting`): never below the real nesting, and not far above it, on the cases a line
/// scanner can get wrong. The real depths were computed with PyYAML's event stream.
@Suite struct YAMLNestingTests {
    static let cases: [(name: String, yaml: String, depth: Int)] = [
        ("plain", "a: 1\nb: 2\n", 1),
        ("apostrophe", "label:\n  fr: Cycle de l'enquête\n  en: it's [not] a {flow}\n", 2),
        ("brackets in quotes", "a: \"[[[[{{{{\"\nb: '[[[[ it''s ]]'\n", 1),
        ("block scalar", "a: |\n  - [[[[\n  - {{{{ b: c\n  key: [x]\nb: 1\n", 1),
        ("folded scalar", "a: >-\n  [[[ text\n    - more\nb: [1]\n", 2),
        ("comment", "a: 1 # [[[[ {{{{\n# - - - - [\nb: 2\n", 1),
        ("compact sequence", "key:\n- a\n- b: [c]\n", 4),
        ("nested block sequences", "- - - a\n  - b\n- c\n", 3),
        ("indented sequences", "a:\n  - b:\n      - c:\n          - d\n", 6),
        ("multi-line flow", "a: [1,\n  [2, [3,\n    {b: [4]}]]]\nc: 1\n", 6),
        ("pairs in flow sequence", "a: [b: [c: [d: 1]]]\n", 7),
        ("multi-line quoted", "a: \"first [[[\n  second ]]]\"\nb: [1]\n", 2),
        ("anchors and tags", "a: &x [1, [2]]\nb: !!map {c: [1]}\nd: *x\n", 3),
        ("questionnaire-like", "questions:\n  - id: q1\n    label: {en: \"Q: one\", fr: 'Q : un'}\n    choices: [yes, no]\n", 4),
        ("dash in text", "a: some - text - here\nb: -1\n---\n", 1),
    ]

    @Test(arguments: cases.indices) func theBoundIsNeverBelowTheRealNesting(_ index: Int) {
        let (name, yaml, depth) = Self.cases[index]
        let bound = YAMLNesting.bound(yaml)
        #expect(bound >= depth, "\(name): bound \(bound), real \(depth)")
        #expect(bound <= 2 * depth + 1, "\(name): bound \(bound), real \(depth)")
    }

    /// The project's own definition files (real depths from PyYAML) are read with room to spare.
    @Test func theProjectFilesAreFarBelowTheLimit() throws {
        let files = [
            ("Pipelines/default.yml", 6), ("Pipelines/questionnaires/cybercrime-survey.yml", 5),
            ("Pipelines/reference/countries.yml", 4), ("Pipelines/scoring/priorities.yml", 6),
            ("Pipelines/forms/xlsform-labels.yml", 3), ("Benchmarks/bench.yml", 6),
        ]
        for (path, depth) in files {
            let text = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent(path), encoding: .utf8)
            let bound = YAMLNesting.bound(text)
            #expect(bound >= depth && bound <= 2 * depth + 1, "\(path): bound \(bound), real \(depth)")
            #expect(!YAMLNesting.exceeds(YAMLFile.maxDepth, text))
        }
    }

    /// Deep nesting of every kind is refused whatever hides it: flow, block sequences, indented
    /// mappings, a flow collection spread over lines.
    @Test func deepNestingOfEveryKindIsRefused() {
        let deep = 200
        let texts = [
            "a: " + String(repeating: "[", count: deep) + String(repeating: "]", count: deep),
            String(repeating: "- ", count: deep) + "x",
            (0..<deep).map { String(repeating: "  ", count: $0) + "k\($0):" }.joined(separator: "\n"),
            "a: " + (0..<deep).map { _ in "{b:\n" }.joined() + "1" + String(repeating: "}", count: deep),
            "a: " + String(repeating: "[c: ", count: deep) + "1" + String(repeating: "]", count: deep),
        ]
        for text in texts {
            #expect(YAMLNesting.exceeds(YAMLFile.maxDepth, text), "\(text.prefix(40))")
        }
    }

    /// Lines end where Yams's parser (libyaml) ends them: at `\n`, `\r\n`, a lone `\r`, NEL, LS
    /// and PS. Each of the deep texts above, its lines ended by each of these, is refused; so is
    /// the input `make fuzz-quick` found (`- `, a lone `\r`, then 5,000 `- ` on one line), which
    /// the bound read as one line of depth 2 while Yams nested 5,000 sequences and overflowed the
    /// stack.
    @Test(arguments: ["\r", "\r\n", "\u{85}", "\u{2028}", "\u{2029}"])
    func everyLineBreakYamsKnowsEndsALine(_ lineBreak: String) throws {
        let deep = 200
        let texts = [
            "- " + lineBreak + " " + String(repeating: "- ", count: deep) + "x" + lineBreak,
            (0..<deep).map { String(repeating: "  ", count: $0) + "k\($0):" }.joined(separator: lineBreak),
            (0..<deep).map { String(repeating: "  ", count: $0) + "- " }.joined(separator: lineBreak) + "x",
            "a: " + (0..<deep).map { _ in "{b:" + lineBreak }.joined() + "1" + String(repeating: "}", count: deep),
        ]
        for text in texts {
            let refused = YAMLNesting.exceeds(YAMLFile.maxDepth, text)
            #expect(refused, "\(text.unicodeScalars.prefix(12).map(\.value))")
        }
        // The files' own line endings change nothing for shallow files.
        let shallow = Self.cases.map { $0.yaml.replacingOccurrences(of: "\n", with: lineBreak) }
        for (index, text) in shallow.enumerated() {
            #expect(YAMLNesting.bound(text) >= Self.cases[index].depth, "\(Self.cases[index].name)")
        }
        let found = try String(
            contentsOf: Fixtures.packageRoot.appendingPathComponent("Fuzz/Corpus/FuzzQuestionnaireYAML/deep-block-cr.yml"), encoding: .utf8)
        let refused = YAMLNesting.exceeds(YAMLFile.maxDepth, found)
        #expect(refused, "deep-block-cr.yml, the input make fuzz-quick found")
    }
}
