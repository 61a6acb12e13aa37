import SurveyModel
import Testing

@testable import SurveyLoad

/// The file cache's interning table (`FileCacheCodec.StringNumbers`, issue 29): it must number
/// strings exactly as the dictionary it replaced did (the order first seen), since the numbers are
/// written into every cache entry.
@Suite struct StringNumbersTests {
    /// A dictionary numbering strings in the order first seen: the reference.
    struct Reference {
        var numbers: [String: Int] = [:]
        mutating func number(of value: String) -> (number: Int, inserted: Bool) {
            if let number = numbers[value] { return (number, false) }
            numbers[value] = numbers.count
            return (numbers.count - 1, true)
        }
    }

    @Test func numbersAreThoseOfADictionary() {
        var random = SplitMix64(seed: 2912)
        // Every length from 0 to 40 bytes (the hash's whole words and tails), ASCII and not,
        // strings differing in one byte only, the same text in different storage, and enough
        // of them to grow the table several times from a small start.
        let alphabet = Array("ab_c0é法ب ") + ["\u{1F600}"]
        var pool: [String] = ["", "a", "ch5_search_used", "ch5_search_usee", "yes", "no", "none"]
        for _ in 0..<3000 {
            let length = Int.random(in: 0...40, using: &random)
            pool.append(String((0..<length).map { _ in alphabet.randomElement(using: &random)! }))
        }
        for length in 0...40 {
            let base = String(repeating: "x", count: length)
            pool.append(base)
            pool.append(base + "y")
            pool.append("y" + base)
        }
        for capacity in [1, 16, 256] {
            var table = FileCacheCodec.StringNumbers(capacity: capacity)
            var reference = Reference()
            for _ in 0..<20000 {
                let value = pool.randomElement(using: &random)!
                // Half the time a copy in storage of its own, so that equal strings are compared
                // by their bytes, not found by identity.
                let given = Bool.random(using: &random) ? String(decoding: Array(value.utf8), as: UTF8.self) : value
                let got = table.number(of: given)
                let expected = reference.number(of: given)
                #expect(got == expected, "\(capacity) \(given.debugDescription)")
                if got != expected { return }
            }
            #expect(table.strings.count == reference.numbers.count)
            for (number, string) in table.strings.enumerated() { #expect(reference.numbers[string] == number) }
        }
    }

    @Test func theHashReadsEveryByte() {
        // Strings of every length that differ in one byte at each position: a hash that skipped
        // a byte (a tail cut short, a word not read) gives two of them the same value somewhere.
        for length in 1...33 {
            let base = Array(repeating: UInt8(ascii: "a"), count: length)
            let baseHash = FileCacheCodec.StringNumbers.hash(String(decoding: base, as: UTF8.self))
            for position in 0..<length {
                var other = base
                other[position] = UInt8(ascii: "b")
                #expect(FileCacheCodec.StringNumbers.hash(String(decoding: other, as: UTF8.self)) != baseHash, "\(length) \(position)")
            }
            // And the length: "a…a" and "a…a\0" differ.
            #expect(FileCacheCodec.StringNumbers.hash(String(decoding: base + [0], as: UTF8.self)) != baseHash, "\(length)")
        }
    }
}
