"""Shared constants for the synthetic West Yorkshire benchmark data.

Imported by make_polygons.py and make_incidents.py (same directory).
All coordinates are British National Grid (EPSG:27700), metres.
"""
import numpy as np

# Benchmark box (BNG metres).
XMIN, XMAX = 400000.0, 450000.0
YMIN, YMAX = 410000.0, 450000.0
BOX_AREA = (XMAX - XMIN) * (YMAX - YMIN)  # 2.0e9 m^2

# Approximate town centres in West Yorkshire (BNG), with a relative weight
# (roughly population) and a spread (metres).  Used as a fixed "population"
# density for polygon seeds and police.uk map points.
TOWNS = [
    # name,          E,      N,      weight, sigma
    ("Leeds",        430000, 433500, 0.26, 5200),
    ("Bradford",     416500, 433000, 0.16, 4200),
    ("Huddersfield", 414500, 416500, 0.08, 3500),
    ("Wakefield",    433500, 420800, 0.07, 3500),
    ("Halifax",      409500, 425000, 0.05, 2800),
    ("Dewsbury",     424500, 421800, 0.05, 2500),
    ("Keighley",     406000, 441000, 0.03, 2200),
    ("Castleford",   442800, 425800, 0.03, 2200),
    ("Pontefract",   445700, 422000, 0.02, 2000),
    ("Batley",       424500, 424500, 0.03, 1800),
    ("Pudsey",       422000, 433500, 0.03, 2000),
    ("Morley",       426500, 428000, 0.03, 1800),
    ("Otley",        420300, 445500, 0.015, 1500),
    ("Wetherby",     440300, 448100, 0.01, 1500),
    ("Ilkley",       411500, 447500, 0.01, 1500),
    ("Brighouse",    414500, 423000, 0.02, 1800),
]
BACKGROUND_WEIGHT = 0.12  # uniform share over the whole box


def sample_population(rng, n, towns=TOWNS, background=BACKGROUND_WEIGHT):
    """n points from the town mixture + uniform background, all inside the box.

    Deterministic for a given rng state.  Points falling outside the box are
    redrawn (same mixture) until all are inside.
    """
    w = np.array([t[3] for t in towns] + [background], dtype=float)
    w /= w.sum()
    cx = np.array([t[1] for t in towns], dtype=float)
    cy = np.array([t[2] for t in towns], dtype=float)
    sg = np.array([t[4] for t in towns], dtype=float)
    out = np.empty((n, 2))
    todo = np.arange(n)
    while todo.size:
        m = todo.size
        comp = rng.choice(len(w), size=m, p=w)
        z = rng.standard_normal((m, 2))
        u = rng.random((m, 2))
        bg = comp == len(towns)
        c = np.where(bg, 0, comp)
        x = np.where(bg, XMIN + u[:, 0] * (XMAX - XMIN), cx[c] + z[:, 0] * sg[c])
        y = np.where(bg, YMIN + u[:, 1] * (YMAX - YMIN), cy[c] + z[:, 1] * sg[c])
        ok = (x > XMIN) & (x < XMAX) & (y > YMIN) & (y < YMAX)
        out[todo[ok], 0] = x[ok]
        out[todo[ok], 1] = y[ok]
        todo = todo[~ok]
    return out
