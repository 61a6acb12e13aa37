import SurveyModel
import SurveyTestSupport
import SurveyTransform
import Testing

/// The module's transformer: the project's questionnaire and reference, rounds 2013 (an older
/// round some tests name), 2022 and 2026.
let transformer = Transformer(
    questionnaire: Fixtures.questionnaire, reference: Fixtures.reference, defaultRound: "2026", rounds: ["2013"] + Fixtures.rounds)

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

    /// "Korea" is the short form of two formal names (Republic of Korea, Democratic People's
    /// Republic of Korea): ambiguous, never a guess.
    @Test func koreaIsAmbiguous() {
        #expect(transformer.resolveCountry("Korea") == .ambiguous(["KOR", "PRK"]))
    }

    @Test(arguments: ["Atlantis", ""])
    func unknownNames(_ typed: String) {
        #expect(transformer.resolveCountry(typed) == .unknown)
    }
}

/// `NA` is Namibia's alpha-2 code, and what R and pandas write for a blank: it is Namibia only in
/// a file whose other countries are alpha-2 codes (issue 16 section 5).
@Suite struct NACountryTests {
    func file(_ countries: [String?], format: SourceFormat = .wideCSV) -> [Submission] {
        let raws = countries.enumerated().map { index, country in
            var submission = raw(country: country, ordinal: index + 1, [("ch8_cert", ["yes"])])
            submission.format = format
            return submission
        }
        return transformer.transform(file: raws, format: format)
    }

    @Test(arguments: [["FR", "NA", "DE"], ["NA", "br", " KE "], ["FR", "na"], ["FR", "", "NA"]])
    func amongAlpha2CodesNAIsNamibia(_ countries: [String]) throws {
        let submissions = file(countries)
        let na = try #require(submissions.first { $0.countryGiven.uppercased() == "NA" })
        #expect(na.status == .accepted)
        #expect(na.country == "NAM")
    }

    @Test(arguments: [
        ["NA"], ["NA", "NA"], ["FRA", "NA"], ["France", "NA"], ["FR", "FRA", "NA"], ["FR", "NA", "France"], ["250", "NA"],
        ["NA", "Atlantis"],
    ])
    func elsewhereNAIsReportedNeverResolved(_ countries: [String]) throws {
        let submissions = file(countries)
        for submission in submissions where submission.countryGiven.uppercased() == "NA" {
            #expect(submission.status == .rejected, "\(countries)")
            #expect(submission.reason == .countryAmbiguousNA, "\(countries)")
            #expect(submission.country == nil)
            let diagnostic = try #require(submission.diagnostics.first { $0.code == .countryAmbiguousNA })
            #expect(diagnostic.found == "NA")
            #expect(DiagnosticCode.countryAmbiguousNA.remedy.contains("NAM"))
        }
    }

    /// A submission checked alone is a file of one.
    @Test func aSubmissionAloneIsAFileOfOne() {
        let submission = transformer.transform(raw(country: "NA", [("ch8_cert", ["yes"])]))
        #expect(submission.reason == .countryAmbiguousNA)
        #expect(transformer.transform(raw(country: "NAM", [("ch8_cert", ["yes"])])).country == "NAM")
        #expect(transformer.transform(raw(country: "Namibia", [("ch8_cert", ["yes"])])).country == "NAM")
    }

    /// The long layout: rows of NA are not merged into Namibia's submission written NAM.
    @Test func longLayoutRowsOfNAAreNotMergedIntoNamibia() throws {
        let submissions = file(["NAM", "NA"], format: .longCSV)
        #expect(submissions.map(\.status) == [.accepted, .rejected])
        let na = try #require(submissions.dropFirst().first)
        #expect(na.reason == .countryAmbiguousNA)
    }
}
