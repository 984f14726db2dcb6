internal import JingzhunCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Which reader ingest uses for XML submissions (issue 20, item 2).
public enum XMLReaderChoice: String, Sendable {
    /// `XMLRegistryFastReader`, the hand-written scanner; a document it gives up on is read again
    /// from its start with libxml2 (the default).
    case scanner
    /// `XMLRegistryReader` (libxml2's SAX2 push parser) only: the reference the scanner is
    /// checked against.
    case libxml2

    /// From the environment variable `JINGZHUN_XML_READER` (`libxml2` or `scanner`); `scanner`
    /// when it is unset or names neither.
    public static var fromEnvironment: XMLReaderChoice {
        guard let value = getenv("JINGZHUN_XML_READER") else { return .scanner }
        return XMLReaderChoice(rawValue: String(cString: value)) ?? .scanner
    }
}

extension Ingestor {
    /// Ingests an XML submission with the scanner; nil when the libxml2 path must decide instead.
    ///
    /// The scanner's result is kept only when it read the whole document without giving up and
    /// nothing rejected the submission whole while reading (root contradicting the file name,
    /// gzip, IO, or a file changed since discovery). Otherwise the batch is dropped with its
    /// validator and the caller ingests the submission again from the start with libxml2, so every
    /// rejected or unusual document gets exactly the findings and messages it gets from libxml2.
    /// A submission rejected only at the end for too many rejected households (F014) keeps the
    /// scanner's batch: its counts are the same records'.
    static func ingestXMLWithScanner(
        _ discovered: DiscoveredSubmission, file: DiscoveredFile, options: IngestOptions
    ) -> SubmissionBatch? {
        var validator = makeValidator(discovered, options: options)
        let reader = XMLRegistryFastReader(file: file.name, options: options.xml)
        read(file, inbox: discovered.inbox, gzip: discovered.format == .xmlGzip, options: options, into: &validator) {
            bytes, sink in
            reader.consume(bytes, into: &sink)
            return !reader.hasGivenUp
        } finish: { sink in
            reader.finish(into: &sink)
        }
        guard !reader.hasGivenUp, !validator.isRejected else { return nil }
        return validator.finish()
    }
}
