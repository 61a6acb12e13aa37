// The XForm questionnaire reader (libxml2 SAX2, through XMLPushParsing) and its error.
import CLibXML2
import Foundation
import SurveyModel

/// Why an XForm could not be read: one line with the file, the place and what is wrong.
public struct XFormError: Error, CustomStringConvertible, Equatable, Sendable {
    public var path: String
    /// 1-based line, nil when the problem concerns the whole file.
    public var line: Int?
    /// libxml2's column, nil when unknown.
    public var column: Int?
    public var message: String

    public init(path: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }

    /// `path:line:column: message`, or `path: message` when the place is unknown.
    public var description: String {
        var place = path
        if let line {
            place += ":\(line)"
            if let column { place += ":\(column)" }
        }
        return "\(place): \(message)".replacingOccurrences(of: "\n", with: " ")
    }
}

/// Reads an XForm (what pyxform writes and ODK Central and KoboToolbox serve) into an
/// `XFormDefinition` with libxml2's SAX2 push parser; no DOM is built.
///
/// - `h:head/h:title` is the title.
/// - `model/instance` without an `id` is the primary instance: its single child is the form root
///   (`id`, `version`), every element below it is a field; a node with `jr:template`, one that
///   occurs twice, or the nodeset of a body `<repeat>` is a repeat.
/// - `model/instance id="LIST"` holds the items of a choice list (`root/item/{name,itextId,…}`).
/// - `model/itext/translation/text/value` are the labels per translation (the plain or `long`
///   form; images, audio and guidance are skipped).
/// - `model/bind` gives each field its `type` and attributes, by local name.
/// - `h:body` controls (`input`, `select1`, `select`, …) give each field its control, label and
///   choices (inline `<item>`s or an `<itemset>` over a secondary instance); `group` and `repeat`
///   are the context of relative refs.
///
/// Elements and attributes are matched on local names, so any namespace or prefix is accepted.
/// The parser runs with `XML_PARSE_NONET` only: no entity substitution, no DTD loading, no
/// network; a document with a DOCTYPE is refused before its internal subset is read.
final class XFormReader: XMLPushParsing {
    let path: String
    var parser: xmlParserCtxtPtr?
    private var failure: XFormError?
    var stopped = false

    /// Controls of the body: elements whose `ref` names the field they answer.
    static let controls: Set<String> = [
        "input", "select1", "select", "upload", "trigger", "range", "rank", "secret", "textarea",
    ]

    // MARK: What the document holds, as read

    /// Where a label comes from.
    enum LabelSource: Equatable {
        /// `jr:itext('id')`: a fixed itext id.
        case itext(String)
        /// `jr:itext(column)` in an itemset: the itext id is the item's `column`.
        case itextColumn(String)
        /// `ref="column"` in an itemset: the item's `column` is the label.
        case column(String)
        /// `<label>text</label>`.
        case inline(String)
    }
    private struct Node {
        var path: [String]
        var hasChildren = false
        var isRepeat = false
    }
    private struct Translation {
        var name: String
        var isDefault: Bool
        var texts: [String: String] = [:]
        var longTexts: [String: String] = [:]
    }
    private struct Item {
        var value = ""
        var label: LabelSource?
    }
    private struct Itemset {
        var list: String?
        var valueColumn = "name"
        var label: LabelSource?
    }
    private struct Control {
        var name: String
        var path: [String]
        var label: LabelSource?
        var items: [Item] = []
        var itemset: Itemset?
    }

    private var title = ""
    private var rootName: String?
    private var rootAttributes: [String: String] = [:]
    private var rootLocation = (line: 0, column: 0)
    private var sawPrimary = false
    private var nodes: [Node] = []
    private var nodeIndex: [[String]: Int] = [:]
    /// Secondary instances: list name → items (element name → text), in document order.
    private var lists: [String: [[String: String]]] = [:]
    private var translations: [Translation] = []
    private var binds: [(path: [String], attributes: [String: String])] = []
    private var bodyControls: [Control] = []
    private var repeatPaths: Set<[String]> = []
    private var groupLabels: [[String]: LabelSource] = [:]

    // MARK: Parse state

    private enum Role {
        case html, head, title, model, body
        case primaryInstance, instanceRoot
        case instanceNode(Int)
        case secondaryInstance(String), secondaryRoot(String), secondaryItem(String)
        case secondaryColumn(String, String)
        case itext, translation(Int), text(Int, String)
        case textValue(Int, String, isLong: Bool)
        /// A body group or repeat; `path` is nil for a group without `ref`.
        case group(path: [String]?, isRepeat: Bool)
        case control(Int)
        case item(Int, Int), itemValue(Int, Int)
        case itemset(Int)
        /// An inline label of the element at stack index `owner`.
        case label(owner: Int)
        /// Body content that is neither a control nor a group (`h:div`, actions): read through.
        case passthrough
        /// Skipped with everything inside it.
        case ignored
    }
    private struct Frame {
        var role: Role
        var captures = false
        var label: LabelSource?
        /// For a group without `ref`: the repeat directly inside it (pyxform's layout).
        var childRepeat: [String]?
    }
    private var stack: [Frame] = []
    private var text: [UInt8] = []

    init(path: String) { self.path = path }

    func read(_ chunks: inout some ChunkSource) throws -> XFormDefinition {
        parse(&chunks)
        if let failure { throw failure }
        if chunks.failed { throw XFormError(path: path, message: "reading the file failed") }
        return try definition()
    }

    private func parse(_ chunks: inout some ChunkSource) {
        let handler = Self.saxHandler(
            start: { context, localName, _, _, _, _, attributeCount, _, attributes in
                guard let context, let localName else { return }
                XFormReader.from(context).start(localName, attributeCount, attributes)
            },
            end: { context, _, _, _ in
                guard let context else { return }
                XFormReader.from(context).end()
            },
            characters: { context, bytes, length in
                guard let context, let bytes else { return }
                XFormReader.from(context).characters(bytes, Int(length))
            },
            doctype: { context, _, _, _ in
                guard let context else { return }
                XFormReader.from(context).fail("a DOCTYPE is not allowed in an XForm")
            },
            error: { context, error in
                guard let context, let error else { return }
                XFormReader.from(context).error(error.pointee)
            })
        if !pushParse(&chunks, handler: handler) {
            failure = XFormError(path: path, message: "libxml2 could not start")
        }
    }

    private static func from(_ context: UnsafeMutableRawPointer) -> XFormReader {
        Unmanaged<XFormReader>.fromOpaque(context).takeUnretainedValue()
    }

    private var here: (line: Int, column: Int) { parserPosition ?? (0, 0) }

    // MARK: SAX events

    private func start(
        _ localName: UnsafePointer<xmlChar>, _ attributeCount: Int32,
        _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) {
        guard !stopped else { return }
        let name = String(cString: localName)
        let values = attributeValues(attributeCount, attributes)
        var frame = Frame(role: .ignored)
        switch stack.last?.role {
        case nil:
            guard name == "html" else {
                fail("not an XForm: the root element is <\(name)>, expected <h:html>")
                return
            }
            frame.role = .html
        case .html?:
            frame.role = name == "head" ? .head : name == "body" ? .body : .ignored
        case .head?:
            if name == "title" {
                frame = Frame(role: .title, captures: true)
            } else if name == "model" {
                frame.role = .model
            }
        case .model?:
            switch name {
            case "instance":
                if let id = values["id"] {
                    frame.role = .secondaryInstance(id)
                    if lists[id] == nil { lists[id] = [] }
                } else if !sawPrimary {
                    sawPrimary = true
                    frame.role = .primaryInstance
                }
            case "itext": frame.role = .itext
            case "bind":
                if let nodeset = values["nodeset"] {
                    binds.append((Self.resolve(nodeset, in: []), values.filter { $0.key != "nodeset" }))
                }
            default: break
            }
        case .primaryInstance?:
            if rootName == nil {
                rootName = name
                rootAttributes = values
                rootLocation = here
                frame.role = .instanceRoot
            }
        case .instanceRoot?:
            frame.role = .instanceNode(node([name], values))
        case .instanceNode(let parent)?:
            nodes[parent].hasChildren = true
            frame.role = .instanceNode(node(nodes[parent].path + [name], values))
        case .secondaryInstance(let list)?:
            frame.role = .secondaryRoot(list)
        case .secondaryRoot(let list)?:
            lists[list, default: []].append([:])
            frame.role = .secondaryItem(list)
        case .secondaryItem(let list)?:
            frame = Frame(role: .secondaryColumn(list, name), captures: true)
        case .itext?:
            if name == "translation" {
                let isDefault = values["default"].map { $0.hasPrefix("true") } ?? false
                translations.append(Translation(name: values["lang"] ?? "", isDefault: isDefault))
                frame.role = .translation(translations.count - 1)
            }
        case .translation(let index)?:
            if name == "text", let id = values["id"] { frame.role = .text(index, id) }
        case .text(let index, let id)?:
            let form = values["form"]
            if name == "value" && (form == nil || form == "long") {
                frame = Frame(role: .textValue(index, id, isLong: form != nil), captures: true)
            }
        case .body?, .group?, .passthrough?:
            frame = bodyStart(name, values)
        case .control(let index)?:
            switch name {
            case "label": frame = labelStart(values, owner: stack.count - 1)
            case "item":
                bodyControls[index].items.append(Item())
                frame.role = .item(index, bodyControls[index].items.count - 1)
            case "itemset":
                var itemset = Itemset()
                itemset.list = values["nodeset"].flatMap(Self.instanceName)
                bodyControls[index].itemset = itemset
                frame.role = .itemset(index)
            default: break
            }
        case .item(let control, let item)?:
            if name == "label" {
                frame = labelStart(values, owner: stack.count - 1)
            } else if name == "value" {
                frame = Frame(role: .itemValue(control, item), captures: true)
            }
        case .itemset(let index)?:
            if name == "value", let ref = values["ref"] {
                bodyControls[index].itemset?.valueColumn = Self.lastStep(ref)
            } else if name == "label", let ref = values["ref"] {
                bodyControls[index].itemset?.label = Self.labelSource(ref)
            }
        case .title?, .secondaryColumn?, .textValue?, .itemValue?, .label?, .ignored?:
            break  // markup inside a text (`<output/>`) or a skipped element
        }
        if frame.captures { text.removeAll(keepingCapacity: true) }
        stack.append(frame)
    }

    private func end() {
        guard !stopped, let frame = stack.popLast() else { return }
        let value = frame.captures ? decodedText() : ""
        switch frame.role {
        case .title:
            title = value
        case .secondaryColumn(let list, let column):
            if let last = lists[list]?.indices.last, lists[list]?[last][column] == nil { lists[list]?[last][column] = value }
        case .textValue(let index, let id, let isLong):
            if isLong {
                if translations[index].longTexts[id] == nil { translations[index].longTexts[id] = value }
            } else if translations[index].texts[id] == nil {
                translations[index].texts[id] = value
            }
        case .itemValue(let control, let item):
            bodyControls[control].items[item].value = value
        case .label(let owner):
            setLabel(.inline(value), owner: owner)
        case .group(let path, let isRepeat):
            if let label = frame.label, let target = isRepeat ? path : path ?? frame.childRepeat,
                groupLabels[target] == nil
            {
                groupLabels[target] = label
            }
        default:
            break
        }
    }

    private func characters(_ bytes: UnsafePointer<xmlChar>, _ length: Int) {
        guard !stopped, stack.contains(where: \.captures) else { return }
        text.append(contentsOf: UnsafeBufferPointer(start: bytes, count: length))
    }

    private func decodedText() -> String {
        // libxml2 hands on UTF-8 whatever the document's encoding.
        let value = String(decoding: text, as: UTF8.self).trimmingWhitespace()
        text.removeAll(keepingCapacity: true)
        return value
    }

    // MARK: Body

    private func bodyStart(_ name: String, _ values: [String: String]) -> Frame {
        let context = contextPath
        switch name {
        case "group":
            return Frame(role: .group(path: values["ref"].map { Self.resolve($0, in: context) }, isRepeat: false))
        case "repeat":
            guard let nodeset = values["nodeset"] else { return Frame(role: .group(path: nil, isRepeat: true)) }
            let path = Self.resolve(nodeset, in: context)
            repeatPaths.insert(path)
            if let parent = stack.indices.last, case .group(nil, false) = stack[parent].role,
                stack[parent].childRepeat == nil
            {
                stack[parent].childRepeat = path
            }
            return Frame(role: .group(path: path, isRepeat: true))
        case "label":
            guard let owner = stack.indices.last, case .group = stack[owner].role else { return Frame(role: .ignored) }
            return labelStart(values, owner: owner)
        case "hint", "help":
            return Frame(role: .ignored)
        case _ where Self.controls.contains(name):
            guard let ref = values["ref"] ?? values["nodeset"] else { return Frame(role: .ignored) }
            bodyControls.append(Control(name: name, path: Self.resolve(ref, in: context)))
            return Frame(role: .control(bodyControls.count - 1))
        default:
            return Frame(role: .passthrough)
        }
    }

    /// The path relative refs are resolved against: the innermost group or repeat with a path.
    private var contextPath: [String] {
        for frame in stack.reversed() {
            if case .group(let path?, _) = frame.role { return path }
        }
        return []
    }

    /// A `<label>`: with `ref` it is set at once; otherwise its text is captured.
    private func labelStart(_ values: [String: String], owner: Int) -> Frame {
        if let ref = values["ref"] {
            if let source = Self.labelSource(ref) { setLabel(source, owner: owner) }
            return Frame(role: .ignored)
        }
        return Frame(role: .label(owner: owner), captures: true)
    }

    private func setLabel(_ source: LabelSource, owner: Int) {
        guard stack.indices.contains(owner) else { return }
        switch stack[owner].role {
        case .control(let index):
            if bodyControls[index].label == nil { bodyControls[index].label = source }
        case .item(let control, let item):
            if bodyControls[control].items[item].label == nil { bodyControls[control].items[item].label = source }
        case .group:
            if stack[owner].label == nil { stack[owner].label = source }
        default:
            break
        }
    }

    // MARK: Primary instance

    /// The index of the node at `path`, added when new. A path seen twice is a repeat
    /// (pyxform writes a `jr:template` copy and a plain one).
    private func node(_ path: [String], _ attributes: [String: String]) -> Int {
        if let index = nodeIndex[path] {
            nodes[index].isRepeat = true
            return index
        }
        nodes.append(Node(path: path, isRepeat: attributes["template"] != nil))
        nodeIndex[path] = nodes.count - 1
        return nodes.count - 1
    }

    // MARK: Errors

    private func fail(_ message: String) {
        guard failure == nil else { return }
        let place = here
        failure = XFormError(path: path, line: place.line, column: place.column, message: message)
        stopParser()
    }

    private func error(_ error: xmlError) {
        guard failure == nil, let error = XMLParseError(error) else { return }
        failure = XFormError(path: path, line: error.line, column: error.column, message: "malformed XML: \(error.message)")
        stopped = true
    }

    private func attributeValues(
        _ count: Int32, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) -> [String: String] {
        var values: [String: String] = [:]
        guard let attributes else { return values }
        for index in 0..<Int(count) {
            let base = index * 5
            guard let localName = attributes[base], let start = attributes[base + 3], let end = attributes[base + 4]
            else { continue }
            var value = String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
            // Without entity substitution libxml2's SAX2 hands on a decoded '&' as "&#38;".
            if value.contains("&#38;") { value = value.replacingOccurrences(of: "&#38;", with: "&") }
            let key = String(cString: localName)
            if values[key] == nil { values[key] = value }
        }
        return values
    }

    // MARK: Building the definition

    private func definition() throws -> XFormDefinition {
        guard let rootName else {
            throw XFormError(path: path, message: "no primary instance (a <model><instance> without id)")
        }
        let formID = (rootAttributes["id"] ?? "").trimmingWhitespace()
        guard !formID.isEmpty else {
            throw XFormError(
                path: path, line: rootLocation.line, column: rootLocation.column,
                message: "the form root <\(rootName)> has no id attribute")
        }

        // Languages: named translations first; `default` (and inline labels) take the language
        // of the default translation, or English, when no named translation has it.
        let named = translations.map { Self.language(ofTranslation: $0.name) }
        let fallback = zip(translations, named).first { $0.0.isDefault }.flatMap { $0.1 } ?? .en
        var languages = named
        for index in translations.indices where named[index] == nil
            && translations[index].name.lowercased() == "default" && !named.contains(fallback)
        {
            languages[index] = fallback
            break
        }
        var itext: [Language: [String: String]] = [:]
        for (translation, language) in zip(translations, languages) {
            guard let language, itext[language] == nil else { continue }
            itext[language] = translation.longTexts.merging(translation.texts) { _, plain in plain }
        }

        func labels(_ source: LabelSource?, item: [String: String] = [:]) -> [Language: String] {
            var result: [Language: String] = [:]
            switch source {
            case .itext(let id)?:
                for (language, texts) in itext { if let text = texts[id], !text.isEmpty { result[language] = text } }
            case .itextColumn(let column)?:
                if let id = item[column] { return labels(.itext(id)) }
            case .column(let column)?:
                if let text = item[column], !text.isEmpty { result[fallback] = text }
            case .inline(let text)?:
                if !text.isEmpty { result[fallback] = text }
            case nil:
                if let id = item["itextId"] { return labels(.itext(id)) }
                if let text = item["label"], !text.isEmpty { result[fallback] = text }
            }
            return result
        }

        var fields: [XFormField] = nodes.map { XFormField(path: $0.path, isGroup: $0.hasChildren) }
        let repeats = repeatPaths.union(nodes.filter(\.isRepeat).map(\.path))
        for index in fields.indices {
            let path = fields[index].path
            fields[index].inRepeat = (1...path.count).contains { repeats.contains(Array(path.prefix($0))) }
            fields[index].isRepeat = repeats.contains(path)
            if let label = groupLabels[path] { fields[index].labels = labels(label) }
        }
        for bind in binds {
            guard let index = nodeIndex[bind.path] else { continue }
            for (key, value) in bind.attributes {
                if key == "type" {
                    if fields[index].bindType.isEmpty { fields[index].bindType = Self.lastStep(value) }
                } else if fields[index].bindAttributes[key] == nil {
                    fields[index].bindAttributes[key] = value
                }
            }
        }
        var answered = Set<Int>()
        for control in bodyControls {
            guard let index = nodeIndex[control.path], answered.insert(index).inserted else { continue }
            fields[index].control = control.name
            fields[index].labels = labels(control.label)
            if let itemset = control.itemset {
                fields[index].itemset = itemset.list
                let skipped = Set(["name", "value", "label", "itextId", itemset.valueColumn] + Self.columns(of: itemset.label))
                for item in itemset.list.flatMap({ lists[$0] }) ?? [] {
                    let value = item[itemset.valueColumn] ?? item["value"] ?? ""
                    guard !value.isEmpty else { continue }
                    fields[index].choices.append(
                        XFormChoice(
                            value: value, labels: labels(itemset.label, item: item),
                            attributes: item.filter { !skipped.contains($0.key) }))
                }
            } else {
                fields[index].choices = control.items.filter { !$0.value.isEmpty }.map {
                    XFormChoice(value: $0.value, labels: labels($0.label))
                }
            }
        }

        let version = rootAttributes["version"].map { $0.trimmingWhitespace() }
        return XFormDefinition(
            formID: formID, version: version?.isEmpty == false ? version : nil, title: title, rootName: rootName,
            translations: zip(translations, languages).map { XFormTranslation(name: $0.0.name, language: $0.1) },
            fields: fields)
    }

    // MARK: Helpers

    /// A nodeset or ref as a path below the root: absolute (`/data/g/f`, the root step dropped)
    /// or relative to `context` (`f`, `./f`, `../f`). Prefixes and predicates are dropped.
    static func resolve(_ ref: String, in context: [String]) -> [String] {
        let trimmed = ref.trimmingWhitespace()
        var path = trimmed.hasPrefix("/") ? [] : context
        var steps = trimmed.split(separator: "/").map { step -> String in
            var step = Substring(step)
            if let bracket = step.firstIndex(of: "[") { step = step[..<bracket] }
            if let colon = step.lastIndex(of: ":") { step = step[step.index(after: colon)...] }
            return String(step).trimmingWhitespace()
        }
        if trimmed.hasPrefix("/") && !steps.isEmpty { steps.removeFirst() }
        for step in steps {
            switch step {
            case "", ".": continue
            case "..": if !path.isEmpty { path.removeLast() }
            default: path.append(step)
            }
        }
        return path
    }

    /// The last step of a path without its prefix: `name` for `name`, `int` for `xsd:int`.
    static func lastStep(_ ref: String) -> String {
        let last = ref.split(separator: "/").last.map(String.init) ?? ref
        return String(last.split(separator: ":").last ?? Substring(last)).trimmingWhitespace()
    }

    /// `LIST` from `instance('LIST')/root/item[…]`; nil when the nodeset is not over an instance.
    static func instanceName(_ nodeset: String) -> String? {
        guard let open = nodeset.range(of: "instance("),
            let close = nodeset[open.upperBound...].firstIndex(of: ")")
        else { return nil }
        let name = nodeset[open.upperBound..<close].trimmingCharacters(in: CharacterSet(charactersIn: "'\" \t\n"))
        return name.isEmpty ? nil : name
    }

    /// A label `ref`: `jr:itext('id')`, `jr:itext(column)` or a column name.
    static func labelSource(_ ref: String) -> LabelSource? {
        let trimmed = ref.trimmingWhitespace()
        guard trimmed.hasPrefix("jr:itext(") && trimmed.hasSuffix(")") else {
            return trimmed.isEmpty ? nil : .column(lastStep(trimmed))
        }
        let inner = trimmed.dropFirst("jr:itext(".count).dropLast().trimmingCharacters(in: .whitespaces)
        if let quote = inner.first, quote == "'" || quote == "\"", inner.count >= 2, inner.last == quote {
            return .itext(String(inner.dropFirst().dropLast()))
        }
        return inner.isEmpty ? nil : .itextColumn(lastStep(inner))
    }

    private static func columns(of source: LabelSource?) -> [String] {
        switch source {
        case .itextColumn(let column)?, .column(let column)?: return [column]
        default: return []
        }
    }

    /// Names of the six languages as survey designers write them (compared lower-cased).
    static let languageNames: [String: Language] = [
        "english": .en, "french": .fr, "français": .fr, "francais": .fr, "spanish": .es, "español": .es,
        "espanol": .es, "russian": .ru, "русский": .ru, "chinese": .zh, "中文": .zh, "arabic": .ar, "العربية": .ar,
    ]

    /// The UN language a translation name stands for: the code in parentheses ("French (fr)"),
    /// else the name ("Français", "Arabic"), else a bare code ("fr"); nil for any other.
    static func language(ofTranslation name: String) -> Language? {
        func code(_ text: Substring) -> Language? {
            let base = text.split(whereSeparator: { $0 == "-" || $0 == "_" }).first ?? text
            return Language(rawValue: base.trimmingCharacters(in: .whitespaces).lowercased())
        }
        var base = Substring(name)
        if let open = name.lastIndex(of: "("), let close = name.lastIndex(of: ")"), open < close {
            if let language = code(name[name.index(after: open)..<close]) { return language }
            base = name[..<open]
        }
        let key = base.trimmingCharacters(in: .whitespaces).lowercased()
        return languageNames[key] ?? (key.count == 2 || key.contains("-") ? code(Substring(key)) : nil)
    }
}
