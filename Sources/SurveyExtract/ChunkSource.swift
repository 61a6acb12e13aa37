// The byte streams the readers parse: a file read chunk by chunk (64 KiB by default), bytes in
// memory, and a stream that hashes and counts the bytes as they pass.
import Foundation
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

struct FileChunks: ChunkSource {
    let handle: FileHandle
    let size: Int
    /// The file's size when it was opened, when known: a small file gets a buffer of its size,
    /// not of `size` (most inbox files are a few KB; chunks are 64 KB).
    var expected = Int.max
    var failed = false
    private var consumed = 0

    init(handle: FileHandle, size: Int, expected: Int = Int.max) {
        self.handle = handle
        self.size = size
        self.expected = expected
    }

    /// Reads with `read(2)` into the chunk itself (FileHandle would fill a Data first, copied
    /// again into the array).
    mutating func next() -> [UInt8]? {
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
        return chunk.isEmpty ? nil : chunk
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
}
