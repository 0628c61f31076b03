import Foundation

/// Helpers every test target shares: where the repository and `../shared/data` are,
/// temporary folders, and running a program.

/// The repository root.
public let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// A path in the repository.
public func repositoryPath(_ relative: String) -> String { repositoryRoot.appendingPathComponent(relative).path }

/// A path under `../shared/data`, the real public data CI provides beside the repository.
public func sharedData(_ relative: String) -> String {
    repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data/\(relative)").path
}

/// A fresh temporary folder.
public func temporaryFolder() throws -> String {
    let path = NSTemporaryDirectory() + "nbhd-test-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Runs a program and returns its exit status, stdout and stderr.
public func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Drained on another thread while this one reads stdout, so a full stderr pipe cannot block.
    nonisolated(unsafe) var errData = Data()
    let drained = DispatchSemaphore(value: 0)
    Thread.detachNewThread {
        errData = err.fileHandleForReading.readDataToEndOfFile()
        drained.signal()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    drained.wait()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
}

/// SplitMix64 (Steele, Lea and Flood 2014): a seeded generator, so a failing test repeats.
public struct SplitMix64: RandomNumberGenerator {
    /// The generator's state; the seed to begin with.
    public var state: UInt64

    /// A generator starting from `state`.
    public init(state: UInt64) { self.state = state }

    /// A generator starting from `seed`.
    public init(seed: UInt64) { self.state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
