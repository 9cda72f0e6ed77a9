// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Qantara",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Qantara", targets: ["Qantara"]),
        .executable(name: "qantara", targets: ["QantaraCLI"]),
        .executable(name: "qantara-bench", targets: ["QantaraBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        .target(
            name: "CICURegex",
            linkerSettings: [.linkedLibrary("icui18n"), .linkedLibrary("icuuc"), .linkedLibrary("icudata")]
        ),
        .target(name: "QantaraText"),
        .target(name: "QantaraXML", dependencies: ["CLibXML2", "QantaraText"]),
        .target(
            name: "QantaraTMX", dependencies: ["QantaraXML", "QantaraText"],
            resources: [.embedInCode("Resources/tmx14.dtd")]
        ),
        .target(
            name: "QantaraSegmentation",
            dependencies: ["CICURegex", "QantaraText", "QantaraXML"],
            resources: [.embedInCode("Resources/qantara-default.srx")]
        ),
        .target(
            name: "QantaraGlossary",
            dependencies: ["QantaraText", "QantaraXML", "QantaraTMX"],
            resources: [.embedInCode("Resources/news-entities.tsv")]
        ),
        .target(
            name: "QantaraAlignment",
            dependencies: ["QantaraText", "QantaraTMX", "QantaraSegmentation", "QantaraGlossary", "CZlib"]
        ),
        .target(
            name: "QantaraMemory",
            dependencies: ["QantaraText", "QantaraTMX", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(
            name: "QantaraReview",
            dependencies: [
                "QantaraText", "QantaraXML", "QantaraTMX", "QantaraGlossary",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "QantaraReviewServer",
            dependencies: [
                "QantaraReview", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            resources: [.embedInCode("Page/index.html"), .embedInCode("Page/app.js"), .embedInCode("Page/style.css")]
        ),
        .target(
            name: "Qantara",
            dependencies: [
                "QantaraText", "QantaraXML", "QantaraTMX", "QantaraSegmentation", "QantaraGlossary", "QantaraAlignment",
                "QantaraMemory", "QantaraReview", "QantaraReviewServer",
            ]
        ),
        .executableTarget(
            name: "QantaraCLI",
            dependencies: [
                "Qantara",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "QantaraBench",
            dependencies: [
                "Qantara",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "QantaraTextTests", dependencies: ["QantaraText"]),
        .testTarget(name: "QantaraXMLTests", dependencies: ["QantaraXML"]),
        .testTarget(name: "QantaraTMXTests", dependencies: ["QantaraTMX"]),
        .testTarget(
            name: "QantaraAlignmentTests", dependencies: ["QantaraAlignment", "QantaraGlossary", "QantaraSegmentation", "QantaraTMX"]
        ),
        .testTarget(name: "QantaraSegmentationTests", dependencies: ["QantaraSegmentation"]),
        .testTarget(name: "QantaraGlossaryTests", dependencies: ["QantaraGlossary", "QantaraXML", "QantaraTMX", "QantaraText"]),
        .testTarget(name: "QantaraMemoryTests", dependencies: ["QantaraMemory"]),
        // The `qantara` command as a child process: exit codes, messages, what is left on disk.
        .testTarget(name: "QantaraCLITests", dependencies: ["QantaraMemory", "QantaraTMX"]),
        .testTarget(
            name: "QantaraReviewTests",
            dependencies: ["QantaraReview", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(name: "QantaraReviewServerTests", dependencies: ["QantaraReviewServer", "QantaraText"]),
    ]
)
