import Foundation
import SurveyModel

/// A stream of byte chunks: a file read piece by piece, or bytes in memory.
protocol ChunkSource {
    /// The next chunk, or nil at the end.
    mutating func next() -> [UInt8]?
    /// True when reading failed before the end.
    var failed: Bool { get }
}

struct FileChunks: ChunkSource {
    let handle: FileHandle
    let size: Int
    var failed = false

    mutating func next() -> [UInt8]? {
        do {
            guard let data = try handle.read(upToCount: size), !data.isEmpty else { return nil }
            return [UInt8](data)
        } catch {
            failed = true
            return nil
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

    init(base: Base) { self.base = base }

    var failed: Bool { base.failed }

    mutating func next() -> [UInt8]? {
        guard let chunk = base.next() else { return nil }
        chunk.withUnsafeBytes { hasher.update($0) }
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
