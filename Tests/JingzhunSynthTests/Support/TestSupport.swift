import CZlib
import JingzhunCore
import JingzhunIO

@testable import JingzhunSynth

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Shared reference data, located from this file: `<repo>/../shared/reference`.
enum TestReference {
    static let directory: String = {
        let file = "\(#filePath)"
        var parts = file.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        parts.removeLast(4)  // Support/TestSupport.swift, JingzhunSynthTests, Tests → repo root
        return parts.joined(separator: "/") + "/pipelines/reference"  // committed copy of shared/reference
    }()

    static let isAvailable: Bool = {
        let present = access(directory + "/counties.csv", R_OK) == 0
        if !present { print("JingzhunSynthTests: skipping generator tests, no reference data at \(directory)") }
        return present
    }()

    /// Loaded once; `national_reference.csv` stands in for the pipeline's `national.csv`.
    static let loaded: SynthReference? = try? SynthReference.load(directory: directory)
}

/// A fresh temporary directory.
func makeTemporaryDirectory() -> String {
    var template = Array("/tmp/jingzhun-synth-test-XXXXXX".utf8CString)
    let created = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { mkdtemp($0) } != nil
    }
    precondition(created, "mkdtemp failed")
    return String(decoding: template.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

func readBytes(_ path: String) -> [UInt8]? {
    guard let file = fopen(path, "rb") else { return nil }
    defer { fclose(file) }
    var bytes = [UInt8]()
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
        if n <= 0 { break }
        bytes.append(contentsOf: chunk[0..<n])
    }
    return bytes
}

func fileExists(_ path: String) -> Bool { access(path, F_OK) == 0 }

func isDirectory(_ path: String) -> Bool {
    guard let dir = opendir(path) else { return false }
    closedir(dir)
    return true
}

/// Names in a directory, sorted (tests only; the generator never lists directories).
func listDirectory(_ path: String) -> [String] {
    guard let dir = opendir(path) else { return [] }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted()
}

/// gunzip through zlib (gzip or zlib header auto-detected); nil when the stream is bad.
func gunzip(_ bytes: [UInt8]) -> [UInt8]? {
    var stream = z_stream()
    guard jz_inflateInit2(&stream, 15 + 32) == Z_OK else { return nil }
    defer { inflateEnd(&stream) }
    var out = [UInt8]()
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    var input = bytes
    var status: Int32 = Z_OK
    input.withUnsafeMutableBufferPointer { inputBuffer in
        stream.next_in = inputBuffer.baseAddress
        stream.avail_in = uInt(inputBuffer.count)
        repeat {
            buffer.withUnsafeMutableBufferPointer { outBuffer in
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = uInt(outBuffer.count)
                status = inflate(&stream, Z_NO_FLUSH)
                out.append(contentsOf: outBuffer[0..<(outBuffer.count - Int(stream.avail_out))])
            }
        } while status == Z_OK
    }
    return status == Z_STREAM_END ? out : nil
}

/// The uncompressed text of a generated file.
func readText(_ path: String) -> String? {
    guard let bytes = readBytes(path) else { return nil }
    let plain = path.hasSuffix(".gz") ? gunzip(bytes) : bytes
    return plain.map { String(decoding: $0, as: UTF8.self) }
}

/// Runs the generator into a fresh directory.
func generate(
    provinces: [Int32], years: [Int32], households: Int, seed: UInt64 = 7, format: SynthOptions.Format,
    defectRate: Double = 0, checksums: Bool = false
) throws -> (directory: String, summary: SynthSummary) {
    guard let reference = TestReference.loaded else {
        throw SynthError(code: .referenceMissing, message: "no reference")
    }
    let directory = makeTemporaryDirectory()
    let options = SynthOptions(
        provinces: provinces, years: years, householdsPerProvince: households, seed: seed, format: format,
        defectRate: defectRate, referenceDirectory: TestReference.directory, writesChecksums: checksums)
    let summary = try Synthesizer.generate(options, reference: reference, outputDirectory: directory)
    return (directory, summary)
}

/// Removes a generated directory tree (files and one level of subdirectories).
func removeTree(_ path: String) {
    for name in listDirectory(path) {
        let child = path + "/" + name
        if unlink(child) != 0 { removeTree(child) }
    }
    rmdir(path)
}
