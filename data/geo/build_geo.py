"""Build data/geo/countries.geojson from npm's ``world-atlas`` package.

Fetches a pinned ``world-atlas`` tarball with ``npm pack`` (npm registry only),
checks its sha512 integrity, decodes the Natural Earth TopoJSON for the chosen
resolution to GeoJSON in pure Python, keeps China and the five Central Asian
republics, rounds coordinates to 3 decimals (dropping consecutive duplicate points
and rings that collapse), winds rings per RFC 7946 (exterior counter-clockwise) and
writes a compact FeatureCollection, one feature per line.

Usage (from the repository root)::

    python data/geo/build_geo.py                 # 50m, the default
    python data/geo/build_geo.py --resolution 110m

Needs ``npm`` on PATH and nothing beyond the Python standard library.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import itertools
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

WORLD_ATLAS_VERSION = "2.0.2"
# Integrity of world-atlas-2.0.2.tgz as published on the npm registry.
WORLD_ATLAS_INTEGRITY = (
    "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ=="
)
RESOLUTIONS = ("110m", "50m")
DECIMALS = 3

# ISO 3166-1 numeric -> (alpha-3, English short name), in output order.
COUNTRIES: dict[str, tuple[str, str]] = {
    "156": ("CHN", "China"),
    "398": ("KAZ", "Kazakhstan"),
    "417": ("KGZ", "Kyrgyzstan"),
    "762": ("TJK", "Tajikistan"),
    "795": ("TKM", "Turkmenistan"),
    "860": ("UZB", "Uzbekistan"),
}

HERE = Path(__file__).resolve().parent
DEFAULT_OUTPUT = HERE / "countries.geojson"

Point = tuple[float, float]
Ring = list[Point]


def npm_pack(version: str, dest: Path) -> Path:
    """Fetch ``world-atlas@version`` into ``dest`` via ``npm pack``; return its path."""
    cmd = [
        "npm",
        "pack",
        f"world-atlas@{version}",
        "--pack-destination",
        str(dest),
        "--json",
        "--ignore-scripts",
    ]
    print("running:", " ".join(cmd))
    result = subprocess.run(cmd, check=True, capture_output=True, text=True)
    info = json.loads(result.stdout)[0]
    tarball = dest / info["filename"]
    if not tarball.is_file():
        raise FileNotFoundError(tarball)
    return tarball


def sha512_integrity(path: Path) -> str:
    """Return the Subresource-Integrity style sha512 string npm uses."""
    digest = hashlib.sha512(path.read_bytes()).digest()
    return "sha512-" + base64.b64encode(digest).decode("ascii")


def read_member(tarball: Path, name: str) -> bytes:
    """Read one file from the npm tarball (members live under ``package/``)."""
    with tarfile.open(tarball, "r:gz") as tar:
        member = tar.extractfile(f"package/{name}")
        if member is None:
            raise FileNotFoundError(f"package/{name} in {tarball}")
        return member.read()


def decode_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    """Decode (quantized, delta-encoded) TopoJSON arcs to absolute lon/lat points."""
    transform = topology.get("transform")
    arcs: list[list[Point]] = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(p[0]), float(p[1])) for p in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points: list[Point] = []
        for p in arc:
            x += p[0]
            y += p[1]
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def stitch_ring(indexes: list[int], arcs: list[list[Point]]) -> Ring:
    """Join arcs into one ring; ``~i`` (i.e. ``-i - 1``) means arc ``i`` reversed."""
    ring: Ring = []
    for index in indexes:
        points = arcs[~index][::-1] if index < 0 else arcs[index]
        if ring:
            ring.pop()  # shared point with the previous arc's end
        ring.extend(points)
    return ring


def clean_ring(ring: Ring, decimals: int) -> Ring | None:
    """Round, drop consecutive duplicates, keep the ring closed; None if degenerate."""
    out: Ring = []
    for lon, lat in ring:
        point = (round(lon, decimals), round(lat, decimals))
        if not out or point != out[-1]:
            out.append(point)
    if out and out[0] != out[-1]:
        out.append(out[0])
    # A linear ring needs at least 4 positions (3 distinct + closing one).
    if len(out) < 4 or len(set(out)) < 3:
        return None
    return out


def signed_area(ring: Ring) -> float:
    """Shoelace area in degrees²: positive if counter-clockwise in lon/lat."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring)) / 2


def orient(ring: Ring, *, exterior: bool) -> Ring:
    """RFC 7946 winding: exterior rings counter-clockwise, holes clockwise."""
    ccw = signed_area(ring) > 0
    return ring if ccw == exterior else ring[::-1]


def decode_polygon(rings: list[list[int]], arcs: list[list[Point]], decimals: int) -> list[list[list[float]]] | None:
    """Decode one polygon; drop degenerate holes, and the polygon if its shell is."""
    out: list[list[list[float]]] = []
    for i, indexes in enumerate(rings):
        ring = clean_ring(stitch_ring(indexes, arcs), decimals)
        if ring is None:
            if i == 0:
                return None
            continue
        ring = orient(ring, exterior=i == 0)
        out.append([[lon, lat] for lon, lat in ring])
    return out


def decode_geometry(geometry: dict[str, Any], arcs: list[list[Point]], decimals: int) -> dict[str, Any]:
    """Decode a TopoJSON Polygon or MultiPolygon geometry object to GeoJSON."""
    kind = geometry["type"]
    if kind == "Polygon":
        polygons = [geometry["arcs"]]
    elif kind == "MultiPolygon":
        polygons = geometry["arcs"]
    else:
        raise ValueError(f"unsupported geometry type {kind!r}")
    decoded = [p for p in (decode_polygon(r, arcs, decimals) for r in polygons) if p]
    if not decoded:
        raise ValueError(f"geometry {geometry.get('id')!r} is empty after rounding")
    if len(decoded) == 1:
        return {"type": "Polygon", "coordinates": decoded[0]}
    return {"type": "MultiPolygon", "coordinates": decoded}


def build_features(topology: dict[str, Any], decimals: int) -> list[dict[str, Any]]:
    """Return GeoJSON features for COUNTRIES, in COUNTRIES order."""
    arcs = decode_arcs(topology)
    by_id = {str(g["id"]): g for g in topology["objects"]["countries"]["geometries"] if "id" in g}
    missing = sorted(set(COUNTRIES) - set(by_id))
    if missing:
        raise KeyError(f"ISO numeric ids not in topology: {missing}")
    features = []
    for numeric, (iso3, name) in COUNTRIES.items():
        source = by_id[numeric]
        features.append(
            {
                "type": "Feature",
                "id": iso3,
                "properties": {"iso3": iso3, "name": name, "iso_numeric": numeric},
                "geometry": decode_geometry(source, arcs, decimals),
            }
        )
        source_name = source["properties"].get("name")
        print(f"  {iso3} {numeric} {name} (source name {source_name!r})")
    return features


def write_geojson(features: list[dict[str, Any]], metadata: dict[str, Any], path: Path) -> None:
    """Write a compact FeatureCollection, one feature per line."""
    head = {"type": "FeatureCollection", "metadata": metadata}
    lines = [json.dumps(head, separators=(",", ":"))[:-1] + ',"features":[']
    body = [json.dumps(f, separators=(",", ":"), ensure_ascii=False) for f in features]
    lines.append(",\n".join(body))
    lines.append("]}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resolution", choices=RESOLUTIONS, default="50m")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--world-atlas-version", default=WORLD_ATLAS_VERSION)
    args = parser.parse_args(argv)

    source_file = f"countries-{args.resolution}.json"
    with tempfile.TemporaryDirectory(prefix="world-atlas-") as tmp:
        tarball = npm_pack(args.world_atlas_version, Path(tmp))
        integrity = sha512_integrity(tarball)
        print(f"tarball {tarball.name} {integrity}")
        if args.world_atlas_version == WORLD_ATLAS_VERSION and integrity != WORLD_ATLAS_INTEGRITY:
            raise SystemExit(f"integrity mismatch: expected {WORLD_ATLAS_INTEGRITY}")
        topology = json.loads(read_member(tarball, source_file))

    features = build_features(topology, DECIMALS)
    metadata = {
        "source": f"world-atlas@{args.world_atlas_version} (npm) {source_file}",
        "world_atlas_version": args.world_atlas_version,
        "tarball_integrity": integrity,
        "resolution": args.resolution,
        "coordinate_decimals": DECIMALS,
        "data": "Natural Earth (public domain); world-atlas is ISC-licensed",
        "note": ("Boundaries are illustrative and do not imply any position on the legal status of any territory."),
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    write_geojson(features, metadata, args.output)
    size = args.output.stat().st_size
    print(f"wrote {args.output} ({size:,} bytes, {len(features)} features)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
