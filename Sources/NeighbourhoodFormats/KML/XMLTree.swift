/// An XML element read by ``XMLTree``: its local name (namespace prefix removed), attributes,
/// child elements and the text directly inside it.
struct XMLElement: Sendable {
    /// The local name, e.g. `Placemark` for `<kml:Placemark>`.
    var name: String
    /// Attributes in document order, local names, entity references decoded.
    var attributes: [(name: String, value: String)]
    /// Child elements in document order.
    var children: [XMLElement] = []
    /// The element's own character data (text and CDATA, children's text excluded).
    var text: String = ""

    /// The value of the attribute with this local name.
    func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }

    /// The first child with this local name.
    func child(_ name: String) -> XMLElement? {
        children.first { $0.name == name }
    }
}

/// Builds a tree of ``XMLElement``s from a document read by ``XMLTokenizer``.
///
/// Element nesting is limited to ``maxDepth`` levels so that recursive walks over the tree
/// cannot exhaust the stack, and every element must be closed by a matching end tag.
enum XMLTree {
    /// The deepest nesting accepted.
    static let maxDepth = 256
    /// The most elements and attributes one document may hold: each costs about a hundred
    /// bytes in the tree, so a file of millions of `<a/>` would otherwise take tens of bytes
    /// of memory per byte of text. England's 32,844 LSOAs as KML take about 0.4 million.
    static let maxNodes = 10_000_000

    /// Parses `bytes` into its root element.
    ///
    /// - Throws: ``XMLTokenizer/Failure`` at the offending byte offset, including when the
    ///   document holds more than `maxNodes` elements and attributes.
    /// - Complexity: O(*n*) in the number of bytes.
    static func parse(_ bytes: [UInt8], maxNodes: Int = XMLTree.maxNodes) throws(XMLTokenizer.Failure) -> XMLElement {
        var tokenizer = try XMLTokenizer(bytes)
        var nodes = 0
        var stack: [(element: XMLElement, offset: Int)] = []
        var root: XMLElement?
        while let token = try tokenizer.next() {
            switch token {
            case .start(let name, let attributes, let selfClosing, let offset):
                guard root == nil else {
                    throw XMLTokenizer.Failure(offset: offset, message: "a second root element <\(name)> after the document ended")
                }
                guard stack.count < maxDepth else {
                    throw XMLTokenizer.Failure(offset: offset, message: "elements nested more than \(maxDepth) deep")
                }
                nodes += 1 + attributes.count
                guard nodes <= maxNodes else {
                    throw XMLTokenizer.Failure(
                        offset: offset,
                        message: "more than \(maxNodes) elements and attributes; refused to keep memory bounded (is this a boundary layer?)")
                }
                let element = XMLElement(name: localName(name), attributes: attributes.map { (localName($0.name), $0.value) })
                if selfClosing {
                    try close(element, stack: &stack, root: &root)
                } else {
                    stack.append((element, offset))
                }
            case .end(let name, let offset):
                guard let open = stack.popLast() else {
                    throw XMLTokenizer.Failure(offset: offset, message: "end tag </\(name)> without a start tag")
                }
                guard localName(name) == open.element.name else {
                    throw XMLTokenizer.Failure(
                        offset: offset,
                        message: "end tag </\(name)> does not match <\(open.element.name)> (line \(tokenizer.line(at: open.offset)))")
                }
                try close(open.element, stack: &stack, root: &root)
            case .text(let text, let offset):
                if stack.isEmpty {
                    guard text.utf8.allSatisfy(XMLTokenizer.isSpace) else {
                        throw XMLTokenizer.Failure(offset: offset, message: "text outside the root element")
                    }
                } else {
                    stack[stack.count - 1].element.text += text
                }
            }
        }
        if let open = stack.last {
            throw XMLTokenizer.Failure(
                offset: tokenizer.count,
                message: "the file ends inside <\(open.element.name)> opened on line \(tokenizer.line(at: open.offset)) (truncated?)")
        }
        guard let root else {
            throw XMLTokenizer.Failure(offset: tokenizer.count, message: "no root element (empty or truncated file)")
        }
        return root
    }

    private static func close(
        _ element: XMLElement, stack: inout [(element: XMLElement, offset: Int)], root: inout XMLElement?
    ) throws(XMLTokenizer.Failure) {
        if stack.isEmpty {
            root = element
        } else {
            stack[stack.count - 1].element.children.append(element)
        }
    }

    /// `Placemark` for `kml:Placemark`.
    static func localName(_ name: String) -> String {
        guard let colon = name.utf8.lastIndex(of: UInt8(ascii: ":")) else { return name }
        return String(name[name.index(after: colon)...])
    }
}
