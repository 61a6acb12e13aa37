import Foundation
import SurveyModel

/// A read-only table from byte strings to integers, looked up with a cell's bytes as the parser
/// hands them on: no `String` made, no Unicode normalisation (issue 29, item 1).
///
/// Keys compare byte for byte, where Swift's `String` compares canonical equivalents equal. So a
/// table made from a dictionary's keys finds a text only when the dictionary would (the same bytes
/// are the same string); a text the dictionary finds in another normal form is missed here, and
/// its reader then takes the general path, which finds it. Open addressing over a power-of-two
/// number of buckets, the keys' bytes in one array.
///
/// A class: a lookup from a struct held in another value copied its five arrays (each counted up
/// and down), for every cell.
final class ByteTable: Sendable {
    private let bytes: [UInt8]
    /// Per bucket: the key's start in `bytes` and its length (count 0 and start -1: empty).
    private let starts: [Int32]
    private let counts: [Int32]
    private let hashes: [UInt64]
    private let values: [Int]
    private let mask: Int

    init(_ entries: [String: Int]) {
        var capacity = 8
        while capacity < entries.count * 2 { capacity *= 2 }
        mask = capacity - 1
        var bytes: [UInt8] = []
        var starts = [Int32](repeating: -1, count: capacity)
        var counts = [Int32](repeating: 0, count: capacity)
        var hashes = [UInt64](repeating: 0, count: capacity)
        var values = [Int](repeating: 0, count: capacity)
        // In the dictionary's order, which differs between processes: so does where a key sits,
        // never what a lookup finds (each key's bytes are compared whole, and no two keys of a
        // dictionary have the same bytes).
        for (key, value) in entries {
            let keyBytes = Array(key.utf8)
            let hash = keyBytes.withUnsafeBufferPointer { Self.hash($0) }
            var bucket = Int(truncatingIfNeeded: hash) & mask
            while starts[bucket] >= 0 { bucket = (bucket + 1) & mask }
            starts[bucket] = Int32(bytes.count)
            counts[bucket] = Int32(keyBytes.count)
            hashes[bucket] = hash
            values[bucket] = value
            bytes += keyBytes
        }
        self.bytes = bytes
        self.starts = starts
        self.counts = counts
        self.hashes = hashes
        self.values = values
    }

    /// The value of the key written as `key`'s bytes, nil when there is none.
    func value(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
        let hash = Self.hash(key)
        var bucket = Int(truncatingIfNeeded: hash) & mask
        return bytes.withUnsafeBufferPointer { stored -> Int? in
            while true {
                let start = Int(starts[bucket])
                if start < 0 { return nil }
                if hashes[bucket] == hash && Int(counts[bucket]) == key.count
                    && (key.isEmpty || memcmp(stored.baseAddress! + start, key.baseAddress!, key.count) == 0)
                {
                    return values[bucket]
                }
                bucket = (bucket + 1) & mask
            }
        }
    }

    /// ``value(_:)`` of a string's UTF-8 bytes.
    func value(_ key: String) -> Int? {
        var key = key
        return key.withUTF8 { value($0) }
    }

    /// A 64-bit hash of the bytes (``ByteHash``).
    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 { ByteHash.hash(key) }
}
