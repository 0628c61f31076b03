#!/usr/bin/env python3
"""Writes the big hostile inputs of BENCHMARKS.md's "Hostile input: memory" section.

Never commit the output: it is several GB. Each file is written in 1 MiB pieces, so the
script itself needs little memory. Usage:

    python3 Benchmarks/scripts/make_hostile_inputs.py --out /tmp/nbhd-hostile [--size 1000000000]

Files (SIZE bytes of hostile content each, default 10^9):
  one-line.csv          police.uk header, one good row, a SIZE-byte line without a break, one good row
  whole-line.csv        SIZE bytes of "x" and nothing else: a file that is one line
  one-line.geojson      a FeatureCollection on one line whose "features" array holds SIZE/2 zeros
  long-string.geojson   one valid square feature whose NAME property is a SIZE-byte string
  bomb.geojson.gz       4 * SIZE spaces, gzip-compressed (a few MB), then a tiny valid layer
  one-line.kml          one Placemark whose <description> is a SIZE-byte line of text
  objects.geojson       10 million one-member objects (just under the value budget) and one
                        square: the most memory a GeoJSON document can take apart from its text
  elements.kml          5 million one-attribute elements (just under the element budget) and a square
  points.csv            the small incident file to assign against the hostile layers
"""
import argparse
import gzip
import os

HEADER = ("Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,"
          "LSOA name,Crime type,Last outcome category,Context\n")
ROW = "{},2018-07,WYP,WYP,-1.549,53.800,On or near X,E01011698,Leeds,Burglary,,\n"
SQUARE = "[[[-1.6,53.7],[-1.4,53.7],[-1.4,53.9],[-1.6,53.9],[-1.6,53.7]]]"
FEATURE = ('{{"type":"Feature","properties":{{"CODE":"BOX","NAME":"{}"}},'
           '"geometry":{{"type":"Polygon","coordinates":' + SQUARE + '}}}}')
CHUNK = 1 << 20


def repeat(f, piece: bytes, total: int) -> None:
    """Writes `piece` repeated to `total` bytes."""
    block = piece * (CHUNK // len(piece))
    left = total
    while left > 0:
        n = min(left, len(block))
        f.write(block[:n])
        left -= n


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--size", type=int, default=10**9)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    size = args.size

    with open(os.path.join(args.out, "points.csv"), "w") as f:
        f.write(HEADER + ROW.format("a") + ROW.format("b"))

    with open(os.path.join(args.out, "one-line.csv"), "wb") as f:
        f.write((HEADER + ROW.format("a")).encode())
        repeat(f, b"x", size)
        f.write(b"\n" + ROW.format("b").encode())

    with open(os.path.join(args.out, "whole-line.csv"), "wb") as f:
        repeat(f, b"x", size)

    with open(os.path.join(args.out, "one-line.geojson"), "wb") as f:
        f.write(b'{"type":"FeatureCollection","features":[0')
        repeat(f, b",0", size - 1)
        f.write(b"]}")

    with open(os.path.join(args.out, "long-string.geojson"), "wb") as f:
        head, tail = FEATURE.format("@@").split("@@")
        f.write(('{"type":"FeatureCollection","features":[' + head).encode())
        repeat(f, b"x", size)
        f.write((tail + "]}").encode())

    with gzip.open(os.path.join(args.out, "bomb.geojson.gz"), "wb", compresslevel=9) as f:
        repeat(f, b" ", 4 * size)
        f.write(('{"type":"FeatureCollection","features":[' + FEATURE.format("n") + "]}").encode())

    with open(os.path.join(args.out, "one-line.kml"), "wb") as f:
        f.write(b'<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
                b"<Placemark><name>BOX</name><description>")
        repeat(f, b"x", size)
        f.write(b"</description><Polygon><outerBoundaryIs><LinearRing><coordinates>"
                b"-1.6,53.7 -1.4,53.7 -1.4,53.9 -1.6,53.9 -1.6,53.7"
                b"</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></Document></kml>\n")

    with open(os.path.join(args.out, "objects.geojson"), "wb") as f:
        f.write(b'{"type":"FeatureCollection","junk":[{"a":"b"}')
        repeat(f, b',{"a":"b"}', 10 * (4_999_900 - 1))
        f.write(('],"features":[' + FEATURE.format("n") + "]}").encode())

    with open(os.path.join(args.out, "elements.kml"), "wb") as f:
        f.write(b'<?xml version="1.0" encoding="UTF-8"?><kml><Document><Folder>')
        repeat(f, b'<a b="c"/>', 10 * 4_999_900)
        f.write(b"</Folder><Placemark><name>BOX</name><Polygon><outerBoundaryIs><LinearRing><coordinates>"
                b"-1.6,53.7 -1.4,53.7 -1.4,53.9 -1.6,53.9 -1.6,53.7"
                b"</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></Document></kml>\n")


if __name__ == "__main__":
    main()
