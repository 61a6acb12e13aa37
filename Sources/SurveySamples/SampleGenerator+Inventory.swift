import Foundation
import SurveyModel
import ZIPFoundation

/// The demo's legislation inventory (issue 20): the laws and practices most countries list (the
/// `laws` and `practices` repeats of the questionnaire), an interim round that lists them too, and
/// the developments planted between the two rounds, recorded for the tests and for the reader.
///
/// Laws are consistent with the country's chapter-4 and chapter-5 answers: every act answered
/// `cyber_specific` is covered by a law in force (or adopted), every power with a cyber-specific
/// legal basis is provided by one, except in a few countries where one act is deliberately covered
/// by no listed law (the consistency check's demo, ``InventoryPlan/inconsistencies``). A law keeps
/// its citation (and English title) from one round to the next: that is the key that matches it
/// across rounds, never its position in the list.
extension SampleGenerator {
    /// One listed law (`laws`), as the sender wrote it.
    struct Law: Equatable {
        var title: String
        var titleEN: String
        var type: String
        var status: String
        var yearAdopted: Int?
        var yearAmended: Int?
        var citation: String
        var url: String
        var acts: [String]
        var powers: [String]
        var expectedYear: Int?

        /// The law's answers in the order of the repeat's questions (codes), leaving out what is not answered.
        var fields: [(question: String, values: [String])] {
            var result: [(String, [String])] = [("title", [title]), ("title_en", [titleEN]), ("type", [type]), ("status", [status])]
            if let yearAdopted { result.append(("year_adopted", [String(yearAdopted)])) }
            if let yearAmended { result.append(("year_amended", [String(yearAmended)])) }
            result += [("citation", [citation]), ("url", [url])]
            if !acts.isEmpty { result.append(("acts", acts)) }
            if !powers.isEmpty { result.append(("powers", powers)) }
            if let expectedYear { result.append(("expected_year", [String(expectedYear)])) }
            return result
        }

        /// In force or adopted: a law that covers what it lists (a draft or a repealed law does not).
        var isLaw: Bool { status == "in_force" || status == "adopted" }
    }

    /// One listed good practice or challenge (`practices`).
    struct Practice: Equatable {
        var kind: String
        var chapter: String
        var title: String
        var description: String
        var institution: String
        var year: Int
        var link: String

        var fields: [(question: String, values: [String])] {
            [("kind", [kind]), ("chapter", [chapter]), ("title", [title]), ("description", [description]),
                ("institution", [institution]), ("year", [String(year)]), ("link", [link])]
        }
    }

    /// A country's inventory in a round: nil when it lists nothing (the repeat is not written at
    /// all), empty when it answers with zero occurrences.
    struct Inventory: Equatable {
        var laws: [Law]?
        var practices: [Practice]?
    }

    /// One development planted between the interim round and the current one.
    public struct PlantedDevelopment: Sendable, Equatable {
        /// `draft_became_law`, `amended`, `law_added`, `law_repealed` or `act_newly_covered`.
        public var kind: String
        public var country: String
        /// The law's stable key across rounds: its citation (the same in both rounds).
        public var citation: String
        public var titleEN: String
        /// The field that changed (`status`, `year_amended`, `acts`; empty for a law added).
        public var field: String
        public var before: String
        public var after: String
        public var fileBefore: String
        public var fileAfter: String
    }

    /// A chapter-4 act answered `cyber_specific` that no listed law covers, on purpose.
    public struct PlantedInconsistency: Sendable, Equatable {
        public var country: String
        public var act: String
        public var file: String
    }

    // MARK: Generating

    /// The codes of a draft's answer to `question` (labels read back as codes).
    func codes(_ answers: [(question: String, values: [String])], _ question: Question) -> [String] {
        (answers.first { $0.question == question.id }?.values ?? []).map { code(for: $0, question) }
    }

    /// The chapter-4 acts a draft answered `cyber_specific`, in questionnaire order.
    func cyberSpecificActs(_ answers: [(question: String, values: [String])]) -> [String] {
        questionnaire.questions.filter { $0.chapter == .criminalization && $0.type == .legalForm }
            .filter { codes(answers, $0) == ["cyber_specific"] }.map(\.id)
    }

    /// The chapter-5 powers a draft gave a cyber-specific legal basis, in questionnaire order.
    func cyberSpecificPowers(_ answers: [(question: String, values: [String])]) -> [String] {
        questionnaire.questions.filter { $0.attributes["aspect"] == "legal_basis" && $0.attributes["power"] != nil }
            .filter { codes(answers, $0) == ["cyber_specific"] }.compactMap { $0.attributes["power"] }
    }

    static let lawTitles: [String: [Language: String]] = [
        "act": [.en: "Cybercrime Act", .fr: "Loi relative à la lutte contre la cybercriminalité", .es: "Ley de delitos informáticos",
            .ru: "Закон о противодействии киберпреступности", .zh: "网络犯罪法", .ar: "قانون مكافحة الجرائم الإلكترونية"],
        "code_amendment": [.en: "Criminal Code (Amendment) Act", .fr: "Loi modifiant le Code pénal", .es: "Ley de reforma del Código Penal",
            .ru: "Закон о внесении изменений в Уголовный кодекс", .zh: "刑法修正案", .ar: "قانون تعديل قانون العقوبات"],
        "regulation": [.en: "Regulation on electronic evidence", .fr: "Règlement relatif à la preuve électronique",
            .es: "Reglamento sobre la prueba electrónica", .ru: "Положение об электронных доказательствах", .zh: "电子证据条例",
            .ar: "لائحة الأدلة الإلكترونية"],
        "decree": [.en: "Decree on the protection of computer systems", .fr: "Décret relatif à la protection des systèmes informatiques",
            .es: "Decreto sobre la protección de los sistemas informáticos", .ru: "Указ о защите компьютерных систем", .zh: "计算机系统保护法令",
            .ar: "مرسوم حماية الأنظمة الحاسوبية"],
        "draft_bill": [.en: "Cybersecurity and Cybercrime Bill", .fr: "Projet de loi sur la cybersécurité et la cybercriminalité",
            .es: "Proyecto de ley de ciberseguridad y ciberdelincuencia", .ru: "Законопроект о кибербезопасности и киберпреступности",
            .zh: "网络安全和网络犯罪法草案", .ar: "مشروع قانون الأمن السيبراني والجرائم السيبرانية"],
    ]

    static let practiceTitles: [(kind: String, chapter: String, title: String, description: String, institution: String)] = [
        ("good_practice", "ch5", "Specialised cybercrime unit", "A police unit dedicated to cybercrime investigations", "National police"),
        ("good_practice", "ch7", "24/7 network for urgent requests", "A point of contact answering preservation requests around the clock", "Ministry of Justice"),
        ("challenge", "ch6", "Admissibility of electronic evidence", "Courts apply paper-era rules to electronic evidence", "Supreme Court"),
        ("good_practice", "ch8", "National awareness campaign", "A yearly campaign on online fraud for the public", "National CERT"),
        ("challenge", "ch7", "Slow mutual legal assistance", "Requests for stored data take months to be answered", "Central authority"),
        ("good_practice", "ta", "Training of prosecutors", "A course on cybercrime for every new prosecutor", "Judicial training institute"),
        ("challenge", "ch4", "Offences defined too narrowly", "Older offences do not cover attacks on data", "Law reform commission"),
    ]

    /// A law of `type` numbered `number` in the country (the number makes its citation, its key).
    func law(
        _ country: Country, _ language: Language, type: String, number: Int, status: String, year: Int?, expected: Int?
    ) -> Law {
        let title = Self.lawTitles[type]!
        let suffix = year.map { " \($0)" } ?? ""
        return Law(
            title: title[language]! + suffix, titleEN: title[.en]! + suffix, type: type, status: status, yearAdopted: year, yearAmended: nil,
            citation: "Official Gazette of \(country.iso3), No. \(number)",
            url: "https://legislation.example/\(country.iso3.lowercased())/\(number)", acts: [], powers: [], expectedYear: expected)
    }

    /// The country's inventory in the current round, consistent with its answers: nil (lists none)
    /// for about one in ten, zero occurrences for about one in twelve, otherwise 1–4 laws (the
    /// first a cybercrime act or a code amendment in force) and 0–2 practices. Adopted and amended
    /// years are 2023 at the latest, so that the interim round lists the same laws unless a
    /// development is planted.
    func inventory(for draft: Draft, _ random: inout SplitMix64) -> Inventory {
        let draw = random.unit()
        if draw < 0.1 { return Inventory(laws: nil, practices: nil) }
        if draw < 0.18 { return Inventory(laws: [], practices: []) }
        let country = draft.country
        let count = 1 + Int(random.next() % (country.development == .developed ? 4 : 3))
        var number = 10 + Int(random.next() % 80)
        var laws: [Law] = []
        for index in 0..<count {
            number += 1 + Int(random.next() % 20)
            if index == 0 {
                let type = random.unit() < 0.7 ? "act" : "code_amendment"
                laws.append(law(country, draft.language, type: type, number: number, status: "in_force", year: 2001 + Int(random.next() % 22), expected: nil))
                continue
            }
            let types = ["regulation", "decree", "code_amendment", "draft_bill"]
            let type = types[Int(random.next() % UInt64(types.count))]
            if type == "draft_bill" {
                laws.append(law(country, draft.language, type: type, number: number, status: "draft", year: nil, expected: 2026 + Int(random.next() % 3)))
            } else {
                let status = random.unit() < 0.15 ? "adopted" : "in_force"
                laws.append(law(country, draft.language, type: type, number: number, status: status, year: 2005 + Int(random.next() % 19), expected: nil))
            }
        }
        for index in laws.indices where laws[index].isLaw && random.unit() < 0.4 {
            let adopted = laws[index].yearAdopted!
            if adopted < 2023 { laws[index].yearAmended = adopted + 1 + Int(random.next() % UInt64(2023 - adopted)) }
        }
        // Every cyber-specific act and power to a law that covers it: the first law takes most.
        let covering = laws.indices.filter { laws[$0].isLaw }
        for act in cyberSpecificActs(draft.answers) {
            let index = random.unit() < 0.7 ? covering[0] : covering[Int(random.next() % UInt64(covering.count))]
            laws[index].acts.append(act)
        }
        for power in cyberSpecificPowers(draft.answers) {
            let index = random.unit() < 0.6 ? covering[0] : covering[Int(random.next() % UInt64(covering.count))]
            laws[index].powers.append(power)
        }
        // A draft lists what it would cover: a few acts the country does not yet cover specifically.
        let acts = questionnaire.questions.filter { $0.chapter == .criminalization && $0.type == .legalForm }.map(\.id)
        for index in laws.indices where laws[index].status == "draft" {
            laws[index].acts = acts.filter { _ in random.unit() < 0.3 }
        }
        for index in laws.indices {
            laws[index].acts = acts.filter(laws[index].acts.contains)
            laws[index].powers = Self.powerOrder(questionnaire).filter(laws[index].powers.contains)
        }
        var practices: [Practice] = []
        for _ in 0..<Int(random.next() % 3) {
            let template = Self.practiceTitles[Int(random.next() % UInt64(Self.practiceTitles.count))]
            guard !practices.contains(where: { $0.title == template.title }) else { continue }
            number += 1
            practices.append(
                Practice(
                    kind: template.kind, chapter: template.chapter, title: template.title, description: template.description,
                    institution: template.institution, year: 2015 + Int(random.next() % 11),
                    link: "https://legislation.example/\(country.iso3.lowercased())/practice/\(number)"))
        }
        return Inventory(laws: laws, practices: practices)
    }

    /// The chapter-5 powers in questionnaire order.
    static func powerOrder(_ questionnaire: Questionnaire) -> [String] {
        questionnaire.questions.filter { $0.attributes["aspect"] == "legal_basis" }.compactMap { $0.attributes["power"] }
    }

    /// What the demo's inventory is: each country's inventory in the current and the interim
    /// round, the interim round's answers, and what was planted.
    struct InventoryPlan {
        var current: [String: Inventory] = [:]
        /// The interim round's drafts (codes; weaker answers) with their inventories.
        var interim: [(draft: Draft, inventory: Inventory)] = []
        var developments: [PlantedDevelopment] = []
        var inconsistencies: [PlantedInconsistency] = []
    }

    /// The interim round: two years before ``round`` (nil when the round is not a year).
    public var interimRoundID: String? {
        guard let year = Int(round), year > 1000 else { return nil }
        return String(year - 2)
    }

    /// Plans the inventory: `carrying` are the drafts whose file carries repeats, with that file
    /// (the current round's); the interim round is written for about one country in three of the
    /// respondents, taken among those that list laws, and `fileFor2024` names its file.
    func planInventory(
        drafts: [Draft], carrying: [String: String], interim: Bool, fileForInterim: (Int, Country) -> String
    ) -> InventoryPlan {
        var random = SplitMix64(seed: seed ^ 0x1A35_1A35)
        var plan = InventoryPlan()
        for draft in drafts where carrying[draft.country.iso3] != nil {
            plan.current[draft.country.iso3] = inventory(for: draft, &random)
        }
        let withLaws = drafts.filter { !(plan.current[$0.country.iso3]?.laws ?? []).isEmpty }
        // The interim panel: every other country with laws (about one respondent in three); the
        // rest may carry the deliberate inconsistencies (never in the panel, so that they do not
        // mix with developments).
        let panel = withLaws.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        let others = withLaws.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        for draft in others where plan.inconsistencies.count < 3 {
            let acts = cyberSpecificActs(draft.answers)
            guard acts.count >= 2, var laws = plan.current[draft.country.iso3]?.laws else { continue }
            let act = acts[Int(random.next() % UInt64(acts.count))]
            for index in laws.indices { laws[index].acts.removeAll { $0 == act } }
            plan.current[draft.country.iso3]?.laws = laws
            plan.inconsistencies.append(PlantedInconsistency(country: draft.country.iso3, act: act, file: carrying[draft.country.iso3]!))
        }
        guard interim, let interimRound = interimRoundID, let interimYear = Int(interimRound) else { return plan }
        let planted = interimYear + 1
        var earlier = SplitMix64(seed: seed ^ 0x1E7E_2024)
        let kinds = ["draft_became_law", "amended", "law_added", "law_repealed", "act_newly_covered"]
        var wanted = kinds + kinds  // each twice, on different countries
        // One planted development per country, where the country's laws allow it, taking the
        // countries in turn from each format of the current round (so that every format that
        // carries repeats shows one).
        var byFormat: [String: [String]] = [:]
        for draft in panel { byFormat[String(carrying[draft.country.iso3]!.prefix(6)), default: []].append(draft.country.iso3) }
        var plantOrder: [String] = []
        while byFormat.values.contains(where: { !$0.isEmpty }) {
            for format in byFormat.keys.sorted() where !byFormat[format]!.isEmpty { plantOrder.append(byFormat[format]!.removeFirst()) }
        }
        var plantFor: [String: String] = [:]
        for iso3 in plantOrder {
            guard let kind = wanted.first(where: { plantable($0, plan.current[iso3]!.laws!) }) else { continue }
            wanted.remove(at: wanted.firstIndex(of: kind)!)
            plantFor[iso3] = kind
        }
        for (index, draft) in panel.enumerated() {
            let iso3 = draft.country.iso3
            var now = plan.current[iso3]!
            var before = now
            var laws = now.laws!
            var earlierLaws = laws
            func record(_ kind: String, _ law: Law, _ field: String, _ old: String, _ new: String) {
                plan.developments.append(
                    PlantedDevelopment(
                        kind: kind, country: iso3, citation: law.citation, titleEN: law.titleEN, field: field, before: old, after: new,
                        fileBefore: fileForInterim(index, draft.country), fileAfter: carrying[iso3]!))
            }
            if let kind = plantFor[iso3] {
                switch kind {
                case "draft_became_law":
                    let at = laws.indices.dropFirst().first { laws[$0].isLaw && laws[$0].yearAmended == nil }!
                    laws[at].status = "in_force"
                    laws[at].yearAdopted = planted
                    laws[at].title = retitle(laws[at].title, planted)
                    laws[at].titleEN = retitle(laws[at].titleEN, planted)
                    earlierLaws[at] = laws[at]
                    earlierLaws[at].status = "draft"
                    earlierLaws[at].yearAdopted = nil
                    earlierLaws[at].expectedYear = planted
                    record(kind, laws[at], "status", "draft", "in_force")
                case "amended":
                    laws[0].yearAmended = planted
                    record(kind, laws[0], "year_amended", earlierLaws[0].yearAmended.map(String.init) ?? "", String(planted))
                case "law_added":
                    do {
                        let last = Int(laws.last!.citation.split(separator: " ").last!) ?? 100
                        var added = law(draft.country, draft.language, type: "regulation", number: last + 7, status: "in_force", year: planted, expected: nil)
                        // It covers nothing that was not covered before: only the law is new.
                        added.powers = Array(laws[0].powers.prefix(1))
                        laws.append(added)
                        record(kind, added, "", "", "")
                    }
                case "law_repealed":
                    let at = laws.indices.dropFirst().first { laws[$0].isLaw }!
                    // What it covered stays covered by the first law, in both rounds.
                    for index in [0] {
                        laws[index].acts = unite(laws[index].acts, laws[at].acts, order: cyberActsOrder)
                        laws[index].powers = unite(laws[index].powers, laws[at].powers, order: Self.powerOrder(questionnaire))
                        earlierLaws[index].acts = laws[index].acts
                        earlierLaws[index].powers = laws[index].powers
                    }
                    laws[at].status = "repealed"
                    record(kind, laws[at], "status", earlierLaws[at].status, "repealed")
                case "act_newly_covered":
                    let onlyFirst = laws[0].acts.filter { act in !laws.dropFirst().contains { $0.acts.contains(act) } }
                    let act = onlyFirst[Int(earlier.next() % UInt64(onlyFirst.count))]
                    earlierLaws[0].acts.removeAll { $0 == act }
                    record(kind, laws[0], "acts", "", act)
                default: break
                }
            }
            now.laws = laws
            before.laws = earlierLaws
            before.practices = now.practices?.filter { $0.year < interimYear }
            plan.current[iso3] = now
            // The interim answers: codes, somewhat weaker, and an act no law in force covered then
            // was not answered cyber-specific.
            var older = baselineDraft(draft, &earlier, before: interimYear)
            let covered = Set(earlierLaws.filter(\.isLaw).flatMap(\.acts))
            older.answers = older.answers.map { question, values in
                values == ["cyber_specific"] && question.hasPrefix("ch4_") && !covered.contains(question) ? (question, ["general"]) : (question, values)
            }
            plan.interim.append((older, before))
        }
        return plan
    }

    var cyberActsOrder: [String] {
        questionnaire.questions.filter { $0.chapter == .criminalization && $0.type == .legalForm }.map(\.id)
    }

    func unite(_ a: [String], _ b: [String], order: [String]) -> [String] { order.filter { a.contains($0) || b.contains($0) } }

    func retitle(_ title: String, _ year: Int) -> String {
        var words = title.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        if let last = words.last, Int(last) != nil { words.removeLast() }
        return words.joined(separator: " ") + " \(year)"
    }

    /// Whether a development of `kind` can be planted in these laws.
    func plantable(_ kind: String, _ laws: [Law]) -> Bool {
        switch kind {
        case "draft_became_law": return laws.indices.dropFirst().contains { laws[$0].isLaw && laws[$0].yearAmended == nil }
        case "amended": return true
        case "law_added": return true
        case "law_repealed": return laws.indices.dropFirst().contains { laws[$0].isLaw }
        case "act_newly_covered": return laws[0].acts.contains { act in !laws.dropFirst().contains { $0.acts.contains(act) } }
        default: return false
        }
    }

    // MARK: Writing

    /// The inventory as native XML `<answer>` elements (an `<entry>` per occurrence).
    func inventoryXML(_ inventory: Inventory?) -> String {
        guard let inventory else { return "" }
        var text = ""
        func group(_ id: String, _ entries: [[(question: String, values: [String])]]?) {
            guard let entries else { return }
            guard !entries.isEmpty else {
                text += "  <answer question=\"\(id)\"/>\n"
                return
            }
            text += "  <answer question=\"\(id)\">\n"
            for fields in entries {
                text += "    <entry>\n"
                for (question, values) in fields {
                    if question == "acts" || question == "powers" {
                        text += "      <answer question=\"\(question)\">" + values.map { "<value>\(escape($0))</value>" }.joined() + "</answer>\n"
                    } else {
                        text += "      <answer question=\"\(question)\">\(escape(values.joined()))</answer>\n"
                    }
                }
                text += "    </entry>\n"
            }
            text += "  </answer>\n"
        }
        group("laws", inventory.laws?.map(\.fields))
        group("practices", inventory.practices?.map(\.fields))
        return text
    }

    /// The inventory as XForm instance elements: the repeat's element once per occurrence.
    func inventoryInstance(_ inventory: Inventory?) -> String {
        guard let inventory else { return "" }
        var text = ""
        func group(_ id: String, _ entries: [[(question: String, values: [String])]]?) {
            for fields in entries ?? [] {
                text += "  <\(id)>\n"
                for (question, values) in fields {
                    text += "    <\(question)>\(escape(values.joined(separator: " ")))</\(question)>\n"
                }
                text += "  </\(id)>\n"
            }
        }
        group("laws", inventory.laws?.map(\.fields))
        group("practices", inventory.practices?.map(\.fields))
        return text
    }

    /// The long layout's rows of the inventory: `question_id` the path of ids (`laws/title`),
    /// `repeat_index` the occurrence (`2`), one row per selected option.
    func inventoryLongRows(_ inventory: Inventory?) -> [(question: String, index: String, value: String)] {
        guard let inventory else { return [] }
        var rows: [(String, String, String)] = []
        for (id, entries) in [("laws", inventory.laws?.map(\.fields)), ("practices", inventory.practices?.map(\.fields))] {
            for (offset, fields) in (entries ?? []).enumerated() {
                for (question, values) in fields {
                    for value in values { rows.append(("\(id)/\(question)", String(offset + 1), value)) }
                }
            }
        }
        return rows
    }

    /// The repeat tables of an ODK Central `.csv.zip` (`<formId>-laws.csv`, `<formId>-practices.csv`):
    /// the repeat's fields (select multiple also split into 0/1 columns, as in the main table), then
    /// `PARENT_KEY` (the submission's instance id) and `KEY` (`<instanceID>/laws[2]`).
    func centralRepeatTables(_ rows: [(instanceID: String, inventory: Inventory?, support: [SupportEntry]?)]) -> [(name: String, text: String)] {
        var tables: [(String, String)] = []
        for repeatGroup in questionnaire.repeats {
            var header: [String] = []
            for question in repeatGroup.questions {
                header.append(question.id)
                if question.type == .multipleChoice { header += question.choices.map { question.id + "/" + $0.code } }
            }
            var text = CSVText.header(header + ["PARENT_KEY", "KEY"])
            for (instanceID, inventory, support) in rows {
                let entries: [[(question: String, values: [String])]]?
                switch repeatGroup.id {
                case "laws": entries = inventory?.laws?.map(\.fields)
                case "practices": entries = inventory?.practices?.map(\.fields)
                case "ta_support": entries = support?.map(\.fields)
                default: entries = nil
                }
                for (offset, fields) in (entries ?? []).enumerated() {
                    let byQuestion = Dictionary(fields.map { ($0.question, $0.values) }, uniquingKeysWith: { a, _ in a })
                    var cells: [String] = []
                    for question in repeatGroup.questions {
                        let values = byQuestion[question.id]
                        cells.append((values ?? []).joined(separator: " "))
                        if question.type == .multipleChoice {
                            cells += question.choices.map { values == nil ? "" : (values!.contains($0.code) ? "1" : "0") }
                        }
                    }
                    cells += [instanceID, "\(instanceID)/\(repeatGroup.id)[\(offset + 1)]"]
                    text += CSVText.line(cells.map(CSVCell.text))
                }
            }
            tables.append(("\(questionnaire.id)-\(repeatGroup.id).csv", text))
        }
        return tables
    }

    /// A `.zip` of `entries` (stored, with a fixed date, so that the bytes depend on the entries only).
    static func zip(_ entries: [(name: String, text: String)]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for entry in entries {
            let data = Data(entry.text.utf8)
            try archive.addEntry(
                with: entry.name, type: .file, uncompressedSize: Int64(data.count),
                modificationDate: Date(timeIntervalSince1970: 1_767_225_600), compressionMethod: .none
            ) { position, size in
                data.subdata(in: Int(position)..<min(Int(position) + size, data.count))
            }
        }
        return archive.data ?? Data()
    }

    /// The generator's record of what it planted (CSV text in a `.txt` file, which the inbox walk
    /// skips like a README: it is not a submission).
    func plantedRecord(_ plan: InventoryPlan, interimRound: String) -> String {
        var text = CSVText.header(
            ["country", "development", "law_key", "law_title_en", "field", "before", "after", "round_before", "round_after",
                "file_before", "file_after", "_note"])
        for development in plan.developments {
            text += CSVText.line(
                [development.country, development.kind, development.citation, development.titleEN, development.field, development.before,
                    development.after, interimRound, round, development.fileBefore, development.fileAfter,
                    "generator's record of a planted development, not a submission; law_key is the law's citation, the same in both rounds"]
                    .map(CSVCell.text))
        }
        return text
    }

    func plantedInconsistencyRecord(_ plan: InventoryPlan) -> String {
        var text = CSVText.header(["country", "act", "round", "file", "_note"])
        for item in plan.inconsistencies {
            text += CSVText.line(
                [item.country, item.act, round, item.file,
                    "generator's record: answered cyber_specific, the country lists laws, none covers it; not a submission"].map(CSVCell.text))
        }
        return text
    }
}
