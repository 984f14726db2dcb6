import JingzhunIO

// The Delta log's JSON is the package's one codec (JingzhunIO's `JSONValue`): objects keep their
// members in the order given, so commits are deterministic byte for byte.
typealias JSON = JSONValue
typealias JSONParseError = JingzhunIO.JSONParseError
