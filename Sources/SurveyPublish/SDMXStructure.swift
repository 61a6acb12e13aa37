// `statistics.sdmx-structure.xml`: the SDMX-ML 2.1 structure message that describes
// `statistics.sdmx.csv` (issue 17): the codelists of its coded columns, the concepts, the data
// structure definition and the dataflow the CSV's DATAFLOW column names. Written with ``XMLTree``,
// which escapes every text and attribute value: no text reaches the file unescaped.

public import SurveyModel

/// An XML element tree, written with every text and attribute value escaped (XML 1.0: `&`, `<`,
/// `>`, `"` as entities; the control characters XML 1.0 forbids are dropped, as the XLSX writer
/// does). Attributes keep the order given; children are indented two spaces a level.
public struct XMLTree: Sendable {
    public var name: String
    public var attributes: [(String, String)]
    public var text: String?
    public var children: [XMLTree]

    public init(_ name: String, _ attributes: [(String, String)] = [], text: String? = nil, _ children: [XMLTree] = []) {
        self.name = name
        self.attributes = attributes
        self.text = text
        self.children = children
    }

    /// An element with children only.
    public init(_ name: String, _ children: [XMLTree]) { self.init(name, [], text: nil, children) }

    /// The element and its children, each on its own line; the XML declaration first when `document`.
    public func rendered(document: Bool = true) -> String {
        var out = document ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" : ""
        render(into: &out, depth: 0)
        return out
    }

    private func render(into out: inout String, depth: Int) {
        out += String(repeating: "  ", count: depth) + "<" + name
        for (key, value) in attributes { out += " \(key)=\"\(Self.escape(value))\"" }
        if let text {
            out += ">\(Self.escape(text))</\(name)>\n"
        } else if children.isEmpty {
            out += "/>\n"
        } else {
            out += ">\n"
            for child in children { child.render(into: &out, depth: depth + 1) }
            out += String(repeating: "  ", count: depth) + "</\(name)>\n"
        }
    }

    /// Escapes text for XML content and attribute values (``XMLText/escape(_:apostrophe:)``).
    public static func escape(_ value: String) -> String { XMLText.escape(value) }
}

/// The SDMX-ML 2.1 structure message of `statistics.sdmx.csv`.
public struct SDMXStructure: Sendable {
    /// A code of a codelist: its id and its names (only the languages that have one; English first).
    public struct Code: Sendable {
        public var id: String
        public var names: [(Language, String)]

        public init(id: String, names: [(Language, String)]) {
            self.id = id
            self.names = names
        }

        /// The code named by `text` in each language it has (English when it has none).
        public init(id: String, text: LocalizedText) {
            let names = Language.allCases.sorted { ($0 != .en ? 1 : 0, $0.rawValue) < ($1 != .en ? 1 : 0, $1.rawValue) }
                .compactMap { language in text[language].flatMap { $0.isEmpty ? nil : (language, $0) } }
            self.init(id: id, names: names.isEmpty ? [(.en, id)] : names)
        }
    }

    /// The file beside `statistics.sdmx.csv`.
    public static let file = "statistics.sdmx-structure.xml"

    /// The message's `Header/Prepared`, which SDMX-ML 2.1 requires: a fixed value, so that the file's
    /// bytes depend on the run's inputs only (the run's clock is not an input). It says nothing about
    /// when the file was written.
    public static let prepared = "2000-01-01T00:00:00Z"

    public let agency: String
    public let dataflowID: String
    public let version: String
    /// REF_AREA: every group a statistics row can have (world, regions, sub-regions, 514/515,
    /// 199/432/722, custom groups, `outside`).
    public var areas: [Code]
    public var chapters: [Code]
    public var questions: [Code]
    public var options: [Code]
    /// The release the data belongs to (`legisurvey release NAME`, docs/releases.md): an
    /// annotation of the dataflow (`com:Annotation` of type `LEGISURVEY_RELEASE`, its title the
    /// release id, its text the software version). SDMX-CSV 1.0 has no header, so the data file
    /// itself is unchanged and names the dataflow this structure annotates. Nil: no annotation.
    public var release: String?

    /// The DSD's id: the dataflow's with `DF_` replaced by `DSD_` (prefixed when it has none).
    public var structureID: String {
        dataflowID.hasPrefix("DF_") ? "DSD_" + dataflowID.dropFirst(3) : "DSD_" + dataflowID
    }

    /// From `dataflow` as the CSV's DATAFLOW column writes it, `AGENCY:ID(VERSION)`; nil if it is not.
    public init?(dataflow: String, areas: [Code], chapters: [Code], questions: [Code], options: [Code]) {
        guard let colon = dataflow.firstIndex(of: ":"), let open = dataflow.lastIndex(of: "("), dataflow.hasSuffix(")"),
            colon < open
        else { return nil }
        agency = String(dataflow[..<colon])
        dataflowID = String(dataflow[dataflow.index(after: colon)..<open])
        version = String(dataflow[dataflow.index(after: open)..<dataflow.index(before: dataflow.endIndex)])
        self.areas = Self.unique(areas)
        self.chapters = Self.unique(chapters)
        self.questions = Self.unique(questions)
        self.options = Self.unique(options)
    }

    /// The codes in order, the first of each id kept.
    static func unique(_ codes: [Code]) -> [Code] {
        var seen: Set<String> = []
        return codes.filter { seen.insert($0.id).inserted }
    }

    /// The dimensions, as the CSV's columns have them (TIME_PERIOD is the time dimension, which
    /// SDMX-ML 2.1 writes last in the dimension list): id, codelist, concept name.
    public static let dimensions: [(id: String, codelist: String?, name: String)] = [
        ("REF_AREA", "CL_AREA", "Reference area: the group of States"),
        ("TIME_PERIOD", nil, "Survey round"),
        ("CHAPTER", "CL_CHAPTER", "Chapter of the questionnaire"),
        ("QUESTION", "CL_QUESTION", "Question"),
        ("OPTION", "CL_OPTION", "Answer option"),
    ]

    /// The attributes, as the CSV's columns have them, each attached to the observation: id,
    /// codelist or text type, mandatory, concept name.
    public static let attributes: [(id: String, codelist: String?, textType: String, mandatory: Bool, name: String)] = [
        ("UNIT_MEASURE", "CL_UNIT_MEASURE", "", true, "Unit of measure"),
        ("OBS_STATUS", "CL_OBS_STATUS", "", true, "Observation status: reliability"),
        ("LOWER_BOUND", nil, "Double", false, "Lower end of the 95% interval (Wilson on the finite-population effective sample size)"),
        ("UPPER_BOUND", nil, "Double", false, "Upper end of the 95% interval"),
        ("N_RESPONDING", nil, "Integer", true, "The share's denominator: States (or respondents) that answered the question (see DENOMINATOR)"),
        ("N_IN_GROUP", nil, "Integer", false, "The group's frame size N"),
        ("N_NOT_RESPONDING", nil, "Integer", false, "States of the group that did not answer the question"),
        ("NONRESPONSE_LOW", nil, "Double", false, "Non-response lower bound: 100 k / N"),
        ("NONRESPONSE_HIGH", nil, "Double", false, "Non-response upper bound: 100 (k + N - n) / N"),
        ("N_ANSWERED", nil, "Integer", true, "States (or respondents) that answered the question, don't know included"),
        ("N_UNKNOWN", nil, "Integer", true, "Of those, the answers that were only don't know"),
        ("DENOMINATOR", nil, "String", true, "Which denominator N_RESPONDING is: answered (don't know included) or substantive"),
    ]

    static let units = [Code(id: "PT", names: [(.en, "Percent")])]
    static let statuses = [
        Code(id: "A", names: [(.en, "Normal value")]),
        Code(id: "U", names: [(.en, "Low reliability")]),
        Code(id: "Q", names: [(.en, "Missing value; suppressed (too few respondents)")]),
    ]

    static let message = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"
    static let structure = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure"
    static let common = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common"

    var conceptScheme: String { "CS_" + (dataflowID.hasPrefix("DF_") ? String(dataflowID.dropFirst(3)) : dataflowID) }

    func name(_ text: String, _ language: Language = .en) -> XMLTree {
        XMLTree("com:Name", [("xml:lang", language.rawValue)], text: text)
    }

    func maintainable(_ kind: String, id: String, _ names: [XMLTree], _ children: [XMLTree]) -> XMLTree {
        XMLTree(
            "str:\(kind)", [("id", id), ("agencyID", agency), ("version", version), ("isFinal", "false")], names + children)
    }

    func codelist(_ id: String, _ title: String, _ codes: [Code]) -> XMLTree {
        maintainable(
            "Codelist", id: id, [name(title)],
            codes.map { code in XMLTree("str:Code", [("id", code.id)], code.names.map { name($0.1, $0.0) }) })
    }

    func conceptRef(_ id: String) -> XMLTree {
        XMLTree("str:ConceptIdentity", [
            XMLTree("Ref", [
                ("id", id), ("maintainableParentID", conceptScheme), ("maintainableParentVersion", version),
                ("agencyID", agency), ("package", "conceptscheme"), ("class", "Concept"),
            ])
        ])
    }

    func enumeration(_ codelist: String) -> XMLTree {
        XMLTree("str:LocalRepresentation", [
            XMLTree("str:Enumeration", [
                XMLTree("Ref", [
                    ("id", codelist), ("version", version), ("agencyID", agency), ("package", "codelist"), ("class", "Codelist"),
                ])
            ])
        ])
    }

    func textFormat(_ type: String) -> XMLTree {
        XMLTree("str:LocalRepresentation", [XMLTree("str:TextFormat", [("textType", type)])])
    }

    /// The message.
    public var xml: String {
        let header = XMLTree("mes:Header", [
            XMLTree("mes:ID", text: "\(dataflowID)_STRUCTURE"),
            XMLTree("mes:Test", text: "false"),
            XMLTree("mes:Prepared", text: Self.prepared),
            XMLTree("mes:Sender", [("id", agency)]),
        ])
        // SDMX-ML 2.1 (AnnotableType): the annotations come before the names.
        let annotations = release.map { release in
            [
                XMLTree("com:Annotations", [
                    XMLTree("com:Annotation", [("id", "RELEASE")], [
                        XMLTree("com:AnnotationTitle", text: release),
                        XMLTree("com:AnnotationType", text: "LEGISURVEY_RELEASE"),
                        XMLTree("com:AnnotationText", [("xml:lang", "en")], text: "LegiSurvey \(SoftwareVersion.current)"),
                    ])
                ])
            ]
        } ?? []
        let dataflow = maintainable(
            "Dataflow", id: dataflowID, annotations + [name("Survey of national cybercrime legislation: shares")],
            [
                XMLTree("str:Structure", [
                    XMLTree("Ref", [
                        ("id", structureID), ("version", version), ("agencyID", agency), ("package", "datastructure"),
                        ("class", "DataStructure"),
                    ])
                ])
            ])
        let codelists = XMLTree("str:Codelists", [
            codelist("CL_AREA", "Groups of States (M49 areas, development groups, custom groups, outside the population)", areas),
            codelist("CL_CHAPTER", "Chapters of the questionnaire", chapters),
            codelist("CL_OBS_STATUS", "Observation status (reliability)", Self.statuses),
            codelist("CL_OPTION", "Answer options", options),
            codelist("CL_QUESTION", "Questions", questions),
            codelist("CL_UNIT_MEASURE", "Unit of measure", Self.units),
        ])
        var concepts = Self.dimensions.map { XMLTree("str:Concept", [("id", $0.id)], [name($0.name)]) }
        concepts.append(XMLTree("str:Concept", [("id", "OBS_VALUE")], [name("Share of the States that answered, per cent")]))
        concepts += Self.attributes.map { XMLTree("str:Concept", [("id", $0.id)], [name($0.name)]) }
        let scheme = maintainable("ConceptScheme", id: conceptScheme, [name("Concepts of the cybercrime survey's shares")], concepts)

        var dimensionList: [XMLTree] = []
        var position = 0
        for dimension in Self.dimensions where dimension.codelist != nil {
            position += 1
            dimensionList.append(
                XMLTree("str:Dimension", [("id", dimension.id), ("position", String(position))], [
                    conceptRef(dimension.id), enumeration(dimension.codelist!),
                ]))
        }
        dimensionList.append(
            XMLTree("str:TimeDimension", [("id", "TIME_PERIOD"), ("position", String(position + 1))], [
                conceptRef("TIME_PERIOD"), textFormat("ObservationalTimePeriod"),
            ]))
        let attributeList = Self.attributes.map { attribute in
            XMLTree("str:Attribute", [("id", attribute.id), ("assignmentStatus", attribute.mandatory ? "Mandatory" : "Conditional")], [
                conceptRef(attribute.id),
                attribute.codelist.map(enumeration) ?? textFormat(attribute.textType),
                XMLTree("str:AttributeRelationship", [XMLTree("str:PrimaryMeasure", [XMLTree("Ref", [("id", "OBS_VALUE")])])]),
            ])
        }
        let dsd = maintainable(
            "DataStructure", id: structureID, [name("Survey of national cybercrime legislation: shares by group")],
            [
                XMLTree("str:DataStructureComponents", [
                    XMLTree("str:DimensionList", [("id", "DimensionDescriptor")], dimensionList),
                    XMLTree("str:AttributeList", [("id", "AttributeDescriptor")], attributeList),
                    XMLTree("str:MeasureList", [("id", "MeasureDescriptor")], [
                        XMLTree("str:PrimaryMeasure", [("id", "OBS_VALUE")], [conceptRef("OBS_VALUE"), textFormat("Double")])
                    ]),
                ])
            ])
        let root = XMLTree(
            "mes:Structure", [("xmlns:mes", Self.message), ("xmlns:str", Self.structure), ("xmlns:com", Self.common)],
            [
                header,
                XMLTree("mes:Structures", [
                    XMLTree("str:Dataflows", [dataflow]), codelists, XMLTree("str:Concepts", [scheme]),
                    XMLTree("str:DataStructures", [dsd]),
                ]),
            ])
        return root.rendered()
    }
}

extension SDMXStructure.Code {
    /// The chapters, named in the six languages as the report names them.
    public static var chapters: [SDMXStructure.Code] {
        Chapter.allCases.map { chapter in
            SDMXStructure.Code(id: chapter.rawValue, text: LocalizedText(ReportStrings.chapters[chapter] ?? [.en: chapter.rawValue]))
        }
    }

    /// `any_form`, named as the report names it.
    public static var anyForm: SDMXStructure.Code {
        SDMXStructure.Code(id: StatisticOption.anyForm, text: LocalizedText(ReportStrings.anyForm))
    }
}
