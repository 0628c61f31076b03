import Foundation

/// A colour as 8-bit sRGB.
public struct RGBColour: Sendable, Hashable, CustomStringConvertible {
    /// Red, green and blue, 0 to 255.
    public var red, green, blue: UInt8

    /// Creates a colour from a 24-bit value such as `0xfd8d3c`.
    public init(_ hex: UInt32) {
        red = UInt8((hex >> 16) & 0xFF)
        green = UInt8((hex >> 8) & 0xFF)
        blue = UInt8(hex & 0xFF)
    }

    /// Creates a colour from components.
    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// `#rrggbb`.
    public var description: String {
        let digits = Array("0123456789abcdef")
        var s = "#"
        for c in [red, green, blue] {
            s.append(digits[Int(c >> 4)])
            s.append(digits[Int(c & 0xF)])
        }
        return s
    }

    /// WCAG 2 relative luminance (0 black to 1 white).
    public var relativeLuminance: Double {
        func channel(_ c: UInt8) -> Double {
            let v = Double(c) / 255
            return v <= 0.039_28 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)
    }

    /// WCAG 2 contrast ratio with `other`, from 1 to 21.
    public func contrast(with other: RGBColour) -> Double {
        let a = relativeLuminance
        let b = other.relativeLuminance
        return (Swift.max(a, b) + 0.05) / (Swift.min(a, b) + 0.05)
    }

    /// Black or near-black text on light fills, white on dark: whichever contrasts more.
    public var textColour: RGBColour {
        let dark = RGBColour(0x1a1a1a)
        let light = RGBColour(0xffffff)
        return contrast(with: dark) >= contrast(with: light) ? dark : light
    }

    /// Linear interpolation in sRGB between `self` (t = 0) and `other` (t = 1).
    func mixed(with other: RGBColour, _ t: Double) -> RGBColour {
        func mix(_ a: UInt8, _ b: UInt8) -> UInt8 { UInt8((Double(a) + (Double(b) - Double(a)) * t).rounded()) }
        return RGBColour(red: mix(red, other.red), green: mix(green, other.green), blue: mix(blue, other.blue))
    }
}

/// Colour-blind-safe schemes for classed maps: ColorBrewer's sequential YlOrRd and
/// diverging PuOr and RdBu (Harrower and Brewer 2003; the schemes marked colour-blind safe),
/// and viridis (van der Walt and Smith 2015), perceptually uniform and safe for the common
/// colour-vision deficiencies.
public enum Palette: String, Sendable, Hashable, CaseIterable {
    /// ColorBrewer YlOrRd, sequential, 3 to 7 classes exactly as published.
    case yellowOrangeRed = "ylorrd"
    /// viridis, sequential, any number of classes (sampled from 10 published stops, light to dark).
    case viridis
    /// ColorBrewer PuOr, diverging (orange low, purple high), 3 to 7 classes as published.
    case purpleOrange = "puor"
    /// ColorBrewer RdBu reversed, diverging (blue low, red high), 3 to 7 classes as published.
    case blueRed = "rdbu"

    /// Whether the palette is diverging (two hues around a light centre).
    public var isDiverging: Bool { self == .purpleOrange || self == .blueRed }

    /// `count` colours from light (low) to dark (high) or, diverging, from the low hue
    /// through light to the high hue.
    ///
    /// - Throws: ``MapError`` with code `.invalidOption` for fewer than 1 or more than 7
    ///   classes on a ColorBrewer scheme.
    public func colours(_ count: Int) throws(MapError) -> [RGBColour] {
        guard count >= 1 else { throw MapError(.invalidOption, "a palette needs at least one class") }
        switch self {
        case .viridis:
            // Light to dark: low values light, as on the other sequential scheme.
            let stops = Palette.viridisStops.reversed().map(RGBColour.init)
            if count == 1 { return [stops[stops.count / 2]] }
            return (0..<count).map { i in
                let t = Double(i) / Double(count - 1) * Double(stops.count - 1)
                let lo = Swift.min(Int(t), stops.count - 2)
                return stops[lo].mixed(with: stops[lo + 1], t - Double(lo))
            }
        default:
            let table: [[UInt32]]
            switch self {
            case .yellowOrangeRed: table = Palette.ylOrRd
            case .purpleOrange: table = Palette.puOr
            default: table = Palette.rdBu
            }
            guard count <= 7 else {
                throw MapError(.invalidOption, "palette '\(rawValue)' has at most 7 classes; got \(count) (use viridis for more)")
            }
            if count < 3 {
                let three = table[0].map(RGBColour.init)
                return count == 1 ? [three[1]] : (isDiverging ? [three[0], three[2]] : [three[0], three[2]])
            }
            return table[count - 3].map(RGBColour.init)
        }
    }

    /// Diverging colours for `below` classes under the centre and `above` over it (each at
    /// most 3): the low half of the even `2 max(below, above)`-class scheme for the low side
    /// (nearest the centre last), the high half for the high side, so classes the same number
    /// of steps from the centre share intensity.
    ///
    /// - Throws: ``MapError`` with code `.invalidOption` for a sequential palette or more
    ///   than 3 classes on a side.
    public func divergingColours(below: Int, above: Int) throws(MapError) -> [RGBColour] {
        guard isDiverging else { throw MapError(.invalidOption, "palette '\(rawValue)' is not diverging: use puor or rdbu") }
        guard below <= 3, above <= 3 else {
            throw MapError(.invalidOption, "a diverging map has at most 3 classes on each side of the centre")
        }
        let side = Swift.max(below, above, 1)
        let all = try colours(2 * side)
        return Array(all[..<side].suffix(below)) + Array(all[side...].prefix(above))
    }

    static let ylOrRd: [[UInt32]] = [
        [0xffeda0, 0xfeb24c, 0xf03b20],
        [0xffffb2, 0xfecc5c, 0xfd8d3c, 0xe31a1c],
        [0xffffb2, 0xfecc5c, 0xfd8d3c, 0xf03b20, 0xbd0026],
        [0xffffb2, 0xfed976, 0xfeb24c, 0xfd8d3c, 0xf03b20, 0xbd0026],
        [0xffffb2, 0xfed976, 0xfeb24c, 0xfd8d3c, 0xfc4e2a, 0xe31a1c, 0xb10026],
    ]
    static let puOr: [[UInt32]] = [
        [0xf1a340, 0xf7f7f7, 0x998ec3],
        [0xe66101, 0xfdb863, 0xb2abd2, 0x5e3c99],
        [0xe66101, 0xfdb863, 0xf7f7f7, 0xb2abd2, 0x5e3c99],
        [0xb35806, 0xf1a340, 0xfee0b6, 0xd8daeb, 0x998ec3, 0x542788],
        [0xb35806, 0xf1a340, 0xfee0b6, 0xf7f7f7, 0xd8daeb, 0x998ec3, 0x542788],
    ]
    /// RdBu reversed (blue for low, red for high).
    static let rdBu: [[UInt32]] = [
        [0x67a9cf, 0xf7f7f7, 0xef8a62],
        [0x0571b0, 0x92c5de, 0xf4a582, 0xca0020],
        [0x0571b0, 0x92c5de, 0xf7f7f7, 0xf4a582, 0xca0020],
        [0x2166ac, 0x67a9cf, 0xd1e5f0, 0xfddbc7, 0xef8a62, 0xb2182b],
        [0x2166ac, 0x67a9cf, 0xd1e5f0, 0xf7f7f7, 0xfddbc7, 0xef8a62, 0xb2182b],
    ]
    /// viridis at 10 evenly spaced stops, dark to light.
    static let viridisStops: [UInt32] = [
        0x440154, 0x482878, 0x3e4989, 0x31688e, 0x26828e, 0x1f9e89, 0x35b779, 0x6ece58, 0xb5de2b, 0xfde725,
    ]
}
