#if canImport(Glibc)
import Glibc
#endif

/// The callback libFuzzer calls with each input.
public typealias FuzzCallback = @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32

@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: FuzzCallback
) -> Int32

/// Hands control to libFuzzer with the process's arguments (`-max_total_time=600`, a corpus
/// folder, ...). Each target's `main.swift` calls this: SwiftPM renames an executable's
/// `main`, so libFuzzer's own `main` cannot be used, but its driver can.
public func runFuzzer(_ callback: FuzzCallback) -> Never {
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, callback))
}

/// libFuzzer's own `main` (linked in because SwiftPM renames the executable's `main`) refers
/// to this symbol; it is never called, since ``runFuzzer(_:)`` passes the target's callback
/// to the driver directly.
@_cdecl("LLVMFuzzerTestOneInput")
public func unusedTestOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    fatalError("LLVMFuzzerTestOneInput is not the entry point: runFuzzer(_:) passes the callback")
}
