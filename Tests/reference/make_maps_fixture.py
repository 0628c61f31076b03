"""Reference values for NeighbourhoodMapsTests, from packages independent of the project.

- Jenks natural breaks from jenkspy 0.4.1 (`jenkspy.jenks_breaks`) and quantile bounds from
  numpy's `percentile` (linear interpolation) on: the 2011 Census population of the 1,388
  West Yorkshire LSOAs (geodata/census-2011-lsoa-population.csv), their area in hectares, and
  two seeded synthetic sets (skewed counts with many ties, and normal values).
- District outlines from shapely 2: for each LAD11CD of geodata/wy-lsoa-2011.geojson, the
  member LSOAs projected to EPSG:27700 with pyproj, `unary_union`, and the length of its
  boundary (metres), the number of polygon parts and of holes.

Usage: python3 Tests/reference/make_maps_fixture.py   (writes Tests/NeighbourhoodMapsTests/Fixtures/maps-reference.json)
Requirements: Tests/reference/requirements-maps.txt
"""
import csv
import json
import os
from collections import defaultdict

import jenkspy
import numpy as np
import pyproj
import shapely
from shapely.geometry import shape
from shapely.ops import transform, unary_union

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def classification_cases():
    rows = list(csv.DictReader(open(os.path.join(ROOT, "geodata/census-2011-lsoa-population.csv"))))
    layer = json.load(open(os.path.join(ROOT, "geodata/wy-lsoa-2011.geojson")))
    wy = {f["properties"]["LSOA11CD"] for f in layer["features"]}
    population = [float(r["population"]) for r in rows if r["lsoa11cd"] in wy]
    hectares = [float(r["area_hectares"]) for r in rows if r["lsoa11cd"] in wy]
    rng = np.random.default_rng(20181)
    counts = [float(v) for v in rng.negative_binomial(2, 0.15, 400)]
    normal = [round(float(v), 6) for v in rng.normal(50, 12, 300)]
    cases = []
    for name, values in [("wy_population", population), ("wy_hectares", hectares), ("negbin_counts", counts), ("normal", normal)]:
        for k in (3, 5, 7):
            cases.append({
                "name": name, "classes": k, "values": values,
                "jenks": [float(b) for b in jenkspy.jenks_breaks(values, n_classes=k)],
                "quantiles": [float(np.percentile(values, 100.0 * i / k)) for i in range(k + 1)],
            })
    return cases


def outline_cases():
    layer = json.load(open(os.path.join(ROOT, "geodata/wy-lsoa-2011.geojson")))
    to_bng = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True).transform
    groups = defaultdict(list)
    for f in layer["features"]:
        groups[f["properties"]["LAD11CD"]].append(transform(to_bng, shape(f["geometry"])))
    out = []
    for district, geoms in sorted(groups.items()):
        union = unary_union(geoms)
        parts = list(union.geoms) if union.geom_type == "MultiPolygon" else [union]
        out.append({
            "district": district, "members": len(geoms), "boundary_length_m": union.boundary.length,
            "parts": len(parts), "holes": sum(len(p.interiors) for p in parts),
        })
    return out


if __name__ == "__main__":
    fixture = {
        "generator": f"jenkspy {jenkspy.__version__ if hasattr(jenkspy, '__version__') else '0.4.1'}, numpy {np.__version__}, "
        f"shapely {shapely.__version__}, pyproj {pyproj.__version__} (PROJ {pyproj.proj_version_str})",
        "classification": classification_cases(),
        "outlines": outline_cases(),
    }
    path = os.path.join(ROOT, "Tests/NeighbourhoodMapsTests/Fixtures/maps-reference.json")
    with open(path, "w") as f:
        json.dump(fixture, f, indent=1)
    print("wrote", path, len(fixture["classification"]), "classification cases,", len(fixture["outlines"]), "districts")
    for o in fixture["outlines"]:
        print(o)
