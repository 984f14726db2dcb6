import JingzhunCore
import Testing

/// issue 13: control characters of names are escaped wherever they are printed.
@Suite struct DisplayTextTests {
    @Test func controlCharactersAreEscapedAndOtherTextKept() {
        #expect(DisplayText.escapingControlCharacters("52-2019-r1.registry.xml") == "52-2019-r1.registry.xml")
        #expect(
            DisplayText.escapingControlCharacters("a\nrun ended with exit status 0")
                == "a\\nrun ended with exit status 0")
        #expect(
            DisplayText.escapingControlCharacters("x\r\t\u{1B}[2K\u{7F}\u{85}\u{2028}y")
                == "x\\r\\t\\u{1B}[2K\\u{7F}\\u{85}\\u{2028}y")
        #expect(DisplayText.escapingControlCharacters("贵州 2019") == "贵州 2019")
        #expect(!DisplayText.escapingControlCharacters("\u{0}\u{1}\u{1F}").unicodeScalars.contains { $0.value < 0x20 })
    }
}
