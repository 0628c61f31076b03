// swift-tools-version: 6.0
import PackageDescription

/// Neighbourhood: place-based crime analytics.
///
/// Modules are layered one way, bottom to top:
/// geometry and incidents (pure Swift) → projection (PROJ) and formats (CSV, GeoJSON) →
/// analytics (assignment, counting) → the `Neighbourhood` umbrella (pipelines) → the `nbhd` CLI.
let package = Package(
    name: "Neighbourhood",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Neighbourhood", targets: ["Neighbourhood"]),
        .library(name: "NeighbourhoodGeometry", targets: ["NeighbourhoodGeometry"]),
        .library(name: "NeighbourhoodProjection", targets: ["NeighbourhoodProjection"]),
        .library(name: "NeighbourhoodFormats", targets: ["NeighbourhoodFormats"]),
        .library(name: "NeighbourhoodAnalytics", targets: ["NeighbourhoodAnalytics"]),
        .library(name: "NeighbourhoodStore", targets: ["NeighbourhoodStore"]),
        .library(name: "NeighbourhoodMaps", targets: ["NeighbourhoodMaps"]),
        .executable(name: "nbhd", targets: ["nbhd"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CProj",
            pkgConfig: "proj",
            providers: [.apt(["libproj-dev", "proj-data"])]
        ),
        .systemLibrary(
            name: "CZlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // One inline C function: the processor's prefetch hint, for the import's look-ups.
        .systemLibrary(name: "CPrefetch"),
        .target(name: "NeighbourhoodGeometry"),
        .target(name: "NeighbourhoodIncidents"),
        .target(
            name: "NeighbourhoodProjection",
            dependencies: ["CProj", "NeighbourhoodGeometry"]
        ),
        .target(
            name: "NeighbourhoodFormats",
            dependencies: [
                "CZlib", "NeighbourhoodGeometry", "NeighbourhoodIncidents",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "NeighbourhoodAnalytics",
            dependencies: ["NeighbourhoodGeometry", "NeighbourhoodIncidents"]
        ),
        // Maps: classification, palettes, display simplification, dissolve, SVG (geometry only).
        .target(name: "NeighbourhoodMaps", dependencies: ["NeighbourhoodGeometry"]),
        .target(
            name: "NeighbourhoodStore",
            dependencies: [
                "CPrefetch", "NeighbourhoodGeometry", "NeighbourhoodIncidents", "NeighbourhoodAnalytics",
                "NeighbourhoodFormats", .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "Neighbourhood",
            dependencies: [
                "NeighbourhoodGeometry", "NeighbourhoodIncidents", "NeighbourhoodProjection",
                "NeighbourhoodFormats", "NeighbourhoodAnalytics", "NeighbourhoodStore", "NeighbourhoodMaps",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "nbhd",
            dependencies: [
                "Neighbourhood",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "AssignPoints",
            dependencies: ["Neighbourhood"],
            path: "Examples/AssignPoints"
        ),
        .executableTarget(
            name: "PatrolHotspots",
            dependencies: ["Neighbourhood"],
            path: "Examples/PatrolHotspots"
        ),
        // Helpers the test targets share (paths, temporary folders, running a program).
        .target(name: "NeighbourhoodTestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "NeighbourhoodGeometryTests", dependencies: ["NeighbourhoodGeometry", "NeighbourhoodTestSupport"]),
        .testTarget(
            name: "NeighbourhoodProjectionTests",
            dependencies: ["NeighbourhoodProjection"],
            exclude: ["Fixtures"]  // read by path: pyproj reference values
        ),
        .testTarget(
            name: "NeighbourhoodFormatsTests",
            dependencies: [
                "NeighbourhoodFormats", "NeighbourhoodIncidents", "NeighbourhoodTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),  // to damage GeoPackages in hostile-input tests
            ]
        ),
        .testTarget(
            name: "NeighbourhoodAnalyticsTests",
            dependencies: ["NeighbourhoodAnalytics", "NeighbourhoodIncidents"],
            exclude: ["Fixtures"]  // read by path: reference values from esda, scipy and pandas
        ),
        .testTarget(
            name: "NeighbourhoodStoreTests",
            dependencies: [
                "NeighbourhoodStore", "NeighbourhoodAnalytics", "NeighbourhoodGeometry", "NeighbourhoodIncidents",
                "NeighbourhoodTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(name: "NeighbourhoodTests", dependencies: ["Neighbourhood", "NeighbourhoodTestSupport"]),
        .testTarget(
            name: "NeighbourhoodMapsTests",
            dependencies: ["NeighbourhoodMaps", "Neighbourhood", "NeighbourhoodTestSupport"],
            exclude: ["Fixtures"]  // read by path: Jenks breaks from jenkspy, outlines from shapely
        ),
    ],
    swiftLanguageModes: [.v6]
)
