/// The area a briefing covers: the whole force, one district, or one neighbourhood.
public enum BriefingScope: Sendable, Hashable, CustomStringConvertible {
    /// Every neighbourhood of the boundary layer.
    case force
    /// The neighbourhoods whose parent is this district id.
    case district(String)
    /// One neighbourhood by id.
    case neighbourhood(String)

    /// Parses `force`, `district:ID` or `neighbourhood:ID`.
    public init?(parsing text: String) {
        if text == "force" { self = .force; return }
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[1].isEmpty else { return nil }
        switch parts[0] {
        case "district": self = .district(parts[1])
        case "neighbourhood": self = .neighbourhood(parts[1])
        default: return nil
        }
    }

    /// `force`, `district:ID` or `neighbourhood:ID`.
    public var description: String {
        switch self {
        case .force: return "force"
        case .district(let id): return "district:\(id)"
        case .neighbourhood(let id): return "neighbourhood:\(id)"
        }
    }

    /// The indicator level and id of the row describing the scope as a whole.
    func row(forceId: String) -> (level: AreaLevel, id: String) {
        switch self {
        case .force: return (.force, forceId)
        case .district(let id): return (.district, id)
        case .neighbourhood(let id): return (.neighbourhood, id)
        }
    }

    /// Positions in `assigner`'s layer of the neighbourhoods in scope.
    ///
    /// - Throws: ``MapError`` with code `.invalidOption` naming the id when no neighbourhood
    ///   matches.
    func areaPositions(in assigner: AreaAssigner) throws(MapError) -> [Int] {
        let layer = assigner.layer
        switch self {
        case .force:
            return Array(layer.areas.indices)
        case .district(let id):
            let members = layer.areas.indices.filter { assigner.parentIDs[$0] == id }
            guard !members.isEmpty else {
                let known = Set(assigner.parentIDs.compactMap { $0 }).sorted().prefix(12).joined(separator: ", ")
                throw MapError(.invalidOption, "no neighbourhood of \(layer.source) has district '\(id)'; districts: \(known)")
            }
            return members
        case .neighbourhood(let id):
            guard let i = layer.index(ofID: id) else {
                throw MapError(.invalidOption, "\(layer.source) has no neighbourhood with id '\(id)'")
            }
            return [i]
        }
    }
}
