/// A hash of a byte string read eight bytes at a time: the readers' byte tables (ByteTable) and
/// the file cache's interning table (FileCacheCodec.StringNumbers) look up ids, codes and labels
/// with it, for every cell and answer, where the standard library's seeded `Hasher` was a third of
/// the work. Not seeded: tables built on it must never let where a key sits decide what a lookup
/// finds (both compare the keys' bytes whole).
public enum ByteHash {
    /// A 64-bit hash of the bytes, eight at a time, their count mixed in first.
    @inlinable
    public static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(key.count &+ 1)
        guard let base = key.baseAddress else { return hash }
        let raw = UnsafeRawPointer(base)
        var offset = 0
        while offset + 8 <= key.count {
            let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            hash = (hash ^ word) &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 29
            offset += 8
        }
        if offset < key.count {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while offset < key.count {
                tail |= UInt64(key[offset]) << shift
                shift += 8
                offset += 1
            }
            hash = (hash ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        }
        hash ^= hash >> 32
        return hash &* 0x9E37_79B9_7F4A_7C15
    }
}
