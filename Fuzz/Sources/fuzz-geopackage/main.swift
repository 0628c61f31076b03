import FuzzSupport

private let scratch = ScratchFile(suffix: ".gpkg")

// Each input, read as a GeoPackage boundary layer through the same
// path-based reader `nbhd` uses.
runFuzzer { data, count in
    scratch.write(data, count: count)
    exerciseBoundaryReader(path: scratch.path)
    return 0
}
