import Foundation
import SurveyModel
import SurveyTestSupport
import Testing

@testable import SurveyTransform

/// The byte-level matching the readers' codebook uses (issue 29, item 1): each piece must find a
/// text only where the `String` path finds the same thing, and never read a cell the `String`
/// path would read otherwise.
@Suite struct ByteMatchingTests {
    @Test func byteTableFindsExactlyItsKeys() {
        var random = SplitMix64(seed: 41)
        var entries: [String: Int] = [:]
        let alphabet = Array("abcXYZ_ 0é中ء-".unicodeScalars)
        for index in 0..<500 {
            var key = ""
            for _ in 0..<Int(random.next() % 20) { key.unicodeScalars.append(alphabet[Int(random.next() % UInt64(alphabet.count))]) }
            entries[key] = index
        }
        let table = ByteTable(entries)
        for (key, value) in entries { #expect(table.value(key) == value, "\(key.debugDescription)") }
        var misses = 0
        for _ in 0..<2000 {
            var key = ""
            for _ in 0..<Int(random.next() % 20) { key.unicodeScalars.append(alphabet[Int(random.next() % UInt64(alphabet.count))]) }
            // Byte for byte: a key's other normal form is another key (or none).
            #expect(table.value(key) == entries.first(where: { Array($0.key.utf8) == Array(key.utf8) })?.value)
            if entries[key] == nil { misses += 1 }
        }
        #expect(misses > 100)
        let composed = ByteTable(["\u{E9}": 1])
        #expect(composed.value("\u{E9}") == 1)
        #expect(composed.value("e\u{301}") == nil)  // canonically equal, other bytes: the String path's
        #expect(ByteTable([:]).value("anything") == nil)
        #expect(ByteTable(["": 7]).value("") == 7)
    }

    /// `selectionBits` on a cell's bytes against `selection` on its text: the same codes and
    /// votes whenever it reads the cell, on generated cells of every multiple-choice question.
    @Test func selectionBitsIsTheStringSelection() {
        var random = SplitMix64(seed: 42)
        let joins = ["|", " | ", ";", " ; ", "||", " ", "  ", "\t", "\n", ",", " |\u{0301} "]
        var read = 0
        var tried = 0
        for question in Fixtures.questionnaire.questions where question.type == .multipleChoice {
            let matcher = ChoiceMatcher(choices: question.choices)
            var words = question.choices.map(\.code) + question.choices.compactMap { $0.label[.fr] }
            words += question.choices.compactMap { $0.label[.ar] } + question.choices.map { $0.code.uppercased() }
            words += question.choices.compactMap { $0.label[.es]?.decomposedStringWithCanonicalMapping } + ["none", "x"]
            for _ in 0..<400 {
                var text = words[Int(random.next() % UInt64(words.count))]
                for _ in 0..<Int(random.next() % 3) {
                    text += joins[Int(random.next() % UInt64(joins.count))] + words[Int(random.next() % UInt64(words.count))]
                }
                tried += 1
                var byteVotes = LanguageVotes()
                let bits = Array(text.utf8).withUnsafeBufferPointer { matcher.selectionBits($0, votes: &byteVotes) }
                var stringVotes = LanguageVotes()
                let selection = matcher.selection(text, votes: &stringVotes)
                guard let bits else {
                    #expect(byteVotes == LanguageVotes())
                    continue
                }
                read += 1
                #expect(selection == matcher.codes.indices.filter { bits & (1 << UInt64($0)) != 0 }.map { matcher.codes[$0] }, "\(text.debugDescription)")
                #expect(byteVotes == stringVotes, "\(text.debugDescription)")
            }
        }
        #expect(read > 1000, "\(read) of \(tried)")
    }

    /// A label holding U+037E (canonically `;`) is one choice to the `String` path even when a
    /// sender writes it with `;`: bytes cannot tell, so such a list reads nothing on bytes. And a
    /// whole cell canonically equal to a label in other bytes (a Kelvin sign) is that label, not
    /// a list of words.
    @Test func canonicalEquivalentsOfSeparatorsAndWordsAreLeftToTheStringPath() {
        let semicolon = ChoiceMatcher(choices: [
            Choice(code: "a", label: LocalizedText([.en: "x\u{037E}y"])), Choice(code: "x", label: LocalizedText([.en: "x"])),
            Choice(code: "y", label: LocalizedText([.en: "y"])),
        ])
        var votes = LanguageVotes()
        #expect(semicolon.selection("x;y") == ["a"])
        #expect(Array("x;y".utf8).withUnsafeBufferPointer { semicolon.selectionBits($0, votes: &votes) } == nil)
        let kelvin = ChoiceMatcher(choices: [
            Choice(code: "k", label: LocalizedText([.en: "\u{212A} b"])), Choice(code: "K", label: LocalizedText([.en: "Kay"])),
            Choice(code: "b", label: LocalizedText([.en: "Bee"])),
        ])
        #expect(kelvin.selection("K b") == ["k"])  // the whole text is choice k's label, canonically
        #expect(Array("K b".utf8).withUnsafeBufferPointer { kelvin.selectionBits($0, votes: &votes) } == nil)
        #expect(Array("K|b".utf8).withUnsafeBufferPointer { kelvin.selectionBits($0, votes: &votes) } == 0b110)
    }

    @Test func plainDigitsOnBytesIsTheTextsReading() {
        for text in ["0", "12", "007", "12%", "%", "1%%", "", "-1", "1.0", "123456789012345", "1234567890123456", "٣", " 1"] {
            for percent in [false, true] {
                let bytes = Array(text.utf8).withUnsafeBufferPointer { NumberParser.plainDigits($0, allowPercentSign: percent) }
                let general = NumberParser.read(text, wholeNumber: true, allowPercentSign: percent)
                if let bytes { #expect(general?.value == bytes && general?.isWhole == true, "\(text)") }
            }
        }
    }

    /// Votes packed a byte per language and added back: the same counts.
    @Test func packedVotesAddBack() {
        var votes = LanguageVotes()
        for (index, language) in Language.allCases.enumerated() { for _ in 0...index { votes.add(language) } }
        var again = LanguageVotes()
        again.add(packed: votes.packed!)
        #expect(again == votes)
        var many = LanguageVotes()
        for _ in 0..<256 { many.add(.fr) }
        #expect(many.packed == nil)
    }
}
