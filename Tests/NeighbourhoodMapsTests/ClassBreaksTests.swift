import Foundation
import NeighbourhoodMaps
import Testing

/// Class bounds against jenkspy 0.4.1 (Jenks natural breaks) and numpy's percentile
/// (quantiles), on real West Yorkshire values and seeded synthetic sets
/// (`Tests/reference/make_maps_fixture.py`).
@Suite struct ClassBreaksTests {
    static let cases = MapsReference.shared.classification.map { "\($0.name)/\($0.classes)" }

    static func reference(_ key: String) -> MapsReference.Classification {
        MapsReference.shared.classification.first { "\($0.name)/\($0.classes)" == key }!
    }

    @Test(arguments: cases)
    func naturalBreaksMatchJenkspy(_ key: String) throws {
        let c = Self.reference(key)
        let breaks = try ClassBreaks.naturalBreaks(of: c.values, classes: c.classes)
        #expect(breaks.bounds.count == c.jenks.count)
        for (ours, theirs) in zip(breaks.bounds, c.jenks) {
            #expect(abs(ours - theirs) <= 1e-9 * max(1, abs(theirs)), "\(key): \(breaks.bounds) vs jenkspy \(c.jenks)")
        }
    }

    @Test(arguments: cases)
    func quantilesMatchNumpy(_ key: String) throws {
        let c = Self.reference(key)
        var expected: [Double] = []
        for q in c.quantiles where expected.last.map({ q > $0 }) ?? true { expected.append(q) }
        let breaks = try ClassBreaks.quantiles(of: c.values, classes: c.classes)
        #expect(breaks.bounds.count == expected.count)
        for (ours, theirs) in zip(breaks.bounds, expected) {
            #expect(abs(ours - theirs) <= 1e-9 * max(1, abs(theirs)), "\(key): \(breaks.bounds) vs numpy \(expected)")
        }
    }

    /// Every value falls in exactly one class, the first bound is the minimum and the last the maximum.
    @Test(arguments: cases)
    func classesCoverTheData(_ key: String) throws {
        let c = Self.reference(key)
        for breaks in [try ClassBreaks.naturalBreaks(of: c.values, classes: c.classes), try ClassBreaks.quantiles(of: c.values, classes: c.classes)] {
            #expect(breaks.bounds.first == c.values.min())
            #expect(breaks.bounds.last == c.values.max())
            #expect(breaks.counts(of: c.values).reduce(0, +) == c.values.count)
        }
    }

    @Test func naturalBreaksOfFewDistinctValuesGiveOneClassEach() throws {
        let breaks = try ClassBreaks.naturalBreaks(of: [0, 0, 0, 2, 2, 5], classes: 5)
        #expect(breaks.bounds == [0, 0, 2, 5])
        #expect(breaks.counts(of: [0, 0, 0, 2, 2, 5]) == [3, 2, 1])
        let one = try ClassBreaks.naturalBreaks(of: [7, 7], classes: 3)
        #expect(one.bounds == [7, 7])
        #expect(one.classIndex(of: 7) == 0)
    }

    @Test func divergingBoundsStraddleTheCentre() throws {
        let values = [0.5, 0.6, 0.8, 0.9, 1.0, 1.2, 1.5, 2.0, 3.0]
        let breaks = try ClassBreaks.diverging(of: values, centre: 1, perSide: 2)
        #expect(breaks.bounds.contains(1))
        #expect(breaks.bounds.first == 0.5)
        #expect(breaks.bounds.last == 3.0)
        #expect(breaks.classIndex(of: 0.95)! < breaks.classIndex(of: 1.05)!)
    }

    @Test func nothingToClassifyIsAClearError() {
        #expect(throws: MapError.self) { try ClassBreaks.naturalBreaks(of: [.nan], classes: 3) }
        #expect(throws: MapError.self) { try ClassBreaks.quantiles(of: [], classes: 3) }
        #expect(throws: MapError.self) { try ClassBreaks.quantiles(of: [1, 2], classes: 0) }
    }

    /// ColorBrewer schemes are given exactly as published; text on fills keeps WCAG AA contrast.
    @Test func palettes() throws {
        #expect(try Palette.yellowOrangeRed.colours(5).map(\.description) == ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"])
        #expect(try Palette.viridis.colours(10).map(\.description).first == "#fde725")
        #expect(try Palette.viridis.colours(10).map(\.description).last == "#440154")
        #expect(throws: MapError.self) { try Palette.yellowOrangeRed.colours(8) }
        let diverging = try Palette.blueRed.divergingColours(below: 1, above: 3)
        #expect(diverging.map(\.description) == ["#d1e5f0", "#fddbc7", "#ef8a62", "#b2182b"])
        for palette in Palette.allCases {
            for colour in try palette.colours(palette == .viridis ? 9 : 7) {
                #expect(colour.contrast(with: colour.textColour) >= 4.5, "\(palette) \(colour)")
            }
        }
        // WCAG's own examples: black on white is 21:1.
        #expect(abs(RGBColour(0x000000).contrast(with: RGBColour(0xffffff)) - 21) < 1e-9)
    }
}
