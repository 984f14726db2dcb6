// The XML reader (libxml2 SAX2 push parser, XML/XMLRegistryReader.swift) plugged into ingest.
extension XMLRegistryReader: RegistryDocumentReader {}

extension Ingestor {
    static func makeXMLReader(file: String, options: XMLRegistryReader.Options) -> (any RegistryDocumentReader)? {
        XMLRegistryReader(file: file, options: options)
    }
}
