import CZlib

/// Streaming gzip compressor over zlib (used by `synth` and tests to write `.gz` files).
///
/// Output is deterministic: zlib's gzip header written by deflateInit2 carries no name and
/// mtime 0, so the same input and level give the same bytes on every machine.
public final class GzipDeflater {
    private var stream = z_stream()
    private var output = [UInt8](repeating: 0, count: 1 << 16)
    private var finished = false

    public init(level: Int32 = 6) {
        // 15 + 16: gzip wrapper.
        let status = jz_deflateInit2(&stream, level, 15 + 16)
        precondition(status == Z_OK, "deflateInit2 failed with \(status): zlib is unusable")
    }

    deinit { deflateEnd(&stream) }

    /// Compresses `input`, handing compressed bytes to `sink`.
    public func compress(_ input: UnsafeRawBufferPointer, sink: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        try run(input, flush: Z_NO_FLUSH, sink: sink)
    }

    public func compress(_ input: [UInt8], sink: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        try input.withUnsafeBytes { try run($0, flush: Z_NO_FLUSH, sink: sink) }
    }

    /// Ends the stream (writes the gzip trailer).
    public func finish(sink: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        precondition(!finished, "GzipDeflater.finish called twice")
        finished = true
        try run(UnsafeRawBufferPointer(start: nil, count: 0), flush: Z_FINISH, sink: sink)
    }

    private func run(_ input: UnsafeRawBufferPointer, flush: Int32, sink: (UnsafeRawBufferPointer) throws -> Void)
        rethrows
    {
        let base = input.baseAddress.map { UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: Bytef.self)) }
        stream.next_in = base
        stream.avail_in = uInt(input.count)
        let capacity = output.count
        try output.withUnsafeMutableBytes { out in
            let outBase = out.baseAddress!.assumingMemoryBound(to: Bytef.self)
            repeat {
                stream.next_out = outBase
                stream.avail_out = uInt(capacity)
                let status = deflate(&stream, flush)
                precondition(status != Z_STREAM_ERROR, "deflate stream state corrupted")
                let produced = capacity - Int(stream.avail_out)
                if produced > 0 { try sink(UnsafeRawBufferPointer(start: out.baseAddress, count: produced)) }
                if flush == Z_FINISH && status == Z_STREAM_END { break }
            } while stream.avail_out == 0 || (flush == Z_FINISH)
        }
    }

    /// One-shot helper: gzip of `bytes`.
    public static func gzip(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8] {
        let d = GzipDeflater(level: level)
        var out = [UInt8]()
        d.compress(bytes) { out.append(contentsOf: $0) }
        d.finish { out.append(contentsOf: $0) }
        return out
    }
}
