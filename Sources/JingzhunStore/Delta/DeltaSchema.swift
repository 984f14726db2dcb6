import JingzhunIO

// Spark's JSON struct schema as Delta stores it in `metaData.schemaString`
// (PROTOCOL.md §Schema Serialization Format), for the flat primitive schemas of this store.

/// A primitive Delta/Spark type, named as in the schema JSON.
enum DeltaPrimitiveType: String, Sendable, Hashable {
    case string, integer, long, double, boolean, date
}

/// One top-level column of a Delta table.
struct DeltaField: Sendable, Hashable {
    var name: String
    var type: DeltaPrimitiveType
    var isNullable: Bool
}

enum DeltaSchema {
    /// `{"type":"struct","fields":[{"name":…,"type":…,"nullable":…,"metadata":{}}…]}`.
    static func schemaString(_ fields: [DeltaField]) -> String {
        JSON.object([
            ("type", .string("struct")),
            (
                "fields",
                .array(
                    fields.map { field in
                        .object([
                            ("name", .string(field.name)),
                            ("type", .string(field.type.rawValue)),
                            ("nullable", .bool(field.isNullable)),
                            ("metadata", .object([])),
                        ])
                    })
            ),
        ]).text
    }
}
