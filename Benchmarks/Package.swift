// swift-tools-version: 6.0
import PackageDescription

// Benchmarks live in their own package so `swift build` of the library never compiles them.
// Run from this folder: swift run -c release nbhd-bench --help
let package = Package(
    name: "NeighbourhoodBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "Neighbourhood", path: "..")],
    targets: [
        .executableTarget(
            name: "nbhd-bench",
            dependencies: [.product(name: "Neighbourhood", package: "Neighbourhood")],
            path: "Sources/NeighbourhoodBenchmarks"
        ),
        .executableTarget(
            name: "nbhd-hotspot-bench",
            dependencies: [.product(name: "NeighbourhoodAnalytics", package: "Neighbourhood")],
            path: "Sources/LocalStatisticsBenchmark"
        ),
        .executableTarget(
            name: "density-bench",
            dependencies: [
                .product(name: "NeighbourhoodAnalytics", package: "Neighbourhood"),
                .product(name: "NeighbourhoodGeometry", package: "Neighbourhood"),
            ],
            path: "Sources/DensityBenchmark"
        ),
        // Indicator definitions compiled to look-up tables, matched over synthetic rows, and
        // the per-area statistics: swift run -c release indicator-bench ../geodata/indicators.json
        .executableTarget(
            name: "indicator-bench",
            dependencies: [.product(name: "NeighbourhoodAnalytics", package: "Neighbourhood")],
            path: "Sources/IndicatorBenchmarks"
        ),
        // GeoPackage writing (1,388 LSOAs, a 50,000-cell grid) and reading:
        // swift run -c release gpkg-bench ../../shared/data/boundaries/wy-lsoa-2011.geojson
        .executableTarget(
            name: "gpkg-bench",
            dependencies: [.product(name: "Neighbourhood", package: "Neighbourhood")],
            path: "Sources/GeoPackageBenchmark"
        ),
    ],
    swiftLanguageModes: [.v6]
)
