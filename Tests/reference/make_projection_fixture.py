#!/usr/bin/env python3
"""Write the pyproj reference fixtures for NeighbourhoodProjectionTests.

Outputs (relative to the repository root):
  Tests/NeighbourhoodProjectionTests/Fixtures/pyproj-gb-grid.csv
      lon,lat,easting,northing -- WGS84 grid lon -8.0..2.0, lat 49.9..60.9, step 0.25 deg
      (41 x 45 = 1845 points, all finite), forward EPSG:4326 -> EPSG:27700.
  Tests/NeighbourhoodProjectionTests/Fixtures/pyproj-gb-grid-inverse.csv
      easting,northing,lon,lat -- BNG grid E 0..700000, N 0..1250000, step 25000 m
      (29 x 51 = 1479 points, all finite), inverse EPSG:27700 -> EPSG:4326.

Transformers (both always_xy=True, i.e. lon/easting first, network off, no extra grids):
  Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
  Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
Numbers are written with repr(), the shortest string that round-trips the IEEE double
(at most 17 significant digits), so a Double parsed from the file is exactly the value
pyproj returned (and, for lon/lat/E/N inputs, exactly the value that was transformed).

Generated with (values printed by this script when it was last run):
  pyproj 3.7.2, bundled PROJ 9.5.1, proj.db EPSG v11.022, network off
  (system libproj.so.25 used by nbhd: PROJ 9.1.1)
  Best operation (OSTN15 grid uk_os_OSTN15_NTv2_OSGBtoETRS.tif) is NOT available, so the
  chosen operation inside Great Britain is
    "axis order change (2D) + Inverse of OSGB36 to WGS 84 (6) + British National Grid"
    (EPSG:1314 Helmert, stated accuracy 2 m, area of use bbox lon -8.82..1.92, lat 49.79..60.94)
  pipeline (transformer.definition of the operation actually used):
    proj=pipeline step proj=unitconvert xy_in=deg xy_out=rad step proj=push v_3
    step proj=cart ellps=WGS84 step inv proj=helmert x=446.448 y=-125.157 z=542.06
    rx=0.15 ry=0.247 rz=0.842 s=-20.489 convention=position_vector step inv proj=cart
    ellps=airy step proj=pop v_3 step proj=tmerc lat_0=49 lon_0=-2 k=0.9996012717
    x_0=400000 y_0=-100000 ellps=airy
  to_proj4() of that operation:
    +proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad +step +proj=push +v_3
    +step +proj=cart +ellps=WGS84 +step +inv +proj=helmert +x=446.448 +y=-125.157
    +z=542.06 +rx=0.15 +ry=0.247 +rz=0.842 +s=-20.489 +convention=position_vector
    +step +inv +proj=cart +ellps=airy +step +proj=pop +v_3 +step +proj=tmerc +lat_0=49
    +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy

IMPORTANT -- not every fixture point uses that Helmert operation.
  Transformer.from_crs (like proj_create_crs_to_crs in PROJ's C API, which nbhd uses)
  keeps a list of candidate operations and chooses per point by area of use. Points outside
  the bbox of every Helmert candidate fall back to
    "Ballpark geographic offset from WGS 84 to OSGB36" (no datum shift, ~130 m off).
  In these fixtures that is:
    forward: the 45 points with lon = 2.0 (east of 1.92), up to 151 m from Helmert (6);
    inverse: the 79 points with E = 700000 or N = 1250000 (PROJ tests the area of use
             in the source CRS, i.e. the bbox projected to BNG).
  All other points use "OSGB36 to WGS 84 (6)". The script prints these counts every run.
  `--compare-system-proj` additionally pushes every point through the system libproj
  (ctypes, proj_create_crs_to_crs + proj_normalize_for_visualization + proj_trans_generic,
  the same calls nbhd makes) and reports the max difference; on the machine where the
  fixtures were made system PROJ 9.1.1 picked the same operation for every point
  (including the Ballpark ones): max |dE| 2.3e-10 m, max |dN| 3.0e-09 m forward, max
  |dlon| 1.8e-15 deg, max |dlat| 1.4e-14 deg inverse.

Usage: python3 Tests/reference/make_projection_fixture.py [--out-dir DIR] [--compare-system-proj]
"""

import argparse
import json
import os
import subprocess
import sys
import warnings

import numpy as np
import pyproj
from pyproj import Transformer
from pyproj.transformer import TransformerGroup

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.normpath(os.path.join(HERE, "..", "NeighbourhoodProjectionTests", "Fixtures"))

HELMERT_NAME = "OSGB36 to WGS 84 (6)"

# Run in a separate interpreter so the system libproj does not share a process with
# pyproj's bundled libproj.
SYSTEM_PROJ_HELPER = r'''
import ctypes, ctypes.util, json, sys
name = ctypes.util.find_library("proj") or "libproj.so.25"
lib = ctypes.CDLL(name)
class PJ_INFO(ctypes.Structure):
    _fields_ = [("major", ctypes.c_int), ("minor", ctypes.c_int), ("patch", ctypes.c_int),
                ("release", ctypes.c_char_p), ("version", ctypes.c_char_p),
                ("searchpath", ctypes.c_char_p)]
lib.proj_info.restype = PJ_INFO
lib.proj_context_create.restype = ctypes.c_void_p
lib.proj_create_crs_to_crs.restype = ctypes.c_void_p
lib.proj_create_crs_to_crs.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_void_p]
lib.proj_normalize_for_visualization.restype = ctypes.c_void_p
lib.proj_normalize_for_visualization.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
D = ctypes.POINTER(ctypes.c_double)
lib.proj_trans_generic.restype = ctypes.c_size_t
lib.proj_trans_generic.argtypes = [ctypes.c_void_p, ctypes.c_int,
    D, ctypes.c_size_t, ctypes.c_size_t, D, ctypes.c_size_t, ctypes.c_size_t,
    D, ctypes.c_size_t, ctypes.c_size_t, D, ctypes.c_size_t, ctypes.c_size_t]
req = json.load(sys.stdin)
ctx = lib.proj_context_create()
P = lib.proj_create_crs_to_crs(ctx, req["src"].encode(), req["dst"].encode(), None)
N = lib.proj_normalize_for_visualization(ctx, P)
n = len(req["x"])
xs = (ctypes.c_double * n)(*req["x"]); ys = (ctypes.c_double * n)(*req["y"])
lib.proj_trans_generic(N, 1, xs, 8, n, ys, 8, n, None, 0, 0, None, 0, 0)
print(json.dumps({"lib": name, "version": lib.proj_info().version.decode(),
                  "x": list(xs), "y": list(ys)}))
'''


def system_proj(src, dst, x, y):
    req = json.dumps({"src": src, "dst": dst, "x": [float(v) for v in x], "y": [float(v) for v in y]})
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROJ_")}
    out = subprocess.run([sys.executable, "-c", SYSTEM_PROJ_HELPER], input=req, capture_output=True,
                         text=True, check=True, env=env)
    res = json.loads(out.stdout)
    return res["version"], np.array(res["x"]), np.array(res["y"])


def helmert_only(src, dst):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        group = TransformerGroup(src, dst, always_xy=True)
    for t in group.transformers:
        if HELMERT_NAME in t.description:
            return t
    raise SystemExit(f"no '{HELMERT_NAME}' operation among {[t.description for t in group.transformers]}")


def fmt(v):
    return repr(float(v))


def write_csv(path, header, cols):
    with open(path, "w", newline="") as f:
        f.write(",".join(header) + "\n")
        for row in zip(*cols):
            f.write(",".join(fmt(v) for v in row) + "\n")
    return os.path.getsize(path)


def describe_operation(t, x, y):
    """Transform one point so PROJ picks an operation, then describe that operation."""
    t.transform(x, y)
    op = t.get_last_used_operation()
    return op.description, op.definition, op.to_proj4()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out-dir", default=DEFAULT_OUT)
    ap.add_argument("--compare-system-proj", action="store_true",
                    help="also transform every point with the system libproj via ctypes and compare")
    args = ap.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)

    print(f"pyproj {pyproj.__version__}, bundled PROJ {pyproj.proj_version_str}, "
          f"network {'on' if pyproj.network.is_network_enabled() else 'off'}")
    try:
        print(f"proj.db EPSG version: {pyproj.database.get_database_metadata('EPSG.VERSION')}")
    except Exception:  # pragma: no cover - older pyproj
        pass

    with warnings.catch_warnings():
        # pyproj warns that the OSTN15 grid (the "best" operation) is missing: expected.
        warnings.simplefilter("ignore")
        fwd = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
        inv = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)

    desc, definition, proj4 = describe_operation(fwd, -1.5, 53.8)
    print(f"forward operation used inside GB: {desc}\n  definition: {definition}\n  to_proj4: {proj4}")
    desc_i, definition_i, _ = describe_operation(inv, 430000.0, 430000.0)
    print(f"inverse operation used inside GB: {desc_i}\n  definition: {definition_i}")

    # ---- forward grid --------------------------------------------------------------
    lons = np.round(-8.0 + 0.25 * np.arange(41), 10)          # -8.0 .. 2.0
    lats = np.round(49.9 + 0.25 * np.arange(45), 10)          # 49.9 .. 60.9
    assert lons[-1] == 2.0 and lats[-1] == 60.9
    LAT, LON = np.meshgrid(lats, lons, indexing="ij")          # rows by latitude, then longitude
    lon, lat = LON.ravel(), LAT.ravel()
    e, n = fwd.transform(lon, lat)
    e, n = np.asarray(e), np.asarray(n)
    ok = np.isfinite(e) & np.isfinite(n)
    lon, lat, e, n = lon[ok], lat[ok], e[ok], n[ok]
    he, hn = helmert_only("EPSG:4326", "EPSG:27700").transform(lon, lat)
    fallback = (np.abs(he - e) > 1e-6) | (np.abs(hn - n) > 1e-6)
    size = write_csv(os.path.join(args.out_dir, "pyproj-gb-grid.csv"), ["lon", "lat", "easting", "northing"],
                     [lon, lat, e, n])
    print(f"pyproj-gb-grid.csv: {len(lon)} points ({(~ok).sum()} non-finite dropped), {size} bytes; "
          f"{(~fallback).sum()} via '{HELMERT_NAME}', {fallback.sum()} via another operation "
          f"(lon {sorted(set(lon[fallback].tolist()))}), max |default - Helmert(6)| "
          f"{np.max(np.hypot(he - e, hn - n)):.3f} m")

    # ---- inverse grid --------------------------------------------------------------
    ee = np.arange(0, 700001, 25000, dtype=float)
    nn = np.arange(0, 1250001, 25000, dtype=float)
    NN, EE = np.meshgrid(nn, ee, indexing="ij")
    E, N = EE.ravel(), NN.ravel()
    ilon, ilat = inv.transform(E, N)
    ilon, ilat = np.asarray(ilon), np.asarray(ilat)
    ok_i = np.isfinite(ilon) & np.isfinite(ilat)
    E, N, ilon, ilat = E[ok_i], N[ok_i], ilon[ok_i], ilat[ok_i]
    hlon, hlat = helmert_only("EPSG:27700", "EPSG:4326").transform(E, N)
    fallback_i = (np.abs(hlon - ilon) > 1e-10) | (np.abs(hlat - ilat) > 1e-10)
    size_i = write_csv(os.path.join(args.out_dir, "pyproj-gb-grid-inverse.csv"),
                       ["easting", "northing", "lon", "lat"], [E, N, ilon, ilat])
    print(f"pyproj-gb-grid-inverse.csv: {len(E)} points ({(~ok_i).sum()} non-finite dropped), {size_i} bytes; "
          f"{(~fallback_i).sum()} via '{HELMERT_NAME}', {fallback_i.sum()} via another operation")
    if fallback_i.any():
        print("  inverse points not via Helmert (6): " +
              " ".join(f"({int(a)},{int(b)})" for a, b in zip(E[fallback_i], N[fallback_i])))

    # round-trip sanity of the text: parsing the written numbers gives back the same doubles
    for name, cols in (("pyproj-gb-grid.csv", (lon, lat, e, n)), ("pyproj-gb-grid-inverse.csv", (E, N, ilon, ilat))):
        back = np.loadtxt(os.path.join(args.out_dir, name), delimiter=",", skiprows=1)
        assert np.array_equal(back, np.column_stack(cols)), name

    if args.compare_system_proj:
        ver, sx, sy = system_proj("EPSG:4326", "EPSG:27700", lon, lat)
        print(f"system PROJ {ver} forward: max |dE| {np.max(np.abs(sx - e)):.3g} m, "
              f"max |dN| {np.max(np.abs(sy - n)):.3g} m over {len(lon)} points")
        ver, sx, sy = system_proj("EPSG:27700", "EPSG:4326", E, N)
        print(f"system PROJ {ver} inverse: max |dlon| {np.max(np.abs(sx - ilon)):.3g} deg, "
              f"max |dlat| {np.max(np.abs(sy - ilat)):.3g} deg over {len(E)} points")


if __name__ == "__main__":
    main()
