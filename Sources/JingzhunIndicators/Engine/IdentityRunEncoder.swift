import JingzhunCore

/// Byte layout of an identity run: 36 bytes per entry, the pseudonym's four words then the county
/// code, each little-endian.
///
/// Invariants of the pointer code below: `encode` appends exactly `entryBytes` per entry;
/// `decode` is given a whole number of entries (checked) and reads every word with
/// `loadUnaligned` inside the buffer's bounds (offsets < count · entryBytes). Runs are scratch
/// data written and read by one process, so the layout needs no version.
enum IdentityRunEncoder {
    static let entryBytes = 36

    static func encode(_ entries: ArraySlice<IdentityEntry>, into bytes: inout [UInt8]) {
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: entries.count * entryBytes))
        bytes.withUnsafeMutableBytes { buffer in
            var offset = start
            for entry in entries {
                buffer.storeBytes(of: entry.key.w0.littleEndian, toByteOffset: offset, as: UInt64.self)
                buffer.storeBytes(of: entry.key.w1.littleEndian, toByteOffset: offset + 8, as: UInt64.self)
                buffer.storeBytes(of: entry.key.w2.littleEndian, toByteOffset: offset + 16, as: UInt64.self)
                buffer.storeBytes(of: entry.key.w3.littleEndian, toByteOffset: offset + 24, as: UInt64.self)
                buffer.storeBytes(of: entry.county.littleEndian, toByteOffset: offset + 32, as: Int32.self)
                offset += entryBytes
            }
        }
    }

    static func decode(_ bytes: [UInt8], into entries: inout [IdentityEntry]) {
        precondition(bytes.count % entryBytes == 0, "identity run bytes are not whole entries")
        entries.reserveCapacity(entries.count + bytes.count / entryBytes)
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let key = Pseudonym(
                    w0: UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self)),
                    w1: UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)),
                    w2: UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self)),
                    w3: UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self)))
                let county = Int32(littleEndian: buffer.loadUnaligned(fromByteOffset: offset + 32, as: Int32.self))
                entries.append(IdentityEntry(key: key, county: county))
                offset += entryBytes
            }
        }
    }
}
