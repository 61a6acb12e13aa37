import Foundation
import ZIPFoundation

/// `.zip` archives for tests, written by ZIPFoundation, and the damage real archives suffer
/// (a changed byte, an encryption flag, two entries of one name), patched into their bytes.
public enum ZipSamples {
    /// An archive of `entries` (name, bytes, deflated or stored), in that order.
    public static func archive(_ entries: [(name: String, bytes: [UInt8], deflate: Bool)]) throws -> [UInt8] {
        let archive = try Archive(accessMode: .create)
        for entry in entries {
            let data = Data(entry.bytes)
            try archive.addEntry(
                with: entry.name, type: .file, uncompressedSize: Int64(data.count),
                modificationDate: Date(timeIntervalSince1970: 315_532_800), compressionMethod: entry.deflate ? .deflate : .none
            ) { position, size in
                data.subdata(in: Int(position)..<min(Int(position) + size, data.count))
            }
        }
        return [UInt8](archive.data ?? Data())
    }

    /// Where one entry's headers are: its central directory record and its local header.
    public struct Headers: Equatable {
        public var name: String
        public var central: Int
        public var local: Int
        /// The entry's (compressed) data.
        public var data: Range<Int>
    }

    static func u16(_ bytes: [UInt8], _ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
    static func u32(_ bytes: [UInt8], _ at: Int) -> Int { u16(bytes, at) | u16(bytes, at + 2) << 16 }

    /// The entries' headers, from the central directory (the archive has no comment).
    public static func headers(_ bytes: [UInt8]) -> [Headers] {
        let end = bytes.count - 22
        var at = u32(bytes, end + 16)
        var result: [Headers] = []
        for _ in 0..<u16(bytes, end + 10) {
            let nameLength = u16(bytes, at + 28)
            let name = String(decoding: bytes[at + 46..<at + 46 + nameLength], as: UTF8.self)
            let local = u32(bytes, at + 42)
            let start = local + 30 + u16(bytes, local + 26) + u16(bytes, local + 28)
            result.append(Headers(name: name, central: at, local: local, data: start..<start + u32(bytes, at + 20)))
            at += 46 + nameLength + u16(bytes, at + 30) + u16(bytes, at + 32)
        }
        return result
    }

    /// Sets general-purpose bit 0 (encrypted) of `name` in its central record, its local header, or both.
    public static func setEncrypted(_ bytes: inout [UInt8], _ name: String, central: Bool = true, local: Bool = true) {
        for entry in headers(bytes) where entry.name == name {
            if central { bytes[entry.central + 8] |= 1 }
            if local { bytes[entry.local + 6] |= 1 }
        }
    }

    /// Renames entry `from` to `to` (the same length) in both headers: how two entries of one name are made.
    public static func rename(_ bytes: inout [UInt8], _ from: String, to: String) {
        precondition(from.utf8.count == to.utf8.count)
        for entry in headers(bytes) where entry.name == from {
            bytes.replaceSubrange(entry.central + 46..<entry.central + 46 + to.utf8.count, with: Array(to.utf8))
            bytes.replaceSubrange(entry.local + 30..<entry.local + 30 + to.utf8.count, with: Array(to.utf8))
        }
    }
}
