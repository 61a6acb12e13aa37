import Foundation

/// Folds text the way people's spellings differ: case, accents, width, apostrophes, hyphens,
/// punctuation and spacing. Two spellings of one name give the same key.
enum MatchKey {
    static func make(_ text: String) -> String { asciiKey(text) ?? foldedKey(text) }

    /// The key of an all-ASCII text without Foundation's folding (most answers, codes and field
    /// names): folding ASCII only lowers its case, and ASCII letters and digits are its only word
    /// characters. Nil when the text has a byte outside ASCII. Tests check it against the general
    /// path.
    static func asciiKey(_ text: String) -> String? {
        let key = text.utf8.withContiguousStorageIfAvailable { bytes -> String? in
            for byte in bytes where byte >= 0x80 { return nil }
            return String(unsafeUninitializedCapacity: bytes.count) { out in
                var count = 0
                var pendingSpace = false
                for byte in bytes {
                    let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                    if (lower >= 0x61 && lower <= 0x7A) || (lower >= 0x30 && lower <= 0x39) {
                        if pendingSpace && count > 0 {
                            out[count] = 0x20
                            count += 1
                        }
                        pendingSpace = false
                        out[count] = lower
                        count += 1
                    } else {
                        pendingSpace = true
                    }
                }
                return count
            }
        }
        return key ?? nil
    }

    /// ``asciiKey(_:)`` of an all-ASCII text's bytes (the caller has checked they are ASCII).
    static func asciiKeyBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var pendingSpace = false
        for byte in bytes {
            let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            if (lower >= 0x61 && lower <= 0x7A) || (lower >= 0x30 && lower <= 0x39) {
                if pendingSpace && !out.isEmpty { out.append(0x20) }
                pendingSpace = false
                out.append(lower)
            } else {
                pendingSpace = true
            }
        }
        return out
    }

    /// Foundation's folding, then Arabic spellings, then words joined by one space.
    static func foldedKey(_ text: String) -> String {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        var result = ""
        result.reserveCapacity(folded.unicodeScalars.count)
        var pendingSpace = false
        for scalar in folded.unicodeScalars {
            let mapped = arabicFold(scalar)
            guard let mapped else { continue }
            if isWordCharacter(mapped) {
                if pendingSpace && !result.isEmpty { result.append(" ") }
                pendingSpace = false
                result.unicodeScalars.append(mapped)
            } else {
                pendingSpace = true
            }
        }
        return result
    }

    /// Letters and digits; everything else separates words.
    private static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    /// Arabic spellings: hamza-carrying alef forms to bare alef, alef maqsura to ya, tatweel and
    /// short-vowel marks dropped.
    private static func arabicFold(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        switch scalar.value {
        case 0x0622, 0x0623, 0x0625, 0x0671: return "\u{0627}"
        case 0x0649: return "\u{064A}"
        case 0x0640, 0x064B...0x065F, 0x0670: return nil
        default: return scalar
        }
    }

    /// Leading articles people sometimes type before a country name ("the Netherlands", "le Brésil").
    static let leadingArticles = ["the ", "le ", "la ", "les ", "l ", "el ", "los ", "las "]

    /// The key without a leading article, or nil when it has none.
    static func withoutLeadingArticle(_ key: String) -> String? {
        for article in leadingArticles where key.hasPrefix(article) && key.count > article.count {
            return String(key.dropFirst(article.count))
        }
        return nil
    }
}
