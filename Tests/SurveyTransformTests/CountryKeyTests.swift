import SurveyModel
import SurveyTestSupport
import Testing

@testable import SurveyTransform

/// The loose country key's byte path (``CountryKey/looseASCII(_:)``) gives what the general path
/// gives, on every key the shipped reference's tiers hold and on generated keys that hit every
/// rule (ph, ou, the final e, the letters folded, h, doubled letters, connecting words, spaces).
@Suite struct CountryKeyTests {
    @Test func theByteLooseKeyIsTheGeneralOne() {
        let tiers = CountryResolver.Tiers(Fixtures.reference)
        var keys = Set(tiers.names.keys)
        keys.formUnion(tiers.shortNames.keys)
        keys.formUnion(tiers.impliedShortForms.keys)
        var ascii = 0
        for key in keys {
            guard let fast = CountryKey.looseASCII(key) else {
                #expect(key.utf8.contains { $0 < 0x20 || $0 >= 0x7F }, "\(key) is printable ASCII")
                continue
            }
            ascii += 1
            #expect(fast == CountryKey.looseGeneral(key), "\(key)")
        }
        #expect(ascii > 500, "\(ascii) ASCII keys of \(keys.count)")

        let pieces = [
            "p", "h", "ph", "o", "u", "ou", "e", "x", "j", "y", "k", "q", "z", "w", "a", "s", "n", "t", "ll", " ", "  ", "the",
            "of", "and", "de", "l", "el", "A", "PH", "-", "'", "0", ".",
        ]
        var generator = SplitMix64(seed: 1109)
        for length in 0..<14 {
            for _ in 0..<400 {
                let key = (0..<length).map { _ in pieces.randomElement(using: &generator)! }.joined()
                #expect(CountryKey.looseASCII(key) == CountryKey.looseGeneral(key), "\(key.debugDescription)")
            }
        }
        // Anything but printable ASCII takes the general path.
        for key in ["côte", "ساو", "中国", "tab\there", "del\u{7F}", "россия"] {
            #expect(CountryKey.looseASCII(key) == nil, "\(key)")
        }
    }
}
