import ArgumentParser
import Neighbourhood

/// Exit codes, after BSD sysexits: scripts can tell bad input from a bad setup.
enum ExitCodes {
    /// Everything read and written.
    static let success: Int32 = 0
    /// The command line is wrong (also a distance that is not a positive number of metres).
    static let usage: Int32 = 64
    /// Input data is malformed (bad boundary geometry, missing columns, invalid JSON),
    /// or `--fail-on-reject` was given and rows were rejected.
    static let dataError: Int32 = 65
    /// An input file cannot be opened.
    static let noInput: Int32 = 66
    /// A required external program is missing (e.g. `rsvg-convert` for `nbhd map --png`).
    static let unavailable: Int32 = 69
    /// An internal failure (e.g. PROJ cannot start).
    static let software: Int32 = 70
    /// An output file cannot be created or written.
    static let cannotCreate: Int32 = 73
    /// A CRS is unknown or unsuitable.
    static let configuration: Int32 = 78

    /// Prints `error` on stderr as `nbhd: error: ...` and returns the matching exit code.
    static func report(_ error: Error) -> ExitCode {
        printError("error: \(error)")
        switch error {
        case let e as FormatError:
            switch e.code {
            case .cannotOpen: return ExitCode(noInput)
            case .cannotWrite: return ExitCode(cannotCreate)
            default: return ExitCode(dataError)
            }
        case is BoundaryLayerError: return ExitCode(dataError)
        case let e as StoreError:
            switch e.code {
            case .cannotOpen: return ExitCode(noInput)
            case .readOnly, .full: return ExitCode(cannotCreate)
            case .notFound: return ExitCode(usage)
            case .sqlite: return ExitCode(software)
            default: return ExitCode(dataError)
            }
        case let e as MapError: return ExitCode(e.code == .invalidOption ? usage : dataError)
        case let e as GridError:
            return ExitCode([.invalidDistance, .notProjected].contains(e.code) ? usage : dataError)
        case let e as ProjectionError:
            return ExitCode(e.code == .unavailable ? software : configuration)
        default: return ExitCode(software)
        }
    }
}

/// Writes a line to stderr, prefixed with `nbhd: `.
func printError(_ message: String) {
    var stream = StandardError()
    print("nbhd: \(message)", to: &stream)
}

/// Standard error as a text stream.
struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        var s = string
        s.withUTF8 { bytes in _ = Glibc.write(2, bytes.baseAddress, bytes.count) }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
