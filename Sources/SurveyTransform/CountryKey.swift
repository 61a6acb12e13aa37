import Foundation

/// Country-only folding rules, on top of ``MatchKey`` (which every label shares): spellings of
/// one country name that differ in ways no option label needs folded. Each rule is checked by the
/// held-out name lists (Tests/Fixtures/country-names, docs/country-names.md); a rule that makes
/// two countries' names meet turns them ambiguous, never into a guess (``CountryResolver``).
enum CountryKey {
    /// The key of a country name: ``MatchKey``, then teh marbuta as heh, Persian yeh and keheh as
    /// Arabic, the Arabic article dropped from each word and the conjunction و attached to its
    /// word, traditional Chinese characters as simplified, and Cyrillic letters that look Latin
    /// read in the script of the rest of their word.
    static func make(_ text: String) -> String {
        let base = MatchKey.make(text)
        // ASCII keys (most country cells: codes and English names) need none of the rules below.
        if base.utf8.allSatisfy({ $0 < 0x80 }) { return base }
        var words: [String] = []
        var pendingWaw = false
        for word in base.split(separator: " ") {
            var folded = String(String.UnicodeScalarView(word.unicodeScalars.map(scalarFold)))
            folded = lookAlikesInScript(folded)
            folded = withoutArabicArticle(folded)
            if folded == "ва", words.last == "о" {  // Russian "о-ва", short for "острова" (islands)
                words[words.count - 1] = "острова"
                continue
            }
            if folded == "\u{0648}" {  // و written apart: attach it to the next word
                pendingWaw = true
                continue
            }
            if pendingWaw {
                folded = "\u{0648}" + folded
                pendingWaw = false
            }
            words.append(folded)
        }
        if pendingWaw { words.append("\u{0648}") }
        // Chinese is written without spaces; a separator dot (·) or a space between characters
        // is not part of the name.
        var result = ""
        for word in words {
            if let last = result.unicodeScalars.last, let first = word.unicodeScalars.first, !(isHan(last) && isHan(first)) {
                result.append(" ")
            }
            result += word
        }
        return result
    }

    private static func scalarFold(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0x0629: return "\u{0647}"  // ة teh marbuta → ه heh
        case 0x06CC, 0x06D2: return "\u{064A}"  // Persian/Urdu yeh → ي
        case 0x06A9: return "\u{0643}"  // keheh → ك
        case 0x0624: return "\u{0648}"  // waw with hamza → و
        case 0x0626: return "\u{064A}"  // yeh with hamza → ي
        default:
            if let simplified = ChineseCharacters.simplified[scalar] { return simplified }
            return scalar
        }
    }

    static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        (0x4E00...0x9FFF).contains(scalar.value) || (0x3400...0x4DBF).contains(scalar.value)
    }

    /// The Arabic article ال at the start of a word of at least four letters (and وال → و):
    /// names are written with and without it (المغرب / مغرب).
    private static func withoutArabicArticle(_ word: String) -> String {
        let scalars = Array(word.unicodeScalars)
        if scalars.count >= 5, scalars[0] == "\u{0648}", scalars[1] == "\u{0627}", scalars[2] == "\u{0644}" {
            return "\u{0648}" + String(String.UnicodeScalarView(scalars[3...]))
        }
        if scalars.count >= 4, scalars[0] == "\u{0627}", scalars[1] == "\u{0644}" {
            return String(String.UnicodeScalarView(scalars[2...]))
        }
        return word
    }

    /// Cyrillic and Latin letters that look alike (lower case, after folding), both ways.
    private static let cyrillicToLatin: [Unicode.Scalar: Unicode.Scalar] = [
        "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
        "к": "k", "м": "m", "т": "t", "н": "h", "в": "b",
    ]
    private static let latinToCyrillic: [Unicode.Scalar: Unicode.Scalar] = {
        var map: [Unicode.Scalar: Unicode.Scalar] = [:]
        for (cyrillic, latin) in cyrillicToLatin where map[latin] == nil { map[latin] = cyrillic }
        return map
    }()

    /// A word mixing Cyrillic and Latin letters (a look-alike typed in the other layout): its
    /// look-alikes read in the script most of its letters are in. A word in one script is left
    /// alone, so no Latin name is ever read as a Cyrillic one.
    private static func lookAlikesInScript(_ word: String) -> String {
        var latin = 0
        var cyrillic = 0
        for scalar in word.unicodeScalars {
            if (0x61...0x7A).contains(scalar.value) { latin += 1 } else if (0x0400...0x04FF).contains(scalar.value) { cyrillic += 1 }
        }
        guard latin > 0 && cyrillic > 0 else { return word }
        let map = latin >= cyrillic ? cyrillicToLatin : latinToCyrillic
        return String(String.UnicodeScalarView(word.unicodeScalars.map { map[$0] ?? $0 }))
    }

    /// A looser key, tried only when the exact keys found nothing: no spaces, no articles or
    /// connecting words, doubled letters written once, and common transliteration variants of
    /// Latin spellings folded together (x/j/y/i as in México/Méjico and Fiji/Fiyi, ph/f, k/q/c,
    /// z/s, w/u, ou/u, h dropped as in Bhutan/Bután, a final e dropped as in Suriname/Surinam);
    /// Arabic long vowels dropped inside words and a final teh marbuta (سورية / سوريا), ساو as سان.
    static func loose(_ key: String) -> String { looseASCII(key) ?? looseGeneral(key) }

    /// ``looseGeneral(_:)`` of a key of printable ASCII (most keys: the English, French and
    /// Spanish names, codes, aliases), over its bytes: the same steps, a byte for each character.
    /// Through Foundation's replacing and `Character`s, the loose forms were half of the time a
    /// run's workers wait for the country tiers before the first name. Nil for any other key.
    /// `CountryKeyTests` compares the two on every key of the reference and generated ones.
    static func looseASCII(_ key: String) -> String? {
        var key = key
        return key.withUTF8 { bytes -> String? in
            for byte in bytes where byte < 0x20 || byte >= 0x7F { return nil }
            // Words (split on spaces, empty ones left out) but connecting words, unless that
            // leaves none.
            var words: [UnsafeBufferPointer<UInt8>.SubSequence] = bytes.split(separator: 0x20)
            let kept = words.filter { !connectors.contains(String(decoding: $0, as: UTF8.self)) }
            if !kept.isEmpty { words = kept }
            var text: [UInt8] = []
            text.reserveCapacity(bytes.count)
            for word in words { text.append(contentsOf: word) }
            guard !text.isEmpty else { return "" }
            // ph → f, then ou → u, each left to right.
            func replacing(_ first: UInt8, _ second: UInt8, with replacement: UInt8, in text: [UInt8]) -> [UInt8] {
                var out: [UInt8] = []
                out.reserveCapacity(text.count)
                var i = 0
                while i < text.count {
                    if text[i] == first, i + 1 < text.count, text[i + 1] == second {
                        out.append(replacement)
                        i += 2
                    } else {
                        out.append(text[i])
                        i += 1
                    }
                }
                return out
            }
            text = replacing(UInt8(ascii: "p"), UInt8(ascii: "h"), with: UInt8(ascii: "f"), in: text)
            text = replacing(UInt8(ascii: "o"), UInt8(ascii: "u"), with: UInt8(ascii: "u"), in: text)
            if text.last == UInt8(ascii: "e") && text.count > 4 { text.removeLast() }
            var once: [UInt8] = []
            once.reserveCapacity(text.count)
            for byte in text {
                let mapped: UInt8
                switch byte {
                case UInt8(ascii: "x"), UInt8(ascii: "j"), UInt8(ascii: "y"): mapped = UInt8(ascii: "i")
                case UInt8(ascii: "k"), UInt8(ascii: "q"): mapped = UInt8(ascii: "c")
                case UInt8(ascii: "z"): mapped = UInt8(ascii: "s")
                case UInt8(ascii: "w"): mapped = UInt8(ascii: "u")
                case UInt8(ascii: "h"): continue
                default: mapped = byte
                }
                // Doubled letters written once (no Arabic letter in ASCII).
                if mapped != once.last { once.append(mapped) }
            }
            return String(decoding: once, as: UTF8.self)
        }
    }

    /// The loose key of any key, character by character (``loose(_:)``).
    static func looseGeneral(_ key: String) -> String {
        var words = key.split(separator: " ").map(String.init).filter { !connectors.contains($0) }
        if words.isEmpty { words = key.split(separator: " ").map(String.init) }
        // Portuguese "São" is written ساو or سان in Arabic (ساو تومي / سان تومي), as Spanish and
        // Italian "San" is.
        words = words.map { $0 == "\u{0633}\u{0627}\u{0648}" ? "\u{0633}\u{0627}\u{0646}" : $0 }
        var text = words.joined()
        if text.utf8.contains(where: { $0 < 0x80 }) {
            text = text.replacingOccurrences(of: "ph", with: "f").replacingOccurrences(of: "ou", with: "u")
            if text.hasSuffix("e") && text.count > 4 { text.removeLast() }
            text = String(
                text.map { character -> Character in
                    switch character {
                    case "x", "j", "y": return "i"
                    case "k", "q": return "c"
                    case "z": return "s"
                    case "w": return "u"
                    default: return character
                    }
                }.filter { $0 != "h" })
        }
        // Arabic long vowels (alef, waw, yeh) after a word's first letter, and a final heh (teh
        // marbuta), and تش for ش: transliterations differ in them (ليبيريا / ليبريا, مالطا / مالطة). Doubled
        // letters stay (بنن): shadda, not a doubled letter, marks doubling in Arabic.
        if !text.unicodeScalars.contains(where: { (0x0621...0x064A).contains($0.value) }) {
            var once = ""
            for character in text where character != once.last { once.append(character) }
            text = once
        } else {
            var scalars: [Unicode.Scalar] = []
            // "تش" and "ش" both write the sound "ch" (تشيلي / شيلي).
            for scalar in text.replacingOccurrences(of: "\u{062A}\u{0634}", with: "\u{0634}").unicodeScalars {
                if !scalars.isEmpty, ["\u{0627}", "\u{0648}", "\u{064A}"].contains(scalar) { continue }
                scalars.append(scalar)
            }
            // The final teh marbuta is a vowel ("-a") like a final alef, which the loop above
            // already dropped: سورية / سوريا, كورية / كوريا (two letters at least are kept).
            if scalars.count > 2, scalars.last == "\u{0647}" { scalars.removeLast() }
            text = String(String.UnicodeScalarView(scalars))
        }
        return text
    }

    /// A lighter key than ``loose(_:)`` for one Arabic word: only an alef after its first letter
    /// dropped (بروناي / بروني); other scripts as they are. For the beginning of a name written
    /// as one word, where the loose key (two or three consonants in Arabic) would say too little.
    static func light(_ word: String) -> String {
        guard word.unicodeScalars.contains(where: { (0x0621...0x064A).contains($0.value) }) else { return word }
        var scalars: [Unicode.Scalar] = []
        for scalar in word.unicodeScalars {
            if !scalars.isEmpty, scalar == "\u{0627}" { continue }
            scalars.append(scalar)
        }
        return String(String.UnicodeScalarView(scalars))
    }

    /// Compass words that make one country of another's name ("South Korea", "Corée du Sud",
    /// "Южная Корея", "كوريا الجنوبية", "جنوب السودان"), in folded form, by direction.
    static let directionWords: [String: String] = {
        var map: [String: String] = [:]
        for word in ["south", "sud", "sur", "южная", "южный", "южное", "جنوب", "الجنوبية", "الجنوبي"] { map[make(word)] = "south" }
        for word in ["north", "nord", "norte", "северная", "северный", "северное", "شمال", "الشمالية", "الشمالي"] {
            map[make(word)] = "north"
        }
        return map
    }()

    /// A key's one compass word and the rest of its words (connecting words left out): "coree du
    /// sud" → ("south", "coree"). Nil unless exactly one word is a compass word and others remain.
    static func direction(of key: String) -> (direction: String, base: String)? {
        let words = key.split(separator: " ").map(String.init)
        let compass = words.filter { directionWords[$0] != nil }
        guard compass.count == 1, let direction = directionWords[compass[0]] else { return nil }
        let rest = words.filter { directionWords[$0] == nil && !connectors.contains($0) }
        return rest.isEmpty ? nil : (direction, rest.joined(separator: " "))
    }

    /// The initials of a name's words (connecting words left out), upper-cased, for acronyms:
    /// "Объединенные Арабские Эмираты" → "ОАЭ", "Democratic Republic of the Congo" → "DRC". Nil
    /// below three letters (two-letter acronyms are ISO alpha-2 codes).
    static func initials(_ key: String) -> String? {
        let words = key.split(separator: " ").filter { !connectors.contains(String($0)) }
        guard words.count >= 3, !words.contains(where: { $0.unicodeScalars.first.map(isHan) ?? false }) else { return nil }
        return String(words.compactMap(\.first)).uppercased()
    }

    /// Articles, prepositions and conjunctions inside names, in the six languages' folded form.
    static let connectors: Set<String> = [
        "the", "of", "and", "le", "la", "les", "l", "de", "d", "du", "des", "et", "el", "los", "las", "del", "y", "e",
        "и",
    ]

    /// Words of a form of government (and the adjectives that go with one), in folded form: what a
    /// formal name has and its short form has not ("République islamique d'Iran" → "Iran"); also
    /// "islands", which names keep or drop ("جزر المالديف" / "ملديف").
    static let governmentWords: Set<String> = {
        let words = [
            // English
            "republic", "kingdom", "state", "states", "federal", "federative", "federated", "islamic", "democratic",
            "socialist", "people", "s", "plurinational", "bolivarian", "sultanate", "principality", "grand", "duchy",
            "commonwealth", "independent", "arab", "cooperative", "co", "operative", "oriental", "hashemite", "union",
            "emirate", "emirates", "islands", "iles", "islas", "острова",
            // French
            "republique", "royaume", "etat", "etats", "federale", "federative", "federes", "islamique", "democratique",
            "populaire", "socialiste", "plurinational", "bolivarienne", "sultanat", "principaute", "duche",
            "independant", "arabe", "cooperative", "orientale", "hachemite", "emirat", "emirats",
            // Spanish
            "republica", "reino", "estado", "estados", "federativa", "federados", "islamica", "democratica", "popular",
            "socialista", "plurinacional", "bolivariana", "sultanato", "principado", "gran", "ducado",
            "mancomunidad", "independiente", "cooperativa", "hachemita", "union", "emirato", "emiratos",
            // Russian
            "республика", "королевство", "государство", "федеративная", "федеративные", "исламская", "демократическая",
            "народная", "социалистическая", "многонациональное", "боливарианская", "султанат", "княжество", "великое",
            "герцогство", "содружество", "независимое", "арабская", "кооперативная", "восточная", "хашимитское", "союз",
            "эмират", "эмираты", "федерация", "штаты",
            // Arabic (written with the article; folded without it)
            "جمهورية", "المملكة", "مملكة", "دولة", "الاتحادية", "الإسلامية", "الديمقراطية", "الديموقراطية", "الشعبية",
            "الاشتراكية", "المتعددة", "القوميات", "البوليفارية", "سلطنة", "إمارة", "دوقية", "الكبرى", "المستقلة", "العربية",
            "التعاونية", "الشرقية", "الهاشمية", "اتحاد", "جزر", "الاتحاد", "الفيدرالية", "الموحدة", "المتحدة", "كومنولث", "ولايات",
        ]
        return Set(words.map { make($0) })
    }()

    /// Chinese forms of government, written after the name ("伊朗伊斯兰共和国" → "伊朗") or before
    /// it ("阿拉伯叙利亚共和国" → "叙利亚"), longest first.
    static let chineseGovernmentForms = [
        "联邦民主共和国", "民主社会主义共和国", "民主主义人民共和国", "人民民主共和国", "多民族玻利维亚国", "社会主义共和国", "伊斯兰共和国",
        "玻利瓦尔共和国", "合作共和国", "东岸共和国", "联合共和国", "民主共和国", "人民共和国", "联邦共和国", "独立国", "大公国", "酋长国",
        "共和国", "联邦", "王国", "公国", "苏丹国", "阿拉伯", "哈希姆", "多民族国", "合众国", "联合", "民主", "人民", "伊斯兰",
    ]

    /// The short form a formal name implies: the formal name's key without its leading article,
    /// its form of government and connecting words ("la république islamique d iran" → "iran",
    /// "республика корея" → "корея", "伊朗伊斯兰共和国" → "伊朗"). Nil when nothing, or nothing but
    /// such words, is left, or when it is the key itself.
    static func shortForm(ofFormal key: String) -> String? {
        if let first = key.unicodeScalars.first, isHan(first) {
            var text = key
            var changed = true
            while changed {
                changed = false
                for form in chineseGovernmentForms {
                    if text.hasSuffix(form) && text.count > form.count + 1 {
                        text = String(text.dropLast(form.count))
                        changed = true
                    } else if text.hasPrefix(form) && text.count > form.count + 1 {
                        text = String(text.dropFirst(form.count))
                        changed = true
                    }
                }
            }
            return text == key || text.count < 2 ? nil : text
        }
        var words = key.split(separator: " ").map(String.init)
        // Leading: articles, forms of government and connectors ("the united republic of").
        while let first = words.first, connectors.contains(first) || governmentWords.contains(first)
            || (first == "united" && words.count > 1 && governmentWords.contains(words[1]))
            || (first == "unie" || first == "unida" || first == "объединенная")
        {
            words.removeFirst()
        }
        // Trailing adjectives of the form ("... islamique", Arabic "... الإسلامية").
        while let last = words.last, words.count > 1, governmentWords.contains(last) || connectors.contains(last) {
            words.removeLast()
        }
        guard !words.isEmpty, words.contains(where: { !governmentWords.contains($0) && !connectors.contains($0) }) else {
            return nil
        }
        let short = words.joined(separator: " ")
        return short == key || short.count < 3 ? nil : short
    }
}
