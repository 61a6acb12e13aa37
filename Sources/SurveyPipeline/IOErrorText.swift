import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file system error as one line a person can act on: the path it names (when it names one)
/// and the system's reason (`strerror`), never Foundation's multi-line `NSError` dump.
enum IOErrorText {
    /// "PATH: reason", or the reason alone when the error names no path.
    static func reason(_ error: any Error) -> String {
        let ns: NSError
        if let cocoa = error as? CocoaError {
            ns = cocoa as NSError
        } else if let posix = error as? POSIXError {
            ns = posix as NSError
        } else if type(of: error) is NSError.Type {
            ns = error as NSError
        } else {
            return oneLine("\(error)")
        }
        let path = (ns.userInfo[NSFilePathErrorKey] as? String) ?? (ns.userInfo[NSURLErrorKey] as? URL)?.path
        let reason = posixCode(ns).map { String(cString: strerror($0)) } ?? cocoaReason(ns) ?? oneLine(ns.localizedDescription)
        return path.map { "\($0): \(reason)" } ?? reason
    }

    /// The POSIX error behind `error`, itself or underlying.
    private static func posixCode(_ error: NSError) -> Int32? {
        if error.domain == NSPOSIXErrorDomain { return Int32(error.code) }
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError { return posixCode(underlying) }
        return nil
    }

    private static func cocoaReason(_ error: NSError) -> String? {
        guard error.domain == NSCocoaErrorDomain else { return nil }
        switch error.code {
        case CocoaError.fileWriteNoPermission.rawValue, CocoaError.fileReadNoPermission.rawValue: return String(cString: strerror(EACCES))
        case CocoaError.fileWriteOutOfSpace.rawValue: return String(cString: strerror(ENOSPC))
        case CocoaError.fileWriteVolumeReadOnly.rawValue: return String(cString: strerror(EROFS))
        case CocoaError.fileNoSuchFile.rawValue, CocoaError.fileReadNoSuchFile.rawValue: return String(cString: strerror(ENOENT))
        case CocoaError.fileWriteFileExists.rawValue: return String(cString: strerror(EEXIST))
        default: return nil
        }
    }

    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }
}
