// The XML submission reader (libxml2 SAX2, through XMLPushParsing): the native format and XForm
// instances.
import CLibXML2
import Foundation
import SurveyModel

/// Reads the native XML submission format with libxml2's SAX2 push parser.
///
/// ```xml
/// <submissions>                                  <!-- optional wrapper -->
///   <submission country="BRA" round="2026">
///     <answer question="ch3_specific_law">yes</answer>
///     <answer question="ch3_instruments"><value>budapest</value><value>malabo</value></answer>
///     <answer question="laws">                     <!-- a repeat: one <entry> per occurrence -->
///       <entry><answer question="title">Loi n° 2015-12</answer></entry>
///     </answer>
///   </submission>
/// </submissions>
/// ```
/// An answer holding `<entry>` elements is a repeat group: each entry is one occurrence (1, 2, …)
/// holding the answers of that occurrence, nested repeats the same way. Their answers are handed
/// on with the local question id as `field`, the repeat ids from the outside in as `groups` and
/// the entry positions as `groupPositions`. An answer with no entry (`<answer question="laws"/>`)
/// is zero occurrences: nothing is handed on.
///
/// A document whose root is neither `submissions` nor `submission` is an **XForm instance** (ODK
/// Collect, Enketo, ODK Central, KoboToolbox): the root, of any name, is one submission; its
/// leaf elements are the fields (under their groups); `meta` holds `instanceID`,
/// `deprecatedID` and `timeEnd`; root attributes give `id`/`id_string`, `version`,
/// `instanceID` and `submissionDate`. Every field is handed on with its group elements (`groups`)
/// and each one's 1-based occurrence among the same-named siblings under its parent
/// (`groupPositions`: `<laws>` ×3 gives 1, 2, 3); Transform decides with the questionnaire which
/// groups are repeats. A group element that occurs twice under one parent also gives its fields
/// their repetition number (`repeatIndex`), by which Transform refuses a repeat the questionnaire
/// does not declare. An element marked `jr:template` (the form's blank copy of a repeat) is
/// skipped with everything in it.
///
/// Elements are matched on local names, so any namespace or prefix is accepted. Attributes count
/// only without a namespace (`country="FRA"`, as XML writes them unprefixed), or in the format's
/// own namespace (``nativeNamespace``; OpenRosa's for an instance's root, `orx:version`), and a
/// plain one wins over a namespaced one; a copy in any other namespace (`x:country="DEU"`) is
/// ignored with an `xml-attribute-ignored` note, once per attribute name and file. The parser runs
/// with `XML_PARSE_NONET` only: no entity substitution, no DTD loading, no network; a document
/// with a DOCTYPE is refused before its internal subset is read.
final class XMLSubmissionReader: XMLPushParsing {
    let path: String
    var diagnostics: [Diagnostic] = []
    var submissionCount = 0
    /// The native format's namespace (the default namespace of the files LegiSurvey writes).
    static let nativeNamespace = "urn:unodc:legisurvey:submission:1"
    /// OpenRosa's namespace: an XForm instance's root may carry `orx:version`.
    static let openRosaNamespace = "http://openrosa.org/xforms"
    /// The attributes read, by element (made once, not per element).
    static let submissionAttributes = ["country", "round", "submitted"]
    static let answerAttributes = ["question"]
    static let instanceAttributes = ["id", "id_string", "version", "instanceID", "submissionDate"]
    /// Namespaced attributes ignored so far (`x:country`), each noted once per file.
    private var ignoredAttributes: Set<String> = []
    /// Whether an element has started: a document without one is empty, whatever libxml2 says.
    private var sawElement = false
    private var emit: ((RawSubmission) -> Void)?
    var parser: xmlParserCtxtPtr?

    // Parse state.
    private var depth = 0
    private var current: RawSubmission?
    private var answer: RawAnswer?
    private var inValue = false
    private var text: [UInt8] = []
    private var sawSubmission = false
    var stopped = false
    private var firstError: Diagnostic?
    /// Depth of the open <submission> element.
    private var openSubmissionDepth = 0
    /// Depth of an unexpected element being skipped: its text is not an answer.
    private var skippedDepth: Int?
    /// Depth of the open <answer> element (an ordinary answer, or one inside an entry).
    private var answerDepth = 0
    /// The open repeat answers (`<answer question="laws">` that holds `<entry>` elements), outermost first.
    private struct RepeatFrame {
        var id: String
        /// Depth of the repeat's <answer> element.
        var depth: Int
        /// Entries started so far: the current entry's position.
        var entries = 0
        var inEntry = false
    }
    private var repeatFrames: [RepeatFrame] = []
    /// Depth an <answer> may start at: right below the submission, or right below an open entry
    /// (nil between the entries of a repeat: only <entry> belongs there).
    private var answerParentDepth: Int? {
        guard let frame = repeatFrames.last else { return openSubmissionDepth }
        return frame.inEntry ? frame.depth + 1 : nil
    }

    // XForm instance state: the open elements below the root.
    private var instanceMode = false
    private var sawInstance = false
    private struct Frame {
        var name: String
        var location: SourceLocation
        var hasChildren = false
        var repeatIndex: Int?
        /// The element's 1-based occurrence among its same-named siblings under its parent.
        var position = 1
        /// The element's path below the root (`group/field`: a node of ``pathNodes``), the serial
        /// of this element (its children count their positions per parent element), and how many
        /// answers there were when it started.
        var node = 0
        var serial = 0
        var firstAnswer = 0
        /// The names of this frame and those above it: the `groups` of the fields inside it, made
        /// once for all of them; and whether one of them is a repeat group of the codebook's.
        var childGroups: [String]?
        var childPositions: [Int] = []
        var childInRepeat = false
        /// The fields' groups in the instance's ``MatchedAnswers/groups`` once one is matched.
        var matchedGroup: Int32 = -1
        /// The codebook's slot of the element's name, -1 for none.
        var slot: Int32 = -1
    }
    private var frames: [Frame] = []
    /// The element paths below the root (`group/field`) seen in this instance, as a tree: one
    /// lookup of (parent path, name) per element, no path text made and hashed.
    private struct PathNode {
        /// How often the path has started in this instance (to find repeats).
        var occurrences = 0
        /// The answers (``answersRead`` then: raw and matched, in order) inside the first
        /// occurrence of a group path, until a second occurrence shows it repeats: only those are
        /// looked at again.
        var firstOccurrence: Range<Int>?
        /// The parent element (its serial) the last occurrence started under, and how many times
        /// the path has started under that one element: the occurrence's position among its
        /// same-named siblings.
        var parentSerial = -1
        var position = 0
    }
    private struct PathKey: Hashable {
        var parent: Int
        var name: String
    }
    private var pathNodes: [PathNode] = []
    private var pathIndex: [PathKey: Int] = [:]
    /// Serials of the elements started (the root's children have parent serial 0).
    private var serials = 0

    let limits: InputLimits
    /// The codebook an XForm instance's fields are matched with as they end (issue 29); nil:
    /// every field a raw answer.
    let codebook: (any AnswerCodebook)?

    init(path: String, limits: InputLimits = InputLimits(), codebook: (any AnswerCodebook)? = nil) {
        self.path = path
        self.limits = limits
        self.codebook = codebook
    }

    /// The instance's matched fields, given to the submission when it ends, and how many raw
    /// answers it holds (kept here: reading either through the optional `current` copied the
    /// whole submission).
    private var instanceMatched = MatchedAnswers()
    private var instanceRawAnswers = 0

    /// The instance's answers so far, raw and matched: what a frame's `firstAnswer` and a path's
    /// `firstOccurrence` count.
    private var answersRead: Int { instanceRawAnswers + instanceMatched.cells.count }

    func read(_ chunks: inout some ChunkSource, _ body: (RawSubmission) -> Void) -> ReaderResult {
        withoutActuallyEscaping(body) { body in
            emit = body
            parse(&chunks)
            emit = nil
        }
        if let firstError { diagnostics.append(firstError) }
        if firstError == nil && !sawSubmission && !stopped {
            diagnostics.append(Diagnostic(.xmlNoSubmission, at: SourceLocation(file: path)))
        }
        return ReaderResult(format: sawInstance ? .xformInstance : .nativeXML, diagnostics: diagnostics)
    }

    private func parse(_ chunks: inout some ChunkSource) {
        let handler = Self.saxHandler(
            start: { context, localName, _, _, _, _, attributeCount, _, attributes in
                guard let context, let localName else { return }
                XMLSubmissionReader.with(context) { $0.start(localName, attributeCount, attributes) }
            },
            end: { context, localName, _, _ in
                guard let context, let localName else { return }
                XMLSubmissionReader.with(context) { $0.end(localName) }
            },
            characters: { context, bytes, length in
                guard let context, let bytes else { return }
                XMLSubmissionReader.with(context) { $0.characters(bytes, Int(length)) }
            },
            doctype: { context, _, _, _ in
                guard let context else { return }
                XMLSubmissionReader.with(context) { $0.doctype() }
            },
            error: { context, error in
                guard let context, let error else { return }
                XMLSubmissionReader.with(context) { $0.error(error.pointee) }
            })
        if !pushParse(&chunks, handler: handler) {
            diagnostics.append(Diagnostic(.fileUnreadable, at: SourceLocation(file: path), detail: "libxml2 could not start"))
        }
    }

    /// Calls `body` with the reader a callback's context points to, without counting a reference
    /// to it up and down (the parse holds the reader; libxml2 calls back for every element and
    /// every run of text).
    @inline(__always)
    private static func with(_ context: UnsafeMutableRawPointer, _ body: (XMLSubmissionReader) -> Void) {
        Unmanaged<XMLSubmissionReader>.fromOpaque(context)._withUnsafeGuaranteedRef(body)
    }

    private var location: SourceLocation {
        guard let place = parserPosition else { return SourceLocation(file: path) }
        return SourceLocation(file: path, line: place.line, column: place.column)
    }

    // MARK: SAX events

    private func start(
        _ localName: UnsafePointer<xmlChar>, _ attributeCount: Int32,
        _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) {
        depth += 1
        sawElement = true
        if depth > limits.maxXMLDepth {
            refuse(.xmlTooDeep, expected: "at most \(limits.maxXMLDepth) levels of nesting", found: "\(depth) levels")
            return
        }
        if skippedDepth != nil { return }
        // An instance's field named as a question id: the codebook's name for it and its slot,
        // no String made.
        if instanceMode, let codebook, !Self.hasAttribute("template", attributeCount, attributes),
            let known = codebook.slot(forFieldBytes: UnsafeBufferPointer(start: localName, count: strlen(localName)))
        {
            instanceStart(known.field, slot: known.slot)
            return
        }
        let name = String(cString: localName)
        if instanceMode {
            // The form's blank copy of a repeat (`jr:template=""`) is no data, nor is anything in it.
            if Self.hasAttribute("template", attributeCount, attributes) {
                // Its parent is a group all the same (not a field answered empty).
                if !frames.isEmpty { frames[frames.count - 1].hasChildren = true }
                skippedDepth = depth
                return
            }
            instanceStart(name)
            return
        }
        if depth == 1 && name == "html" {
            // An XForm definition (h:html) is a questionnaire, not a submission.
            diagnostics.append(
                Diagnostic(
                    .fileFormatUnknown, at: location, expected: "a submission (native XML or an XForm instance)",
                    found: "an XForm questionnaire (<h:html>)"))
            stopParser()
            return
        }
        if depth == 1 && name != "submissions" && name != "submission" {
            beginInstance(
                name,
                attributeValues(
                    attributeCount, attributes, reading: Self.instanceAttributes, namespace: Self.openRosaNamespace))
            return
        }
        switch name {
        case "submissions" where depth == 1:
            break
        case "submission" where current == nil && depth <= 2:
            sawSubmission = true
            submissionCount += 1
            openSubmissionDepth = depth
            let values = attributeValues(attributeCount, attributes, reading: Self.submissionAttributes, namespace: Self.nativeNamespace)
            let here = location
            current = RawSubmission(
                location: here, format: .nativeXML, ordinal: submissionCount,
                country: values["country"].map { RawValue($0, at: here) },
                round: values["round"].map { RawValue($0, at: here) })
            // When the sender made or sent it (a revision's time, docs/formats.md "Revisions").
            current?.metadata.submittedAt = values["submitted"]
        case "answer" where current != nil && answer == nil && answerParentDepth.map({ depth == $0 + 1 }) == true:
            let values = attributeValues(attributeCount, attributes, reading: Self.answerAttributes, namespace: Self.nativeNamespace)
            answer = RawAnswer(
                field: values["question"] ?? "", values: [], location: location, groups: repeatFrames.map(\.id),
                groupPositions: repeatFrames.map(\.entries))
            answerDepth = depth
            text.removeAll(keepingCapacity: true)
        case "value" where answer != nil && !inValue:
            inValue = true
            text.removeAll(keepingCapacity: true)
        case "entry" where answer != nil && !inValue && answer?.values.isEmpty == true && depth == answerDepth + 1:
            // The answer is a repeat: its first occurrence starts (text before it was layout).
            repeatFrames.append(RepeatFrame(id: answer?.field ?? "", depth: answerDepth, entries: 1, inEntry: true))
            answer = nil
            text.removeAll(keepingCapacity: true)
        case "entry" where answer == nil && repeatFrames.last.map({ !$0.inEntry && depth == $0.depth + 1 }) == true:
            repeatFrames[repeatFrames.count - 1].entries += 1
            repeatFrames[repeatFrames.count - 1].inEntry = true
        default:
            let diagnostic = Diagnostic(
                .xmlUnexpectedElement, at: location, questionID: answer?.field ?? repeatFrames.last?.id,
                expected: repeatFrames.isEmpty ? "submissions, submission, answer or value" : "submissions, submission, answer, entry or value",
                found: "<\(name)>")
            if current != nil { current?.diagnostics.append(diagnostic) } else { diagnostics.append(diagnostic) }
            if skippedDepth == nil { skippedDepth = depth }
        }
    }


    private func end(_ localName: UnsafePointer<xmlChar>) {
        defer { depth -= 1 }
        if let skipped = skippedDepth {
            if depth == skipped { skippedDepth = nil }
            return
        }
        if instanceMode {  // the frame knows the element: no name needed
            instanceEnd()
            return
        }
        let name = String(cString: localName)
        switch name {
        case "value" where inValue:
            inValue = false
            answer?.values.append(decodedText())
        case "answer" where answer != nil && depth == answerDepth:
            if var finished = answer {
                if finished.values.isEmpty { finished.values = [decodedText()] }
                current?.answers.append(finished)
            }
            answer = nil
        case "entry" where answer == nil && repeatFrames.last.map({ $0.inEntry && depth == $0.depth + 1 }) == true:
            repeatFrames[repeatFrames.count - 1].inEntry = false
        case "answer" where answer == nil && repeatFrames.last.map({ !$0.inEntry && depth == $0.depth }) == true:
            repeatFrames.removeLast()
        case "submission" where current != nil && depth == openSubmissionDepth:
            if let submission = current { emit?(submission) }
            current = nil
            repeatFrames.removeAll()
        default:
            break
        }
    }

    private func characters(_ bytes: UnsafePointer<xmlChar>, _ length: Int) {
        guard answer != nil || instanceMode, skippedDepth == nil, !stopped else { return }
        guard text.count + length <= limits.maxValueBytes else {
            // Reading stops here: the size seen so far is what can be said (the location is where it
            // was passed).
            refuse(
                .valueTooLarge, expected: "a text of at most \(limits.maxValueBytes) bytes",
                found: "a text of \(text.count + length) bytes or more")
            return
        }
        text.append(contentsOf: UnsafeBufferPointer(start: bytes, count: length))
    }

    private func decodedText() -> String {
        // libxml2 hands on UTF-8 whatever the document's encoding.
        let value = String(decoding: text, as: UTF8.self)
        text.removeAll(keepingCapacity: true)
        return value
    }

    // MARK: XForm instances

    private func beginInstance(_ rootName: String, _ attributes: [String: String]) {
        instanceMode = true
        sawInstance = true
        sawSubmission = true
        submissionCount = 1
        var metadata = SubmissionMetadata()
        metadata.formID = attributes["id"] ?? attributes["id_string"]
        metadata.formVersion = attributes["version"]
        metadata.instanceID = attributes["instanceID"]
        metadata.submittedAt = attributes["submissionDate"]
        current = RawSubmission(location: location, format: .xformInstance, ordinal: 1, metadata: metadata)
        // Room for a questionnaire's elements at once (grown one doubling at a time, the tables
        // were rehashed seven times per file).
        pathIndex.reserveCapacity(256)
        pathNodes.reserveCapacity(256)
        current?.answers.reserveCapacity(128)
        instanceMatched = MatchedAnswers()
        instanceRawAnswers = 0
    }

    private func instanceStart(_ name: String, slot: Int32 = -1) {
        let parent = frames.last?.node ?? -1
        let parentSerial = frames.last?.serial ?? 0
        if !frames.isEmpty { frames[frames.count - 1].hasChildren = true }
        let pathKey = PathKey(parent: parent, name: name)
        let node: Int
        if let known = pathIndex[pathKey] {
            node = known
        } else {
            node = pathNodes.count
            pathNodes.append(PathNode())
            pathIndex[pathKey] = node
        }
        if pathNodes[node].parentSerial != parentSerial {
            pathNodes[node].parentSerial = parentSerial
            pathNodes[node].position = 0
        }
        pathNodes[node].position += 1
        pathNodes[node].occurrences += 1
        let position = pathNodes[node].position
        let count = pathNodes[node].occurrences
        serials += 1
        var repeatIndex = frames.last?.repeatIndex
        if count > 1 {
            repeatIndex = count
            // The first repetition's fields were handed on before the second showed it repeats.
            if count == 2, let range = pathNodes[node].firstOccurrence {
                pathNodes[node].firstOccurrence = nil
                // Matched fields among them are raw answers again, each in its place (so that the
                // answers read so far are `current.answers`, one by one).
                if !instanceMatched.isEmpty, var submission = current {
                    current = nil
                    swap(&submission.matched, &instanceMatched)
                    submission.unmatch()
                    instanceRawAnswers = submission.answers.count
                    instanceMatched = MatchedAnswers()
                    current = submission
                    for index in frames.indices { frames[index].matchedGroup = -1 }
                }
                for index in range where current?.answers[index].repeatIndex == nil {
                    current?.answers[index].repeatIndex = 1
                }
            }
        }
        frames.append(
            Frame(
                name: name, location: location, repeatIndex: repeatIndex, position: position, node: node, serial: serials,
                firstAnswer: answersRead, slot: slot))
        text.removeAll(keepingCapacity: true)
    }

    private func instanceEnd() {
        guard let frame = frames.popLast() else {
            // The root closes: the submission is complete.
            if !instanceMatched.isEmpty {
                swap(&current!.matched, &instanceMatched)
                instanceMatched = MatchedAnswers()
            }
            if let submission = current.take() { emit?(submission) }
            instanceMode = false
            return
        }
        guard !frame.hasChildren else {
            if pathNodes[frame.node].occurrences == 1 {
                pathNodes[frame.node].firstOccurrence = frame.firstAnswer..<answersRead
            }
            return
        }
        if frames.first?.name != "meta", matchField(frame) { return }
        let value = decodedText()
        if frames.first?.name == "meta" {
            switch frame.name {
            case "instanceID":
                if current?.metadata.instanceID == nil { current?.metadata.instanceID = value.trimmingWhitespace() }
            case "deprecatedID": current?.metadata.deprecatedID = value.trimmingWhitespace()
            case "timeEnd", "submissionDate":
                if current?.metadata.submittedAt == nil { current?.metadata.submittedAt = value.trimmingWhitespace() }
            default: break
            }
            return
        }
        var groups: [String] = []
        var positions: [Int] = []
        if let last = frames.indices.last {
            makeChildGroups(last)
            groups = frames[last].childGroups!
            positions = frames[last].childPositions
        }
        instanceRawAnswers += 1
        current?.answers.append(
            RawAnswer(
                field: frame.name, values: [value], location: frame.location, groups: groups, groupPositions: positions,
                repeatIndex: frame.repeatIndex))
    }

    /// The `groups` and positions of the fields inside frame `index`, made once.
    private func makeChildGroups(_ index: Int) {
        guard frames[index].childGroups == nil else { return }
        let groups = frames[0...index].map(\.name)
        frames[index].childGroups = groups
        frames[index].childPositions = frames[0...index].map(\.position)
        frames[index].childInRepeat = codebook.map { codebook in groups.contains(where: codebook.isRepeatGroup) } ?? false
    }

    /// Hands a field on as a matched cell when the codebook reads its text (the field named as a
    /// question id, outside repeats and repeated groups); false: it goes on as a raw answer.
    private func matchField(_ frame: Frame) -> Bool {
        guard let codebook, frame.repeatIndex == nil, !text.isEmpty, frame.slot >= 0,
            let line = MatchedCell.position(frame.location.line), let column = MatchedCell.position(frame.location.column),
            instanceMatched.text.count + text.count < Int(Int32.max)
        else { return false }
        if let last = frames.indices.last {
            makeChildGroups(last)
            if frames[last].childInRepeat { return false }
        }
        let slot = frame.slot
        guard let value = text.withUnsafeBufferPointer({ codebook.match(slot, $0) }) else { return false }
        var group: Int32 = -1
        if let last = frames.indices.last {
            if frames[last].matchedGroup < 0 {
                frames[last].matchedGroup = Int32(instanceMatched.groups.count)
                instanceMatched.groups.append((frames[last].childGroups!, frames[last].childPositions))
            }
            group = frames[last].matchedGroup
        }
        if instanceMatched.codebook == nil {
            instanceMatched.codebook = codebook
            instanceMatched.file = path
        }
        let start = instanceMatched.text.count
        instanceMatched.cells.append(
            MatchedCell(
                slot: slot, order: Int32(instanceRawAnswers), line: line, column: column, textStart: Int32(start),
                textCount: Int32(text.count), value: value, group: group))
        instanceMatched.text.append(contentsOf: text)
        text.removeAll(keepingCapacity: true)
        return true
    }

    /// Whether an element has an attribute of this local name, in any namespace (`jr:template`).
    private static func hasAttribute(
        _ localName: String, _ count: Int32, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) -> Bool {
        guard let attributes else { return false }
        for index in 0..<Int(count) {
            guard let name = attributes[index * 5] else { continue }
            if String(cString: name) == localName { return true }
        }
        return false
    }

    /// Stops reading: the file breaks a limit, and nothing of it is used.
    private func refuse(_ code: DiagnosticCode, expected: String, found: String) {
        guard !stopped else { return }
        diagnostics.append(Diagnostic(code, at: location, expected: expected, found: found))
        stopParser()
    }

    private func doctype() {
        diagnostics.append(Diagnostic(.xmlDoctypeForbidden, at: location))
        stopParser()
    }

    private func error(_ error: xmlError) {
        guard firstError == nil, !stopped || error.code != Int32(XML_ERR_USER_STOP.rawValue) else { return }
        guard let error = XMLParseError(error) else { return }
        if !sawElement && (error.code == Int32(XML_ERR_DOCUMENT_EMPTY.rawValue) || error.code == Int32(XML_ERR_DOCUMENT_END.rawValue)) {
            // No element at all (empty, white space, a byte-order mark, comments): libxml2 says
            // "Document is empty" or "Extra content at the end of the document", neither of which
            // tells the sender what is wrong.
            firstError = Diagnostic(
                .fileUnreadable, at: SourceLocation(file: path),
                detail: "the file is empty: it holds no XML element (nothing, or only white space, a byte-order mark or comments)")
            stopped = true
            return
        }
        firstError = Diagnostic(
            .xmlMalformed, at: SourceLocation(file: path, line: error.line, column: error.column), detail: error.message)
        if error.isFatal { stopped = true }
    }

    /// The attributes named in `reading` (local names) of an element: those without a namespace,
    /// else those in `namespace` (the format's own). A namespaced copy in any other namespace is
    /// ignored and noted once per file (`xml-attribute-ignored`): `x:country="DEU"` beside
    /// `country="FRA"` must not replace it.
    private func attributeValues(
        _ count: Int32, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, reading names: [String],
        namespace: String
    ) -> [String: String] {
        var values: [String: String] = [:]
        var inOwnNamespace: [String: String] = [:]
        guard let attributes else { return values }
        for index in 0..<Int(count) {
            // libxml2's SAX2 attributes: localname, prefix, URI, value start, value end.
            let base = index * 5
            guard let localName = attributes[base], let start = attributes[base + 3], let end = attributes[base + 4]
            else { continue }
            let length = end - start
            guard length <= limits.maxValueBytes else {
                refuse(.valueTooLarge, expected: "an attribute of at most \(limits.maxValueBytes) bytes", found: "\(length) bytes")
                return [:]
            }
            let name = String(cString: localName)
            guard names.contains(name) else { continue }
            var value = String(decoding: UnsafeBufferPointer(start: start, count: length), as: UTF8.self)
            // Without entity substitution, libxml2's SAX2 hands on a decoded '&' as "&#38;" (so
            // that an entity reference could still be told apart); every other reference
            // arrives decoded. Undo that one escape.
            if value.contains("&#38;") { value = value.replacingOccurrences(of: "&#38;", with: "&") }
            guard let uri = attributes[base + 2] else {
                values[name] = value
                continue
            }
            if String(cString: uri) == namespace {
                inOwnNamespace[name] = value
                continue
            }
            let written = attributes[base + 1].map { String(cString: $0) + ":" + name } ?? name
            if ignoredAttributes.insert(written).inserted {
                diagnostics.append(
                    Diagnostic(
                        .xmlAttributeIgnored, at: location, expected: "\(name)=\"…\" without a namespace prefix",
                        found: "\(written)=\"\(value.count > 80 ? value.prefix(80) + "…" : value)\" (namespace \(String(cString: uri)))"))
            }
        }
        for (name, value) in inOwnNamespace where values[name] == nil { values[name] = value }
        return values
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars = scalars.dropFirst() }
        while let last = scalars.last, last.isWhitespace { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
