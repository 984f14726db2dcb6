internal import CByteScan
internal import JingzhunCore

/// Reads an XML submission with a hand-written scanner for the contract's vocabulary, and gives
/// up (instead of judging) on anything it does not handle with certainty.
///
/// Why (issue 20, item 2): libxml2 2.9.14's SAX2 push parser alone is a quarter of XML ingest's
/// CPU, which puts 100 MB of XML per CPU second out of reach (docs/performance.md). Registry
/// documents are flat: elements with attributes, a little text in `<measure>`, whitespace and
/// perhaps comments in between. This scanner reads exactly that subset of XML 1.0 in UTF-8 and
/// hands the sink the same events, in the same order, with the same locations and values as
/// `XMLRegistryReader` (libxml2) does for it.
///
/// **Giving up.** The scanner never rejects a document and never reports a problem. On anything
/// outside its subset it stops, sets `hasGivenUp`, and delivers nothing more; the ingestor then
/// discards everything delivered so far (the validator's whole state) and reads the file again
/// from its start with `XMLRegistryReader`, so libxml2 stays the judge of every rejected or unusual
/// document and every message about one stays the same. It gives up on:
/// - a byte-order mark, an XML declaration other than version 1.0 with encoding `UTF-8` (or none)
///   and an optional `standalone`, any other processing instruction, a DOCTYPE, a CDATA section;
/// - entity references other than the five predefined ones; character references that are not
///   XML characters (or longer than 8 hex / 10 decimal digits);
/// - bytes that are not UTF-8 or not XML characters, control characters (also DEL), a CR not
///   followed by LF, `]` in text (so `]]>` needs no check);
/// - names with a colon (namespace prefixes, `xml:` attributes) or non-ASCII characters; a name
///   longer than 1,000 bytes; more than 64 attributes on one element; a repeated attribute;
///   a namespace declaration anywhere but `xmlns="urn:jingzhun:registry:1"` on the root; a root
///   element that is not `<registry>` with that declaration;
/// - everything `XMLRegistryReader` rejects (a limit of `Options`, a misplaced element, a second
///   `<income>`), well-formedness errors (a mismatched end tag, text or a second element after the
///   root, missing whitespace between attributes, a document that ends early or is empty);
/// - a single construct (tag, text run, comment) longer than 64 KiB.
///
/// Records, warnings and the root are delivered as `XMLRegistryReader` delivers them (see there:
/// measures, household buffering, locations at the `<` of the start tag: line = 1 + LF bytes
/// before it, column = 1 + characters since the last LF), except that a household and its members
/// come as one `HeldHousehold` (`RawRecordSink.household(_:)`), their values left in the bytes of
/// their start tags; as records they have the same fields and values, in the contract's order.
///
/// - Complexity: O(n) in input bytes; memory: one open household with its members, and one
///   incomplete construct (≤ 64 KiB) carried from one chunk to the next.
/// - Note: Not thread-safe; one reader per document.
final class XMLRegistryFastReader: RegistryDocumentReader {
    private var scanner: XMLRegistryFastScanner

    init(file: String, options: XMLRegistryReader.Options = .default) {
        scanner = XMLRegistryFastScanner(file: file, options: options)
    }

    deinit {
        scanner.deallocate()
    }

    /// True once the scanner met something outside its subset: nothing more is delivered, and
    /// what was delivered must be discarded.
    var hasGivenUp: Bool { scanner.hasGivenUp }
    /// What made it give up (for tests and the log).
    var giveUpReason: String { scanner.giveUpReason }
    /// The ingestor stops feeding once this is true.
    var isRejected: Bool { scanner.hasGivenUp }

    /// Scans the next bytes of the document (split anywhere) and delivers what they complete.
    func consume(_ bytes: UnsafeRawBufferPointer, into sink: inout some RawRecordSink) {
        scanner.consume(bytes, into: &sink)
    }

    /// Ends the document: what is left must be whitespace after the root.
    func finish(into sink: inout some RawRecordSink) {
        scanner.finish(into: &sink)
    }
}

/// The state and code of `XMLRegistryFastReader`: a struct, so that its many small accesses are
/// checked for exclusivity at compile time (on a class's properties each costs a runtime check:
/// 9 % of ingest's CPU in `perf`).
struct XMLRegistryFastScanner {
    let file: String
    let options: XMLRegistryReader.Options
    private(set) var hasGivenUp = false
    private(set) var giveUpReason = ""
    private var isFinished = false

    /// Longest construct (tag, text run, comment, declaration) carried over a chunk boundary.
    static let maxConstructBytes = 64 * 1024

    // MARK: Input

    /// The start of an incomplete construct, waiting for the next chunk.
    private var pending: [UInt8] = []
    /// Document offset of `pending[0]`.
    private var pendingOffset = 0

    // MARK: Position (lines and columns, counted lazily up to each start tag)

    private var trackedOffset = 0
    private var line = 1
    private var lineStart = 0
    /// UTF-8 continuation bytes in `lineStart ..< trackedOffset`.
    private var continuationBytes = 0

    // MARK: Document

    private enum Phase { case start, prolog, content, epilog }
    private var phase = Phase.start
    private var depth = 0
    private var skipDepth = 0
    private struct Frame {
        var element: RegistryElement
        var position: TagPosition
        var hasWarnedAboutText = false
    }
    private var frames: [Frame] = []
    /// The innermost open registry element is a `<measure>` (its text is kept).
    private var isInMeasure = false
    /// Names of all open elements (registry and unknown), concatenated; `nameEnds` delimits them.
    private var openNames: [UInt8] = []
    private var openNameEnds: [Int] = []

    // MARK: Records (as in XMLRegistryScanner)

    private var countyCode: [UInt8] = []
    private var hasCountyCode = false
    private var villageCode: [UInt8] = []
    private var hasVillageCode = false
    private var householdID: [UInt8] = []
    private var hasHouseholdID = false
    private var scratch = RawRecord(kind: .county, location: SourceLocation(file: ""))
    /// The open household and its members, their values where they lie in their start tags.
    private var held: HeldHousehold
    private var isHouseholdOpen = false
    private var hasIncome = false
    private var measures: [UInt8] = []
    private var measureCount = 0
    private var measureText: [UInt8] = []
    private var warningCount = 0
    private var suppressedWarningCount = 0

    // MARK: Scratch

    private struct AttributeSpan {
        var nameStart: Int
        var nameEnd: Int
        var valueStart: Int
        var valueEnd: Int
        /// Bits: 1 = `&`, 2 = TAB/LF/CR, 4 = non-ASCII.
        var flags: UInt8
        /// Index in the element's vocabulary when matched while reading the tag, else -1.
        var field: Int8
    }
    private static let maxAttributes = 64
    private let spans: UnsafeMutablePointer<AttributeSpan>
    private var spanCount = 0
    /// Indexes in `spans` of the values a held record takes as they lie (`readAttributes`).
    private let inPlaceValues: UnsafeMutablePointer<Int>
    private var decoded: [UInt8] = []
    private let vocabulary = FastVocabulary.shared

    init(file: String, options: XMLRegistryReader.Options = .default) {
        self.file = file
        self.options = options
        held = HeldHousehold(file: file)
        spans = .allocate(capacity: Self.maxAttributes)
        inPlaceValues = .allocate(capacity: Self.maxAttributes)
    }

    func deallocate() {
        spans.deallocate()
        inPlaceValues.deallocate()
    }

    // MARK: Feeding

    mutating func consume(_ bytes: UnsafeRawBufferPointer, into sink: inout some RawRecordSink) {
        precondition(!isFinished, "XMLRegistryFastReader.consume called after finish")
        guard !hasGivenUp, let raw = bytes.baseAddress, bytes.count > 0 else { return }
        let chunk = raw.assumingMemoryBound(to: UInt8.self)
        let count = bytes.count
        // Document offset of chunk[0].
        let chunkOffset = pendingOffset + pending.count
        var resume = 0
        if !pending.isEmpty {
            // Complete the construct carried over from earlier chunks: append a little of this
            // chunk at a time until it is complete, then go on in the chunk itself.
            var used = 0
            var step = 4096
            while true {
                let take = min(step, count - used)
                pending.append(contentsOf: UnsafeBufferPointer(start: chunk + used, count: take))
                used += take
                // Moved out while it is scanned (`scan` and `track` mutate the rest of `self`).
                var carried: [UInt8] = []
                swap(&carried, &pending)
                let offset = pendingOffset
                let stop = carried.withUnsafeBufferPointer { scan($0.baseAddress!, $0.count, offset, &sink) }
                let stopOffset = pendingOffset + stop
                if !hasGivenUp { carried.withUnsafeBufferPointer { track(to: stopOffset, $0.baseAddress!, offset) } }
                swap(&carried, &pending)
                if hasGivenUp { return }
                if stopOffset >= chunkOffset {
                    // Everything carried over is consumed: continue in the chunk itself.
                    resume = stopOffset - chunkOffset
                    pending.removeAll(keepingCapacity: true)
                    pendingOffset = stopOffset
                    break
                }
                pending.removeFirst(stop)
                pendingOffset = stopOffset
                if pending.count > Self.maxConstructBytes {
                    giveUp("a construct longer than \(Self.maxConstructBytes) bytes")
                    return
                }
                if used == count { return }  // the whole chunk is carried over too
                step *= 2
            }
        }
        let stop = scan(chunk, count, chunkOffset, &sink, from: resume)
        if hasGivenUp { return }
        track(to: chunkOffset + stop, chunk, chunkOffset)
        if count - stop > Self.maxConstructBytes {
            giveUp("a construct longer than \(Self.maxConstructBytes) bytes")
            return
        }
        pending.append(contentsOf: UnsafeBufferPointer(start: chunk + stop, count: count - stop))
        pendingOffset = chunkOffset + stop
    }

    mutating func finish(into sink: inout some RawRecordSink) {
        precondition(!isFinished, "XMLRegistryFastReader.finish called twice")
        isFinished = true
        guard !hasGivenUp else { return }
        if !pending.isEmpty {
            // Only a trailing text run can be complete without a following `<`.
            var isBlank = true
            for (index, byte) in pending.enumerated() where byte != 0x20 && byte != 0x09 && byte != 0x0A {
                if byte == 0x0D && index + 1 < pending.count && pending[index + 1] == 0x0A { continue }
                isBlank = false
                break
            }
            guard phase == .epilog, isBlank else {
                giveUp("the document ends inside a construct or with text")
                return
            }
        }
        guard phase == .epilog else {
            giveUp("the document ends before its root element is closed")
            return
        }
        if suppressedWarningCount > 0 {
            sink.warning(
                Diagnostic(
                    rule: .unknownXMLNode, location: SourceLocation(file: file),
                    message: "\(suppressedWarningCount) further unknown XML elements or attributes were ignored "
                        + "without being listed (limit \(options.maxWarnings) warnings per file)"))
            suppressedWarningCount = 0
        }
    }

    private mutating func giveUp(_ reason: String) {
        guard !hasGivenUp else { return }
        hasGivenUp = true
        giveUpReason = reason
    }

    // MARK: Scanning

    /// Scans complete constructs in `base[from ..< count]` (document offset of `base[0]`:
    /// `baseOffset`) and returns where the first incomplete one starts (`count` when none).
    private mutating func scan<Sink: RawRecordSink>(
        _ base: UnsafePointer<UInt8>, _ count: Int, _ baseOffset: Int, _ sink: inout Sink, from start: Int = 0
    ) -> Int {
        var p = start
        if phase == .start {
            guard let next = declaration(base, count, baseOffset, p) else { return p }
            if hasGivenUp { return count }
            p = next
            phase = .prolog
        }
        while p < count {
            let next: Int?
            if base[p] == Byte.lessThan {
                next = markup(base, count, baseOffset, p, &sink)
            } else {
                next = text(base, count, p, &sink)
            }
            if hasGivenUp { return count }
            guard let next else { return p }
            p = next
        }
        return p
    }

    /// The optional XML declaration at the document's start; returns where the prolog begins,
    /// nil when more bytes are needed.
    private mutating func declaration(_ base: UnsafePointer<UInt8>, _ count: Int, _ baseOffset: Int, _ p: Int) -> Int? {
        precondition(baseOffset + p == 0, "the declaration is read at the document's start")
        let available = count - p
        if available >= 3 && base[p] == 0xEF && base[p + 1] == 0xBB && base[p + 2] == 0xBF {
            giveUp("a byte-order mark")
            return count
        }
        let opener: [UInt8] = Array("<?xml".utf8)
        for index in 0..<min(available, opener.count) where base[p + index] != opener[index] {
            return p  // no declaration
        }
        guard available > opener.count else { return nil }
        guard Byte.isSpace(base[p + opener.count]) else {
            giveUp("a processing instruction")
            return count
        }
        // Find `?>`.
        var end = p + opener.count
        while end + 1 < count && !(base[end] == Byte.question && base[end + 1] == Byte.greaterThan) {
            if end - p > 1024 {
                giveUp("a long XML declaration")
                return count
            }
            end += 1
        }
        guard end + 1 < count else { return nil }
        // version, then optional encoding and standalone, each after whitespace.
        var cursor = p + opener.count
        var seen = 0
        while true {
            let spaceStart = cursor
            while cursor < end && Byte.isSpace(base[cursor]) { cursor += 1 }
            if cursor == end { break }
            guard cursor > spaceStart else {
                giveUp("an unusual XML declaration")
                return count
            }
            let nameStart = cursor
            while cursor < end && base[cursor] != Byte.equals && !Byte.isSpace(base[cursor]) { cursor += 1 }
            let name = Array(UnsafeBufferPointer(start: base + nameStart, count: cursor - nameStart))
            while cursor < end && Byte.isSpace(base[cursor]) { cursor += 1 }
            guard cursor < end, base[cursor] == Byte.equals else {
                giveUp("an unusual XML declaration")
                return count
            }
            cursor += 1
            while cursor < end && Byte.isSpace(base[cursor]) { cursor += 1 }
            guard cursor < end, base[cursor] == Byte.quote || base[cursor] == Byte.apostrophe else {
                giveUp("an unusual XML declaration")
                return count
            }
            let quote = base[cursor]
            let valueStart = cursor + 1
            cursor = valueStart
            while cursor < end && base[cursor] != quote { cursor += 1 }
            guard cursor < end else {
                giveUp("an unusual XML declaration")
                return count
            }
            let value = String(
                decoding: UnsafeBufferPointer(start: base + valueStart, count: cursor - valueStart), as: UTF8.self)
            cursor += 1
            let accepted: Bool
            switch (seen, String(decoding: name, as: UTF8.self)) {
            case (0, "version"):
                accepted = value == "1.0"
                seen = 1
            case (1, "encoding"):
                accepted = value == "UTF-8" || value == "utf-8"
                seen = 2
            case (1, "standalone"), (2, "standalone"):
                accepted = value == "yes" || value == "no"
                seen = 3
            default:
                accepted = false
            }
            guard accepted else {
                giveUp("an XML declaration other than version 1.0 in UTF-8")
                return count
            }
        }
        guard seen >= 1 else {
            giveUp("an XML declaration without version")
            return count
        }
        return end + 2
    }

    /// `<` at `p`: a start tag, end tag or comment; returns the position after it, nil when more
    /// bytes are needed.
    private mutating func markup<Sink: RawRecordSink>(
        _ base: UnsafePointer<UInt8>, _ count: Int, _ baseOffset: Int, _ p: Int, _ sink: inout Sink
    ) -> Int? {
        guard p + 1 < count else { return nil }
        switch base[p + 1] {
        case Byte.slash:
            return endTag(base, count, p, &sink)
        case Byte.exclamation:
            return comment(base, count, p)
        case Byte.question:
            giveUp("a processing instruction")
            return count
        default:
            return startTag(base, count, baseOffset, p, &sink)
        }
    }

    /// `<!--` … `-->`; anything else after `<!` (DOCTYPE, CDATA) gives up.
    private mutating func comment(_ base: UnsafePointer<UInt8>, _ count: Int, _ p: Int) -> Int? {
        guard p + 3 < count else { return nil }
        guard base[p + 2] == Byte.hyphen && base[p + 3] == Byte.hyphen else {
            giveUp("a DOCTYPE, CDATA section or other declaration")
            return count
        }
        var index = p + 4
        while index < count {
            let byte = base[index]
            if byte == Byte.hyphen {
                guard index + 2 < count else { return nil }
                guard base[index + 1] == Byte.hyphen else {
                    index += 1
                    continue
                }
                guard base[index + 2] == Byte.greaterThan else {
                    giveUp("`--` inside a comment")
                    return count
                }
                return index + 3
            }
            guard let next = validCharacter(base, count, index) else { return nil }
            if hasGivenUp { return count }
            index = next
        }
        return nil
    }

    /// Steps over one character at `index` (a CR only before LF); nil when the buffer ends inside
    /// it; gives up on anything that is not an XML character.
    @inline(__always)
    private mutating func validCharacter(_ base: UnsafePointer<UInt8>, _ count: Int, _ index: Int) -> Int? {
        let byte = base[index]
        if byte >= 0x20 && byte < 0x7F { return index + 1 }
        if byte == 0x0A || byte == 0x09 { return index + 1 }
        if byte == 0x0D {
            guard index + 1 < count else { return nil }
            guard base[index + 1] == 0x0A else {
                giveUp("a CR not followed by LF")
                return count
            }
            return index + 2
        }
        if byte >= 0x80 {
            let length = UTF8Check.sequenceLength(base, count, index)
            if length == 0 { return nil }
            if length < 0 {
                giveUp("bytes that are not UTF-8 or not XML characters")
                return count
            }
            return index + length
        }
        giveUp("a control character")
        return count
    }

    // MARK: Text

    /// Text up to the next `<`; nil when the buffer ends first.
    private mutating func text<Sink: RawRecordSink>(
        _ base: UnsafePointer<UInt8>, _ count: Int, _ p: Int, _ sink: inout Sink
    ) -> Int? {
        // The common case: indentation (LF and spaces) between elements, sixteen bytes at a time
        // (CByteScan); the loop below then usually stops at once, at the next `<`.
        var end = p + jingzhun_blank_run(base + p, count - p)
        var isBlank = true
        let spaces = ByteWords.broadcast(0x20)
        while end < count {
            // Eight spaces of indentation at a time.
            if count - end >= 8 && ByteWords.load(UnsafeRawPointer(base), end) == spaces {
                end += 8
                continue
            }
            let byte = base[end]
            if byte == Byte.lessThan { break }
            if byte == 0x0D && end + 1 < count && base[end + 1] == 0x0A {
                end += 2
                continue
            }
            if byte != 0x20 && byte != 0x0A && byte != 0x09 {
                isBlank = false
                if byte == Byte.rightBracket {
                    giveUp("`]` in text")
                    return count
                }
            }
            end += 1
        }
        guard end < count else {
            if end - p > Self.maxConstructBytes { giveUp("a text longer than \(Self.maxConstructBytes) bytes") }
            return nil
        }
        let inMeasure = isInMeasure && skipDepth == 0
        if isBlank && !inMeasure { return end }
        if phase != .content {
            giveUp("text outside the root element")
            return count
        }
        // Decode (character and entity references, CRLF → LF) and check every character.
        guard decodeText(base, p, end) else { return count }
        guard skipDepth == 0, let index = frames.indices.last else { return end }
        if frames[index].element == .measure {
            if measureText.count + decoded.count > options.maxMeasureTextBytes {
                giveUp("a <measure> text over the limit")
                return count
            }
            measureText.append(contentsOf: decoded)
        } else if !frames[index].hasWarnedAboutText && !decoded.allSatisfy(Byte.isSpace) {
            frames[index].hasWarnedAboutText = true
            warn(
                &sink, at: location(frames[index].position),
                "text content inside <\(frames[index].element.localName)> ignored")
        }
        return end
    }

    /// Decodes text `base[start ..< end]` (complete, up to a `<`) into `decoded`; false (given up)
    /// on anything outside the subset.
    private mutating func decodeText(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        decoded.removeAll(keepingCapacity: true)
        var index = start
        var runStart = start
        while index < end {
            let byte = base[index]
            if (byte >= 0x20 && byte < 0x7F && byte != Byte.ampersand) || byte == 0x0A || byte == 0x09 {
                index += 1
                continue
            }
            if byte >= 0x80 {
                let length = UTF8Check.sequenceLength(base, end, index)
                guard length > 0 else {
                    // The text is complete (it ends at a `<`): a sequence cut at `end` is invalid too.
                    giveUp("bytes that are not UTF-8 or not XML characters")
                    return false
                }
                index += length
                continue
            }
            decoded.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: index - runStart))
            if byte == Byte.ampersand {
                guard let next = reference(base, index, end) else { return false }
                index = next
            } else if byte == 0x0D && index + 1 < end && base[index + 1] == 0x0A {
                decoded.append(0x0A)
                index += 2
            } else {
                giveUp(byte == 0x0D ? "a CR not followed by LF" : "a control character")
                return false
            }
            runStart = index
        }
        decoded.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: end - runStart))
        return true
    }

    /// A reference at `base[index] == "&"` within `..< end`, appended to `decoded` as UTF-8;
    /// nil (given up) when it is not a predefined entity or a character reference to an XML
    /// character.
    private mutating func reference(_ base: UnsafePointer<UInt8>, _ index: Int, _ end: Int) -> Int? {
        var semicolon = index + 1
        while semicolon < end && semicolon - index <= 12 && base[semicolon] != Byte.semicolon { semicolon += 1 }
        guard semicolon < end, base[semicolon] == Byte.semicolon else {
            giveUp("an unusual reference")
            return nil
        }
        let body = UnsafeBufferPointer(start: base + index + 1, count: semicolon - index - 1)
        var scalar: UInt32 = 0
        if body.count >= 2 && body[0] == Byte.hash {
            let isHex = body[1] == UInt8(ascii: "x")
            let digits = body[(isHex ? 2 : 1)...]
            guard !digits.isEmpty, digits.count <= (isHex ? 8 : 10) else {
                giveUp("an unusual character reference")
                return nil
            }
            var value: UInt64 = 0
            for digit in digits {
                let d: UInt64
                switch digit {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt64(digit - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f") where isHex: d = UInt64(digit - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F") where isHex: d = UInt64(digit - UInt8(ascii: "A") + 10)
                default:
                    giveUp("an unusual character reference")
                    return nil
                }
                value = value * (isHex ? 16 : 10) + d
            }
            guard value <= 0x10FFFF, UTF8Check.isXMLCharacter(UInt32(value)) else {
                giveUp("a character reference to a character XML forbids")
                return nil
            }
            scalar = UInt32(value)
        } else {
            switch String(decoding: body, as: UTF8.self) {
            case "amp": scalar = 0x26
            case "lt": scalar = 0x3C
            case "gt": scalar = 0x3E
            case "quot": scalar = 0x22
            case "apos": scalar = 0x27
            default:
                giveUp("an entity reference other than the predefined ones")
                return nil
            }
        }
        UTF8Check.append(scalar, to: &decoded)
        return semicolon + 1
    }

    // MARK: End tags

    private mutating func endTag<Sink: RawRecordSink>(
        _ base: UnsafePointer<UInt8>, _ count: Int, _ p: Int, _ sink: inout Sink
    ) -> Int? {
        let nameStart = p + 2
        guard let nameEnd = name(base, count, nameStart) else { return nil }
        if hasGivenUp { return count }
        var cursor = nameEnd
        while cursor < count && Byte.isSpace(base[cursor]) {
            if base[cursor] == 0x0D {
                guard cursor + 1 < count else { return nil }
                guard base[cursor + 1] == 0x0A else {
                    giveUp("a CR not followed by LF")
                    return count
                }
            }
            cursor += 1
        }
        guard cursor < count else { return nil }
        guard base[cursor] == Byte.greaterThan else {
            giveUp("a malformed end tag")
            return count
        }
        guard phase == .content, !openNameEnds.isEmpty else {
            giveUp("an end tag outside the root element")
            return count
        }
        let openStart = openNameEnds.count > 1 ? openNameEnds[openNameEnds.count - 2] : 0
        let openEnd = openNameEnds[openNameEnds.count - 1]
        let matches =
            openEnd - openStart == nameEnd - nameStart
            && openNames.withUnsafeBufferPointer { names in
                FastVocabulary.Table.equal(names.baseAddress! + openStart, base + nameStart, openEnd - openStart)
            }
        guard matches else {
            giveUp("an end tag that does not match its start tag")
            return count
        }
        closeElement(&sink)
        return cursor + 1
    }

    /// An XML name at `start` (ASCII letters, digits, `_`, `-`, `.`; no colon); returns its end,
    /// nil when the buffer ends inside it.
    @inline(__always)
    private mutating func name(_ base: UnsafePointer<UInt8>, _ count: Int, _ start: Int) -> Int? {
        guard start < count else { return nil }
        guard Byte.isNameStart(base[start]) else {
            giveUp("a name that is not plain ASCII, or a prefixed name")
            return count
        }
        var end = start + 1
        while end < count && Byte.isNameCharacter(base[end]) { end += 1 }
        guard end < count else { return end - start > 1000 ? giveUpLongName(count) : nil }
        let next = base[end]
        if next == Byte.colon || next >= 0x80 {
            giveUp("a name that is not plain ASCII, or a prefixed name")
            return count
        }
        if end - start > 1000 { return giveUpLongName(count) }
        return end
    }

    private mutating func giveUpLongName(_ count: Int) -> Int {
        giveUp("a name longer than 1,000 bytes")
        return count
    }

    // MARK: Start tags

    private mutating func startTag<Sink: RawRecordSink>(
        _ base: UnsafePointer<UInt8>, _ count: Int, _ baseOffset: Int, _ p: Int, _ sink: inout Sink
    ) -> Int? {
        let nameStart = p + 1
        guard let nameEnd = name(base, count, nameStart) else { return nil }
        if hasGivenUp { return count }
        // Attributes: whitespace, name, `=`, quoted value; then `>` or `/>`. The names of a known
        // element are matched against its vocabulary as they are read (usually in its order).
        let element = vocabulary.element(base, nameStart, nameEnd)
        let table = element.map { vocabulary.tables[$0.rawValue] }
        let spacedTable = element.map { vocabulary.spacedTables[$0.rawValue] }
        let classes = vocabulary.byteClasses
        var expected = 0
        spanCount = 0
        var cursor = nameEnd
        var isEmpty = false
        while true {
            let attributeStart: Int
            let attributeEnd: Int
            var field: Int8 = -1
            let quote: UInt8
            if let spacedTable, let length = spacedTable.startMatch(expected, base, count, cursor) {
                // The usual case, the expected attribute written ` name="`: one comparison instead
                // of the whitespace, name, `=` and quote steps below, which read it the same way.
                guard spanCount < Self.maxAttributes else {
                    giveUp("attributes without whitespace between them, or too many attributes")
                    return count
                }
                attributeStart = cursor + 1
                attributeEnd = cursor + length - 2
                field = Int8(expected)
                expected += 1
                quote = Byte.quote
                cursor += length
            } else {
                let spaceStart = cursor
                while cursor < count {
                    let byte = base[cursor]
                    if byte == 0x20 || byte == 0x0A || byte == 0x09 {
                        cursor += 1
                    } else if byte == 0x0D {
                        guard cursor + 1 < count else { return nil }
                        guard base[cursor + 1] == 0x0A else {
                            giveUp("a CR not followed by LF")
                            return count
                        }
                        cursor += 2
                    } else {
                        break
                    }
                }
                guard cursor < count else { return nil }
                let byte = base[cursor]
                if byte == Byte.greaterThan {
                    cursor += 1
                    break
                }
                if byte == Byte.slash {
                    guard cursor + 1 < count else { return nil }
                    guard base[cursor + 1] == Byte.greaterThan else {
                        giveUp("a malformed start tag")
                        return count
                    }
                    cursor += 2
                    isEmpty = true
                    break
                }
                guard cursor > spaceStart, spanCount < Self.maxAttributes else {
                    giveUp("attributes without whitespace between them, or too many attributes")
                    return count
                }
                attributeStart = cursor
                if let table, let length = table.prefixMatch(expected, base, count, cursor) {
                    attributeEnd = cursor + length
                    field = Int8(expected)
                    expected += 1
                } else {
                    guard let end = name(base, count, attributeStart) else { return nil }
                    if hasGivenUp { return count }
                    attributeEnd = end
                    if let table, let index = table.index(of: base, attributeStart, end, expected: expected) {
                        field = Int8(index)
                        expected = index + 1
                    }
                }
                cursor = attributeEnd
                while cursor < count && classes[Int(base[cursor])] & ByteClass.space != 0 { cursor += 1 }
                guard cursor < count else { return nil }
                guard base[cursor] == Byte.equals else {
                    giveUp("a malformed attribute")
                    return count
                }
                cursor += 1
                while cursor < count && classes[Int(base[cursor])] & ByteClass.space != 0 { cursor += 1 }
                guard cursor < count else { return nil }
                quote = base[cursor]
                guard quote == Byte.quote || quote == Byte.apostrophe else {
                    giveUp("a malformed attribute")
                    return count
                }
                cursor += 1
            }
            let valueStart = cursor
            var flags: UInt8 = 0
            while true {
                // Sixteen bytes at a time up to the first byte that is not plain (CByteScan; a third
                // of the instructions of the eight-byte search it replaces).
                cursor += jingzhun_attribute_value_stop(base + cursor, count - cursor)
                guard cursor < count else { break }
                let byte = base[cursor]
                if byte == quote { break }
                if byte == Byte.quote || byte == Byte.apostrophe {
                    cursor += 1
                    continue
                }
                if byte >= 0x80 {
                    // A run of non-ASCII text (a name) at once; `value` checks its UTF-8.
                    flags |= 4
                    while cursor < count && base[cursor] >= 0x80 { cursor += 1 }
                    continue
                }
                if byte == Byte.ampersand {
                    flags |= 1
                } else if byte == 0x09 || byte == 0x0A || byte == 0x0D {
                    flags |= 2
                } else {
                    giveUp("`<` or a control character in an attribute value")
                    return count
                }
                cursor += 1
            }
            guard cursor < count else { return nil }
            spans[spanCount] = AttributeSpan(
                nameStart: attributeStart, nameEnd: attributeEnd, valueStart: valueStart, valueEnd: cursor,
                flags: flags, field: field)
            spanCount += 1
            cursor += 1
        }
        openElement(base, baseOffset, p, nameStart, nameEnd, element, &sink)
        if hasGivenUp { return count }
        if isEmpty { closeElement(&sink) }
        return cursor
    }

    /// The start tag at `p` is complete (its attributes in `spans`): the SAX start-element event.
    private mutating func openElement<Sink: RawRecordSink>(
        _ base: UnsafePointer<UInt8>, _ baseOffset: Int, _ p: Int, _ nameStart: Int, _ nameEnd: Int,
        _ element: RegistryElement?, _ sink: inout Sink
    ) {
        if phase == .epilog {
            giveUp("a second element after the root")
            return
        }
        // Namespace declarations: only the contract's default namespace, on the root.
        var namespaceCount = 0
        for index in 0..<spanCount {
            let span = spans[index]
            if vocabulary.isXMLNS(base, span.nameStart, span.nameEnd) {
                let isContractNamespace =
                    span.flags == 0
                    && vocabulary.isNamespace(base, span.valueStart, span.valueEnd)
                guard phase == .prolog, isContractNamespace else {
                    giveUp("a namespace declaration other than the contract's on the root")
                    return
                }
                namespaceCount += 1
            }
        }
        depth += 1
        openNames.append(contentsOf: UnsafeBufferPointer(start: base + nameStart, count: nameEnd - nameStart))
        openNameEnds.append(openNames.count)
        if depth > options.maxDepth || depth > 255 {
            giveUp("elements nested deeper than the limit")
            return
        }
        if skipDepth > 0 {
            _ = checkAttributes(base)
            return
        }
        if phase == .prolog {
            guard element == .registry, namespaceCount == 1 else {
                giveUp("a root element other than <registry> in the contract's namespace")
                return
            }
            phase = .content
            let position = startTagPosition(base, baseOffset, p)
            readRoot(base, at: position, &sink)
            frames.append(Frame(element: .registry, position: position))
            return
        }
        guard let parent = frames.last else {
            giveUp("an element outside the root")
            return
        }
        let position = startTagPosition(base, baseOffset, p)
        guard let element else {
            guard checkAttributes(base) else { return }
            warn(
                &sink, at: location(position),
                "unknown element \(describe(base, nameStart, nameEnd)) inside <\(parent.element.localName)> ignored "
                    + "with its content")
            skipDepth = depth
            return
        }
        guard parent.element.allows(element) else {
            giveUp("an element the contract's nesting does not allow")
            return
        }
        switch element {
        case .registry:
            preconditionFailure("<registry> is never an allowed child")
        case .county:
            scratch.reset(kind: .county, location: location(position))
            guard readAttributes(base, of: .county, into: .scratch, at: position, &sink) else { return }
            hasCountyCode = Self.copy(scratch.slice(.countyCode), into: &countyCode)
            sink.record(scratch)
        case .village:
            scratch.reset(kind: .village, location: location(position))
            if hasCountyCode { scratch.set(.countyCode, countyCode) }
            guard readAttributes(base, of: .village, into: .scratch, at: position, &sink) else { return }
            hasVillageCode = Self.copy(scratch.slice(.villageCode), into: &villageCode)
            sink.record(scratch)
        case .household:
            held.removeAll()
            held.beginRecord(line: position.line, column: position.column)
            if hasVillageCode { villageCode.withUnsafeBufferPointer { held.setField(.villageCode, $0, record: 0) } }
            guard readAttributes(base, of: .household, into: .held(record: 0), at: position, &sink) else { return }
            hasHouseholdID = Self.copy(held.householdValue(.householdID), into: &householdID)
            isHouseholdOpen = true
            hasIncome = false
            measures.removeAll(keepingCapacity: true)
            measureCount = 0
        case .income:
            if hasIncome {
                giveUp("a second <income>")
                return
            }
            hasIncome = true
            guard readAttributes(base, of: .income, into: .held(record: 0), at: position, &sink) else { return }
        case .measure:
            if measureCount >= options.maxMeasuresPerHousehold {
                giveUp("too many <measure>")
                return
            }
            // `<measure>` has no attributes of its own: any it has are unknown, warned about, and
            // not kept (the scratch record is not needed otherwise).
            if spanCount > 0 {
                scratch.reset(kind: .household, location: location(position))
                guard readAttributes(base, of: .measure, into: .scratch, at: position, &sink) else { return }
            }
            measureText.removeAll(keepingCapacity: true)
        case .member:
            if held.memberCount >= options.maxMembersPerHousehold {
                giveUp("too many <member>")
                return
            }
            let record = held.recordCount
            held.beginRecord(line: position.line, column: position.column)
            if hasHouseholdID {
                householdID.withUnsafeBufferPointer { held.setField(.householdID, $0, record: record) }
            }
            guard readAttributes(base, of: .member, into: .held(record: record), at: position, &sink) else {
                return
            }
        }
        frames.append(Frame(element: element, position: position))
        isInMeasure = element == .measure
    }

    /// The SAX end-element event (an end tag, or right after an empty-element tag).
    private mutating func closeElement<Sink: RawRecordSink>(_ sink: inout Sink) {
        // `removeLast`, not `removeSubrange`: the generic range replacement was 0.9 % of XML ingest.
        openNames.removeLast(openNames.count - (openNameEnds.count > 1 ? openNameEnds[openNameEnds.count - 2] : 0))
        openNameEnds.removeLast()
        defer {
            depth -= 1
            if depth == 0 { phase = .epilog }
        }
        if skipDepth > 0 {
            if depth == skipDepth { skipDepth = 0 }
            return
        }
        guard let frame = frames.popLast() else { return }
        switch frame.element {
        case .measure:
            isInMeasure = false
            if measureCount > 0 { measures.append(UInt8(ascii: ";")) }
            measures.append(contentsOf: measureText)
            measureCount += 1
        case .household:
            guard isHouseholdOpen else { return }
            isHouseholdOpen = false
            measures.withUnsafeBufferPointer { held.setField(.measures, $0, record: 0) }
            sink.household(held)
            hasHouseholdID = false
        case .village:
            hasVillageCode = false
        case .county:
            hasCountyCode = false
        case .registry, .income, .member:
            break
        }
    }

    // MARK: Attributes

    private mutating func readRoot<Sink: RawRecordSink>(
        _ base: UnsafePointer<UInt8>, at position: TagPosition, _ sink: inout Sink
    ) {
        let location = location(position)
        scratch.reset(kind: .county, location: location)
        guard readAttributes(base, of: .registry, into: .scratch, at: position, &sink) else { return }
        func text(_ field: ContractField) -> String? {
            scratch.slice(field).map { String(decoding: $0, as: UTF8.self) }
        }
        sink.root(RegistryRoot(province: text(.province), year: text(.year), revision: text(.revision)), at: location)
    }

    /// Checks the attributes of an element (no repeated name; values decode within the limit):
    /// for unknown elements, whose attributes are not read.
    private mutating func checkAttributes(_ base: UnsafePointer<UInt8>) -> Bool {
        for index in 0..<spanCount {
            let span = spans[index]
            for earlier in 0..<index where Self.sameName(base, span, spans[earlier]) {
                giveUp("a repeated attribute")
                return false
            }
            guard value(base, span) != nil else { return false }
        }
        return true
    }

    private static func sameName(_ base: UnsafePointer<UInt8>, _ a: AttributeSpan, _ b: AttributeSpan) -> Bool {
        let length = a.nameEnd - a.nameStart
        guard b.nameEnd - b.nameStart == length else { return false }
        for offset in 0..<length where base[a.nameStart + offset] != base[b.nameStart + offset] { return false }
        return true
    }

    private enum Value { case raw, decoded }

    /// Where the decoded value of an attribute is: its own bytes when nothing needs decoding
    /// (`.raw`), else `decoded`; nil (given up) when a value is outside the subset or over the limit.
    @inline(__always)
    private mutating func value(_ base: UnsafePointer<UInt8>, _ span: AttributeSpan) -> Value? {
        if span.flags == 0 || span.flags == 4 {
            if span.valueEnd - span.valueStart > options.maxAttributeBytes {
                giveUp("an attribute value over the limit")
                return nil
            }
            if span.flags == 4 {
                var index = span.valueStart
                while index < span.valueEnd {
                    if base[index] < 0x80 {
                        index += 1
                        continue
                    }
                    let length = UTF8Check.sequenceLength(base, span.valueEnd, index)
                    guard length > 0 else {
                        giveUp("bytes that are not UTF-8 or not XML characters")
                        return nil
                    }
                    index += length
                }
            }
            return .raw
        }
        guard decodeAttribute(base, span.valueStart, span.valueEnd) else { return nil }
        if decoded.count > options.maxAttributeBytes {
            giveUp("an attribute value over the limit")
            return nil
        }
        return .decoded
    }

    /// Attribute value normalisation without a DTD (XML 1.0 §3.3.3): references decoded, each
    /// TAB, LF and CRLF one space; into `decoded`. False (given up) outside the subset.
    private mutating func decodeAttribute(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        decoded.removeAll(keepingCapacity: true)
        var index = start
        while index < end {
            let byte = base[index]
            if byte < 0x80 {
                switch byte {
                case Byte.ampersand:
                    guard let next = reference(base, index, end) else { return false }
                    index = next
                    continue
                case 0x09, 0x0A:
                    decoded.append(0x20)
                case 0x0D:
                    guard index + 1 < end, base[index + 1] == 0x0A else {
                        giveUp("a CR not followed by LF")
                        return false
                    }
                    decoded.append(0x20)
                    index += 1
                default:
                    decoded.append(byte)
                }
                index += 1
                continue
            }
            let length = UTF8Check.sequenceLength(base, end, index)
            guard length > 0 else {
                giveUp("bytes that are not UTF-8 or not XML characters")
                return false
            }
            decoded.append(contentsOf: UnsafeBufferPointer(start: base + index, count: length))
            index += length
        }
        return true
    }

    /// Appends the known attributes of `element` as fields and warns about unknown ones, as
    /// `XMLRegistryScanner.readAttributes` does; false when it gave up.
    private mutating func readAttributes<Sink: RawRecordSink>(
        _ base: UnsafePointer<UInt8>, of element: RegistryElement, into target: Target,
        at position: TagPosition, _ sink: inout Sink
    ) -> Bool {
        let table = vocabulary.tables[element.rawValue]
        var seen: UInt64 = 0
        var hasUnknown = false
        // A held record's values stay in its tag's bytes, copied once from the first value to the
        // last (in document order), instead of one by one: `base[i]` is then held byte
        // `heldShift + i`.
        var heldShift = 0
        if case .held = target, spanCount > 0 {
            let first = spans[0].valueStart
            let tag = UnsafeBufferPointer(start: base + first, count: spans[spanCount - 1].valueEnd - first)
            heldShift = held.append(tag) - first
        }
        // Values of a held record that need no decoding are given to it together after the loop,
        // in one access to its spans (one by one, each paid a uniqueness and a bounds check:
        // ≈ 2 % of XML ingest). Each field comes at most once per tag (`seen`), so setting them
        // after the decoded ones, which are appended as they come, keeps the same values.
        var inPlaceCount = 0
        let maxAttributeBytes = options.maxAttributeBytes
        for index in 0..<spanCount {
            let span = spans[index]
            // Matched to the vocabulary while the tag was read (`startTag`).
            if span.field >= 0 {
                let fieldIndex = Int(span.field)
                let bit: UInt64 = 1 << UInt64(fieldIndex)
                guard seen & bit == 0 else {
                    giveUp("a repeated attribute")
                    return false
                }
                seen |= bit
                if case .held = target, span.flags == 0, span.valueEnd - span.valueStart <= maxAttributeBytes {
                    inPlaceValues[inPlaceCount] = index
                    inPlaceCount += 1
                    continue
                }
                switch (value(base, span), target) {
                case (.raw, .scratch):
                    scratch.set(
                        table.fields[fieldIndex],
                        UnsafeBufferPointer(start: base + span.valueStart, count: span.valueEnd - span.valueStart))
                case (.raw, .held(let record)):
                    held.setField(
                        table.fields[fieldIndex], start: heldShift + span.valueStart, end: heldShift + span.valueEnd,
                        record: record)
                case (.decoded, .scratch):
                    decoded.withUnsafeBufferPointer { scratch.set(table.fields[fieldIndex], $0) }
                case (.decoded, .held(let record)):
                    decoded.withUnsafeBufferPointer { held.setField(table.fields[fieldIndex], $0, record: record) }
                case (nil, _):
                    return false
                }
                continue
            }
            if vocabulary.isXMLNS(base, span.nameStart, span.nameEnd) { continue }  // checked by openElement
            if hasUnknown {
                for earlier in 0..<index where Self.sameName(base, span, spans[earlier]) {
                    giveUp("a repeated attribute")
                    return false
                }
            }
            hasUnknown = true
            guard value(base, span) != nil else { return false }
            warn(
                &sink, at: location(position),
                "unknown attribute \(describeAttribute(base, span.nameStart, span.nameEnd)) on <\(element.localName)> "
                    + "ignored")
        }
        if case .held(let record) = target, inPlaceCount > 0 {
            // Pointers read out of `self` first: the closure runs while `held` is being changed.
            let spans = spans
            let inPlaceValues = inPlaceValues
            held.setFields(record: record, count: inPlaceCount) { index in
                let span = spans[inPlaceValues[index]]
                return (table.fields[Int(span.field)], heldShift + span.valueStart, heldShift + span.valueEnd)
            }
        }
        return true
    }

    /// The record an element's attributes go to: the scratch record (the root, a county, a
    /// village, a `<measure>`'s attributes) or a record of the held household.
    private enum Target {
        case scratch
        case held(record: Int)
    }

    private static func copy(_ value: ArraySlice<UInt8>?, into buffer: inout [UInt8]) -> Bool {
        buffer.removeAll(keepingCapacity: true)
        guard let value else { return false }
        buffer.append(contentsOf: value)
        return true
    }

    // MARK: Locations

    /// Where a start tag's `<` is: a `SourceLocation` without the file name, so that noting it
    /// for every element (and keeping it in its frame) retains nothing; the location is made only
    /// for a warning or a record outside the held household (a retain and a release of the file
    /// name per element were 1-2 % of XML ingest, issue 20).
    private struct TagPosition {
        var line: Int
        var column: Int
    }

    private func location(_ position: TagPosition) -> SourceLocation {
        SourceLocation(file: file, line: position.line, column: position.column)
    }

    /// Line and column of the `<` at `p`: 1 + LF bytes before it; 1 + characters since the last LF.
    private mutating func startTagPosition(_ base: UnsafePointer<UInt8>, _ baseOffset: Int, _ p: Int) -> TagPosition {
        track(to: baseOffset + p, base, baseOffset)
        return TagPosition(line: line, column: (baseOffset + p - lineStart) - continuationBytes + 1)
    }

    /// Counts lines and continuation bytes from `trackedOffset` up to `target` (document offsets;
    /// the bytes from `trackedOffset` on are in `base`, whose first byte is at `baseOffset`).
    ///
    /// Line ends are found sixteen bytes at a time (CByteScan); continuation bytes matter only on
    /// the line of the target (the column), so they are counted only after the last line end
    /// found. Every byte of the document passes through here once (issue 20: 3.3 % of XML ingest
    /// with eight-byte words).
    private mutating func track(to target: Int, _ base: UnsafePointer<UInt8>, _ baseOffset: Int) {
        guard target > trackedOffset else { return }
        let start = trackedOffset - baseOffset
        let end = target - baseOffset
        /// Index in `base + start` of the last line end, when there is one.
        var lastLineEnd = 0
        let lineEnds = jingzhun_line_ends(base + start, end - start, &lastLineEnd)
        if lineEnds > 0 {
            let lineFirst = start + lastLineEnd + 1
            line += lineEnds
            lineStart = baseOffset + lineFirst
            continuationBytes = jingzhun_continuation_bytes(base + lineFirst, end - lineFirst)
        } else {
            continuationBytes += jingzhun_continuation_bytes(base + start, end - start)
        }
        trackedOffset = target
    }

    // MARK: Reporting

    private mutating func warn<Sink: RawRecordSink>(_ sink: inout Sink, at location: SourceLocation, _ message: String)
    {
        guard warningCount < options.maxWarnings else {
            suppressedWarningCount += 1
            return
        }
        warningCount += 1
        sink.warning(Diagnostic(rule: .unknownXMLNode, location: location, message: message))
    }

    /// As `XMLRegistryScanner.describe`: every element here is in the contract's namespace.
    private func describe(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> String {
        "'\(Self.shortName(base, start, end))' (namespace '\(RegistryElement.namespace)')"
    }

    /// Unprefixed attributes are in no namespace.
    private func describeAttribute(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> String {
        "'\(Self.shortName(base, start, end))' (no namespace)"
    }

    private static func shortName(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> String {
        let full = String(decoding: UnsafeBufferPointer(start: base + start, count: end - start), as: UTF8.self)
        guard full.count > 64 else { return full }
        return String(full.prefix(64)) + "…"
    }
}

/// Bytes the scanner looks for.
private enum Byte {
    static let lessThan = UInt8(ascii: "<")
    static let greaterThan = UInt8(ascii: ">")
    static let slash = UInt8(ascii: "/")
    static let exclamation = UInt8(ascii: "!")
    static let question = UInt8(ascii: "?")
    static let hyphen = UInt8(ascii: "-")
    static let equals = UInt8(ascii: "=")
    static let quote = UInt8(ascii: "\"")
    static let apostrophe = UInt8(ascii: "'")
    static let ampersand = UInt8(ascii: "&")
    static let semicolon = UInt8(ascii: ";")
    static let hash = UInt8(ascii: "#")
    static let colon = UInt8(ascii: ":")
    static let rightBracket = UInt8(ascii: "]")

    /// XML whitespace (a CR is checked separately where it may occur).
    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D }

    @inline(__always)
    static func isNameStart(_ byte: UInt8) -> Bool { (byte | 0x20) &- 0x61 < 26 || byte == 0x5F }

    @inline(__always)
    static func isNameCharacter(_ byte: UInt8) -> Bool {
        (byte | 0x20) &- 0x61 < 26 || byte &- 0x30 < 10 || byte == 0x5F || byte == 0x2D || byte == 0x2E
    }
}

/// Strict UTF-8 of XML characters (XML 1.0 `Char`).
enum UTF8Check {
    /// Length of the UTF-8 sequence of one XML character at `index` (a byte ≥ 0x80); 0 when the
    /// buffer ends inside it, -1 when it is not UTF-8 (overlong, surrogate, beyond U+10FFFF) or
    /// not an XML character (U+FFFE, U+FFFF).
    @inline(__always)
    static func sequenceLength(_ base: UnsafePointer<UInt8>, _ count: Int, _ index: Int) -> Int {
        let lead = base[index]
        let length: Int
        var scalar: UInt32
        switch lead {
        case 0xC2...0xDF:
            length = 2
            scalar = UInt32(lead & 0x1F)
        case 0xE0...0xEF:
            length = 3
            scalar = UInt32(lead & 0x0F)
        case 0xF0...0xF4:
            length = 4
            scalar = UInt32(lead & 0x07)
        default:
            return -1
        }
        guard index + length <= count else {
            // Whatever bytes are there must already be continuation bytes.
            for offset in 1..<(count - index) where base[index + offset] & 0xC0 != 0x80 { return -1 }
            return 0
        }
        for offset in 1..<length {
            let byte = base[index + offset]
            guard byte & 0xC0 == 0x80 else { return -1 }
            scalar = scalar << 6 | UInt32(byte & 0x3F)
        }
        switch length {
        case 3 where scalar < 0x800: return -1
        case 4 where scalar < 0x10000 || scalar > 0x10FFFF: return -1
        default: break
        }
        return isXMLCharacter(scalar) ? length : -1
    }

    /// XML 1.0 `Char`: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
    static func isXMLCharacter(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x09, 0x0A, 0x0D, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    static func append(_ scalar: UInt32, to bytes: inout [UInt8]) {
        switch scalar {
        case ..<0x80:
            bytes.append(UInt8(scalar))
        case ..<0x800:
            bytes.append(UInt8(0xC0 | scalar >> 6))
            bytes.append(UInt8(0x80 | scalar & 0x3F))
        case ..<0x10000:
            bytes.append(UInt8(0xE0 | scalar >> 12))
            bytes.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            bytes.append(UInt8(0x80 | scalar & 0x3F))
        default:
            bytes.append(UInt8(0xF0 | scalar >> 18))
            bytes.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            bytes.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            bytes.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
