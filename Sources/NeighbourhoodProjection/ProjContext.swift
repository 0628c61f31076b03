internal import CProj

/// Owns one PROJ context: PROJ objects created from it may be used by one thread at a time.
/// Networking is switched off and PROJ's logging silenced (its messages reach callers as
/// ``ProjectionError``s instead).
final class ProjContext {
    let handle: OpaquePointer

    init() throws(ProjectionError) {
        guard let ctx = proj_context_create() else {
            throw ProjectionError(.unavailable, "PROJ could not create a context")
        }
        handle = ctx
        proj_context_set_enable_network(ctx, 0)
        proj_log_level(ctx, PJ_LOG_NONE)
    }

    deinit { proj_context_destroy(handle) }

    /// PROJ's message for the context's current error, or a fallback.
    func lastError(fallback: String = "unknown PROJ error") -> String {
        let code = proj_context_errno(handle)
        guard code != 0, let text = proj_context_errno_string(handle, code) else { return fallback }
        return String(cString: text)
    }

    /// Creates a CRS object from a definition, or throws with PROJ's message.
    func crs(_ definition: String) throws(ProjectionError) -> ProjObject {
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
