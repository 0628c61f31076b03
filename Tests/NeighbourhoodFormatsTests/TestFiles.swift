import Foundation
@_exported import NeighbourhoodTestSupport

/// A temporary file with the given bytes, removed when the test process ends.
func temporaryFile(_ contents: String, suffix: String = ".csv") throws -> String {
    try temporaryFile(bytes: Array(contents.utf8), suffix: suffix)
}

func temporaryFile(bytes: [UInt8], suffix: String = ".csv") throws -> String {
    let path = NSTemporaryDirectory() + "nbhd-test-\(UUID().uuidString)\(suffix)"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
}

