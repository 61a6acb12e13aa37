// Which reader reads which file: the registered readers by extension, one reader per extension.
public import SurveyModel

/// The readers an ``Extractor`` (and a pipeline run) dispatches to, by file-name extension.
///
/// Claims are unambiguous: each extension belongs to one reader, and registering a second reader
/// for an extension already claimed is refused with ``ReaderRegistryError`` naming both readers
/// (a programming error, found the first time the registration runs, in any test). There is no
/// precedence to reason about: to read `.csv` differently, build a registry without the built-in
/// CSV reader (`ReaderRegistry(readers:)`). Layouts that share an extension are one reader's
/// business (it tells them apart from the first bytes or the header, as the XML and CSV readers do).
///
/// ```swift
/// var readers = ReaderRegistry.standard
/// try readers.register(JSONLinesReader())
/// let extractor = Extractor(readers: readers)
/// ```
public struct ReaderRegistry: Sendable {
    /// The readers, in registration order.
    public private(set) var readers: [any SubmissionReader] = []
    private var byExtension: [String: Int] = [:]

    /// An empty registry: every file is `file-format-unknown`.
    public init() {}

    /// A registry of `readers`, registered in order; throws on the first conflicting claim.
    public init(readers: [any SubmissionReader]) throws(ReaderRegistryError) {
        for reader in readers { try register(reader) }
    }

    /// The built-in readers: `.xml` (native XML, XForm instances), `.csv` (wide, long, ODK Central,
    /// KoboToolbox), `.zip` (ODK Central's `.csv.zip`) and `.xlsx` (a focal point's own sheets,
    /// wide or transposed).
    public static let standard: ReaderRegistry = {
        do {
            return try ReaderRegistry(readers: [XMLReader(), CSVReader(), ZipExportReader(), XLSXReader()])
        } catch {
            fatalError("the built-in readers: \(error)")
        }
    }()

    /// Adds `reader`. Throws when one of its extensions is already claimed, or is not a plain
    /// lower-case extension (no dot, no `/`), or when it claims none.
    public mutating func register(_ reader: any SubmissionReader) throws(ReaderRegistryError) {
        guard !reader.extensions.isEmpty else { throw .noExtension(reader: reader.name) }
        for ext in reader.extensions {
            guard !ext.isEmpty, ext == ext.lowercased(), !ext.contains("."), !ext.contains("/") else {
                throw .invalidExtension(ext, reader: reader.name)
            }
            if let index = byExtension[ext] {
                throw .extensionClaimed(ext, reader: reader.name, claimedBy: readers[index].name)
            }
        }
        for ext in reader.extensions { byExtension[ext] = readers.count }
        readers.append(reader)
    }

    /// This registry with `reader` added.
    public func registering(_ reader: any SubmissionReader) throws(ReaderRegistryError) -> ReaderRegistry {
        var copy = self
        try copy.register(reader)
        return copy
    }

    /// The reader that claims `ext` (lower-case, without the dot); nil when none does.
    public func reader(forExtension ext: String) -> (any SubmissionReader)? {
        byExtension[ext].map { readers[$0] }
    }

    /// Every claimed extension, in registration order.
    public var extensions: [String] { readers.flatMap(\.extensions) }

    /// Every format the readers report, in registration order, once each.
    public var formats: [SourceFormat] { Self.unique(readers.flatMap(\.formats)) }

    /// The formats a pipeline file may declare for a file (`files: format:`), once each.
    public var selectableFormats: [SourceFormat] { Self.unique(readers.flatMap(\.selectableFormats)) }

    /// The extensions as `file-format-unknown` lists them: ".xml, .csv or .zip".
    public var expectedExtensions: String {
        let names = extensions.map { "." + $0 }
        guard let last = names.last else { return "no format (no reader is registered)" }
        return names.count == 1 ? last : names.dropLast().joined(separator: ", ") + " or " + last
    }

    /// What a file's cached reading depends on besides the built-in code: empty for the standard
    /// registry (so its cache keys stay as they were), else the readers' names, extensions and
    /// formats. A reader whose output changes should change its name or formats.
    public var cacheSalt: String {
        let signature = Self.signature(of: self)
        return signature == Self.standardSignature ? "" : signature
    }

    private static let standardSignature = signature(of: .standard)

    private static func signature(of registry: ReaderRegistry) -> String {
        registry.readers.map { reader in
            "\(reader.name)|\(reader.extensions.joined(separator: ","))|\(reader.formats.map(\.rawValue).joined(separator: ","))"
        }.joined(separator: ";")
    }

    private static func unique(_ formats: [SourceFormat]) -> [SourceFormat] {
        var seen: Set<SourceFormat> = []
        return formats.filter { seen.insert($0).inserted }
    }
}

/// A registration a ``ReaderRegistry`` refuses.
public enum ReaderRegistryError: Error, Equatable, CustomStringConvertible {
    /// `reader` claims an extension `claimedBy` already claims.
    case extensionClaimed(String, reader: String, claimedBy: String)
    /// An extension that is empty, has upper-case letters, a dot or a slash.
    case invalidExtension(String, reader: String)
    /// A reader that claims no extension could never be picked.
    case noExtension(reader: String)

    public var description: String {
        switch self {
        case .extensionClaimed(let ext, let reader, let claimedBy):
            return "reader \(reader): the extension .\(ext) is already claimed by reader \(claimedBy) (one reader per extension)"
        case .invalidExtension(let ext, let reader):
            return "reader \(reader): '\(ext)' is not an extension (lower-case, without the dot)"
        case .noExtension(let reader):
            return "reader \(reader) claims no extension"
        }
    }
}
