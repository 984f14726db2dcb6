internal import JingzhunCore

/// Reads an XML submission (`*.registry.xml`) into raw records, fed with bytes as they arrive.
///
/// Implements submissions.md §Value syntax (XML) and the XML cases of runs-and-store.md
/// §Hostile and broken input. The caller pushes the (already inflated) document in chunks of
/// any size, then calls `finish(into:)`; records, warnings and at most one rejecting problem
/// reach the sink in document order, identical whatever the chunk boundaries:
///
/// ```swift
/// let reader = XMLRegistryReader(file: "44-2020-r1.registry.xml")
/// var sink = MySink()
/// while let chunk = inflater.next(), !reader.isRejected {
///     chunk.withUnsafeBytes { reader.consume($0, into: &sink) }
/// }
/// reader.finish(into: &sink)
/// ```
///
/// **Parser.** libxml2's SAX2 push parser (`xmlCreatePushParserCtxt` + `xmlParseChunk`), not
/// `xmlTextReader`: the text reader can only pull through an IO callback (a callback returning
/// 0 means end of input, so it cannot wait for the next pushed chunk), its element line numbers
/// stop at 65535, and its parser position runs ahead of the node by up to a chunk. The push
/// parser takes the chunks as they come, builds no tree, gives exact lines on documents of
/// millions of lines, and hands over attribute values without a node per element.
///
/// **Records.** Field names are the contract's CSV column names (see `RawRecord`). Fields
/// appear in document order: the parent's code first (`county_code` on a village,
/// `village_code` on a household, `household_id` on a member; absent when the parent has
/// none), then the attributes as written. Values are the attribute bytes as UTF-8 after XML
/// decoding (character and predefined entity references resolved, attribute whitespace
/// normalised as XML prescribes) and are not trimmed. A county or village record is emitted at
/// its start tag. A household is buffered with its members and emitted at `</household>`,
/// household first: its `<income>` attributes become `income_wage` … `operating_cost`, and its
/// `<measure>` texts, kept raw (not trimmed), are joined by `;` into `measures`, which is
/// always present (empty with no `<measure>`). The order of `<income>`, `<measure>` and
/// `<member>` inside a household therefore does not matter. Each record's location is the
/// line and column of the `<` of its start tag.
///
/// **Rejections** (one per document; reading stops there; records already emitted are still
/// the caller's to discard, as every `F` rule rejects the whole submission):
/// - F007 `xmlNotWellFormed`: anything libxml2 finds not well-formed (also namespace errors
///   such as an undeclared prefix, undeclared entities, NUL and other characters XML forbids),
///   with libxml2's line and column; an empty document.
/// - F015 `invalidEncoding`: bytes that do not decode in the document's encoding (malformed
///   UTF-8, bytes invalid in a declared encoding such as GB18030), or an unknown encoding.
/// - F008 `xmlDoctype`: a DOCTYPE (with or without internal subset, `SYSTEM`/`PUBLIC` or not)
///   or an entity declaration. The parser stops as the DOCTYPE is read: no entity is ever
///   declared or expanded, no external subset or entity is loaded (billion laughs, XXE).
/// - F009 `xmlLimit`: nesting deeper than `Options.maxDepth`, an attribute value longer than
///   `Options.maxAttributeBytes`, a `<measure>` text longer than `Options.maxMeasureTextBytes`.
///   libxml2's own limits (10 MB per text or lookahead, names of 50,000 bytes, depth 256) stay
///   in force as F007.
/// - F010 `xmlRoot`: the root is not `<registry>` in namespace `urn:jingzhun:registry:1`, or a
///   registry element stands where the contract's nesting does not allow it (a `<member>`
///   outside a household, a `<county>` in a `<village>`, …), or a household has two `<income>`.
///
/// **Warnings** (W002 `unknownXMLNode`, at the start tag's location): an element whose local
/// name or namespace is not the contract's (it is skipped with its whole subtree), an
/// attribute that is not the contract's (including any prefixed attribute), non-whitespace
/// text where the contract has none. At most `Options.maxWarnings` are listed; one last
/// warning at `finish` counts the rest.
///
/// - Complexity: O(n) in input bytes. Memory is bounded by libxml2's input window and one
///   household with its members; the caller's chunk may be reused as soon as `consume` returns.
/// - Note: Not thread-safe; use one reader per document and one thread at a time.
public final class XMLRegistryReader {
    /// Limits that protect the reader from hostile documents (rule F009 `xmlLimit`).
    public struct Options: Sendable, Hashable {
        /// Deepest element nesting allowed; the contract needs 5 (`registry` … `member`).
        public var maxDepth: Int
        /// Longest attribute value allowed, in UTF-8 bytes after decoding.
        public var maxAttributeBytes: Int
        /// Longest text of one `<measure>` allowed, in UTF-8 bytes.
        public var maxMeasureTextBytes: Int
        /// How many W002 warnings are listed one by one before they are only counted.
        public var maxWarnings: Int
        /// Most `<measure>` elements in one household. The contract has 10 measure codes (a
        /// repeated one is a record error); the bound keeps a hostile household from growing
        /// without limit (8.4 million measures trapped at 2 GiB: found by fuzzing).
        public var maxMeasuresPerHousehold: Int
        /// Most `<member>` elements in one household: the open household's members are held until
        /// `</household>`, so this bounds the reader's memory.
        public var maxMembersPerHousehold: Int

        public init(
            maxDepth: Int = 16, maxAttributeBytes: Int = 4096, maxMeasureTextBytes: Int = 256, maxWarnings: Int = 1000,
            maxMeasuresPerHousehold: Int = 100, maxMembersPerHousehold: Int = 10_000
        ) {
            self.maxMembersPerHousehold = maxMembersPerHousehold
            self.maxDepth = maxDepth
            self.maxAttributeBytes = maxAttributeBytes
            self.maxMeasureTextBytes = maxMeasureTextBytes
            self.maxWarnings = maxWarnings
            self.maxMeasuresPerHousehold = maxMeasuresPerHousehold
        }

        public static let `default` = Options()
    }

    /// Inbox-relative file name used in every `SourceLocation`.
    public let file: String
    public let options: Options
    private let scanner: XMLRegistryScanner

    /// Largest slice handed to libxml2 at once. libxml2 refuses more than 10 MB of unparsed
    /// lookahead without `XML_PARSE_HUGE`, so a caller's large chunk is parsed in slices, and
    /// parsing stops within one slice of a rejection.
    static let sliceBytes = 64 * 1024

    /// Creates a reader for one document.
    /// - Parameters:
    ///   - file: the submission's file name, for locations.
    ///   - options: limits; `.default` unless a pipeline setting says otherwise.
    public init(file: String, options: Options = .default) {
        self.file = file
        self.options = options
        self.scanner = XMLRegistryScanner(file: file, options: options)
    }

    /// True once the document has been rejected; further bytes are ignored, so the caller may
    /// stop reading (and inflating) the file.
    public var isRejected: Bool { scanner.isStopped }

    /// Parses the next bytes of the document and reports what they complete.
    ///
    /// - Parameters:
    ///   - bytes: the next bytes, split anywhere (even inside a character); copied by libxml2.
    ///   - sink: receives the root, records, warnings and problems completed by these bytes.
    /// - Precondition: `finish(into:)` has not been called.
    public func consume(_ bytes: UnsafeRawBufferPointer, into sink: inout some RawRecordSink) {
        delivering(to: &sink) {
            var offset = 0
            while offset < bytes.count && !scanner.isStopped {
                let count = min(Self.sliceBytes, bytes.count - offset)
                scanner.parse(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)]))
                offset += count
            }
        }
    }

    /// Ends the document: reports what only the end can tell (an unclosed element, a missing
    /// root) and the count of warnings not listed.
    /// - Precondition: called once.
    public func finish(into sink: inout some RawRecordSink) {
        delivering(to: &sink) { scanner.finish() }
    }

    /// Runs `body` with the scanner handing each event to `sink` as libxml2 produces it, in
    /// document order. The scanner reuses its records, so nothing is queued or copied; the
    /// delivery ends with `body` (the sink is borrowed only for its duration).
    private func delivering<Sink: RawRecordSink>(to sink: inout Sink, _ body: () -> Void) {
        withoutActuallyEscaping({ (event: XMLRegistryScanner.Event) in
            switch event {
            case .root(let root, let location): sink.root(root, at: location)
            case .record(let record): sink.record(record)
            case .warning(let diagnostic): sink.warning(diagnostic)
            case .problem(let rejection): sink.problem(rejection)
            }
        }) { deliver in
            scanner.deliver = deliver
            defer { scanner.deliver = nil }
            body()
        }
    }
}
