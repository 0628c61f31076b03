import Foundation

/// A small pretty-printing JSON writer that keeps member order.
struct JSONText {
    private(set) var text = ""
    private var needsComma = [false]
    private var indent: String { String(repeating: "  ", count: needsComma.count - 1) }

    private mutating func separator() {
        if needsComma[needsComma.count - 1] { text += "," }
        if needsComma.count > 1 { text += "\n" + indent }
        needsComma[needsComma.count - 1] = true
    }

    mutating func open(_ bracket: String) {
        if !text.hasSuffix(": ") { separator() }
        text += bracket
        needsComma.append(false)
    }

    mutating func close(_ bracket: String) {
        let hadItems = needsComma.removeLast()
        if hadItems { text += "\n" + indent }
        text += bracket
    }

    mutating func key(_ name: String) {
        separator()
        text += JSONText.quoted(name) + ": "
    }

    /// Appends already-formed JSON after a ``key(_:)``.
    mutating func raw(_ json: String) {
        text += json
    }

    mutating func value(_ string: String) {
        separator()
        text += JSONText.quoted(string)
    }

    mutating func member(_ name: String, _ value: String?) {
        key(name)
        text += value.map(JSONText.quoted) ?? "null"
    }

    mutating func member(_ name: String, _ value: Int) {
        key(name)
        text += String(value)
    }

    /// A number with `decimals` places; `null` when not finite (JSON has no NaN).
    mutating func member(_ name: String, _ value: Double, decimals: Int = 3) {
        key(name)
        text += value.isFinite ? String(format: "%.\(decimals)f", value) : "null"
    }

    /// A number in the shortest form that reads back exactly; `null` when not finite.
    mutating func member(exact name: String, _ value: Double) {
        key(name)
        text += value.isFinite ? "\(value)" : "null"
    }

    /// A list of strings.
    mutating func member(_ name: String, _ values: [String]) {
        key(name)
        text += "[" + values.map(JSONText.quoted).joined(separator: ", ") + "]"
    }

    mutating func member(_ name: String, _ value: Bool) {
        key(name)
        text += value ? "true" : "false"
    }

    static func quoted(_ s: String) -> String {
        var bytes: [UInt8] = []
        bytes.append(jsonString: s)
        return String(decoding: bytes, as: UTF8.self)
    }
}
