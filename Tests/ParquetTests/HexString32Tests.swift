import Testing

@testable import Parquet

/// `ParquetValues.hex32` (issue 20: a pseudonym per member without a `String` each) must write
/// exactly the bytes of `.string` of the same 64 digits, and read back either way.
@Suite struct HexString32Tests {
    static func values(count: Int, distinct: Int, seed: UInt64) -> [HexString32] {
        var generator = SeededGenerator(seed: seed)
        let pool = (0..<distinct).map { _ in
            HexString32(w0: generator.next(), w1: generator.next(), w2: generator.next(), w3: generator.next())
        }
        // Edge words: all zeros and all ones (digits "000…" and "fff…") take part in min and max.
        let edges = [
            HexString32(w0: 0, w1: 0, w2: 0, w3: 0), HexString32(w0: .max, w1: .max, w2: .max, w3: .max),
        ]
        return (0..<count).map { i in i < 2 ? edges[i] : pool[Int(generator.next() % UInt64(distinct))] }
    }

    static func schema(optional: Bool, dictionary: Bool) -> ParquetSchema {
        ParquetSchema(columns: [
            ParquetColumnSpec(
                name: "member_key", physicalType: .byteArray, logicalType: .string, isOptional: optional,
                useDictionary: dictionary)
        ])
    }

    @Test(arguments: [(5000, 37, false), (5000, 5000, true), (3, 3, true), (20000, 20000, false)])
    func sameBytesAsTheDigitsAsStrings(count: Int, distinct: Int, optional: Bool) throws {
        let hex = Self.values(count: count, distinct: distinct, seed: UInt64(count * 31 + distinct))
        let validity: [Bool]? = optional ? (0..<count).map { $0 % 7 != 3 } : nil
        for dictionary in [false, true] {
            var options = ParquetWriterOptions()
            options.rowGroupSize = 1500
            let schema = Self.schema(optional: optional, dictionary: dictionary)
            let fromHex = try writeParquet(
                schema: schema, columns: [ParquetColumn(values: .hex32(hex), validity: validity)], options: options)
            let fromStrings = try writeParquet(
                schema: schema, columns: [ParquetColumn(values: .string(hex.map(\.digits)), validity: validity)],
                options: options)
            #expect(fromHex == fromStrings, "dictionary \(dictionary)")
            let reader = try ParquetFileReader(bytes: fromHex)
            let asHex = try reader.column(named: "member_key", form: .hex32)
            let asStrings = try reader.column(named: "member_key")
            let present = (0..<count).filter { validity?[$0] ?? true }
            guard case .hex32(let readHex) = asHex.values, case .string(let readStrings) = asStrings.values else {
                Issue.record("unexpected value kinds \(asHex.values.kindName), \(asStrings.values.kindName)")
                return
            }
            #expect(present.map { readHex[$0] } == present.map { hex[$0] })
            #expect(present.map { readStrings[$0] } == present.map { hex[$0].digits })
            #expect(asHex.validity == asStrings.validity)
            // Row group by row group, as the store reads.
            var joined: [HexString32] = []
            for group in 0..<reader.rowGroupCount {
                guard
                    case .hex32(let part) = try reader.column(named: "member_key", rowGroup: group, form: .hex32).values
                else { continue }
                joined += part
            }
            #expect(joined == readHex)
        }
    }

    @Test func digitsAreLowercaseBigEndian() {
        let value = HexString32(w0: 0x0123_4567_89ab_cdef, w1: 0, w2: .max, w3: 0x10)
        #expect(
            value.digits
                == "0123456789abcdef" + String(repeating: "0", count: 16) + String(repeating: "f", count: 16)
                + "0000000000000010")
        #expect(value.digits.utf8.withContiguousStorageIfAvailable { HexString32(digits: .init($0)) } == value)
    }

    @Test(arguments: ["ABCDEF" + String(repeating: "0", count: 58), String(repeating: "0", count: 63), "not hex"])
    func aColumnThatIsNotHexDigitsIsACorruptFileWhenReadAsHex(_ text: String) throws {
        let bytes = try writeParquet(
            schema: Self.schema(optional: false, dictionary: false),
            columns: [ParquetColumn(values: .string([String(repeating: "a", count: 64), text]))])
        let reader = try ParquetFileReader(bytes: bytes)
        #expect(throws: ParquetError.self) { try reader.column(named: "member_key", form: .hex32) }
        do {
            _ = try reader.column(named: "member_key", form: .hex32)
        } catch {
            #expect(error.code == .corruptFile)
            #expect(error.message.contains("64 lowercase hexadecimal digits"), "\(error.message)")
        }
    }
    /// The digit-by-digit reading the eight-at-a-time `init(digits:)` replaced: nil unless 64
    /// bytes of `0-9a-f`.
    static func referenceValue(_ bytes: [UInt8]) -> HexString32? {
        guard bytes.count == 64 else { return nil }
        var words = [UInt64](repeating: 0, count: 4)
        for (i, byte) in bytes.enumerated() {
            let nibble: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = byte - UInt8(ascii: "a") + 10
            default: return nil
            }
            words[i / 16] = words[i / 16] << 4 | UInt64(nibble)
        }
        return HexString32(w0: words[0], w1: words[1], w2: words[2], w3: words[3])
    }

    /// Every byte value at every one of the 64 positions (in a valid text otherwise), and seeded
    /// texts of digits and near-digits, read as the reference reads them.
    @Test func digitsAreReadAsTheDigitByDigitReferenceReadsThem() {
        var generator = SeededGenerator(seed: 20)
        let digits = Array("0123456789abcdef".utf8)
        // The bytes next to the ranges' ends ('/', ':', '`', 'g', 'A', 'F', 'G') and high bytes.
        let near = Array("0123456789abcdef/:`gAFG".utf8) + [0x00, 0x7F, 0x80, 0xB0, 0xE1, 0xFF]
        func check(_ bytes: [UInt8]) {
            let read = bytes.withUnsafeBytes { HexString32(digits: $0) }
            #expect(read == Self.referenceValue(bytes), "\(bytes)")
        }
        for position in 0..<64 {
            let base = (0..<64).map { _ in digits[Int(generator.next() % 16)] }
            for byte in 0...255 {
                var bytes = base
                bytes[position] = UInt8(byte)
                check(bytes)
            }
        }
        for _ in 0..<5_000 {
            check((0..<64).map { _ in near[Int(generator.next() % UInt64(near.count))] })
            check((0..<64).map { _ in digits[Int(generator.next() % 16)] })
        }
        check(Array(repeating: UInt8(ascii: "f"), count: 64))
        check(Array(repeating: UInt8(ascii: "0"), count: 64))
        check(Array(repeating: UInt8(ascii: "0"), count: 63))
        check(Array(repeating: UInt8(ascii: "0"), count: 65))
    }
}
