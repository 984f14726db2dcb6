/// `RegistryElement`'s names as bytes, for `XMLRegistryFastReader`: element names, each
/// element's attribute names with their contract fields, and a class per byte value.
///
/// Everything is behind plain pointers, allocated once per process and never freed, so that the
/// scanner's per-attribute path copies no array and touches no reference count.
struct FastVocabulary: @unchecked Sendable {  // immutable after `make()`
    static let shared = make()

    /// The known attributes of one element (or the element names), in the vocabulary's order.
    struct Table {
        /// All names concatenated; name i is `blob[starts[i] ..< starts[i + 1]]`.
        let blob: UnsafePointer<UInt8>
        let starts: UnsafePointer<Int>
        let fields: UnsafePointer<ContractField>
        let count: Int

        init(_ names: [String], fields: [ContractField]) {
            var bytes: [UInt8] = []
            var offsets = [0]
            for name in names {
                bytes += Array(name.utf8)
                offsets.append(bytes.count)
            }
            blob = UnsafePointer(Self.copy(bytes))
            starts = UnsafePointer(Self.copy(offsets))
            self.fields = UnsafePointer(Self.copy(fields))
            count = names.count
        }

        private static func copy<T>(_ values: [T]) -> UnsafeMutablePointer<T> {
            let pointer = UnsafeMutablePointer<T>.allocate(capacity: max(1, values.count))
            _ = UnsafeMutableBufferPointer(start: pointer, count: values.count).initialize(from: values)
            return pointer
        }

        /// The index of the name `base[start ..< end]`; `expected` is tried first.
        @inline(__always)
        func index(of base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, expected: Int) -> Int? {
            if expected < count && matches(expected, base, start, end) { return expected }
            for index in 0..<count where index != expected && matches(index, base, start, end) { return index }
            return nil
        }

        /// The length of name `index` when `base[start...]` starts with it followed by whitespace
        /// or `=` (so it is that whole name); nil otherwise or when the buffer ends first.
        @inline(__always)
        func prefixMatch(_ index: Int, _ base: UnsafePointer<UInt8>, _ count: Int, _ start: Int) -> Int? {
            guard index < self.count else { return nil }
            let nameStart = starts[index]
            let length = starts[index + 1] - nameStart
            guard start + length < count else { return nil }
            let next = base[start + length]
            guard next == UInt8(ascii: "=") || next == 0x20 || next == 0x0A || next == 0x09 else { return nil }
            return Self.equal(blob + nameStart, base + start, length) ? length : nil
        }

        /// The length of name `index` when `base[start...]` is that name (in a table of
        /// `spacedTables`: a space, the attribute's name, `="`); nil otherwise or when the buffer
        /// ends first.
        @inline(__always)
        func startMatch(_ index: Int, _ base: UnsafePointer<UInt8>, _ count: Int, _ start: Int) -> Int? {
            guard index < self.count else { return nil }
            let nameStart = starts[index]
            let length = starts[index + 1] - nameStart
            guard count - start >= length else { return nil }
            return Self.equal(blob + nameStart, base + start, length) ? length : nil
        }

        /// Whether `length` bytes at `a` and `b` are equal, a word at a time.
        @inline(__always)
        static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ length: Int) -> Bool {
            let x = UnsafeRawPointer(a)
            let y = UnsafeRawPointer(b)
            if length >= 8 {
                var offset = 0
                while offset < length - 8 {
                    if x.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                        != y.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                    {
                        return false
                    }
                    offset += 8
                }
                // The last eight bytes (overlapping the previous word when the length is not a multiple of 8).
                return x.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self)
                    == y.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self)
            }
            if length >= 4 {
                return x.loadUnaligned(as: UInt32.self) == y.loadUnaligned(as: UInt32.self)
                    && x.loadUnaligned(fromByteOffset: length - 4, as: UInt32.self)
                        == y.loadUnaligned(fromByteOffset: length - 4, as: UInt32.self)
            }
            for offset in 0..<length where a[offset] != b[offset] { return false }
            return true
        }

        @inline(__always)
        private func matches(_ index: Int, _ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
            let nameStart = starts[index]
            let length = starts[index + 1] - nameStart
            guard end - start == length else { return false }
            return Self.equal(blob + nameStart, base + start, length)
        }
    }

    /// Attribute tables, indexed by `RegistryElement.rawValue`.
    let tables: UnsafePointer<Table>
    /// The same names written as they usually are, a space before and `="` after (` sex="`), in
    /// the same order: the start tag's usual case matched at once (`Table.startMatch`).
    let spacedTables: UnsafePointer<Table>
    /// Element names, indexed by `RegistryElement.rawValue` (its `fields` are unused).
    let elements: Table
    /// `ByteClass` bits of each byte value (256 entries).
    let byteClasses: UnsafePointer<UInt8>
    /// `xmlns` and the contract's namespace.
    let declarations: Table

    private static func make() -> FastVocabulary {
        let tables = UnsafeMutablePointer<Table>.allocate(capacity: RegistryElement.allCases.count)
        let spacedTables = UnsafeMutablePointer<Table>.allocate(capacity: RegistryElement.allCases.count)
        for element in RegistryElement.allCases {
            let attributes = element.attributeFields
            // The vocabulary names only contract fields (XMLRegistryVocabularyTests).
            let fields = attributes.map { ContractField(name: $0.field)! }
            (tables + element.rawValue).initialize(to: Table(attributes.map(\.attribute), fields: fields))
            (spacedTables + element.rawValue).initialize(
                to: Table(attributes.map { " \($0.attribute)=\"" }, fields: fields))
        }
        let classes = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        for byte in 0..<256 {
            var bits: UInt8 = 0
            let value = UInt8(byte)
            if value == 0x20 || value == 0x0A || value == 0x09 { bits |= ByteClass.space }
            classes[byte] = bits
        }
        return FastVocabulary(
            tables: UnsafePointer(tables), spacedTables: UnsafePointer(spacedTables),
            elements: Table(RegistryElement.allCases.map(\.localName), fields: []),
            byteClasses: UnsafePointer(classes),
            declarations: Table(["xmlns", RegistryElement.namespace], fields: []))
    }

    /// The registry element named `base[start ..< end]` (every element is in the contract's
    /// namespace: the reader accepts no other declaration and no prefix).
    @inline(__always)
    func element(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> RegistryElement? {
        elements.index(of: base, start, end, expected: 0).flatMap { RegistryElement(rawValue: $0) }
    }

    @inline(__always)
    func isXMLNS(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        end - start == 5 && declarations.index(of: base, start, end, expected: 0) == 0
    }

    func isNamespace(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        declarations.index(of: base, start, end, expected: 1) == 1
    }
}

/// Bits of `FastVocabulary.byteClasses`.
enum ByteClass {
    /// Space, TAB or LF. (Attribute values' plain bytes are found by CByteScan, not by class.)
    static let space: UInt8 = 2
}
