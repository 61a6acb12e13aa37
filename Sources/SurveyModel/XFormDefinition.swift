/// An XForm as read (what pyxform writes and ODK Central and KoboToolbox serve), before it becomes
/// a `Questionnaire`: every field of the primary instance with its bind, control, choices and
/// labels. Extract reads it; the pipeline turns it into a questionnaire (chapters, types).
public struct XFormDefinition: Sendable, Equatable {
    /// The form id (the primary instance root's `id` attribute).
    public var formID: String
    /// The form version (`version` or `orx:version`), when present.
    public var version: String?
    /// `<h:title>`.
    public var title: String
    /// The primary instance root's element name (`data` in pyxform output).
    public var rootName: String
    /// The `<translation lang="…">` names in document order, with the UN language each maps to
    /// ("French (fr)" → fr, "English" → en); nil when it maps to none of the six.
    public var translations: [XFormTranslation]
    /// Every leaf field and group of the primary instance, in instance order.
    public var fields: [XFormField]

    public init(
        formID: String, version: String?, title: String, rootName: String, translations: [XFormTranslation],
        fields: [XFormField]
    ) {
        self.formID = formID
        self.version = version
        self.title = title
        self.rootName = rootName
        self.translations = translations
        self.fields = fields
    }

    public func field(named name: String) -> XFormField? { fields.first { $0.name == name && !$0.isGroup } }
}

/// One `<translation lang="…">` of an XForm.
public struct XFormTranslation: Sendable, Equatable {
    public var name: String
    public var language: Language?

    public init(name: String, language: Language?) {
        self.name = name
        self.language = language
    }
}

/// One node of an XForm's primary instance.
public struct XFormField: Sendable, Equatable {
    /// Element names from below the root to the field: `["ch4", "act01"]` for `/data/ch4/act01`.
    public var path: [String]
    /// A group (or repeat) holds other fields; a leaf holds a value.
    public var isGroup: Bool
    /// A repeat itself, or a field inside one.
    public var inRepeat: Bool
    /// A repeat itself (a body `<repeat nodeset>`, a `jr:template` node, or a node the instance
    /// holds twice), not a field or plain group inside one.
    public var isRepeat: Bool
    /// The bind's `type` (`string`, `int`, `decimal`, `date`, `select1`, `select`, …), or "" without a bind.
    public var bindType: String
    /// Every bind attribute by local name (`chapter`, `relevant`, `required`, `calculate`, …).
    public var bindAttributes: [String: String]
    /// The body control's element name (`select1`, `select`, `input`, `trigger`, …), nil when
    /// the field has no control (meta, calculate).
    public var control: String?
    /// The field's label per language (itext or inline `<label>`; inline labels and a translation
    /// named `default` are stored under the language of the `default="true()"` translation, or
    /// English).
    public var labels: [Language: String]
    /// Choices of a select control, inline or through an itemset.
    public var choices: [XFormChoice]
    /// The secondary instance an itemset draws from, when it does.
    public var itemset: String?

    public init(
        path: [String], isGroup: Bool = false, inRepeat: Bool = false, isRepeat: Bool = false, bindType: String = "",
        bindAttributes: [String: String] = [:], control: String? = nil, labels: [Language: String] = [:],
        choices: [XFormChoice] = [], itemset: String? = nil
    ) {
        self.path = path
        self.isGroup = isGroup
        self.inRepeat = inRepeat || isRepeat
        self.isRepeat = isRepeat
        self.bindType = bindType
        self.bindAttributes = bindAttributes
        self.control = control
        self.labels = labels
        self.choices = choices
        self.itemset = itemset
    }

    /// The field name (the XLSForm `name`): the last element of the path.
    public var name: String { path.last ?? "" }
}

/// One choice of an XForm select.
public struct XFormChoice: Sendable, Equatable {
    /// The value stored in submissions (the XLSForm choice `name`).
    public var value: String
    public var labels: [Language: String]
    /// The other columns of a secondary-instance item by element name (`chapter` for the
    /// technical-assistance areas); empty for inline `<item>`s.
    public var attributes: [String: String]

    public init(value: String, labels: [Language: String], attributes: [String: String] = [:]) {
        self.value = value
        self.labels = labels
        self.attributes = attributes
    }
}
