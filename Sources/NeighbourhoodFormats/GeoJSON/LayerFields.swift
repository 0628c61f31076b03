/// Which feature properties give an area's id, name and parent.
public struct LayerFields: Sendable, Hashable {
    /// Property holding the id (e.g. `LSOA11CD`). When `nil`: the feature's `id` member,
    /// else the first property named `id`/`code` or ending in `CD`.
    public var id: String?
    /// Property holding the name (e.g. `LSOA11NM`). When `nil`: the first property ending in
    /// `NM` or named `name`, else the id.
    public var name: String?
    /// Property holding the parent's id (e.g. `LAD13CD`), if any.
    public var parent: String?

    /// Names the fields; leave any `nil` to detect it.
    public init(id: String? = nil, name: String? = nil, parent: String? = nil) {
        self.id = id
        self.name = name
        self.parent = parent
    }
}
