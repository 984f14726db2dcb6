import JingzhunIO
import Testing

/// Package.swift declares exactly what each target imports (issue 14): a dependency nobody
/// imports is a false edge in the module graph (and a build-order cost); an import that is not
/// declared builds only by accident of what else is linked. System modules (Foundation, Glibc,
/// Testing, …) are not declared and not counted; a test target's dependency on an executable
/// (EndToEndTests → jingzhun) is for build order, not import, and is not counted either.
@Suite struct PackageDependencyTests {
    static let packageRoot = IOEdgeTests.packageRoot
    static let systemModules: Set<String> = [
        "Foundation", "FoundationEssentials", "FoundationXML", "FoundationNetworking", "Glibc", "Darwin", "Dispatch",
        "Testing", "XCTest", "Synchronization", "os", "_Concurrency", "Musl", "WinSDK",
    ]

    struct Target: Equatable {
        var name: String
        var kind: String
        var dependencies: Set<String>
        var excluded: [String]
    }

    /// The `]`-balanced contents of the first `label: [ … ]` in `text`, or nil.
    static func list(after label: String, in text: Substring) -> Substring? {
        guard let start = text.firstRange(of: label + ": [") else { return nil }
        var depth = 1
        var index = start.upperBound
        while index < text.endIndex {
            if text[index] == "[" { depth += 1 }
            if text[index] == "]" {
                depth -= 1
                if depth == 0 { return text[start.upperBound..<index] }
            }
            index = text.index(after: index)
        }
        return nil
    }

    /// String literals of `text`, in order.
    static func strings(in text: Substring) -> [String] {
        var out: [String] = []
        var current: String?
        for character in text {
            if character == "\"" {
                if let value = current { out.append(value) }
                current = current == nil ? "" : nil
            } else if current != nil {
                current?.append(character)
            }
        }
        return out
    }

    /// Every target of Package.swift: `.target(`, `.executableTarget(`, `.testTarget(`, `.systemLibrary(`.
    static func targets(_ manifest: String) -> [Target] {
        let raw = manifest
        var targets: [Target] = []
        for kind in ["target", "executableTarget", "testTarget", "systemLibrary"] {
            var rest = Substring(raw)
            while let found = rest.firstRange(of: "." + kind + "(") {
                // The call's text: up to the matching parenthesis.
                var depth = 1
                var index = found.upperBound
                while index < rest.endIndex && depth > 0 {
                    if rest[index] == "(" { depth += 1 }
                    if rest[index] == ")" { depth -= 1 }
                    index = rest.index(after: index)
                }
                let call = rest[found.upperBound..<index]
                rest = rest[index...]
                guard let nameStart = call.firstRange(of: "name: \"") else { continue }
                let name = String(call[nameStart.upperBound...].prefix { $0 != "\"" })
                var dependencies: Set<String> = []
                if let list = list(after: "dependencies", in: call) {
                    // `.product(name: "Crypto", package: "swift-crypto")`: the product's name is the module.
                    var text = String(list)
                    while let package = text.firstRange(of: "package: \"") {
                        let end = text[package.upperBound...].firstIndex(of: "\"") ?? text.endIndex
                        text.removeSubrange(package.lowerBound...end)
                    }
                    dependencies = Set(strings(in: Substring(text)))
                }
                let excluded = list(after: "exclude", in: call).map(strings) ?? []
                targets.append(Target(name: name, kind: kind, dependencies: dependencies, excluded: excluded))
            }
        }
        return targets
    }

    /// Module names imported by a Swift source (`import X`, `@testable import X`,
    /// `public import X`, `@preconcurrency import X`, `import struct X.Y`), strings and comments ignored.
    static func imports(_ source: String) -> Set<String> {
        var modules: Set<String> = []
        for line in IOEdgeTests.code(source) {
            var words = line.split(separator: " ").map(String.init)
            while let first = words.first,
                first.hasPrefix("@") || ["public", "internal", "package", "private", "fileprivate"].contains(first)
            {
                words.removeFirst()
            }
            guard words.first == "import", words.count >= 2 else { continue }
            let kinds: Set<String> = ["struct", "class", "enum", "protocol", "func", "var", "let", "typealias"]
            let path = kinds.contains(words[1]) && words.count >= 3 ? words[2] : words[1]
            if let module = path.split(separator: ".").first { modules.insert(String(module)) }
        }
        return modules
    }

    @Test func everyTargetDeclaresExactlyWhatItImports() throws {
        let manifest = String(decoding: try FilePath.readAll(Self.packageRoot + "/Package.swift"), as: UTF8.self)
        let targets = Self.targets(manifest)
        #expect(targets.contains { $0.name == "JingzhunStore" } && targets.contains { $0.name == "EndToEndTests" })
        let executables = Set(targets.filter { $0.kind == "executableTarget" }.map(\.name))
        var problems: [String] = []
        for target in targets where target.kind != "systemLibrary" {
            let folder = Self.packageRoot + (target.kind == "testTarget" ? "/Tests/" : "/Sources/") + target.name
            var imported: Set<String> = []
            for file in FilePath.walkFiles(folder) where file.hasSuffix(".swift") {
                if target.excluded.contains(where: { file == $0 || file.hasPrefix($0 + "/") }) { continue }
                imported.formUnion(
                    Self.imports(String(decoding: try FilePath.readAll(folder + "/" + file), as: UTF8.self)))
            }
            imported.subtract(Self.systemModules)
            imported.remove(target.name)
            let declared = target.dependencies.subtracting(executables)
            let undeclared = imported.subtracting(declared).sorted()
            let unused = declared.subtracting(imported).sorted()
            if !undeclared.isEmpty {
                problems.append("\(target.name) imports \(undeclared.joined(separator: ", ")) without declaring it")
            }
            if !unused.isEmpty {
                problems.append("\(target.name) declares \(unused.joined(separator: ", ")) but never imports it")
            }
        }
        #expect(problems.isEmpty, "Package.swift and the imports differ:\n\(problems.joined(separator: "\n"))")
    }

    @Test func theParserReadsTargetsProductsAndImports() {
        let manifest = """
            .target(name: "A", dependencies: ["B", .product(name: "Crypto", package: "swift-crypto")], exclude: ["X"]),
            .testTarget(name: "ATests", dependencies: ["A"]),
            .systemLibrary(name: "CZ", pkgConfig: "zlib"),
            """
        let targets = Self.targets(manifest)
        #expect(targets.first { $0.name == "A" }?.dependencies == ["B", "Crypto"])
        #expect(targets.first { $0.name == "A" }?.excluded == ["X"])
        #expect(targets.first { $0.name == "ATests" }?.dependencies == ["A"])
        #expect(targets.first { $0.name == "CZ" }?.kind == "systemLibrary")
        let source =
            "@testable import A\n@preconcurrency import Crypto\npublic import B\nimport struct C.D\n// import E\nlet "
            + "s = \"\"\"\nimport json\n\"\"\"\n"
        #expect(Self.imports(source) == ["A", "Crypto", "B", "C"])
    }
}
