#!/usr/bin/env python3
"""Builds the fuzzers' seed inputs from the real public data in ../shared/data.

Seeds are small slices of real files (a few rows, a few features), so that each fuzz input
runs in well under a millisecond: police.uk street CSVs as published and as a spreadsheet
re-saved them; GeoJSON in lon/lat and with a legacy EPSG:27700 `crs` member; the same
features written as KML, KMZ, zipped Shapefiles and GeoPackages by GDAL's ogr2ogr (Debian gdal-bin), an
independent writer. Usage: python3 Fuzz/make_seeds.py OUT_DIR  (needs ogr2ogr from gdal-bin and
Python's standard library).
"""
import gzip, io, json, os, subprocess, sys, tempfile, zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "..", "shared", "data")
out = sys.argv[1]
for target in ("csv", "geojson", "kml", "shapefile", "geopackage"):
    os.makedirs(os.path.join(out, target), exist_ok=True)


def put(target, name, data):
    with open(os.path.join(out, target, name), "wb") as f:
        f.write(data)


# CSV: the first rows of real files, including rows without location, ASB rows without
# Crime ID, Northern Ireland without LSOA codes, BTP points, and the Excel-edited Leeds file.
csvs = [
    "crime/west-yorkshire/2018-07-west-yorkshire-street.csv",
    "crime/west-yorkshire/2016-07-west-yorkshire-street.csv",
    "crime/west-yorkshire/2025-02-leeds-only-excel-edited.csv",
    "crime/other-forces-2021-08/2021-08-btp-street.csv",
    "crime/other-forces-2021-08/2021-08-northern-ireland-street.csv",
    "crime/other-forces-2021-08/2021-08-city-of-london-street.csv",
]
for path in csvs:
    with open(os.path.join(DATA, path), "rb") as f:
        lines = f.read().split(b"\n")
    header, rows = lines[0], lines[1:]
    name = os.path.basename(path)[:-4]
    put("csv", name + "-head.csv", b"\n".join([header] + rows[:12]) + b"\n")
    # rows without location and ASB rows, which the head may not hold
    odd = [r for r in rows if b",," in r][:6]
    put("csv", name + "-odd.csv", b"\r\n".join([header] + odd))

# GeoJSON: a few features of each layer, keeping the document's other members (crs).
layers = {
    "wy-districts": "boundaries/wy-districts-2013.geojson",
    "wy-msoa-bng": "boundaries/wy-msoa-2011-bng27700.geojson",
    "wy-lsoa": "boundaries/wy-lsoa-2011.geojson",
    "wy-lsoa-2021": "boundaries/wy-lsoa-2021-with-counts.geojson",
    "leeds-wards": "boundaries/leeds-wards-current.geojson",
    "wy-wards": "boundaries/wy-wards-2013.geojson",
}
small = {}
for name, path in layers.items():
    doc = json.load(open(os.path.join(DATA, path), encoding="utf-8"))
    feats = sorted(doc["features"], key=lambda f: len(json.dumps(f["geometry"])))
    # the smallest features, plus a MultiPolygon where the layer has one
    chosen = feats[:3] + [f for f in feats if f["geometry"]["type"] == "MultiPolygon"][:1]
    doc["features"] = chosen
    text = json.dumps(doc).encode()
    small[name] = text
    put("geojson", name + ".geojson", text)

# KML, KMZ, zipped Shapefiles and GeoPackages written by GDAL from the same features.
with tempfile.TemporaryDirectory() as tmp:
    for name, text in small.items():
        src = os.path.join(tmp, name + ".geojson")
        open(src, "wb").write(text)
        kml = os.path.join(tmp, name + ".kml")
        subprocess.run(["ogr2ogr", "-f", "KML", kml, src], check=True, capture_output=True)
        data = open(kml, "rb").read()
        put("kml", name + ".kml", data)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("doc.kml", data)
        put("kml", name + ".kmz", buf.getvalue())
        shp_dir = os.path.join(tmp, name + "-shp")
        subprocess.run(["ogr2ogr", "-f", "ESRI Shapefile", "-lco", "ENCODING=UTF-8", shp_dir, src],
                       check=True, capture_output=True)
        gpkg = os.path.join(tmp, name + ".gpkg")
        subprocess.run(["ogr2ogr", "-f", "GPKG", gpkg, src], check=True, capture_output=True)
        put("geopackage", name + ".gpkg", open(gpkg, "rb").read())
        for method, label in ((zipfile.ZIP_STORED, "stored"), (zipfile.ZIP_DEFLATED, "deflated")):
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w", method) as z:
                for file in sorted(os.listdir(shp_dir)):
                    z.write(os.path.join(shp_dir, file), file)
            put("shapefile", f"{name}-{label}.zip", buf.getvalue())
for target in ("csv", "geojson", "kml", "shapefile", "geopackage"):
    files = os.listdir(os.path.join(out, target))
    size = sum(os.path.getsize(os.path.join(out, target, f)) for f in files)
    print(f"{target}: {len(files)} seeds, {size:,} bytes")
