import Foundation

/// A temporary file with the given bytes, removed when the test process ends.
func temporaryFile(_ contents: String, suffix: String = ".csv") throws -> String {
    try temporaryFile(bytes: Array(contents.utf8), suffix: suffix)
}

func temporaryFile(bytes: [UInt8], suffix: String = ".csv") throws -> String {
    let path = NSTemporaryDirectory() + "nbhd-test-\(UUID().uuidString)\(suffix)"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
}

/// `../shared/data` from the repository root; tests that need it fail with a clear message
/// when it is missing.
func sharedData(_ relative: String) -> String {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    return root.deletingLastPathComponent().appendingPathComponent("shared/data/\(relative)").path
}
