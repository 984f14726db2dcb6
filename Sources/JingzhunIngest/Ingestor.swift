public import JingzhunCore
public import JingzhunIO

/// Settings of the ingest stage (from the pipeline file).
public struct IngestOptions: Sendable {
    /// submissions.md `max_rejected_household_pct`: more than this rejects the submission (F014).
    public var maxRejectedHouseholdPct: Double
    /// Expansion bound per gzip file (runs-and-store.md: gzip bomb → F006).
    public var maxInflatedBytes: Int64
    /// Files are read in chunks of this size; never whole.
    public var readChunkBytes: Int
    /// Longest CSV record accepted (R005 beyond).
    public var maxCSVRecordBytes: Int
    /// Keyed pseudonyms of identity numbers.
    public var pseudonymizer: Pseudonymizer
    /// Streaming XML limits (pipeline settings `xml_max_depth`, `xml_max_attribute_bytes`).
    public var xml: XMLRegistryReader.Options = .default
    /// Where the inbox's files are read from (and ingest's scratch rows written).
    public var fileSystem: any FileSystem = POSIXFileSystem()
    /// Where households and members are spilled while a submission is validated, and where an
    /// accepted batch's rows stay until stored (`<output>/tmp/ingest`; issue 20). Nil keeps them
    /// in memory (tests, `jingzhun check`).
    public var scratchFolder: String?
    /// The XML reader: the scanner with libxml2 as its fallback, or libxml2 alone (Ingestor+XMLScanner.swift).
    public var xmlReader: XMLReaderChoice = .fromEnvironment

    public init(
        pseudonymizer: Pseudonymizer, maxRejectedHouseholdPct: Double = 5, maxInflatedBytes: Int64 = 16 << 30,
        readChunkBytes: Int = 1 << 20, maxCSVRecordBytes: Int = 1 << 20
    ) {
        self.pseudonymizer = pseudonymizer
        self.maxRejectedHouseholdPct = maxRejectedHouseholdPct
        self.maxInflatedBytes = maxInflatedBytes
        self.readChunkBytes = readChunkBytes
        self.maxCSVRecordBytes = maxCSVRecordBytes
    }
}

/// Reads and validates one discovered submission into a `SubmissionBatch` (stage 1, ingest).
///
/// CSV: for each of counties, villages, households, members (in that order, so parents are
/// known before children): file chunks → `GzipInflater` → `CSVScanner`/`CSVRecordReader` →
/// `SubmissionValidator`. XML: chunks → (inflater) → the XML scanner → the same validator; a
/// document the scanner gives up on, or a submission rejected whole while it is read, is read
/// again from the start with libxml2's reader and a new validator (Ingestor+XMLScanner.swift).
/// What was validated must be what discovery hashed: a file changed in between is an incomplete
/// upload (F003). When discovery kept the file's stamp (`DiscoveredFile.stamp`: old enough that
/// any write changes it), the file is hashed once: ingest checks that the stamp is unchanged
/// after reading it. Otherwise its SHA-256 is computed again while reading and compared.
/// Any whole-submission problem stops reading; the batch then has outcome `.rejected` or
/// `.incomplete`, its `reason`, and empty columns.
///
/// - Complexity: O(bytes); memory: one read chunk, the inflater's buffers, one CSV record, and
///   the validator's compact per-household state.
public enum Ingestor {
    public static func ingest(_ discovered: DiscoveredSubmission, options: IngestOptions) -> SubmissionBatch {
        if discovered.problem == nil, discovered.format != .csvGzip, options.xmlReader == .scanner,
            let file = discovered.files.first,
            let batch = ingestXMLWithScanner(discovered, file: file, options: options)
        {
            return batch
        }
        var validator = makeValidator(discovered, options: options)
        if let problem = discovered.problem {
            validator.problem(problem)
            return validator.finish()
        }
        switch discovered.format {
        case .csvGzip:
            for (kind, suffix) in RecordSchema.csvFiles where !validator.isRejected {
                let name = discovered.key.id + suffix
                guard let file = discovered.files.first(where: { $0.name == name }) else {
                    validator.problem(
                        Rejection(
                            rule: .csvFileMissing, location: SourceLocation(file: name), message: "\(name) is missing"))
                    break
                }
                let reader = CSVRecordReader(file: name, kind: kind, maxRecordBytes: options.maxCSVRecordBytes)
                read(file, inbox: discovered.inbox, gzip: true, options: options, into: &validator) { bytes, sink in
                    reader.consume(bytes, into: &sink)
                    return !reader.isRejected
                } finish: { sink in
                    reader.finish(into: &sink)
                }
            }
        case .xml, .xmlGzip:
            guard let file = discovered.files.first else { break }
            guard let reader = makeXMLReader(file: file.name, options: options.xml) else {
                validator.problem(
                    Rejection(
                        rule: .unreadable, location: SourceLocation(file: file.name),
                        message: "\(file.name): the XML reader is not available in this build"))
                break
            }
            read(file, inbox: discovered.inbox, gzip: discovered.format == .xmlGzip, options: options, into: &validator)
            {
                bytes, sink in
                reader.consume(bytes, into: &sink)
                return !reader.isRejected
            } finish: { sink in
                reader.finish(into: &sink)
            }
        }
        return validator.finish()
    }

    /// The validator of one submission (the same for CSV and for both XML readers).
    static func makeValidator(_ discovered: DiscoveredSubmission, options: IngestOptions) -> SubmissionValidator {
        var validatorOptions = SubmissionValidator.Options(
            maxRejectedHouseholdPct: options.maxRejectedHouseholdPct, pseudonymizer: options.pseudonymizer,
            scratchFolder: options.scratchFolder)
        validatorOptions.fileSystem = options.fileSystem
        return SubmissionValidator(
            key: discovered.key, format: discovered.format, files: discovered.fileNames,
            contentHash: discovered.contentHash, options: validatorOptions)
    }

    /// Streams one file through the (optional) inflater into `feed`, checking its hash; reports
    /// IO, gzip and hash problems to the validator as whole-submission rejections.
    static func read(
        _ file: DiscoveredFile, inbox: String, gzip: Bool, options: IngestOptions,
        into validator: inout SubmissionValidator,
        feed: (UnsafeRawBufferPointer, inout SubmissionValidator) -> Bool,
        finish: (inout SubmissionValidator) -> Void
    ) {
        let location = SourceLocation(file: file.name)
        let inflater = gzip ? GzipInflater(maxInflatedBytes: options.maxInflatedBytes) : nil
        // Hashed again only when discovery's stamp cannot vouch for its digest.
        var hasher: SHA256Hasher? = file.stamp == nil ? SHA256Hasher() : nil
        var gzipError: GzipError?
        var bytesRead: Int64 = 0
        // Once the reader or validator rejects, records are no longer fed, but a gzip file is
        // still inflated to its end: garbage from a corrupt or truncated stream often looks like
        // a record-level problem first, and the gzip problem is the true (and, for truncation,
        // retryable) cause, so it takes precedence.
        var isFeeding = true
        do {
            bytesRead = try InboxFile.read(
                inbox: inbox, name: file.name, chunkBytes: options.readChunkBytes, fileSystem: options.fileSystem
            ) { chunk in
                hasher?.update(chunk)
                if let inflater {
                    do throws(GzipError) {
                        try inflater.consume(chunk) { inflated in
                            if isFeeding { isFeeding = feed(inflated, &validator) && !validator.isRejected }
                        }
                    } catch {
                        gzipError = error
                        return false
                    }
                    return true
                }
                if isFeeding { isFeeding = feed(chunk, &validator) && !validator.isRejected }
                return isFeeding
            }
        } catch {
            validator.problem(
                Rejection(
                    rule: error == .symlink ? .pathOutsideInbox : .unreadable, location: location,
                    message: "\(file.name): \(error.message)"),
                overriding: true)
            return
        }
        if gzipError == nil, let inflater {
            do throws(GzipError) { try inflater.finish() } catch { gzipError = error }
        }
        if let gzipError {
            validator.problem(
                Rejection(
                    rule: gzipError.rule, location: location,
                    message: "\(file.name): \(gzipError.message) (at compressed byte \(gzipError.compressedOffset))"),
                overriding: true)
            return
        }
        if isFeeding && !isUnchanged(file, inbox: inbox, bytesRead: bytesRead, hasher: hasher, options: options) {
            validator.problem(
                Rejection(
                    rule: .checksumMismatch, location: location,
                    message: "\(file.name) changed since it was discovered: upload in progress?"),
                overriding: true)
            return
        }
        // Also after a rejection: the reader reports what only the end can tell (it ignores the rest).
        finish(&validator)
    }

    /// Whether the bytes just read are those discovery hashed: by their digest when they were
    /// hashed again (`hasher`), else by the file's stamp, unchanged since discovery listed it,
    /// and the count of bytes read.
    private static func isUnchanged(
        _ file: DiscoveredFile, inbox: String, bytesRead: Int64, hasher: SHA256Hasher?, options: IngestOptions
    ) -> Bool {
        if let hasher { return hasher.finalizeHex() == file.sha256 }
        guard let stamp = file.stamp, bytesRead == stamp.size else { return false }
        return InboxFile.stamp(inbox: inbox, name: file.name, fileSystem: options.fileSystem) == stamp
    }
}
