// The country profile pages (issue 21) rendered from a fixture `CountryProfile` with every field
// filled: labels not codes, "not answered" as such, the respondents' shares, a suppressed share, a
// partly comparable change, every law with its index, right to left in Arabic with the page's own
// strings, self-contained; and the index page's links.
import Foundation
import SurveyModel
@testable import SurveyPublish
import SurveyTestSupport
import Testing

@Suite struct ProfilePagesTests {
    static func text(_ en: String, fr: String? = nil, ar: String? = nil) -> ProfileText {
        var values = ["en": en]
        if let fr { values["fr"] = fr }
        if let ar { values["ar"] = ar }
        return ProfileText(values)
    }

    static let yesNo = [
        ProfileCode(code: "yes", label: text("Yes", fr: "Oui", ar: "نعم")),
        ProfileCode(code: "no", label: text("No", fr: "Non", ar: "لا")),
    ]

    static let profile: CountryProfile = {
        let europe = ProfileCode(code: "150", label: text("Europe", fr: "Europe", ar: "أوروبا"))
        let west = ProfileCode(code: "155", label: text("Western Europe", fr: "Europe occidentale", ar: "أوروبا الغربية"))
        let cert = ProfileItem(
            question: "ch8_cert", text: text("Is there a national CERT?", fr: "Existe-t-il un CERT national ?", ar: "هل يوجد فريق وطني؟"),
            type: "single_choice", options: yesNo,
            answers: [ProfileAnswer(respondent: "ministry", options: ["yes"]), ProfileAnswer(respondent: "police", options: ["no"])],
            shares: [ProfileOptionShare(option: "yes", n: 1, of: 2), ProfileOptionShare(option: "no", n: 1, of: 2)])
        let spam = ProfileItem(
            question: "ch4_spam", text: text("Is spam criminalized?"), type: "legal_form",
            options: [ProfileCode(code: "specific", label: text("Yes, a cyber-specific offence")), ProfileCode(code: "none", label: text("Not criminalized"))])
        let days = ProfileItem(
            question: "ch7_response_days", text: text("Average days to answer a request"), type: "decimal",
            unit: text("days", fr: "jours", ar: "أيام"), answers: [ProfileAnswer(respondent: "ministry", number: 45.5)])
        let trained = ProfileItem(
            question: "ch6_trained_share", text: text("Share of prosecutors trained"), type: "percent", unit: .plain("%"),
            answers: [ProfileAnswer(respondent: "ministry", number: 12.5)])
        let comment = ProfileItem(
            question: "ch3_comment", text: text("Comments"), type: "text", answers: [ProfileAnswer(respondent: "police", text: "See <annex> & notes")])
        let ta = ProfileItem(
            question: "ta_needs", text: text("Areas where assistance is requested"), type: "multiple_choice",
            options: [ProfileCode(code: "forensics", label: text("Digital forensics")), ProfileCode(code: "training", label: text("Training of judges"))],
            answers: [ProfileAnswer(respondent: "ministry", options: ["forensics", "training"])])
        let latest = ProfileRound(
            round: "2026", questionnaireVersion: "2026.2", answered: true,
            submissions: [ProfileSubmission(id: "s1", file: "fra-ministry.xml", respondent: "ministry"), ProfileSubmission(id: "s2", file: "fra-police.csv", respondent: "police")],
            respondents: ["ministry", "police"],
            chapters: [
                ProfileChapter(chapter: "3", title: text("Legislation and frameworks"), items: [comment]),
                ProfileChapter(chapter: "4", title: text("Criminalization"), items: [spam]),
                ProfileChapter(chapter: "6", title: text("Electronic evidence"), items: [trained]),
                ProfileChapter(chapter: "7", title: text("International cooperation"), items: [days]),
                ProfileChapter(chapter: "8", title: text("Prevention", fr: "Prévention"), items: [cert]),
                ProfileChapter(chapter: "TA", title: text("Technical assistance"), items: [ta]),
            ])
        let world = ProfileCode(code: "001", label: text("World", fr: "Monde"))
        let headline = [
            ProfileHeadlineItem(
                chapter: "8", question: "ch8_cert", text: cert.text, option: yesNo[0], answer: cert, choseOption: true,
                region: ProfileShare(group: europe, percent: nil, ciLow: nil, ciHigh: nil, n: 2, nResponding: 3, nAnswered: 3, nInGroup: 44, nNotResponding: 41, flag: "suppressed"),
                world: ProfileShare(group: world, percent: 63.5, ciLow: 53.4, ciHigh: 72.6, n: 40, nResponding: 63, nAnswered: 63, nInGroup: 193, nNotResponding: 130, flag: "normal")),
            ProfileHeadlineItem(
                chapter: "4", question: "ch4_spam", text: spam.text, option: ProfileCode(code: "any_form", label: text("in any form")),
                answer: spam, choseOption: nil,
                region: ProfileShare(group: europe, percent: 20, ciLow: 5.7, ciHigh: 51, n: 2, nResponding: 10, nAnswered: 10, nInGroup: 44, nNotResponding: 34, flag: "low_reliability"),
                world: nil),
        ]
        let laws = [
            ProfileLaw(
                index: 1, respondent: "ministry", title: "Loi n° 2004-575", titleEnglish: "Law on confidence in the digital economy",
                type: ProfileCode(code: "act", label: text("Act", fr: "Loi")), status: ProfileCode(code: "in_force", label: text("In force", fr: "En vigueur")),
                yearAdopted: 2004, yearAmended: 2016, citation: "JORF 143", url: "https://www.legifrance.gouv.fr/loi/2004-575",
                acts: [ProfileCode(code: "ch4_illegal_access", label: text("Illegal access", fr: "Accès illégal"))],
                powers: [ProfileCode(code: "search", label: text("Search of computer systems", fr: "Perquisition"))],
                nested: [ProfileNestedEntry(path: "amendments[1]", index: 1, fields: ["year": "2016"])]),
            ProfileLaw(
                index: 2, respondent: "police", title: "Projet de loi", type: ProfileCode(code: "draft_bill", label: text("Draft bill")),
                status: ProfileCode(code: "draft", label: text("Draft")), expectedYear: 2027, url: "javascript:alert(1)"),
            ProfileLaw(index: 3, title: "Décret 2025-1"),
        ]
        let practice = ProfilePractice(
            index: 1, respondent: "ministry",
            fields: [
                ProfileItem(
                    question: "kind", text: text("Kind"), type: "single_choice",
                    options: [ProfileCode(code: "good_practice", label: text("Good practice", fr: "Bonne pratique"))],
                    answers: [ProfileAnswer(options: ["good_practice"])]),
                ProfileItem(question: "title", text: text("Title"), type: "text", answers: [ProfileAnswer(text: "Joint cyber unit")]),
            ])
        var beforeDays = days
        beforeDays.answers = [ProfileAnswer(respondent: "ministry", number: 60)]
        var beforeCert = cert
        beforeCert.answers = []
        beforeCert.shares = []
        let changes = ProfileChanges(
            from: "2022", to: "2026",
            items: [
                ProfileChange(question: "ch8_cert", text: cert.text, before: beforeCert, after: cert, comparable: "yes", note: nil),
                ProfileChange(
                    question: "ch7_response_days", text: days.text, before: beforeDays, after: days, comparable: "partial",
                    note: "2022 counted calendar days"),
            ],
            notComparable: ["ch4_spam"])
        let diagnostics = [
            ProfileDiagnostic(
                round: "2026", code: "value-out-of-range", severity: "warning", message: "ch7_response_days 45.5 above the usual range",
                file: "fra-ministry.xml", line: 88, question: "ch7_response_days"),
        ]
        let tiles = [
            ProfileTile(iso3: "DEU", name: text("Germany", ar: "ألمانيا"), subregion: "155", responded: true, hasProfile: true),
            ProfileTile(iso3: "FRA", name: text("France", ar: "فرنسا"), subregion: "155", responded: true, hasProfile: true),
            ProfileTile(iso3: "BEL", name: text("Belgium"), subregion: "155", responded: false, hasProfile: true),
            ProfileTile(iso3: "LUX", name: text("Luxembourg"), subregion: "155", responded: false, hasProfile: false),
            ProfileTile(iso3: "ITA", name: text("Italy"), subregion: "039", responded: true, hasProfile: true),
        ]
        return CountryProfile(
            country: ProfileCountry(
                iso3: "FRA", name: text("France", fr: "France", ar: "فرنسا"), region: europe, subregion: west, unStatus: "member",
                inPopulation: true, groups: [ProfileCode(code: "development:developed", label: text("Developed economies"))]),
            questionnaire: ProfileQuestionnaire(id: "unodc-cybercrime-survey", version: "2026.2", title: text("UNODC survey")),
            rounds: [ProfileRound(round: "2022", questionnaireVersion: "2022.1", answered: true), ProfileRound(round: "2024", questionnaireVersion: "2026.2", answered: false), latest],
            latestRound: "2026", previousRound: "2022", headline: headline, laws: laws, practices: [practice], changes: changes,
            technicalAssistance: [ta], dataQuality: diagnostics, regionTiles: tiles)
    }()

    static let languages: [Language] = [.ar, .en, .fr]

    /// The locator's world: five European States and one American on a small grid; FRA, DEU and
    /// ITA answered 2026, BEL an earlier round only, LUX and USA never (no profile).
    static let world: WorldTiles = {
        func country(_ iso3: String, _ name: String, _ region: String) -> Country {
            Country(iso3: iso3, iso2: String(iso3.prefix(2)), m49: "000", name: LocalizedText([.en: name]), region: region)
        }
        let reference = CountryReference(
            countries: [country("FRA", "France", "150"), country("DEU", "Germany", "150"), country("BEL", "Belgium", "150"),
                country("LUX", "Luxembourg", "150"), country("ITA", "Italy", "150"), country("USA", "United States", "019")],
            regions: [])
        let layout = TileLayout([
            ("USA", TileCell(column: 1, row: 2)), ("BEL", TileCell(column: 3, row: 1)), ("LUX", TileCell(column: 4, row: 1)),
            ("FRA", TileCell(column: 3, row: 2)), ("DEU", TileCell(column: 4, row: 2)), ("ITA", TileCell(column: 4, row: 3)),
        ])
        return WorldTiles(
            layout: layout, reference: reference,
            rounds: ["FRA": ["2022", "2026"], "DEU": ["2026"], "ITA": ["2026"], "BEL": ["2022"]], profiles: ["FRA", "DEU", "ITA", "BEL"])
    }()

    static func page(_ language: Language, _ profile: CountryProfile = profile, world: WorldTiles? = world) -> String {
        ProfilePages.html(profile, context: ProfilePageContext(language: language, defaultLanguage: .en, languages: languages, world: world))
    }

    /// The page's visible text: tags dropped, entities decoded (the few the renderer writes).
    static func visible(_ html: String) -> String {
        var text = html.replacingOccurrences(of: "<style>[^<]*</style>", with: "", options: .regularExpression)
        text = text.replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text
    }

    /// The opening tags containing `marker`.
    static func tags(_ html: String, _ marker: String) -> [String] {
        html.components(separatedBy: "<").dropFirst().map { String($0.prefix { $0 != ">" }) }.filter { $0.contains(marker) }
    }

    @Test func answersShowLabelsNotCodesAndNotAnsweredAsSuch() throws {
        let html = Self.page(.en)
        let text = Self.visible(html)
        // Labels, never the codes, in the answers.
        #expect(text.contains("Yes: 1 of 2 respondents") && text.contains("No: 1 of 2 respondents"))
        #expect(html.contains("Digital forensics</span>; <span class=\"option\" data-option=\"training\">Training of judges</span>"))
        #expect(!text.contains("forensics;") && !text.contains(" good_practice"))
        // A number with its unit; a percent; a text escaped as written.
        #expect(text.contains("45.5 days") && text.contains("12.5%"))
        #expect(html.contains("See &lt;annex&gt; &amp; notes"))
        // The unanswered item says so, and is never "No".
        let unanswered = try #require(html.components(separatedBy: "<tr ").first { $0.contains("data-question=\"ch4_spam\" data-type") }?
            .components(separatedBy: "</tr>").first)
        #expect(unanswered.contains("data-answered=\"false\"") && unanswered.contains("Not answered"))
        #expect(!unanswered.contains(">No<") && !unanswered.contains("Not criminalized") && !unanswered.contains("data-option="))
        // Respondents listed per round and per answer.
        #expect(html.contains("<li data-respondent=\"police\"><span class=\"respondent\">police</span>: <span class=\"option\" data-option=\"no\">No</span></li>"))
        #expect(html.contains("data-option=\"yes\" data-n=\"1\" data-of=\"2\""))
        #expect(html.contains("<ul class=\"respondents\"><li>ministry</li><li>police</li></ul>"))
        // Chapters in order with their titles.
        let chapters = Self.tags(html, "class=\"chapter\"").map { $0.components(separatedBy: "data-chapter=\"")[1].prefix { $0 != "\"" } }
        #expect(chapters == ["3", "4", "6", "7", "8", "TA"])
    }

    @Test func headlineSharesReadAsTheReportsShareText() throws {
        let html = Self.page(.en)
        let text = Self.visible(html)
        #expect(text.contains("63.5% (53.4–72.6); 63 of 193 States answered"))
        #expect(text.contains("suppressed (too few answers); 3 of 44 States answered"), "a suppressed share as such, with its n of N")
        #expect(text.contains("20.0% (5.7–51.0) †; 10 of 44 States answered") && text.contains("† few answers"))
        #expect(text.contains("chose this option"))
        // The figures as data- attributes.
        let shares = Self.tags(html, "class=\"num share\"")
        #expect(shares.contains { $0.contains("data-group=\"001\" data-percent=\"63.5\" data-ci-low=\"53.4\" data-ci-high=\"72.6\" data-n=\"40\" data-n-responding=\"63\" data-n-answered=\"63\" data-n-not-responding=\"130\" data-n-in-group=\"193\" data-flag=\"normal\"") })
        #expect(shares.contains { $0.contains("data-group=\"150\" data-percent=\"\"") && $0.contains("data-flag=\"suppressed\"") })
        #expect(Self.tags(html, "class=\"headline-item\"").map { $0.contains("data-chose=\"true\"") } == [true, false])
    }

    @Test func everyLawIsListedWithItsIndexAndWhatItCovers() throws {
        for language in Self.languages {
            let html = Self.page(language)
            let laws = Self.tags(html, "class=\"law\"")
            #expect(laws.map { $0.components(separatedBy: "data-law-index=\"")[1].prefix { $0 != "\"" } } == ["1", "2", "3"], "\(language)")
        }
        let html = Self.page(.fr)
        #expect(html.contains("<a class=\"url\" rel=\"noreferrer\" href=\"https://www.legifrance.gouv.fr/loi/2004-575\">"))
        #expect(!html.contains("href=\"javascript:"), "only http(s) addresses become links")
        let text = Self.visible(html)
        #expect(text.contains("Accès illégal") && text.contains("Perquisition") && text.contains("En vigueur") && text.contains("adoptée en 2004"))
        #expect(text.contains("Law on confidence in the digital economy") && text.contains("JORF 143") && text.contains("attendue en 2027"))
        #expect(html.contains("data-acts=\"ch4_illegal_access\" data-powers=\"search\""))
        #expect(html.contains("data-path=\"amendments[1]\""))
        #expect(text.contains("Bonne pratique") && text.contains("Joint cyber unit"))
    }

    @Test func changesShowLabelsTheCrosswalksNoteAndTheItemsNotCompared() throws {
        let html = Self.page(.en)
        let text = Self.visible(html)
        #expect(text.contains("Changes since the previous round (2022 → 2026)"))
        let partial = try #require(html.components(separatedBy: "<tr ").first { $0.hasPrefix("class=\"change\" data-question=\"ch7_response_days\"") })
        #expect(partial.contains("data-comparable=\"partial\"") && partial.contains("partly comparable</span>: 2022 counted calendar days"))
        #expect(partial.contains("60 days") && partial.contains("45.5 days") && partial.contains("data-difference=\"-14.5\">(−14.5)"))
        let cert = try #require(html.components(separatedBy: "<tr ").first { $0.hasPrefix("class=\"change\" data-question=\"ch8_cert\"") })
        #expect(cert.contains("Not answered") && cert.contains("1 of 2 respondents"))
        #expect(html.contains("<ul class=\"not-comparable\"><li data-question=\"ch4_spam\">Is spam criminalized?</li></ul>"))
        // Data-quality notes with their code, severity, message and place.
        #expect(html.contains("data-code=\"value-out-of-range\" data-severity=\"warning\" data-file=\"fra-ministry.xml\" data-line=\"88\""))
        #expect(text.contains("fra-ministry.xml:88") && text.contains("warning") && text.contains("above the usual range"))
        // The technical-assistance section lists its items.
        let ta = try #require(html.components(separatedBy: "<section id=\"technical-assistance\">").last)
        #expect(ta.contains("Digital forensics"))
    }

    @Test func arabicIsRightToLeftWithItsOwnStringsAndIsolatedNumbers() throws {
        let html = Self.page(.ar)
        #expect(html.contains("<html lang=\"ar\" dir=\"rtl\">"))
        #expect(html.contains("الإجابات فصلا فصلا") && html.contains("لم يُجب عنه") && html.contains("القوانين"))
        #expect(html.contains("ترجمة الواجهة مُعدّة آليا"), "the unreviewed translation says so")
        #expect(!Self.page(.en).contains("class=\"notice translation\""))
        // Ranges and percents isolated left to right, the Arabic separator, the difference signed.
        #expect(html.contains("\u{2066}63.5%\u{2069} (\u{2066}53.4–72.6\u{2069})؛ أجابت 63 من 193 دولة"))
        #expect(html.contains("(\u{2066}−14.5\u{2069})"))
        #expect(html.contains("2022 ← 2026"))
        // Labels in Arabic where the profile has them, English where it has not.
        #expect(html.contains(">نعم<") && html.contains("Digital forensics"))
        #expect(html.contains("<title>فرنسا — الملف القطري</title>"))
    }

    @Test func pagesAreSelfContainedAndLinkTheIndexTheReportAndTheOtherLanguages() throws {
        let index = CountryProfileIndex(
            rounds: ["2022", "2026"],
            regions: [
                ProfileIndexRegion(
                    region: ProfileCode(code: "150", label: Self.text("Europe", ar: "أوروبا")),
                    countries: [
                        ProfileIndexEntry(iso3: "FRA", name: Self.text("France"), respondedRounds: ["2022", "2026"], hasProfile: true),
                        ProfileIndexEntry(iso3: "LUX", name: Self.text("Luxembourg"), respondedRounds: [], hasProfile: false),
                        ProfileIndexEntry(iso3: "BEL", name: Self.text("Belgium"), respondedRounds: ["2022"], hasProfile: true),
                    ]),
                ProfileIndexRegion(region: ProfileCode(code: "outside", label: Self.text("Outside the population")), countries: []),
            ])
        var pages: [String] = []
        for language in Self.languages {
            let context = ProfilePageContext(language: language, defaultLanguage: .en, languages: Self.languages)
            pages += [Self.page(language), ProfilePages.indexHTML(index, context: context)]
        }
        for html in pages {
            for marker in ["src=", "url(", "<link", "<script", "@import", "<img", "<iframe"] {
                #expect(!html.lowercased().contains(marker), "\(marker)")
            }
        }
        let english = Self.page(.en)
        #expect(english.contains("<a class=\"index-link\" href=\"index.html\">All countries</a>"))
        #expect(english.contains("<a class=\"report-link\" href=\"../report.html\">"))
        #expect(english.contains("hreflang=\"ar\" lang=\"ar\" href=\"FRA.ar.html\">العربية</a>") && english.contains("href=\"FRA.fr.html\">Français</a>"))
        #expect(Self.page(.fr).contains("href=\"../report.fr.html\"") && Self.page(.fr).contains("href=\"FRA.html\">English</a>"))
        // The locator: the world grid, a tile per Member State; this one highlighted (and only
        // this one), the others of its region outlined, the States that answered the profile's
        // latest round shaded, profiles linked, no link for a State without one or for itself.
        #expect(Self.tags(english, "svg class=\"tile-grid\"").count == 1)
        #expect(Self.tags(english, "class=\"t ").count == 6, "a tile per State of the layout")
        #expect(Self.tags(english, "data-status=\"self\"").count == 1 && english.contains("<g class=\"t me self rg\" data-iso3=\"FRA\" data-status=\"self\">"))
        #expect(english.contains("<a href=\"DEU.html\" class=\"t rs rg\" data-iso3=\"DEU\" data-status=\"responded\">"))
        #expect(english.contains("<a href=\"BEL.html\" class=\"t rn rg\" data-iso3=\"BEL\" data-status=\"not-responded\">"), "answered 2022 only")
        #expect(!english.contains("href=\"LUX.html\"") && english.contains("<g class=\"t rn rg\" data-iso3=\"LUX\" data-status=\"not-responded\">"))
        #expect(english.contains("<g class=\"t rn\" data-iso3=\"USA\" data-status=\"not-responded\">"), "outside the region: not outlined")
        #expect(english.contains("<title>Germany: Responded in round 2026</title>") && english.contains("<text class=\"tile-label\" x=\"83\" y=\"38\">DEU</text>"))
        #expect(!english.contains("…"), "no label cut with an ellipsis")
        #expect(Self.page(.ar).contains("<svg class=\"tile-grid\" role=\"img\" aria-label=\"على خريطة العالم\" direction=\"ltr\""))
        // The index: by region, the States with a profile linked, the counts per round.
        let html = ProfilePages.indexHTML(index, context: ProfilePageContext(language: .en, defaultLanguage: .en, languages: Self.languages))
        #expect(html.contains("<a class=\"profile-link\" href=\"FRA.html\">France</a>") && html.contains("<a class=\"profile-link\" href=\"BEL.html\">Belgium</a>"))
        #expect(!html.contains("href=\"LUX.html\"") && html.contains("<td>Luxembourg</td>"))
        #expect(html.contains("data-round=\"2022\" data-n=\"2\" data-of=\"3\"") && html.contains("data-round=\"2026\" data-n=\"1\" data-of=\"3\""))
        #expect(Self.visible(html).contains("Round 2026: 1 of 3 responded"))
        #expect(html.contains("<td class=\"status not-responded\" data-round=\"2026\" data-responded=\"false\">No response</td>"))
        #expect(html.contains("<a class=\"report-link\" href=\"../report.html\">") && html.contains("href=\"index.ar.html\">العربية</a>"))
        let arabic = ProfilePages.indexHTML(index, context: ProfilePageContext(language: .ar, defaultLanguage: .en, languages: Self.languages))
        #expect(arabic.contains("dir=\"rtl\"") && arabic.contains("href=\"FRA.ar.html\"") && arabic.contains(">أوروبا</h2>"))
    }

    @Test func emptySectionsSaySoAndNeverClaimNoChange() throws {
        // A profile as a first round gives it: no answers yet, no laws, no earlier round.
        let bare = CountryProfile(
            country: ProfileCountry(iso3: "KEN", name: Self.text("Kenya"), region: nil, subregion: nil, unStatus: "member", inPopulation: false, groups: []),
            questionnaire: ProfileQuestionnaire(id: "q", version: "1", title: Self.text("Q")),
            rounds: [ProfileRound(round: "2022", questionnaireVersion: "1", answered: true), ProfileRound(round: "2026", questionnaireVersion: "1", answered: true)],
            latestRound: "2026")
        let text = Self.visible(Self.page(.en, bare))
        #expect(text.contains("No law listed in round 2026.") && text.contains("No current data-quality note."))
        #expect(text.contains("The changes since an earlier round are not in this profile."), "an earlier round answered: not \"nothing to compare\"")
        #expect(text.contains("Outside the survey’s population"))
        #expect(!Self.page(.en, bare, world: nil).contains("id=\"locator\"") && !Self.page(.en, bare).contains("id=\"headline\""))
        var first = bare
        first.rounds = [first.rounds[1]]
        #expect(Self.visible(Self.page(.en, first)).contains("No earlier round answered: nothing to compare."))
    }

    @Test func theReportLinksOnlyStatesWithAProfileInItsLanguage() {
        var input = ReportInput(
            questionnaire: Fixtures.questionnaire, reference: Fixtures.reference, language: .fr, statistics: [], progress: [],
            priorities: [], groupPriorities: [], model: nil, countriesByRound: [], run: nil, diagnostics: [])
        #expect(!ReportBuilder(input: input).html.contains("countries/"), "no profiles: no links")
        input.profiles = ["FRA"]
        input.pipelineLanguage = .en
        let builder = ReportBuilder(input: input)
        #expect(builder.countryLink("FRA", "France") == "<a class=\"profile-link\" href=\"countries/FRA.fr.html\">France</a>")
        #expect(builder.countryLink("DEU", "Allemagne & co") == "Allemagne &amp; co", "no profile: the name alone")
        #expect(builder.html.contains("<a class=\"profiles-index-link\" href=\"countries/index.fr.html\">"))
        input.language = .en
        #expect(ReportBuilder(input: input).countryLink("FRA", "France").contains("href=\"countries/FRA.html\""))
        #expect(Publisher.profilePath("FRA") == "countries/FRA.html")
    }

    @Test func everyInterfaceStringIsInTheSixLanguages() {
        for (key, values) in ProfileStrings.table {
            for language in Language.allCases where !(key == "translation_notice" && language == .en) {
                #expect(!(values[language] ?? "").isEmpty, "\(key) in \(language)")
            }
            // The same placeholders in every language.
            let placeholders = { (text: String) in Set(text.matches(of: /\{[a-zA-Z]+\}/).map { String($0.output) }) }
            for language in Language.allCases where values[language] != nil {
                #expect(placeholders(values[language]!) == placeholders(values[.en] ?? ""), "\(key) in \(language)")
            }
        }
        #expect(Set(ProfileStrings.languageNames.keys) == Set(Language.allCases))
    }

    /// The per-respondent list of an answer as answerHTML wrote it before each option's span was
    /// made once per question (the reference).
    static func referenceList(_ item: ProfileItem, _ format: ProfileFormat) -> String {
        var html = "<ul class=\"by-respondent\">"
        for answer in item.answers {
            let name = answer.respondent ?? ""
            html += "<li data-respondent=\"\(format.escape(name))\"><span class=\"respondent\">\(format.escape(name))</span>: \(format.answerValue(answer, of: item))</li>"
        }
        return html + "</ul>"
    }

    @Test func respondentsAnswersAsTheyWereWrittenCorrectionsMarked() throws {
        // Options chosen by several respondents, an option the item does not list, a number, a
        // text, a corrected answer (its mark and the sender's value), names to escape, in Arabic too.
        var corrected = ProfileAnswer(respondent: "r<3>", options: ["yes"])
        corrected.corrected = try JSONDecoder().decode(
            ProfileCorrection.self,
            from: Data(#"{"original":"no","reason":"typo","source":"call","analyst":"A&B","date":"2026-01-02","place":"c.csv:2"}"#.utf8))
        let answers = [
            ProfileAnswer(respondent: "r1", options: ["yes", "partly"]), ProfileAnswer(respondent: "r2", options: ["yes"]),
            corrected, ProfileAnswer(respondent: "r\"4", options: ["unlisted", "yes"]), ProfileAnswer(respondent: "r5", number: 12.5),
            ProfileAnswer(respondent: "r6", text: "<b>x</b>"), ProfileAnswer(respondent: nil, options: ["partly"]),
        ]
        let item = ProfileItem(
            question: "q", text: Self.text("Q"), type: "multiple_choice", unit: Self.text("%"),
            options: [ProfileCode(code: "yes", label: Self.text("Yes", ar: "نعم")), ProfileCode(code: "partly", label: Self.text("Partly & so"))],
            answers: answers)
        for language in [Language.en, .ar, .fr] {
            let format = ProfileFormat(language: language)
            let html = format.answerHTML(item)
            #expect(html.hasSuffix(Self.referenceList(item, format)), "\(language)")
            #expect(html.contains("class=\"corrected\""))
        }
    }
}
