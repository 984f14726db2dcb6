#if canImport(Glibc)
import Glibc
#endif

func printError(_ text: String) {
    let bytes = Array((text + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress!, $0.count) }
}

func exitProcess(_ status: Int32) -> Never {
    Glibc.exit(status)
}
