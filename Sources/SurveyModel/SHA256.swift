internal import CSHA256

/// SHA-256 (FIPS 180-4), incremental, for the content hash of source files: whole blocks with
/// the processor's SHA instructions when it has them (``isAccelerated``), else in portable C
/// (`Sources/CSHA256`).
public struct SHA256: Sendable {
    private var state: [UInt32] = [
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
    ]
    private var buffer: [UInt8] = []
    private var length: UInt64 = 0
    /// Compress portably even on a processor with SHA instructions (tests).
    private var portable = false

    public init() {}

    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        let array = Array(bytes)
        array.withUnsafeBytes { update($0) }
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        length &+= UInt64(bytes.count)
        // Fill a partial block first.
        if !buffer.isEmpty {
            let take = min(64 - buffer.count, bytes.count)
            buffer.append(contentsOf: UnsafeRawBufferPointer(start: base, count: take))
            offset = take
            if buffer.count == 64 {
                buffer.withUnsafeBytes { compressBlocks($0.baseAddress!, 1, portable: portable) }
                buffer.removeAll(keepingCapacity: true)
            }
        }
        // Whole blocks straight from the input.
        let blocks = (bytes.count - offset) / 64
        if blocks > 0 {
            compressBlocks(base + offset, blocks, portable: portable)
            offset += 64 * blocks
        }
        if offset < bytes.count {
            buffer.append(contentsOf: UnsafeRawBufferPointer(start: base + offset, count: bytes.count - offset))
        }
    }

    /// The digest as lowercase hex.
    public mutating func finalizeHex() -> String {
        let bitLength = length &* 8
        var padding: [UInt8] = [0x80]
        while (buffer.count + padding.count) % 64 != 56 { padding.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { padding.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
        let saved = length
        padding.withUnsafeBytes { update($0) }
        length = saved
        // Written into a string of exactly 64 bytes: appended digit by digit, the string grew to
        // 176 bytes of capacity, and a run keeps one per file (the file's row, cache and arrival).
        let digits: StaticString = "0123456789abcdef"
        let state = self.state
        return String(unsafeUninitializedCapacity: 64) { out in
            digits.withUTF8Buffer { digits in
                var i = 0
                for word in state {
                    for shift in stride(from: 28, through: 0, by: -4) {
                        out[i] = digits[Int((word >> UInt32(shift)) & 0xf)]
                        i += 1
                    }
                }
            }
            return 64
        }
    }

    public static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalizeHex()
    }

    /// Whether whole blocks are compressed by the processor's SHA instructions (x86-64 SHA-NI).
    public static var isAccelerated: Bool { csha256_accelerated() != 0 }

    /// Compresses `count` 64-byte blocks: by the processor's SHA instructions when it has them,
    /// else in portable C (`portable`: always portably, for tests that compare the two).
    mutating func compressBlocks(_ blocks: UnsafeRawPointer, _ count: Int, portable: Bool = false) {
        state.withUnsafeMutableBufferPointer {
            let bytes = blocks.assumingMemoryBound(to: UInt8.self)
            if portable {
                csha256_compress_portable($0.baseAddress!, bytes, count)
            } else {
                _ = csha256_compress($0.baseAddress!, bytes, count)
            }
        }
    }

    /// A digest of `bytes` computed portably, whatever the processor (tests).
    static func portableHex(_ bytes: [UInt8]) -> String {
        var hasher = SHA256()
        hasher.portable = true
        hasher.update(bytes)
        return hasher.finalizeHex()
    }
}
