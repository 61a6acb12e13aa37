import SurveyModel
import SurveyTestSupport
import SurveyTransform
import Testing

/// The country-name rules of issue 24 item 5, one case or more each (docs/country-names.md), the
/// near-misses between two countries, and the country suggestions.
@Suite struct CountryNameRuleTests {
    static let resolver = CountryResolver(reference: Fixtures.reference)

    @Test(arguments: [
        // Inverted official forms (ISO 3166 writes them so).
        ("Corée, République de", "KOR"), ("Korea, Republic of", "KOR"), ("Iran, République islamique d'", "IRN"),
        ("Congo, The Democratic Republic of the", "COD"), ("Korea, Democratic People's Republic of", "PRK"),
        // Transliteration variants.
        ("Méjico", "MEX"), ("Mejico", "MEX"), ("Bután", "BTN"), ("Irak", "IRQ"), ("Surinam", "SUR"), ("Fiyi", "FJI"),
        // The formal name less its form of government, and the text less its own.
        ("Iran", "IRN"), ("Republic of Guyana", "GUY"), ("Royaume du Bouthan", "BTN"),
        // Acronyms, prefixes, a qualifier naming the same country.
        ("ОАЭ", "ARE"), ("КНДР", "PRK"), ("Myanmar (Birmanie)", "MMR"), ("Соломоновы о-ва", "SLB"),
        // Arabic: vowel marks, tatweel, hamza and alef forms, teh marbuta, alef maqsura, و, the article.
        ("المَغْرِب", "MAR"), ("المغـــرب", "MAR"), ("مغرب", "MAR"), ("البوسنة و الهرسك", "BIH"), ("البوسنه والهرسك", "BIH"),
        ("الامارات العربية المتحدة", "ARE"), ("ليبريا", "LBR"), ("بنين", "BEN"),
        // Arabic: a final teh marbuta as a final alef (سورية / سوريا, against السورية), ساو as سان, the
        // first word of a name written alone (an alef inside it not counted), a compass word.
        ("سوريا", "SYR"), ("سورية", "SYR"), ("ساو تومي وبرينسيبي", "STP"), ("بروناي", "BRN"), ("بروني", "BRN"),
        ("كوريا الجنوبية", "KOR"), ("كوريا الشمالية", "PRK"), ("جنوب كوريا", "KOR"), ("السودان الجنوبي", "SSD"),
        ("Korea South", "KOR"), ("Corée Nord", "PRK"), ("Saudi", "SAU"),
        // Arabic common short forms from the reference's alias list (build_countries.py), and a
        // qualifier that resolves through one of them.
        ("ساحل العاج", "CIV"), ("لاوس", "LAO"), ("الكونغو - كينشاسا", "COD"), ("الكونغو - برازافيل", "COG"),
        ("ميانمار (بورما)", "MMR"), ("الولايات المتحدة", "USA"), ("الولايات المتحدة المكسيكية", "MEX"),
        // Chinese: traditional characters.
        ("摩洛哥王國", "MAR"), ("德國", "DEU"), ("荷蘭", "NLD"), ("俄羅斯聯邦", "RUS"),
        // Russian ё, Cyrillic look-alikes typed in a Latin name.
        ("Объединённые Арабские Эмираты", "ARE"), ("Mоrоccо", "MAR"),
    ])
    func rules(_ typed: String, _ iso3: String) {
        #expect(Self.resolver.resolve(typed) == .country(iso3), "\(typed)")
    }

    /// Near-miss pairs between two countries, several languages: each resolves to the right one
    /// exactly, or is ambiguous/unknown; never the other country.
    @Test(arguments: [
        ("Niger", "NER"), ("Nigeria", "NGA"), ("Níger", "NER"), ("Nigéria", "NGA"), ("Нигер", "NER"), ("Нигерия", "NGA"),
        ("النيجر", "NER"), ("نيجيريا", "NGA"), ("尼日尔", "NER"), ("尼日利亚", "NGA"),
        ("Guinea", "GIN"), ("Guinea-Bissau", "GNB"), ("Equatorial Guinea", "GNQ"), ("Guinée", "GIN"), ("Guinée-Bissau", "GNB"),
        ("Guinée équatoriale", "GNQ"), ("Guinea Ecuatorial", "GNQ"), ("غينيا", "GIN"), ("غينيا بيساو", "GNB"),
        ("غينيا الاستوائية", "GNQ"), ("Sudan", "SDN"), ("South Sudan", "SSD"), ("Soudan du Sud", "SSD"), ("Sudán", "SDN"),
        ("Sudán del Sur", "SSD"), ("السودان", "SDN"), ("جنوب السودان", "SSD"), ("Dominica", "DMA"),
        ("Dominican Republic", "DOM"), ("Dominique", "DMA"), ("République dominicaine", "DOM"), ("Congo", "COG"),
        ("DR Congo", "COD"), ("République démocratique du Congo", "COD"), ("Republic of Korea", "KOR"),
        ("Democratic People's Republic of Korea", "PRK"), ("Samoa", "WSM"), ("American Samoa", "ASM"),
        ("Samoa américaines", "ASM"), ("Austria", "AUT"), ("Australia", "AUS"), ("Autriche", "AUT"), ("Australie", "AUS"),
        ("Австрия", "AUT"), ("Австралия", "AUS"), ("Iran", "IRN"), ("Iraq", "IRQ"), ("Irak", "IRQ"), ("Irán", "IRN"),
        ("إيران", "IRN"), ("العراق", "IRQ"), ("Mali", "MLI"), ("Malawi", "MWI"), ("Malí", "MLI"), ("Malaui", "MWI"),
        ("مالي", "MLI"), ("ملاوي", "MWI"), ("Gambia", "GMB"), ("Zambia", "ZMB"), ("Gambie", "GMB"), ("Zambie", "ZMB"),
        ("Slovakia", "SVK"), ("Slovenia", "SVN"), ("Slovaquie", "SVK"), ("Slovénie", "SVN"), ("Eslovaquia", "SVK"),
        ("Eslovenia", "SVN"), ("Словакия", "SVK"), ("Словения", "SVN"), ("斯洛伐克", "SVK"), ("斯洛文尼亚", "SVN"),
        // Spelling variants of one of a pair that the loose keys read as that one, not the other.
        ("Guinee Bisau", "GNB"), ("Sudann", "SDN"), ("Soudan-du-Sud", "SSD"), ("Guinée Équatoriale", "GNQ"),
    ])
    func nearMissesResolveExactly(_ typed: String, _ iso3: String) {
        #expect(Self.resolver.resolve(typed) == .country(iso3), "\(typed)")
    }

    /// Misspellings between two near-miss countries: never resolved, never suggested as one of
    /// the two.
    @Test(arguments: [
        ("Nigera", ["NER", "NGA"]), ("Domnica", ["DMA", "DOM"]),
        ("Korea", ["KOR", "PRK"]), ("Corée", ["KOR", "PRK"]), ("Samao", ["WSM", "ASM"]), ("Austrlia", ["AUT", "AUS"]),
        ("Ira", ["IRN", "IRQ"]), ("Mlai", ["MLI", "MWI"]), ("Gambai", ["GMB", "ZMB"]), ("Slovkia", ["SVK", "SVN"]),
        ("Slovnia", ["SVK", "SVN"]), ("Congo Kinshasa Brazzaville", ["COD", "COG"]), ("Конго - Киншаса", ["COD", "COG"]),
        ("剛果（金夏沙）", ["COD", "COG"]), ("الولايات", ["USA", "MEX"]),
        // A compass word that no name of the pair carries on that rest decides nothing.
        ("السودان الشمالي", ["SDN", "SSD"]), ("Korea East", ["KOR", "PRK"]),
        // One word that begins the names of several countries.
        ("Saint", ["KNA", "LCA"]), ("جمهورية", ["KOR", "PRK"]),
    ])
    func nearMissMisspellingsAreNeverGuessed(_ typed: String, _ pair: [String]) {
        let resolution = Self.resolver.resolve(typed)
        if case .country(let iso3) = resolution { Issue.record("\(typed) resolved to \(iso3)") }
        if let suggestion = Self.resolver.suggestion(for: typed) {
            #expect(!pair.contains(suggestion.value), "\(typed): suggested \(suggestion.value)")
        }
    }

    /// The compass rule never turns South into North: "North Sudan" is no country's name, and
    /// each Korea resolves by its own compass word in four languages.
    @Test func compassWordsKeepNorthAndSouthApart() {
        #expect(Self.resolver.resolve("North Sudan") == .unknown)
        #expect(Self.resolver.resolve("السودان الشمالي") == .unknown)
        for (south, north) in [("كوريا الجنوبية", "كوريا الشمالية"), ("Korea South", "Korea North"), ("Corée Sud", "Corée Nord"), ("Корея Южная", "Корея Северная")] {
            #expect(Self.resolver.resolve(south) == .country("KOR"), "\(south)")
            #expect(Self.resolver.resolve(north) == .country("PRK"), "\(north)")
        }
    }

    @Test func aClearlyClosestCountryIsSuggested() {
        #expect(Self.resolver.resolve("Madagscar") == .unknown)
        #expect(Self.resolver.suggestion(for: "Madagscar") == Suggestion(.country, "MDG", label: "Madagascar"))
        #expect(Self.resolver.suggestion(for: "Marrocos")?.value == "MAR")
        #expect(Self.resolver.suggestion(for: "Netherland") == Suggestion(.country, "NLD", label: "Netherlands"))
    }

    @Test func twoCloseCandidatesSuggestNothing() {
        // "Nigerr" is one edit from Niger and two from Nigeria: inside the margin, no suggestion.
        #expect(Self.resolver.suggestion(for: "Nigerr") == nil)
        #expect(Self.resolver.suggestion(for: "Atlantis") == nil)
    }

    /// Through the transformer: the diagnostic carries the suggestion, its message ends with it.
    @Test func countryUnknownCarriesTheSuggestion() throws {
        let submission = transformer.transform(raw(country: "Madagscar", [("ch8_cert", ["yes"])]))
        let diagnostic = try #require(submission.diagnostics.first { $0.code == .countryUnknown })
        #expect(diagnostic.suggestion == Suggestion(.country, "MDG", label: "Madagascar"))
        #expect(diagnostic.message.hasSuffix("did you mean Madagascar (MDG)?"))
        let close = transformer.transform(raw(country: "Nigerr", [("ch8_cert", ["yes"])]))
        #expect(close.diagnostics.first { $0.code == .countryUnknown }?.suggestion == nil)
    }
}
