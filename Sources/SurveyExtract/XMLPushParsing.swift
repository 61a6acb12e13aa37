// libxml2's SAX2 push parser as both XML readers (XFormReader, XMLSubmissionReader) run it: the
// handler's set-up, the parser's creation with XML_PARSE_NONET only, the chunks fed as they come,
// the end of the document, stopping from inside a callback, the position, error levels, freeing.
// The SAX callbacks stay each reader's own: a C function pointer per event that goes straight to
// the reader's method, with nothing of this file in between.
import CLibXML2

/// A reader driven by libxml2's SAX2 push parser. The reader is the callbacks' context (passed
/// unretained: it outlives the parse), so each callback reaches it with one pointer conversion.
///
/// The parser runs with `XML_PARSE_NONET` only: no entity substitution, no DTD loading, no
/// network. The handler's `doctype` callback is libxml2's `internalSubset`, called when a DOCTYPE
/// starts and before its internal subset is read: both readers refuse the document there.
protocol XMLPushParsing: AnyObject {
    /// The file, as given to libxml2 (its name in libxml2's own messages).
    var path: String { get }
    /// The parser while a parse runs (for positions and for stopping); nil before and after.
    var parser: xmlParserCtxtPtr? { get set }
    /// Set when the parse must end: the reader stopped it (``stopParser()``), a fatal error, or a
    /// chunk libxml2 refused. No more chunks are fed and the document is not ended.
    var stopped: Bool { get set }
}

extension XMLPushParsing {
    /// A SAX2 handler with the reader's callbacks; CDATA goes to `characters` as text does.
    static func saxHandler(
        start: startElementNsSAX2Func, end: endElementNsSAX2Func, characters: charactersSAXFunc,
        doctype: internalSubsetSAXFunc, error: xmlStructuredErrorFunc
    ) -> xmlSAXHandler {
        var handler = xmlSAXHandler()
        handler.initialized = XML_SAX2_MAGIC
        handler.startElementNs = start
        handler.endElementNs = end
        handler.characters = characters
        handler.cdataBlock = characters
        handler.internalSubset = doctype
        handler.serror = error
        return handler
    }

    /// Parses the document in `chunks` as they come (the Extractor's chunk size, 64 KiB by default),
    /// calling the handler's callbacks with this reader as their context, until the end or until
    /// ``stopped``; the parser is freed before this returns. False when libxml2 could not start.
    func pushParse(_ chunks: inout some ChunkSource, handler: xmlSAXHandler) -> Bool {
        var handler = handler
        let context = Unmanaged.passUnretained(self).toOpaque()
        guard let parser = path.withCString({ xmlCreatePushParserCtxt(&handler, context, nil, 0, $0) }) else {
            return false
        }
        self.parser = parser
        defer {
            xmlFreeParserCtxt(parser)
            self.parser = nil
        }
        xmlCtxtUseOptions(parser, Int32(XML_PARSE_NONET.rawValue))
        while !stopped, let chunk = chunks.next() {
            let status = chunk.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { xmlParseChunk(parser, $0.baseAddress, Int32($0.count), 0) }
            }
            if status != 0 { stopped = true }
        }
        if !stopped { xmlParseChunk(parser, nil, 0, 1) }
        return true
    }

    /// The line and column libxml2 has reached, nil when no parse runs.
    var parserPosition: (line: Int, column: Int)? {
        guard let parser else { return nil }
        let raw = UnsafeMutableRawPointer(parser)
        return (Int(xmlSAX2GetLineNumber(raw)), Int(xmlSAX2GetColumnNumber(raw)))
    }

    /// Stops the parse from inside a callback: libxml2 calls nothing more for this document.
    func stopParser() {
        stopped = true
        if let parser { xmlStopParser(parser) }
    }
}

/// An error libxml2 reported (through the handler's `error` callback) at the level of an error or
/// a fatal error; warnings are not errors.
struct XMLParseError {
    /// libxml2's error code (`xmlParserErrors`).
    var code: Int32
    var line: Int
    /// libxml2's column (`int2`).
    var column: Int
    /// libxml2's message, trimmed.
    var message: String
    /// libxml2 stops parsing after a fatal error.
    var isFatal: Bool

    /// Nil for a warning.
    init?(_ error: xmlError) {
        guard error.level.rawValue >= XML_ERR_ERROR.rawValue else { return nil }
        code = error.code
        line = Int(error.line)
        column = Int(error.int2)
        message = error.message.map { String(cString: $0) }?.trimmingWhitespace() ?? "parse error"
        isFatal = error.level == XML_ERR_FATAL
    }
}
