internal import CLibXML2
internal import JingzhunCore

// Pointer code of the XML reader: libxml2's SAX2 push parser and its C callbacks.
//
// Invariants:
// - `context` is created in `init`, freed in `deinit`, and used by one thread at a time (the
//   reader is not Sendable). Its `userData` is this scanner, unretained: the scanner owns the
//   context, so it always outlives every callback.
// - Every pointer libxml2 hands to a callback (names, attribute value ranges, text) is valid
//   only during that callback: values are copied into `[UInt8]` before the callback returns.
//   Names and namespace URIs are interned in the context's dictionary, so they are compared by
//   pointer against names interned once in `init` (byte comparison is only the fallback).
// - No tree is built (`startDocument` is not set, so `myDoc` stays NULL), no DTD is loaded, no
//   entity is substituted (`XML_PARSE_NOENT` unset), no network (`XML_PARSE_NONET`), and the
//   parser's default limits stay in force (`XML_PARSE_HUGE` unset).
// - A DOCTYPE stops the parser in the `internalSubset` callback, before the internal subset
//   (entity declarations) or an external subset is read: nothing is ever expanded or loaded.
// - libxml2 errors never reach stderr: the context's `serror` and, while a chunk is parsed,
//   the thread's structured error handler (for errors raised without a context, such as
//   encoding conversion failures) both point at `handleError`.
// - After the first problem the scanner is stopped: no further event is produced.

/// Drives libxml2's SAX2 push parser over a registry document and turns its callbacks into
/// `Event`s (root, records, warnings, the one rejecting problem) in document order.
///
/// - Complexity: O(n) in input bytes. Memory: libxml2's input window (bounded by its 10 MB
///   lookup limit) plus one household with its members; nothing else grows with the document.
final class XMLRegistryScanner {
    enum Event {
        case root(RegistryRoot, SourceLocation)
        case record(RawRecord)
        case warning(Diagnostic)
        case problem(Rejection)
    }

    /// Receives the events in document order, as libxml2 produces them; set by
    /// `XMLRegistryReader` around every `parse` and `finish`. Records handed over are the
    /// scanner's reused ones, referenced only during the call, so nothing is queued or copied.
    var deliver: ((Event) -> Void)?
    /// True once a problem has rejected the document.
    private(set) var isStopped = false
    private(set) var isFinished = false

    private let file: String
    private let options: XMLRegistryReader.Options
    private let context: xmlParserCtxtPtr

    // Names interned in the context's dictionary (see invariants above).
    private let namespaceName: UnsafePointer<xmlChar>
    private let elementNames: [UnsafePointer<xmlChar>]
    private let attributeTables: [AttributeTable]

    /// The known attributes of one element: interned names and their contract fields, in parallel.
    private struct AttributeTable {
        var names: [UnsafePointer<xmlChar>]
        var fields: [ContractField]
    }

    private struct Frame {
        var element: RegistryElement
        var location: SourceLocation
        var hasWarnedAboutText = false
    }

    /// Depth of the current element, counting unknown (skipped) elements too.
    private var depth = 0
    /// Depth of the unknown element whose subtree is being skipped; 0 when not skipping.
    private var skipDepth = 0
    /// The open registry elements, root first.
    private var frames: [Frame] = []
    private var hasRoot = false
    /// True while libxml2 is told the input has ended: an error then, with the root element
    /// still open, means the file stops in the middle (a cut-short upload), whatever libxml2 says.
    private var isAtEndOfInput = false

    // Keys of the open county, village and household, given to their children. Buffers and
    // records below are reused from element to element: a record costs no allocation once the
    // buffers have grown (the per-record path runs millions of times per document).
    private var countyCode: [UInt8] = []
    private var hasCountyCode = false
    private var villageCode: [UInt8] = []
    private var hasVillageCode = false
    private var householdID: [UInt8] = []
    private var hasHouseholdID = false
    /// Counties, villages and the root: emitted as soon as read.
    private var scratch = RawRecord(kind: .county, location: SourceLocation(file: ""))
    /// The open household, emitted with its members at `</household>` so that it is complete
    /// (income and measures) whatever the order of its children.
    private var household = RawRecord(kind: .household, location: SourceLocation(file: ""))
    private var isHouseholdOpen = false
    /// The open household's members: `members[0..<memberCount]`; the rest are spare records.
    private var members: [RawRecord] = []
    private var memberCount = 0
    private var hasIncome = false
    private var measures: [UInt8] = []
    private var measureCount = 0
    private var measureText: [UInt8] = []

    /// The last start tag located: its offset in the document, line and column (see `startTagLocation`).
    private var columnAnchor: (offset: Int, line: Int, column: Int)?

    private var warningCount = 0
    private var suppressedWarningCount = 0

    init(file: String, options: XMLRegistryReader.Options) {
        _ = libxml2Initialization
        self.file = file
        self.options = options

        var handler = xmlSAXHandler()
        handler.initialized = UInt32(truncatingIfNeeded: XML_SAX2_MAGIC)
        handler.startElementNs = { userData, localName, _, uri, _, _, attributeCount, _, attributes in
            guard let userData, let localName else { return }
            XMLRegistryScanner.with(userData) {
                $0.startElement(
                    localName: localName, uri: uri, attributeCount: Int(attributeCount), attributes: attributes)
            }
        }
        handler.endElementNs = { userData, _, _, _ in
            guard let userData else { return }
            XMLRegistryScanner.with(userData) { $0.endElement() }
        }
        // CDATA sections arrive here too: `cdataBlock` is unset, so libxml2 falls back to
        // `characters`. Whitespace goes to the same callback: it may be part of a measure text.
        handler.characters = { userData, bytes, count in
            guard let userData, let bytes, count > 0 else { return }
            XMLRegistryScanner.with(userData) { $0.characters(UnsafeBufferPointer(start: bytes, count: Int(count))) }
        }
        handler.ignorableWhitespace = handler.characters
        handler.internalSubset = { userData, _, _, _ in
            guard let userData else { return }
            XMLRegistryScanner.with(userData) { $0.refuseDoctype("a document type declaration (DOCTYPE)") }
        }
        handler.entityDecl = { userData, _, _, _, _, _ in
            guard let userData else { return }
            XMLRegistryScanner.with(userData) { $0.refuseDoctype("an entity declaration") }
        }
        handler.serror = { userData, error in
            guard let userData, let error else { return }
            XMLRegistryScanner.with(userData) { $0.handleError(error) }
        }

        guard let context = xmlCreatePushParserCtxt(&handler, nil, nil, 0, nil) else {
            preconditionFailure("xmlCreatePushParserCtxt failed: libxml2 could not allocate a parser")
        }
        // NONET only: no NOENT (entities stay unexpanded), no DTDLOAD/DTDVALID, no HUGE.
        _ = xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue))
        context.pointee.loadsubset = 0
        context.pointee.replaceEntities = 0
        context.pointee.validate = 0
        self.context = context

        let dictionary = context.pointee.dict
        func intern(_ name: String) -> UnsafePointer<xmlChar> {
            let interned = name.withCString {
                xmlDictLookup(dictionary, UnsafeRawPointer($0).assumingMemoryBound(to: xmlChar.self), -1)
            }
            guard let interned else { preconditionFailure("xmlDictLookup failed: libxml2 out of memory") }
            return interned
        }
        namespaceName = intern(RegistryElement.namespace)
        elementNames = RegistryElement.allCases.map { intern($0.localName) }
        attributeTables = RegistryElement.allCases.map { element in
            AttributeTable(
                names: element.attributeFields.map { intern($0.attribute) },
                // The vocabulary names only contract fields (XMLRegistryVocabularyTests).
                fields: element.attributeFields.map { ContractField(name: $0.field)! })
        }
        context.pointee.userData = Unmanaged.passUnretained(self).toOpaque()
    }

    deinit {
        xmlFreeParserCtxt(context)
    }

    /// Runs a callback's body on the scanner behind libxml2's `userData`.
    ///
    /// The scanner owns the parser context and so outlives every callback: borrowing it without
    /// a retain/release pair per callback is safe (and measurable at millions of callbacks).
    private static func with(_ userData: UnsafeMutableRawPointer, _ body: (XMLRegistryScanner) -> Void) {
        Unmanaged<XMLRegistryScanner>.fromOpaque(userData)._withUnsafeGuaranteedRef(body)
    }

    // MARK: Feeding

    /// Parses one chunk of the document (the caller keeps chunks small, see `XMLRegistryReader`).
    func parse(_ bytes: UnsafeRawBufferPointer) {
        precondition(!isFinished, "XMLRegistryReader.consume called after finish")
        guard !isStopped, let base = bytes.baseAddress, bytes.count > 0 else { return }
        let raw = bytes.assumingMemoryBound(to: UInt8.self)
        currentRaw = raw
        run(base.assumingMemoryBound(to: CChar.self), count: bytes.count, terminate: false)
        currentRaw = nil
        rawLinesBefore += Self.newlineCount(raw)
        // Only the last few bytes are kept (a named sequence may straddle two chunks); the
        // chunk itself is not copied.
        if raw.count >= Self.rawTailBytes {
            rawTail.removeAll(keepingCapacity: true)
            rawTail.append(contentsOf: raw.suffix(Self.rawTailBytes))
        } else {
            rawTail.append(contentsOf: raw)
            rawTail.removeFirst(max(0, rawTail.count - Self.rawTailBytes))
        }
    }

    // Raw (undecoded) input, to place encoding errors: libxml2 converts pushed bytes ahead of
    // the parser and reports a failed conversion at the parser's position (often line 1), so
    // the offending bytes it names are looked up in the chunk being pushed instead.
    private var rawLinesBefore = 0
    private var rawTail: [UInt8] = []
    private var currentRaw: UnsafeBufferPointer<UInt8>?
    private static let rawTailBytes = 8

    private static func newlineCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        var index = 0
        let newlines = SIMD16<UInt8>(repeating: newline)
        if let base = bytes.baseAddress {
            while bytes.count - index >= 16 {
                let block = UnsafeRawPointer(base + index).loadUnaligned(as: SIMD16<UInt8>.self)
                count += Int(SIMD16<UInt8>(repeating: 0).replacing(with: 1, where: block .== newlines).wrappedSum())
                index += 16
            }
        }
        while index < bytes.count {
            if bytes[index] == newline { count += 1 }
            index += 1
        }
        return count
    }

    /// The line of the bytes a conversion error names ("…, bytes 0x81 0x30 0xFF 0x30"), found in
    /// the raw input being pushed; nil when they are not there. Lines are counted by 0x0A bytes,
    /// exact for every ASCII-compatible encoding (UTF-8, GB18030, GBK, …).
    private func lineOfUnconvertibleBytes(in message: String) -> Int? {
        let words = message.split(separator: " ")
        guard let current = currentRaw, let at = words.firstIndex(of: "bytes") else { return nil }
        let named = words[(at + 1)...].prefix(4).compactMap { word -> UInt8? in
            guard word.hasPrefix("0x") else { return nil }
            return UInt8(word.dropFirst(2), radix: 16)
        }
        guard !named.isEmpty else { return nil }
        let window = rawTail + current
        guard window.count >= named.count else { return nil }
        for start in 0...(window.count - named.count) where window[start..<(start + named.count)].elementsEqual(named) {
            let before = window[..<start].reduce(0) { $0 + ($1 == Self.newline ? 1 : 0) }
            let tailNewlines = rawTail.reduce(0) { $0 + ($1 == Self.newline ? 1 : 0) }
            return rawLinesBefore - tailNewlines + before + 1
        }
        return nil
    }

    /// Tells libxml2 the document has ended; reports an empty document and suppressed warnings.
    func finish() {
        precondition(!isFinished, "XMLRegistryReader.finish called twice")
        if !isStopped {
            isAtEndOfInput = true
            run(nil, count: 0, terminate: true)
            isAtEndOfInput = false
        }
        isFinished = true
        if !isStopped && !hasRoot {
            reject(.xmlNotWellFormed, at: SourceLocation(file: file), "the document has no root element")
        }
        if suppressedWarningCount > 0 {
            emit(
                .warning(
                    Diagnostic(
                        rule: .unknownXMLNode, location: SourceLocation(file: file),
                        message: "\(suppressedWarningCount) further unknown XML elements or attributes were ignored "
                            + "without being listed (limit \(options.maxWarnings) warnings per file)")))
            suppressedWarningCount = 0
        }
    }

    private func run(_ chunk: UnsafePointer<CChar>?, count: Int, terminate: Bool) {
        let me = Unmanaged.passUnretained(self).toOpaque()
        // Errors raised without a parser context (encoding conversion, IO) go to the thread's
        // handler; route them here instead of stderr for the duration of the call.
        xmlSetStructuredErrorFunc(me) { userData, error in
            guard let userData, let error else { return }
            XMLRegistryScanner.with(userData) { $0.handleError(error) }
        }
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        let status = xmlParseChunk(context, chunk, Int32(count), terminate ? 1 : 0)
        if !isStopped && status != 0 && status != Int32(XML_ERR_USER_STOP.rawValue) {
            // libxml2 halted without reporting an error of its own (it does so when an encoding
            // conversion fails while bytes are pushed); never let that pass as success.
            let rule: RuleCode =
                status == Int32(XML_ERR_INVALID_ENCODING.rawValue) ? .invalidEncoding : .xmlNotWellFormed
            reject(rule, at: parserLocation(), "libxml2 stopped with error \(status)")
        }
        if isStopped {
            // Stopping from inside an error callback is unsafe; do it here, between chunks.
            xmlStopParser(context)
        }
    }

    // MARK: SAX2 callbacks

    private func startElement(
        localName: UnsafePointer<xmlChar>, uri: UnsafePointer<xmlChar>?, attributeCount: Int,
        attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) {
        guard !isStopped else { return }
        depth += 1
        if depth > options.maxDepth {
            reject(.xmlLimit, at: startTagLocation(), "elements nested deeper than \(options.maxDepth) levels")
            return
        }
        if skipDepth > 0 { return }
        let location = startTagLocation()
        let element = registryElement(localName: localName, uri: uri)

        guard let parent = frames.last else {
            guard element == .registry else {
                reject(
                    .xmlRoot, at: location,
                    "the root element is \(describe(localName, uri)); expected <registry> in namespace "
                        + "\(RegistryElement.namespace)"
                )
                return
            }
            readRoot(attributeCount: attributeCount, attributes: attributes, at: location)
            frames.append(Frame(element: .registry, location: location))
            return
        }
        guard let element else {
            warn(
                at: location,
                "unknown element \(describe(localName, uri)) inside <\(parent.element.localName)> ignored with its "
                    + "content"
            )
            skipDepth = depth
            return
        }
        guard parent.element.allows(element) else {
            reject(
                .xmlRoot, at: location,
                "<\(element.localName)> is not allowed inside <\(parent.element.localName)>; the contract's nesting is "
                    + "registry > county > village > household > (income, measure*, member+)")
            return
        }
        switch element {
        case .registry:
            preconditionFailure("<registry> is never an allowed child")
        case .county:
            scratch.reset(kind: .county, location: location)
            guard readAttributes(of: .county, attributeCount, attributes, into: &scratch, at: location) else { return }
            hasCountyCode = Self.copy(scratch.slice(.countyCode), into: &countyCode)
            emit(.record(scratch))
        case .village:
            scratch.reset(kind: .village, location: location)
            if hasCountyCode { scratch.set(.countyCode, countyCode) }
            guard readAttributes(of: .village, attributeCount, attributes, into: &scratch, at: location) else { return }
            hasVillageCode = Self.copy(scratch.slice(.villageCode), into: &villageCode)
            emit(.record(scratch))
        case .household:
            household.reset(kind: .household, location: location)
            if hasVillageCode { household.set(.villageCode, villageCode) }
            guard readAttributes(of: .household, attributeCount, attributes, into: &household, at: location) else {
                return
            }
            hasHouseholdID = Self.copy(household.slice(.householdID), into: &householdID)
            isHouseholdOpen = true
            memberCount = 0
            hasIncome = false
            measures.removeAll(keepingCapacity: true)
            measureCount = 0
        case .income:
            if hasIncome {
                reject(.xmlRoot, at: location, "a second <income> in one <household>; a household has exactly one")
                return
            }
            hasIncome = true
            // Income fields go straight onto the open household (an income outside one is
            // impossible: `allows` admits <income> only inside <household>).
            if isHouseholdOpen {
                guard readAttributes(of: .income, attributeCount, attributes, into: &household, at: location) else {
                    return
                }
            } else {
                scratch.reset(kind: .household, location: location)
                guard readAttributes(of: .income, attributeCount, attributes, into: &scratch, at: location) else {
                    return
                }
            }
        case .measure:
            if measureCount >= options.maxMeasuresPerHousehold {
                reject(
                    .xmlLimit, at: location,
                    "more than \(options.maxMeasuresPerHousehold) <measure> elements in one <household>")
                return
            }
            scratch.reset(kind: .household, location: location)
            guard readAttributes(of: .measure, attributeCount, attributes, into: &scratch, at: location) else { return }
            measureText.removeAll(keepingCapacity: true)
        case .member:
            if memberCount >= options.maxMembersPerHousehold {
                reject(
                    .xmlLimit, at: location,
                    "more than \(options.maxMembersPerHousehold) <member> elements in one <household>")
                return
            }
            if memberCount == members.count { members.append(RawRecord(kind: .member, location: location)) }
            members[memberCount].reset(kind: .member, location: location)
            if hasHouseholdID { members[memberCount].set(.householdID, householdID) }
            guard readAttributes(of: .member, attributeCount, attributes, into: &members[memberCount], at: location)
            else { return }
            memberCount += 1
        }
        frames.append(Frame(element: element, location: location))
    }

    private func endElement() {
        guard !isStopped else { return }
        defer { depth -= 1 }
        if skipDepth > 0 {
            if depth == skipDepth { skipDepth = 0 }
            return
        }
        guard let frame = frames.popLast() else { return }
        switch frame.element {
        case .measure:
            // Raw texts joined by `;`: whitespace is kept so that the validator sees it.
            if measureCount > 0 { measures.append(UInt8(ascii: ";")) }
            measures.append(contentsOf: measureText)
            measureCount += 1
        case .household:
            guard isHouseholdOpen else { return }
            isHouseholdOpen = false
            household.set(.measures, measures)
            emit(.record(household))
            for index in 0..<memberCount { emit(.record(members[index])) }
            memberCount = 0
            hasHouseholdID = false
        case .village:
            hasVillageCode = false
        case .county:
            hasCountyCode = false
        case .registry, .income, .member:
            break
        }
    }

    private func characters(_ text: UnsafeBufferPointer<xmlChar>) {
        guard !isStopped, skipDepth == 0, let index = frames.indices.last else { return }
        if frames[index].element == .measure {
            if measureText.count + text.count > options.maxMeasureTextBytes {
                reject(
                    .xmlLimit, at: frames[index].location,
                    "<measure> text longer than \(options.maxMeasureTextBytes) bytes")
                return
            }
            measureText.append(contentsOf: text)
        } else if !frames[index].hasWarnedAboutText && !Self.isXMLWhitespace(text) {
            frames[index].hasWarnedAboutText = true
            warn(at: frames[index].location, "text content inside <\(frames[index].element.localName)> ignored")
        }
    }

    private func refuseDoctype(_ what: String) {
        guard !isStopped else { return }
        reject(
            .xmlDoctype, at: parserLocation(),
            "\(what) is refused: submissions may not carry a DTD, entity declarations or external entities")
        // Documented use of xmlStopParser: from a SAX callback. libxml2 checks for it right
        // after `internalSubset` returns, so the internal subset is never parsed.
        xmlStopParser(context)
    }

    private func handleError(_ error: UnsafeMutablePointer<xmlError>) {
        let details = error.pointee
        // Warnings (a relative namespace URI, an XML 1.1 declaration read as 1.0) do not change
        // what is read; errors and fatal errors make the document unreadable.
        guard details.level.rawValue >= XML_ERR_ERROR.rawValue, !isStopped else { return }
        // Only the first line: libxml2 appends the offending bytes on a second line, and those
        // may be part of a personal value.
        var message = details.message.map { String(cString: $0) } ?? "libxml2 error \(details.code)"
        if let newline = message.firstIndex(of: "\n") { message = String(message[..<newline]) }
        let rule = Self.rule(forLibXMLError: details, message: message)
        var location = parserLocation()
        if rule == .invalidEncoding, let line = lineOfUnconvertibleBytes(in: message) {
            location = SourceLocation(file: file, line: line)
        } else if details.line > 0 {
            location = SourceLocation(
                file: file, line: Int(details.line), column: details.int2 > 0 ? Int(details.int2) : nil)
        }
        if isAtEndOfInput && depth > 0 && rule == .xmlNotWellFormed {
            reject(
                rule, at: location,
                "the file is cut short: it ends before the registry is closed (incomplete upload or truncated copy?; "
                    + "libxml2: \(message), error \(details.code))",
                stopParser: false)
            return
        }
        reject(rule, at: location, "\(message) (libxml2 error \(details.code))", stopParser: false)
    }

    /// F015 for bytes that do not decode in the document's encoding; F007 for the rest,
    /// including NUL and other characters XML forbids (they decode, but are not XML).
    private static func rule(forLibXMLError error: xmlError, message: String) -> RuleCode {
        let code = error.code
        if error.domain == Int32(XML_FROM_I18N.rawValue)
            || code == Int32(XML_ERR_INVALID_ENCODING.rawValue)
            || code == Int32(XML_ERR_UNSUPPORTED_ENCODING.rawValue)
            || code == Int32(XML_ERR_UNKNOWN_ENCODING.rawValue)
            || code == Int32(XML_I18N_CONV_FAILED.rawValue)
        {
            return .invalidEncoding
        }
        // libxml2 2.9 reports malformed UTF-8 under the generic XML_ERR_INVALID_CHAR code
        // (later versions use XML_ERR_INVALID_ENCODING); its message is the only distinction.
        if code == Int32(XML_ERR_INVALID_CHAR.rawValue) && message.hasPrefix("Input is not proper UTF-8") {
            return .invalidEncoding
        }
        return .xmlNotWellFormed
    }

    // MARK: Attributes

    private func readRoot(
        attributeCount: Int, attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, at location: SourceLocation
    ) {
        hasRoot = true
        scratch.reset(kind: .county, location: location)  // the kind is unused for the root
        guard readAttributes(of: .registry, attributeCount, attributes, into: &scratch, at: location) else { return }
        func text(_ field: ContractField) -> String? {
            scratch.slice(field).map { String(decoding: $0, as: UTF8.self) }
        }
        emit(.root(RegistryRoot(province: text(.province), year: text(.year), revision: text(.revision)), location))
    }

    /// Appends the known attributes of `element` as fields; warns about unknown ones.
    /// - Returns: false when an attribute broke a limit (the document is then rejected).
    private func readAttributes(
        of element: RegistryElement, _ count: Int, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?,
        into record: inout RawRecord, at location: SourceLocation
    ) -> Bool {
        guard count > 0, let attributes else { return true }
        let table = attributeTables[element.rawValue]
        // SAX2 passes five pointers per attribute: local name, prefix, URI, value start, value end.
        for index in 0..<count {
            let entry = attributes + 5 * index
            guard let name = entry[0], let start = entry[3], let end = entry[4] else { continue }
            let value = UnsafeBufferPointer(start: start, count: end - start)
            if value.count > options.maxAttributeBytes && Self.decodedCount(value) > options.maxAttributeBytes {
                reject(
                    .xmlLimit, at: location,
                    "attribute \(Self.text(name)) on <\(element.localName)> longer than \(options.maxAttributeBytes) "
                        + "bytes"
                )
                return false
            }
            // Unprefixed attributes are in no namespace; a prefixed one is never a contract field.
            if entry[2] == nil, let fieldIndex = Self.index(of: name, in: table.names, expected: index) {
                let field = table.fields[fieldIndex]
                if value.contains(UInt8(ascii: "&")) {
                    record.set(field, Self.decodedValue(value))
                } else {
                    record.set(field, value)
                }
            } else {
                warn(at: location, "unknown attribute \(describe(name, entry[2])) on <\(element.localName)> ignored")
            }
        }
        return true
    }

    /// Copies a key value into a reused buffer; false (buffer emptied) when the key is absent.
    private static func copy(_ value: ArraySlice<UInt8>?, into buffer: inout [UInt8]) -> Bool {
        buffer.removeAll(keepingCapacity: true)
        guard let value else { return false }
        buffer.append(contentsOf: value)
        return true
    }

    /// - Parameter expected: where the name usually is: attributes are mostly written in the
    ///   vocabulary's order, so the attribute's position is tried first (a hit saves the search).
    private static func index(
        of name: UnsafePointer<xmlChar>, in names: [UnsafePointer<xmlChar>], expected: Int
    ) -> Int? {
        if expected < names.count && names[expected] == name { return expected }
        if let index = names.firstIndex(of: name) { return index }
        // Fallback in case a libxml2 build hands out a name outside the dictionary.
        return names.firstIndex { xmlStrEqual($0, name) != 0 }
    }

    private func registryElement(localName: UnsafePointer<xmlChar>, uri: UnsafePointer<xmlChar>?) -> RegistryElement? {
        guard let uri, uri == namespaceName || xmlStrEqual(uri, namespaceName) != 0 else { return nil }
        if let index = elementNames.firstIndex(of: localName) { return RegistryElement(rawValue: index) }
        if let index = elementNames.firstIndex(where: { xmlStrEqual($0, localName) != 0 }) {
            return RegistryElement(rawValue: index)
        }
        return nil
    }

    // With entity substitution off, libxml2's SAX2 layer hands `&` in an attribute value
    // (written `&amp;` or `&#38;`) on as the five bytes `&#38;` for the tree builder to decode;
    // no other reference can remain (without a DTD only the predefined entities exist).
    private static let escapedAmpersand: [UInt8] = Array("&#38;".utf8)

    private static func decodedValue(_ raw: UnsafeBufferPointer<xmlChar>) -> [UInt8] {
        guard raw.contains(UInt8(ascii: "&")) else { return Array(raw) }
        var value: [UInt8] = []
        value.reserveCapacity(raw.count)
        var index = 0
        while index < raw.count {
            if raw[index] == UInt8(ascii: "&") && raw.count - index >= escapedAmpersand.count
                && escapedAmpersand.indices.allSatisfy({ raw[index + $0] == escapedAmpersand[$0] })
            {
                value.append(UInt8(ascii: "&"))
                index += escapedAmpersand.count
            } else {
                value.append(raw[index])
                index += 1
            }
        }
        return value
    }

    private static func decodedCount(_ raw: UnsafeBufferPointer<xmlChar>) -> Int {
        raw.contains(UInt8(ascii: "&")) ? decodedValue(raw).count : raw.count
    }

    private static func isXMLWhitespace(_ text: UnsafeBufferPointer<xmlChar>) -> Bool {
        text.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
    }

    // MARK: Locations

    /// Where the parser is now (used for DOCTYPE and errors libxml2 reports without a line).
    private func parserLocation() -> SourceLocation {
        guard let input = context.pointee.input else { return SourceLocation(file: file) }
        let column = Int(input.pointee.col)
        return SourceLocation(file: file, line: Int(input.pointee.line), column: column > 0 ? column : nil)
    }

    /// Line and column of the `<` that opens the start tag being reported.
    ///
    /// In `startElementNs` libxml2's input points at the tag's closing `>` (or `/>`), and the
    /// tag's bytes are still in its buffer. XML forbids a raw `<` inside a tag, so the nearest
    /// `<` before the cursor opens it; the newlines in between give the start line. The column
    /// counts characters from the previous newline when that is still in the buffer, else back
    /// from libxml2's own column (in characters too) at the cursor.
    private func startTagLocation() -> SourceLocation {
        guard let input = context.pointee.input, let cursor = input.pointee.cur, let base = input.pointee.base else {
            return SourceLocation(file: file)
        }
        let line = Int(input.pointee.line)
        guard let (open, newlines) = Self.tagStart(before: cursor, base: base) else {
            return SourceLocation(file: file, line: line)
        }
        // Bytes libxml2 has dropped from the front of its buffer: `consumed` + (p − base) is p's
        // offset in the document, which stays valid when the buffer is shrunk or moved.
        let consumed = Int(input.pointee.consumed)
        let offset = consumed + (open - base)
        // The next tag on the anchor's line is counted from the anchor, not from the line start:
        // scanning back to the line start for every element is quadratic on a document written
        // on one line (minified XML is common), seconds for 100 KB and hours for 10 MB.
        if let anchor = columnAnchor, anchor.line == line - newlines, anchor.offset >= consumed, anchor.offset <= offset
        {
            let column = anchor.column + Self.characterCount(from: base + (anchor.offset - consumed), to: open)
            columnAnchor = (offset, line - newlines, column)
            return SourceLocation(file: file, line: line - newlines, column: column)
        }
        // The buffer's start is the line's start when nothing was dropped yet and this is line 1.
        let bufferStartsLine = consumed == 0 && line - newlines == 1
        if let column = Self.column(of: open, base: base, bufferStartsLine: bufferStartsLine) {
            columnAnchor = (offset, line - newlines, column)
            return SourceLocation(file: file, line: line - newlines, column: column)
        }
        if newlines == 0 {
            let column = Int(input.pointee.col) - Self.characterCount(from: open, to: cursor)
            guard column > 0 else { return SourceLocation(file: file, line: line) }
            columnAnchor = (offset, line, column)
            return SourceLocation(file: file, line: line, column: column)
        }
        return SourceLocation(file: file, line: line - newlines)
    }

    private static let lessThan = UInt8(ascii: "<")
    private static let newline = UInt8(ascii: "\n")

    /// The nearest `<` before `cursor` and the number of newlines between them.
    ///
    /// This runs once per element over the whole start tag (a member's is ~300 bytes), so it
    /// skips 16 bytes at a time while they hold neither `<` nor a newline.
    private static func tagStart(
        before cursor: UnsafePointer<xmlChar>, base: UnsafePointer<xmlChar>
    ) -> (open: UnsafePointer<xmlChar>, newlines: Int)? {
        var position = cursor
        var newlines = 0
        let lessThans = SIMD16<UInt8>(repeating: lessThan)
        let newlineBytes = SIMD16<UInt8>(repeating: newline)
        while position - base >= 16 {
            let block = UnsafeRawPointer(position - 16).loadUnaligned(as: SIMD16<UInt8>.self)
            guard any((block .== lessThans) .| (block .== newlineBytes)) else {
                position -= 16
                continue
            }
            for _ in 0..<16 {
                position -= 1
                if position.pointee == lessThan { return (position, newlines) }
                if position.pointee == newline { newlines += 1 }
            }
        }
        while position > base {
            position -= 1
            if position.pointee == lessThan { return (position, newlines) }
            if position.pointee == newline { newlines += 1 }
        }
        return nil
    }

    /// Column of `position` (1-based, in characters) when the start of its line is in the buffer
    /// (a newline before it, or the buffer's start when `bufferStartsLine`).
    private static func column(
        of position: UnsafePointer<xmlChar>, base: UnsafePointer<xmlChar>, bufferStartsLine: Bool
    ) -> Int? {
        var scan = position
        var characters = 1
        while scan > base {
            scan -= 1
            if scan.pointee == newline { return characters }
            if scan.pointee & 0xC0 != 0x80 { characters += 1 }
        }
        return bufferStartsLine ? characters : nil
    }

    private static func characterCount(from start: UnsafePointer<xmlChar>, to end: UnsafePointer<xmlChar>) -> Int {
        UnsafeBufferPointer(start: start, count: end - start).reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) }
    }

    // MARK: Reporting

    private func warn(at location: SourceLocation, _ message: String) {
        guard warningCount < options.maxWarnings else {
            suppressedWarningCount += 1
            return
        }
        warningCount += 1
        emit(.warning(Diagnostic(rule: .unknownXMLNode, location: location, message: message)))
    }

    private func emit(_ event: Event) {
        deliver?(event)
    }

    /// Records the problem that rejects the document and stops producing events.
    ///
    /// - Parameter stopParser: false when called from libxml2's error callback, where halting
    ///   the parser would free its input under the running code; `run` stops it afterwards.
    private func reject(_ rule: RuleCode, at location: SourceLocation, _ message: String, stopParser: Bool = true) {
        guard !isStopped else { return }
        isStopped = true
        isHouseholdOpen = false
        memberCount = 0
        emit(.problem(Rejection(rule: rule, location: location, message: message)))
        if stopParser && !isFinished { xmlStopParser(context) }
    }

    /// `<prefix:name>` in namespace 'uri', for messages; names are cut to keep messages short.
    private func describe(_ name: UnsafePointer<xmlChar>, _ uri: UnsafePointer<xmlChar>?) -> String {
        let local = Self.text(name)
        guard let uri else { return "'\(local)' (no namespace)" }
        return "'\(local)' (namespace '\(Self.text(uri))')"
    }

    private static let maxNameCharactersInMessages = 64

    private static func text(_ name: UnsafePointer<xmlChar>) -> String {
        let full = String(cString: name)
        guard full.count > maxNameCharactersInMessages else { return full }
        return String(full.prefix(maxNameCharactersInMessages)) + "…"
    }
}

/// libxml2 must be initialised once per process before parsers are used from several threads.
private let libxml2Initialization: Void = xmlInitParser()
