// swift-tools-version:6.1
import PackageDescription

// House style (../shared/house-style.md §3.1): one module per stage over a small core;
// C libraries behind C* shims; executables are a few lines over JingzhunCommands.
let upcoming: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

// Each target declares exactly the modules its sources import (PackageDependencyTests checks it):
// no edge that the code does not use, none that it uses without saying so.
let package = Package(
    name: "Jingzhun",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "jingzhun", targets: ["jingzhun"]),
        .executable(name: "jingzhun-ingest", targets: ["jingzhun-ingest"]),
        .executable(name: "jingzhun-normalize", targets: ["jingzhun-normalize"]),
        .executable(name: "jingzhun-compute", targets: ["jingzhun-compute"]),
        .executable(name: "jingzhun-render", targets: ["jingzhun-render"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CXLSXWriter", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),

        .target(name: "JingzhunCore", swiftSettings: upcoming),
        .target(
            name: "JingzhunIO",
            dependencies: [
                "JingzhunCore", "CZlib", "CSHA256Block", .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: upcoming),
        // SHA-256 compression (SHA extensions or portable C) for the pseudonymiser's HMAC (issue 20).
        .target(name: "CSHA256Block"),
        .target(name: "Parquet", dependencies: ["CZlib"], swiftSettings: upcoming),
        .target(
            name: "JingzhunIngest", dependencies: ["JingzhunCore", "JingzhunIO", "CLibXML2", "CByteScan"],
            swiftSettings: upcoming),
        // Sixteen-byte searches (SSE2, portable C elsewhere) for the XML scanner's loops (issue 20).
        .target(name: "CByteScan"),
        .target(
            name: "JingzhunStore", dependencies: ["JingzhunCore", "JingzhunIO", "Parquet"], swiftSettings: upcoming),
        // The indicator catalogue as data (catalogue.md): model, loader and checker; pure.
        .target(
            name: "JingzhunCatalogue", dependencies: ["JingzhunCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: upcoming),
        .target(
            name: "JingzhunIndicators", dependencies: ["JingzhunCore", "JingzhunCatalogue"], swiftSettings: upcoming),
        .target(name: "JingzhunSQL", dependencies: ["JingzhunCore", "JingzhunCatalogue"], swiftSettings: upcoming),
        .target(
            name: "JingzhunReports",
            dependencies: [
                "JingzhunCore", "JingzhunIO", "CXLSXWriter", .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: upcoming),
        .target(name: "JingzhunSynth", dependencies: ["JingzhunCore", "JingzhunIO"], swiftSettings: upcoming),
        .target(
            name: "JingzhunRuns",
            dependencies: [
                "JingzhunCore", "JingzhunIO", "JingzhunIngest", "JingzhunStore", "JingzhunIndicators",
                "JingzhunReports", "JingzhunCatalogue", "JingzhunSQL",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: upcoming),
        .target(
            name: "JingzhunCommands",
            dependencies: [
                "JingzhunRuns", "JingzhunCore", "JingzhunIO", "JingzhunSynth", "JingzhunCatalogue", "JingzhunSQL",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: upcoming),

        // Test support shared by the test targets (house style §3.1): snapshot assertion, site crawl,
        // scratch folders, pipeline fixtures, in-memory file-system helpers. Never linked into a product.
        .target(name: "JingzhunTesting", dependencies: ["JingzhunIO"], swiftSettings: upcoming),

        .executableTarget(name: "jingzhun", dependencies: ["JingzhunCommands"], swiftSettings: upcoming),
        .executableTarget(
            name: "jingzhun-ingest", dependencies: ["JingzhunCommands", "JingzhunRuns"], swiftSettings: upcoming),
        .executableTarget(
            name: "jingzhun-normalize", dependencies: ["JingzhunCommands", "JingzhunRuns"], swiftSettings: upcoming),
        .executableTarget(
            name: "jingzhun-compute", dependencies: ["JingzhunCommands", "JingzhunRuns"], swiftSettings: upcoming),
        .executableTarget(
            name: "jingzhun-render", dependencies: ["JingzhunCommands", "JingzhunRuns"], swiftSettings: upcoming),

        .testTarget(name: "JingzhunCoreTests", dependencies: ["JingzhunCore"], swiftSettings: upcoming),
        .testTarget(
            name: "JingzhunIOTests",
            dependencies: [
                "JingzhunIO", "JingzhunCore", "CSHA256Block", .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: upcoming),
        .testTarget(name: "ParquetTests", dependencies: ["Parquet"], swiftSettings: upcoming),
        .testTarget(
            name: "JingzhunIngestTests", dependencies: ["JingzhunIngest", "JingzhunIO", "JingzhunCore", "CByteScan"],
            swiftSettings: upcoming),
        .testTarget(
            name: "JingzhunStoreTests",
            dependencies: ["JingzhunStore", "JingzhunCore", "JingzhunIO", "Parquet", "JingzhunTesting"],
            exclude: ["Interop", "Snapshots"], swiftSettings: upcoming),
        .testTarget(
            name: "JingzhunIndicatorsTests",
            dependencies: ["JingzhunIndicators", "JingzhunCatalogue", "JingzhunCore", "JingzhunTesting"],
            exclude: ["Snapshots"], swiftSettings: upcoming),
        .testTarget(
            name: "JingzhunCatalogueTests", dependencies: ["JingzhunCatalogue", "JingzhunCore"], swiftSettings: upcoming
        ),
        .testTarget(
            name: "JingzhunReportsTests",
            dependencies: ["JingzhunReports", "JingzhunCore", "JingzhunIO", "JingzhunTesting"],
            exclude: ["Snapshots"], swiftSettings: upcoming),
        .testTarget(
            name: "JingzhunSynthTests",
            dependencies: ["JingzhunSynth", "JingzhunCore", "JingzhunIO", "CLibXML2", "CZlib"],
            swiftSettings: upcoming),
        .testTarget(
            name: "JingzhunSQLTests", dependencies: ["JingzhunSQL", "JingzhunCatalogue"], swiftSettings: upcoming),
        .testTarget(
            name: "JingzhunRunsTests",
            dependencies: [
                "JingzhunRuns", "JingzhunCatalogue", "JingzhunCore", "JingzhunIO", "JingzhunReports", "JingzhunIngest",
                "JingzhunStore", "JingzhunTesting", "JingzhunSynth",
            ],
            swiftSettings: upcoming),
        // Runs the built executables: stdout, stderr, exit status, output tree.
        .testTarget(
            name: "EndToEndTests", dependencies: ["jingzhun", "JingzhunIO", "JingzhunCore", "JingzhunTesting"],
            exclude: ["EdgeCases"], swiftSettings: upcoming),
    ]
)
