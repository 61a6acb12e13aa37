import Foundation

/// Folds text the way people's spellings differ: case, accents, width, apostrophes, hyphens,
/// punctuation and spacing. Two spellings of one name give the same key.
enum MatchKey {
    static func make(_ text: String) -> String {
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
