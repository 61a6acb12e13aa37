// The byte streams the readers parse: a file read chunk by chunk (64 KiB by default), bytes in
// memory, and a stream that hashes and counts the bytes as they pass.
public import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SurveyModel

/// A stream of byte chunks: a file read piece by piece, or bytes in memory.
///
/// What a ``SubmissionReader`` reads: ``SubmissionInput`` (the file's first pass) and
/// ``ChunkStream`` (a second pass) are chunk sources. A chunk is never empty.
public protocol ChunkSource {
    /// The next chunk, or nil at the end.
    mutating func next() -> [UInt8]?
    /// True when reading failed before the end.
    var failed: Bool { get }
}

/// `open(2)` for reading, without blocking (``RegularFile/open(_:)`` hides the global name).
private func openWithoutBlocking(_ path: String) -> Int32 { open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC) }

/// A file read chunk by chunk, the bytes counted as they are read: past `limit` bytes it stops
/// (``exceeded``), whatever size the file claimed when it was opened (a file that grows, a
/// device or a pipe swapped in never ends).
struct FileChunks: ChunkSource {
    let handle: FileHandle
    let size: Int
    /// The file's size when it was opened, when known: a small file gets a buffer of its size,
    /// not of `size` (most inbox files are a few KB; chunks are 64 KB).
    var expected = Int.max
    /// The most bytes read; one more and the stream ends with ``exceeded``.
    let limit: Int
    var failed = false
    /// True when the file held more than `limit` bytes (reading stopped there).
    private(set) var exceeded = false
    private var consumed = 0

    init(handle: FileHandle, size: Int, expected: Int = Int.max, limit: Int = Int.max) {
        self.handle = handle
        self.size = size
        self.expected = expected
        self.limit = limit
    }

    /// Reads with `read(2)` into the chunk itself (FileHandle would fill a Data first, copied
    /// again into the array).
    mutating func next() -> [UInt8]? {
        guard !exceeded else { return nil }
        let descriptor = handle.fileDescriptor
        // One byte more than what is left, so the end is seen without a second buffer.
        let left = expected - consumed  // no overflow: consumed ≥ 0 and expected ≤ Int.max
        let capacity = left >= 0 && left < size ? left + 1 : size
        var error = false
        let chunk = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            count = 0
            while count < capacity {
                let got = read(descriptor, buffer.baseAddress! + count, capacity - count)
                if got < 0 {
                    if errno == EINTR { continue }
                    error = true
                    break
                }
                if got == 0 { break }
                count += got
            }
        }
        if error {
            failed = true
            return nil
        }
        consumed += chunk.count
        if consumed > limit {
            exceeded = true
            return nil
        }
        return chunk.isEmpty ? nil : chunk
    }
}

/// Opening a file to read by path, for every reader of a path a person gives (inbox files,
/// `validate`'s arguments, definition files): without blocking (a FIFO would block `open(2)`),
/// and only a regular file (a FIFO, a device like `/dev/zero`, a folder are refused before a
/// byte is read). The bytes read are then counted against a limit (``FileChunks``).
public enum RegularFile {
    /// Why a path cannot be read as a file.
    public enum Refusal: Error, Equatable, CustomStringConvertible {
        case missing
        case notRegular(kind: String)
        case unreadable(reason: String)
        case tooLarge(limit: Int)

        public var description: String {
            switch self {
            case .missing: return "not found"
            case .notRegular(let kind): return "is \(kind), not a regular file"
            case .unreadable(let reason): return "cannot be read: \(reason)"
            case .tooLarge(let limit): return "is larger than \(limit) bytes"
            }
        }
    }

    /// The open file and its size when opened.
    public static func open(_ url: URL) -> Result<(handle: FileHandle, size: Int), Refusal> {
        let descriptor = openWithoutBlocking(url.path)
        guard descriptor >= 0 else {
            return .failure(errno == ENOENT ? .missing : .unreadable(reason: String(cString: strerror(errno))))
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            return .failure(.unreadable(reason: reason))
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            return .failure(.notRegular(kind: kind(status.st_mode)))
        }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        return .success((FileHandle(fileDescriptor: descriptor, closeOnDealloc: true), Int(status.st_size)))
    }

    /// The whole file, at most `limit` bytes (counted as read, not taken from its size).
    public static func bytes(of url: URL, limit: Int) throws(Refusal) -> [UInt8] {
        let (handle, size) = try open(url).get()
        defer { try? handle.close() }
        if size > limit { throw .tooLarge(limit: limit) }
        var chunks = FileChunks(handle: handle, size: 1 << 20, expected: size > 0 ? size : Int.max, limit: limit)
        var bytes: [UInt8] = []
        while let chunk = chunks.next() { bytes += chunk }
        if chunks.exceeded { throw .tooLarge(limit: limit) }
        if chunks.failed { throw .unreadable(reason: "reading stopped after \(bytes.count) bytes") }
        return bytes
    }

    static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: return "a folder"
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFSOCK: return "a socket"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        default: return "not a regular file"
        }
    }
}

struct MemoryChunks: ChunkSource {
    let bytes: [UInt8]
    let size: Int
    var offset = 0
    var failed: Bool { false }

    mutating func next() -> [UInt8]? {
        guard offset < bytes.count else { return nil }
        let end = min(bytes.count, offset + size)
        defer { offset = end }
        return Array(bytes[offset..<end])
    }
}

/// Hashes and counts the bytes as they pass, so a file is read once.
struct HashingChunks<Base: ChunkSource>: ChunkSource {
    var base: Base
    var hasher = SHA256()
    var bytes = 0
    /// False for bytes that are not a file's own (an archive entry): counted, not hashed.
    let hashing: Bool

    init(base: Base, hashing: Bool = true) {
        self.base = base
        self.hashing = hashing
    }

    var failed: Bool { base.failed }

    mutating func next() -> [UInt8]? {
        guard let chunk = base.next() else { return nil }
        if hashing { chunk.withUnsafeBytes { hasher.update($0) } }
        bytes += chunk.count
        return chunk
    }

    /// Reads the rest, so the hash covers the whole file even when parsing stopped early.
    mutating func drain() { while next() != nil {} }

    mutating func digest() -> String {
        drain()
        return hasher.finalizeHex()
    }
}

/// A fresh stream of a file's bytes from the start, for a reader's second pass
/// (``SubmissionInput/reread()``): the file opened again, or the bytes in memory. Not hashed (the
/// first pass is); a read error is reported by the ``Extractor``, not by the reader.
public struct ChunkStream: ChunkSource {
    private var file: FileChunks?
    private var memory: MemoryChunks?
    private let status: PassStatus?

    init(file: FileChunks, status: PassStatus) {
        self.file = file
        self.status = status
    }

    init(memory: MemoryChunks) {
        self.memory = memory
        status = nil
    }

    public mutating func next() -> [UInt8]? {
        if memory != nil { return memory!.next() }
        guard file != nil else { return nil }
        let chunk = file!.next()
        if file!.failed { status?.secondPassFailed = true }
        if file!.exceeded { status?.tooLarge = true }
        return chunk
    }

    public var failed: Bool { file?.failed ?? false }
}

/// What happened to the passes after the first, seen by the ``Extractor`` when the reader is done.
final class PassStatus {
    /// A second pass could not be opened.
    var reopenFailed = false
    /// A second pass stopped on a read error.
    var secondPassFailed = false
    /// A pass read more than the file-size limit (the file grew, or was swapped after it was opened).
    var tooLarge = false
}
