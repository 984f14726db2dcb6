/// A push reader of one XML submission document, as the ingestor drives it.
///
/// `XMLRegistryReader` (XML/XMLRegistryReader.swift, built on its own branch) has exactly these
/// members; `makeXMLReader(file:options:)` in Ingestor+XML.swift is the one place that names it.
public protocol RegistryDocumentReader: AnyObject {
    /// True once the document is rejected: the caller may stop reading.
    var isRejected: Bool { get }
    func consume(_ bytes: UnsafeRawBufferPointer, into sink: inout some RawRecordSink)
    func finish(into sink: inout some RawRecordSink)
}
