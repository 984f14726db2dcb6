import JingzhunIO
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// issue 13: files that must be regular are refused, before a byte is read, when they are not.
@Suite struct RegularFileTests {
    @Test func aRegularFileIsReadWhole() throws {
        let dir = temporaryDirectory("regular-read")
        try AtomicFile.write(Array("hello".utf8), to: dir + "/a.txt")
        #expect(try RegularFile.readAll(dir + "/a.txt", maximumBytes: 5) == Array("hello".utf8))
        #expect(try RegularFile.sha256(of: dir + "/a.txt").size == 5)
        #expect(throws: RegularFile.Failure.tooLarge(limit: 4)) {
            try RegularFile.readAll(dir + "/a.txt", maximumBytes: 4)
        }
    }

    /// A FIFO without a writer: opening it must not wait (it would hang the run for ever).
    @Test func aFIFOIsRefusedWithoutWaiting() throws {
        let dir = temporaryDirectory("regular-fifo")
        #expect(mkfifo(dir + "/README", 0o644) == 0)
        #expect(throws: RegularFile.Failure.notRegularFile(kind: "FIFO (named pipe)")) {
            try RegularFile.sha256(of: dir + "/README")
        }
    }

    @Test func aDeviceIsRefusedAndALinkToItIsNotFollowed() throws {
        let dir = temporaryDirectory("regular-device")
        #expect(symlink("/dev/zero", dir + "/zero") == 0)
        #expect(throws: RegularFile.Failure.symlink) { try RegularFile.sha256(of: dir + "/zero") }
        // Followed on request (the key file), the device behind it is still refused: nothing is read.
        #expect(throws: RegularFile.Failure.notRegularFile(kind: "character device")) {
            try RegularFile.readAll(dir + "/zero", maximumBytes: 4096, followingSymlinks: true)
        }
        #expect(throws: RegularFile.Failure.notRegularFile(kind: "character device")) {
            try RegularFile.readAll("/dev/zero", maximumBytes: 4096)
        }
        #expect(throws: RegularFile.Failure.notRegularFile(kind: "folder")) { try RegularFile.sha256(of: dir) }
    }

    @Test func aLinkToARegularFileIsRefusedUnlessFollowingIsAsked() throws {
        let dir = temporaryDirectory("regular-link")
        try AtomicFile.write(Array("secret key bytes".utf8), to: dir + "/key")
        #expect(symlink(dir + "/key", dir + "/link") == 0)
        #expect(throws: RegularFile.Failure.symlink) { try RegularFile.sha256(of: dir + "/link") }
        #expect(try RegularFile.readAll(dir + "/link", maximumBytes: 100, followingSymlinks: true).count == 16)
    }
}
