import SurveyModel
import SurveyTestSupport
import SurveyTransform
import Testing

let transformer = Transformer(questionnaire: Fixtures.questionnaire, reference: Fixtures.reference, defaultRound: "2026")

/// Names as people type them: no UNTERM articles, other case, accents, spacing, apostrophes.
@Suite struct CountryResolutionTests {
    @Test(arguments: [
        ("FRA", "FRA"), ("fr", "FRA"), ("250", "FRA"), ("76", "BRA"), ("076", "BRA"), ("4", "AFG"),
    ])
    func codes(_ typed: String, _ iso3: String) {
        #expect(transformer.resolveCountry(typed) == .country(iso3))
    }

    @Test(arguments: [
        ("Netherlands", "NLD"), ("the Netherlands", "NLD"), ("NETHERLANDS", "NLD"), ("Türkiye", "TUR"),
        ("Turkiye", "TUR"), ("Turkey", "TUR"), ("Cote d’Ivoire", "CIV"), ("côte d'ivoire", "CIV"),
        ("United  Kingdom", "GBR"), ("Bolivia", "BOL"), ("Plurinational State of Bolivia", "BOL"),
        ("Federative Republic of Brazil", "BRA"), ("Russian Federation", "RUS"),
    ])
    func english(_ typed: String, _ iso3: String) {
        #expect(transformer.resolveCountry(typed) == .country(iso3))
    }

    @Test(arguments: [
        ("Brésil", "BRA"), ("bresil", "BRA"), ("Pays Bas", "NLD"), ("pays-bas", "NLD"), ("Côte d’Ivoire", "CIV"),
        ("Chine", "CHN"), ("États-Unis d’Amérique", "USA"), ("Fédération de Russie", "RUS"),
    ])
    func french(_ typed: String, _ iso3: String) {
        #expect(transformer.resolveCountry(typed) == .country(iso3))
    }

    @Test(arguments: [
        ("Brasil", "BRA"), ("PAISES BAJOS", "NLD"), ("Países Bajos", "NLD"), ("Estados Unidos de America", "USA"),
        ("federacion de rusia", "RUS"),
    ])
    func spanish(_ typed: String, _ iso3: String) {
        #expect(transformer.resolveCountry(typed) == .country(iso3))
    }

    @Test(arguments: [("бразилия", "BRA"), ("НИДЕРЛАНДЫ", "NLD"), ("Российская  Федерация", "RUS"), ("Турция", "TUR")])
    func russian(_ typed: String, _ iso3: String) {
        #expect(transformer.resolveCountry(typed) == .country(iso3))
    }

    @Test(arguments: [("巴西", "BRA"), ("荷兰", "NLD"), ("中国", "CHN"), (" 土耳其 ", "TUR")])
    func chinese(_ typed: String, _ iso3: String) {
        #expect(transformer.resolveCountry(typed) == .country(iso3))
    }

    @Test(arguments: [("البرازيل", "BRA"), ("هولندا", "NLD"), ("الصين", "CHN"), ("الاتحاد الروسى", "RUS")])
    func arabic(_ typed: String, _ iso3: String) {
        // "الاتحاد الروسى" is typed with alef maqsura for the final ya, as people often do.
        #expect(transformer.resolveCountry(typed) == .country(iso3))
    }

    @Test(arguments: ["Saint-Martin", "San Martín"])
    func aNameOfTwoCountriesIsAnErrorNeverAGuess(_ typed: String) {
        #expect(transformer.resolveCountry(typed) == .ambiguous(["MAF", "SXM"]))
    }

    @Test(arguments: ["Atlantis", "", "Korea"])
    func unknownNames(_ typed: String) {
        #expect(transformer.resolveCountry(typed) == .unknown)
    }
}
