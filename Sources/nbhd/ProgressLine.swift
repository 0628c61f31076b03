import Foundation

/// A one-line progress display on stderr, shown only when stderr is a terminal and a run
/// lasts more than a second; redrawn at most five times a second.
final class ProgressLine {
    private let enabled = isatty(2) != 0
    private let started = Date()
    private var last = Date.distantPast
    private var shown = false

    func update(_ text: String) {
        guard enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(started) > 1, now.timeIntervalSince(last) > 0.2 else { return }
        last = now
        shown = true
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
    }

    func clear() {
        guard shown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
