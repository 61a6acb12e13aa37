/// LegiSurvey's version: what `legisurvey --version` prints and a release's manifest records
/// (`software_version`, docs/releases.md). Raise it when a change can move a figure, so a release
/// names the code that computed it.
public enum SoftwareVersion {
    public static let current = "0.26.0"
}
