/// An ordered list of HTTP header fields with case-insensitive look-up.
///
/// Order and duplicates are kept as received, because some protocols (SigV4, Runtime API)
/// care about exact values; look-up returns the first field with a matching name.
public struct HTTPHeaders: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    /// One header field as it appears on the wire.
    public struct Field: Sendable, Equatable {
        /// The field name, as given (compare case-insensitively).
        public var name: String
        /// The field value, without surrounding whitespace.
        public var value: String

        /// Creates a field.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    private var fields: [Field]

    /// Creates an empty header list.
    public init() {
        fields = []
    }

    /// Creates a header list from `(name, value)` pairs, keeping their order.
    public init(_ pairs: [(String, String)]) {
        fields = pairs.map { Field(name: $0.0, value: $0.1) }
    }

    /// Creates a header list from a literal, keeping its order.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    /// The number of fields.
    public var count: Int { fields.count }

    /// Appends a field, keeping any existing field of the same name.
    public mutating func add(name: String, value: String) {
        fields.append(Field(name: name, value: value))
    }

    /// Replaces every field named `name` (case-insensitively) with a single field.
    public mutating func replaceOrAdd(name: String, value: String) {
        fields.removeAll { $0.name.lowercasedASCII() == name.lowercasedASCII() }
        fields.append(Field(name: name, value: value))
    }

    /// The value of the first field named `name`, compared case-insensitively.
    public subscript(name: String) -> String? {
        let wanted = name.lowercasedASCII()
        return fields.first { $0.name.lowercasedASCII() == wanted }?.value
    }

    /// Every value of the fields named `name`, in order.
    public func values(for name: String) -> [String] {
        let wanted = name.lowercasedASCII()
        return fields.filter { $0.name.lowercasedASCII() == wanted }.map(\.value)
    }

    /// Iterates over the fields in order.
    public func makeIterator() -> IndexingIterator<[Field]> {
        fields.makeIterator()
    }
}

extension String {
    /// Lower-cases ASCII letters only: header names are ASCII, and this avoids Unicode tables.
    func lowercasedASCII() -> String {
        String(decoding: utf8.map { (65...90).contains($0) ? $0 + 32 : $0 }, as: UTF8.self)
    }
}
