public import Foundation

/// Debian's headless Chromium (`make browser` installs it), for tests that check what a reader's
/// browser builds from a page: the report's editions, the feedback letters.
public enum HeadlessChromium {
    /// The browser's executable: `chromium`, `chromium-browser` or `google-chrome` in the usual
    /// folders. Throws (never skips) when there is none.
    public static func executable() throws -> URL {
        for folder in ["/usr/bin", "/usr/local/bin", "/snap/bin"] {
            for name in ["chromium", "chromium-browser", "google-chrome"] {
                let url = URL(fileURLWithPath: folder).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: url.path) { return url }
            }
        }
        throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "no chromium (make browser installs Debian's package)"])
    }

    /// The DOM Chromium builds from `page` (`--dump-dom`), with a throwaway profile and nothing
    /// fetched from the network; ``ExternalProgram/Result/status`` says whether it ran.
    public static func dumpDOM(_ page: URL, windowSize: String? = nil) async throws -> ExternalProgram.Result {
        let profile = Fixtures.temporaryFolder("chromium-profile")
        defer { try? FileManager.default.removeItem(at: profile) }
        return try await ExternalProgram.run(
            try executable(),
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=\(profile.path)",
            ] + (windowSize.map { ["--window-size=\($0)"] } ?? []) + ["--dump-dom", page.absoluteString])
    }
}
