// swift-tools-version: 6.0
import PackageDescription

// libFuzzer targets for the incident and boundary readers, in their own package so that
// `swift build` of the library never compiles them. Build and run with `Fuzz/run.sh`
// (address sanitizer + libFuzzer); see FUZZING.md.
// Linked with LLVM's lld: Debian's gold crashes on the sanitizer runtime's debug info.
let lld: [LinkerSetting] = [.unsafeFlags(["-use-ld=lld"])]

let package = Package(
    name: "NeighbourhoodFuzz",
    dependencies: [.package(name: "Neighbourhood", path: "..")],
    targets: [
        .target(name: "FuzzSupport", dependencies: [.product(name: "Neighbourhood", package: "Neighbourhood")]),
        .executableTarget(name: "fuzz-csv", dependencies: ["FuzzSupport"], linkerSettings: lld),
        .executableTarget(name: "fuzz-geojson", dependencies: ["FuzzSupport"], linkerSettings: lld),
        .executableTarget(name: "fuzz-kml", dependencies: ["FuzzSupport"], linkerSettings: lld),
        .executableTarget(name: "fuzz-shapefile", dependencies: ["FuzzSupport"], linkerSettings: lld),
        .executableTarget(name: "fuzz-geopackage", dependencies: ["FuzzSupport"], linkerSettings: lld),
    ],
    swiftLanguageModes: [.v6]
)
