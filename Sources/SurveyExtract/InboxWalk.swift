public import Foundation
public import SurveyModel
#if canImport(Glibc)
    import Glibc
#endif

/// Why the inbox walk could not start: the inbox folder is not there, or is not a folder.
public enum InboxWalkError: Error, Equatable, CustomStringConvertible {
    case folderMissing(path: String)
    case notAFolder(path: String)

    public var description: String {
        switch self {
        case .folderMissing(let path): return "input folder not found: \(path)"
        case .notAFolder(let path): return "input \(path) is a file, not a folder; give the inbox folder"
        }
    }
}

/// One entry the inbox walk met: a file to read, or an entry reported instead of read.
public struct InboxEntry: Sendable {
    /// The entry's path relative to the inbox, as people read it: UTF-8, with control characters,
    /// bytes that are not UTF-8 and backslashes escaped (``InboxWalk/displayName(_:)``). It names
    /// the entry in every record and output; the mapping is one-to-one, so it is also its key.
    public var path: String
    /// Where to read the file; nil when the entry is reported instead (``problem``). Made from
    /// the path on each use: the listing lives as long as the run, and a `URL` per file took
    /// about 350 bytes (88 MB at 250,000 files) against its path's string.
    public var url: URL? {
        get { location.map { URL(fileURLWithPath: $0, isDirectory: false) } }
        set { location = newValue?.path }
    }
    /// The file's absolute path (a `/proc/self/fd` link for a name that is not UTF-8); nil when
    /// the entry is reported instead.
    public private(set) var location: String?
    /// Why the entry is not read (`file-unreadable`, `file-not-regular`, `symlink-outside-inbox`).
    public var problem: Diagnostic? {
        get { reported?.diagnostic }
        set { reported = newValue.map(Reported.init) }
    }
    /// The problem, held out of line: a `Diagnostic` is over 300 bytes, and the listing (every
    /// file of the inbox, kept for the whole run) would hold that for each of its entries, nearly
    /// all of which have none (80 MB at 250,000 files).
    private var reported: Reported?

    public init(path: String, url: URL?, problem: Diagnostic?) {
        self.init(path: path, location: url?.path, problem: problem)
    }

    /// An entry at the absolute path `location` (what `URL(fileURLWithPath: location).path`
    /// gives back for a file's path: the same text).
    init(path: String, location: String?, problem: Diagnostic?) {
        self.path = path
        self.location = location
        self.reported = problem.map(Reported.init)
    }

    private final class Reported: Sendable {
        let diagnostic: Diagnostic
        init(_ diagnostic: Diagnostic) { self.diagnostic = diagnostic }
    }
}

/// Everything the inbox walk met, in path order. Holds open the descriptors of files whose path is
/// not UTF-8 (they are read through `/proc/self/fd`), so keep it alive while the files are read.
public final class InboxListing: @unchecked Sendable {
    public let entries: [InboxEntry]
    private let descriptors: [Int32]

    init(entries: [InboxEntry], descriptors: [Int32]) {
        self.entries = entries
        self.descriptors = descriptors
    }

    deinit { for descriptor in descriptors { close(descriptor) } }

    /// Every entry's path, in order: what the run accounts for.
    public var paths: [String] { entries.map(\.path) }
    /// The entries to read, with where to read them.
    public var readable: [(url: URL, path: String)] { entries.compactMap { entry in entry.url.map { ($0, entry.path) } } }
    /// The entries reported instead of read, by path.
    public var problems: [String: Diagnostic] {
        Dictionary(entries.compactMap { entry in entry.problem.map { (entry.path, $0) } }, uniquingKeysWith: { first, _ in first })
    }
    /// Where each readable entry is read, by path (the quarantine copies from there).
    public var locations: [String: URL] {
        Dictionary(entries.compactMap { entry in entry.url.map { (entry.path, $0) } }, uniquingKeysWith: { first, _ in first })
    }
}

/// The inbox walk: which files of the inbox folder a run reads, and what it reports instead.
///
/// The rule (docs/formats.md, "The inbox walk"): every entry is accounted for. Regular files are
/// read; a symbolic link whose target, resolved, is a regular file inside the inbox is read as
/// that file and reported under the link's path; a link to a folder is not followed
/// (`file-not-regular`); a link whose target is outside the inbox is `symlink-outside-inbox`; a
/// dangling link, a folder that cannot be opened or a file that cannot be examined is
/// `file-unreadable`; FIFOs, sockets and devices are `file-not-regular` and never opened. Entries
/// that are not folders and whose name starts with "." or ends in `.md`/`.txt` (of any type) are
/// documentation, not submissions, and are left out by design.
public enum InboxWalk {
    /// Paths of the inbox's entries (read and reported), relative to it, sorted.
    public static func dataFiles(in folder: URL) throws -> [String] {
        try entries(in: folder).paths
    }

    /// Walks the inbox: every entry it meets, sorted by path.
    public static func entries(in folder: URL) throws -> InboxListing {
        // A walk with readdir: Foundation's enumerator with resource values cost a stat and
        // several URL objects per file (half a second for 10,000 files). Paths are kept as bytes
        // (a name need not be UTF-8); only the shown path is a String.
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) else {
            throw InboxWalkError.folderMissing(path: folder.path)
        }
        guard isFolder.boolValue else { throw InboxWalkError.notAFolder(path: folder.path) }
        let rootBytes = Array(folder.path.utf8)
        guard let root = realPath(rootBytes) else {
            throw InboxWalkError.folderMissing(path: folder.path)
        }
        var entries: [InboxEntry] = []
        var descriptors: [Int32] = []
        let procFD = access("/proc/self/fd", R_OK) == 0

        func report(_ inside: String, _ code: DiagnosticCode, _ detail: String) {
            entries.append(InboxEntry(path: inside, url: nil, problem: Diagnostic(code, at: SourceLocation(file: inside), detail: detail)))
        }
        /// A readable entry at `absolute` (bytes): its URL, or a descriptor through /proc when the
        /// path is not UTF-8 (a URL cannot hold such a path).
        func readable(_ absolute: [UInt8], _ inside: String) {
            if let text = String(validating: absolute, as: UTF8.self) {
                // The path itself: a URL made from it only to take its path back asked the file
                // system whether it was a folder (a `stat` and 2.4 µs a file, before any file
                // could be read).
                entries.append(InboxEntry(path: inside, location: text, problem: nil))
                return
            }
            guard procFD else {
                report(inside, .fileUnreadable, "the name is not UTF-8 and this system has no /proc/self/fd to read it through; rename the file")
                return
            }
            let descriptor = withCString(absolute) { open($0, O_RDONLY | O_NONBLOCK | O_CLOEXEC) }
            guard descriptor >= 0 else {
                report(inside, .fileUnreadable, "cannot open the file: \(String(cString: strerror(errno)))")
                return
            }
            descriptors.append(descriptor)
            entries.append(InboxEntry(path: inside, url: URL(fileURLWithPath: "/proc/self/fd/\(descriptor)"), problem: nil))
        }
        func isDocumentation(_ name: [UInt8]) -> Bool {
            guard let dot = name.lastIndex(of: UInt8(ascii: ".")) else { return false }
            let ext = String(decoding: name[(dot + 1)...], as: UTF8.self).lowercased()
            return ext == "md" || ext == "txt"
        }
        func walk(_ absolute: [UInt8], _ relative: String) {
            guard let directory = withCString(absolute, { opendir($0) }) else {
                if relative.isEmpty {
                    report(".", .fileUnreadable, "cannot open the inbox folder: \(String(cString: strerror(errno)))")
                } else {
                    report(relative + "/", .fileUnreadable, "cannot open the folder: \(String(cString: strerror(errno)))")
                }
                return
            }
            defer { closedir(directory) }
            while let entry = readdir(directory) {
                let name: [UInt8] = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix(while: { $0 != 0 })) }
                if name == [46] || name == [46, 46] { continue }
                let path = absolute + [UInt8(ascii: "/")] + name
                let shown = displayName(name)
                let inside = relative.isEmpty ? shown : relative + "/" + shown
                var type = Int32(entry.pointee.d_type)
                if type == Int32(DT_UNKNOWN) {  // file systems that do not say: ask (not following links)
                    var status = stat()
                    guard withCString(path, { lstat($0, &status) }) == 0 else {
                        report(inside, .fileUnreadable, "cannot examine the entry: \(String(cString: strerror(errno)))")
                        continue
                    }
                    type = Self.direntType(status.st_mode)
                }
                let hidden = name.first == UInt8(ascii: ".")
                if type == Int32(DT_DIR) {
                    walk(path, inside)
                    continue
                }
                // Hidden entries and documentation are left out by name, whatever they are.
                if hidden || isDocumentation(name) { continue }
                switch type {
                case Int32(DT_REG):
                    readable(path, inside)
                case Int32(DT_LNK):
                    guard let target = realPath(path) else {
                        report(inside, .fileUnreadable, "a symbolic link whose target does not exist or cannot be reached")
                        continue
                    }
                    if target == root {
                        report(inside, .fileNotRegular, "a symbolic link to the inbox folder itself; links to folders are not followed")
                        continue
                    }
                    guard target.starts(with: root + [UInt8(ascii: "/")]) else {
                        report(inside, .symlinkOutsideInbox, "a symbolic link to \(displayName(target)), outside the inbox; not followed")
                        continue
                    }
                    var status = stat()
                    guard withCString(target, { stat($0, &status) }) == 0 else {
                        report(inside, .fileUnreadable, "cannot examine the link's target: \(String(cString: strerror(errno)))")
                        continue
                    }
                    let targetType = Self.direntType(status.st_mode)
                    if targetType == Int32(DT_REG) {
                        readable(target, inside)
                    } else if targetType == Int32(DT_DIR) {
                        report(inside, .fileNotRegular, "a symbolic link to a folder; links to folders are not followed")
                    } else {
                        report(inside, .fileNotRegular, "a symbolic link to \(Self.kind(targetType)); not opened")
                    }
                default:
                    report(inside, .fileNotRegular, "\(Self.kind(type)); not opened")
                }
            }
        }
        walk(rootBytes, "")
        entries.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        return InboxListing(entries: entries, descriptors: descriptors)
    }

    /// A file name (or path) as people read it: valid UTF-8 is kept, except control characters
    /// (C0, DEL, C1) and bidirectional overrides, shown as `\xNN` or `\u{NNNN}`; bytes that are not
    /// UTF-8 are shown as `\xNN`; a backslash is doubled, so that two names never show the same.
    public static func displayName(_ bytes: some Collection<UInt8>) -> String {
        var text = ""
        var decoder = UTF8()
        let pending = Array(bytes)
        // Decode scalar by scalar; an invalid sequence is shown byte by byte.
        var index = 0
        while index < pending.count {
            let length = Self.sequenceLength(pending, at: index)
            if length == 0 {
                text += String(format: "\\x%02X", pending[index])
                index += 1
                continue
            }
            var slice = pending[index..<(index + length)].makeIterator()
            guard case .scalarValue(let scalar) = decoder.decode(&slice) else {
                text += String(format: "\\x%02X", pending[index])
                index += 1
                continue
            }
            switch scalar.value {
            case 0x5C: text += "\\\\"
            case 0x00...0x1F, 0x7F: text += String(format: "\\x%02X", scalar.value)
            case 0x80...0x9F, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:
                text += String(format: "\\u{%04X}", scalar.value)
            default: text.unicodeScalars.append(scalar)
            }
            index += length
        }
        return text
    }

    /// The length of the valid UTF-8 sequence at `index`, 0 when the bytes there are not one.
    private static func sequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let first = bytes[index]
        let length: Int
        switch first {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return 0
        }
        guard index + length <= bytes.count else { return 0 }
        for offset in 1..<length where bytes[index + offset] & 0xC0 != 0x80 { return 0 }
        let second = bytes[index + 1]
        switch first {
        case 0xE0 where second < 0xA0, 0xED where second > 0x9F, 0xF0 where second < 0x90, 0xF4 where second > 0x8F: return 0
        default: return length
        }
    }

    /// True when `path`, links followed, is a regular file.
    public static func isRegularFile(atPath path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
    }

    private static func direntType(_ mode: mode_t) -> Int32 {
        switch mode & S_IFMT {
        case S_IFDIR: return Int32(DT_DIR)
        case S_IFREG: return Int32(DT_REG)
        case S_IFLNK: return Int32(DT_LNK)
        case S_IFIFO: return Int32(DT_FIFO)
        case S_IFSOCK: return Int32(DT_SOCK)
        case S_IFCHR: return Int32(DT_CHR)
        case S_IFBLK: return Int32(DT_BLK)
        default: return Int32(DT_UNKNOWN)
        }
    }

    private static func kind(_ type: Int32) -> String {
        switch type {
        case Int32(DT_FIFO): return "a FIFO (named pipe)"
        case Int32(DT_SOCK): return "a socket"
        case Int32(DT_CHR): return "a character device"
        case Int32(DT_BLK): return "a block device"
        case Int32(DT_DIR): return "a folder"
        default: return "not a regular file"
        }
    }

    /// The canonical path of `path` (links resolved), as bytes; nil when it cannot be resolved.
    private static func realPath(_ path: [UInt8]) -> [UInt8]? {
        guard let resolved = withCString(path, { realpath($0, nil) }) else { return nil }
        defer { free(resolved) }
        return Array(UnsafeBufferPointer(start: UnsafeRawPointer(resolved).assumingMemoryBound(to: UInt8.self), count: strlen(resolved)))
    }
}

/// Calls `body` with `bytes` as a NUL-terminated C string.
private func withCString<T>(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>) -> T) -> T {
    (bytes + [0]).withUnsafeBufferPointer { buffer in
        buffer.withMemoryRebound(to: CChar.self) { body($0.baseAddress!) }
    }
}
