import JingzhunIO

/// The content hash of a submission: one SHA-256 over its files' names, sizes and bytes.
///
/// Recipe (stable; manifests and "same bytes delivered again" depend on it): for each file of
/// the submission in bytewise-sorted name order, feed
/// `UTF-8(name) ‖ 0x0A ‖ ASCII(decimal byte count) ‖ 0x0A ‖ bytes`; the hash is the lowercase hex
/// digest. Names and counts make the framing unambiguous (moving bytes between files, or
/// renaming a file, changes the hash). `.sha256` sidecars are not part of it.
struct ContentHash {
    private var hasher = SHA256Stream()
    init() {}

    /// Starts a file; `size` must be the number of bytes that `update` will then receive.
    mutating func beginFile(name: String, size: Int64) {
        hasher.update(name)
        hasher.update("\n\(size)\n")
    }
    mutating func update(_ bytes: UnsafeRawBufferPointer) { hasher.update(bytes) }

    /// Adds a file's bytes and hashes them into that file's own digest `file` at the same time
    /// (the two streams are compressed together: `SHA256Stream.update(_:_:with:)`).
    mutating func update(_ bytes: UnsafeRawBufferPointer, alongside file: inout SHA256Stream) {
        SHA256Stream.update(&hasher, &file, with: bytes)
    }

    func finalizeHex() -> String { hasher.finalizeHex() }
}
