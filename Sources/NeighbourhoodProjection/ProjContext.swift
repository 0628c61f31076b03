internal import CProj

/// Owns one PROJ context: PROJ objects created from it may be used by one thread at a time.
/// Networking is switched off and PROJ's logging silenced (its messages reach callers as
/// ``ProjectionError``s instead).
final class ProjContext {
    let handle: OpaquePointer
    /// The last error PROJ logged on this context (its most specific message).
    fileprivate(set) var loggedError: String?

    init() throws(ProjectionError) {
        guard let ctx = proj_context_create() else {
            throw ProjectionError(.unavailable, "PROJ could not create a context")
        }
        handle = ctx
        proj_context_set_enable_network(ctx, 0)
        // Keep PROJ quiet on stderr but remember its error messages.
        proj_log_level(ctx, PJ_LOG_ERROR)
        proj_log_func(ctx, Unmanaged.passUnretained(self).toOpaque(), projLogHandler)
    }

    deinit { proj_context_destroy(handle) }

    /// PROJ's message for the context's last error: the logged text when there is one
    /// (e.g. `proj_create: crs not found`), else the error code's description.
    func lastError(fallback: String = "unknown PROJ error") -> String {
        if let logged = loggedError { return logged }
        let code = proj_context_errno(handle)
        guard code != 0, let text = proj_context_errno_string(handle, code) else { return fallback }
        return String(cString: text)
    }

    /// Creates a CRS object from a definition, or throws with PROJ's message.
    func crs(_ definition: String) throws(ProjectionError) -> ProjObject {
        loggedError = nil
        guard let pj = proj_create(handle, definition) else {
            throw ProjectionError(
                .unknownCRS, "unknown CRS '\(definition)': \(lastError())")
        }
        return ProjObject(pj)
    }
}

/// Owns one `PJ*`.
final class ProjObject {
    let handle: OpaquePointer
    init(_ handle: OpaquePointer) { self.handle = handle }
    deinit { proj_destroy(handle) }
}

/// Receives PROJ's log lines for a ``ProjContext``; only errors are enabled.
private func projLogHandler(_ data: UnsafeMutableRawPointer?, _ level: Int32, _ message: UnsafePointer<CChar>?) {
    guard let data, let message else { return }
    let context = Unmanaged<ProjContext>.fromOpaque(data).takeUnretainedValue()
    context.loggedError = String(cString: message)
}
