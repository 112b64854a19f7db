"""Copy the front-end files the site serves itself into static/, from node_modules (npm install):

- static/vendor/leaflet/: Leaflet's script, style sheet and images, as published;
- static/map/countries.geojson: the country outlines the place maps draw instead of tiles from a
  tile server, so that no request leaves the site. From world-atlas (Natural Earth 1:110m, public
  domain), its TopoJSON decoded here.

Run after changing package.json:  npm install && .venv/bin/python tools/vendor_assets.py
"""

import json
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEAFLET = ROOT / "node_modules" / "leaflet"
LEAFLET_TARGET = ROOT / "static" / "vendor" / "leaflet"
SOURCE = ROOT / "node_modules" / "world-atlas" / "countries-110m.json"
TARGET = ROOT / "static" / "map" / "countries.geojson"
DECIMALS = 2  # about 1 km: plenty for a map a few hundred pixels wide


def decode_arcs(topology):
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((round(x * scale_x + shift_x, DECIMALS), round(y * scale_y + shift_y, DECIMALS)))
        arcs.append(points)
    return arcs


def ring(arcs, indexes):
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    deduplicated = [point for i, point in enumerate(points) if i == 0 or point != points[i - 1]]
    return [list(point) for point in deduplicated]


def copy_leaflet():
    shutil.rmtree(LEAFLET_TARGET, ignore_errors=True)
    shutil.copytree(LEAFLET / "dist" / "images", LEAFLET_TARGET / "images")
    shutil.copy2(LEAFLET / "dist" / "leaflet.css", LEAFLET_TARGET / "leaflet.css")
    # Without its source map: browsers only fetch it for their developer tools, and the hashed
    # static storage would insist on finding it.
    script = (LEAFLET / "dist" / "leaflet.js").read_text()
    (LEAFLET_TARGET / "leaflet.js").write_text(re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", script))
    shutil.copy2(LEAFLET / "LICENSE", LEAFLET_TARGET / "LICENSE")
    print(
        f"{LEAFLET_TARGET.relative_to(ROOT)}: Leaflet {json.loads((LEAFLET / 'package.json').read_text())['version']}"
    )


def build_outline():
    topology = json.loads(SOURCE.read_text())
    arcs = decode_arcs(topology)
    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        coordinates = [[ring(arcs, r) for r in polygon] for polygon in polygons]
        coordinates = [[r for r in polygon if len(r) >= 4] for polygon in coordinates]
        coordinates = [polygon for polygon in coordinates if polygon]
        features.append(
            {
                "type": "Feature",
                "properties": {"name": geometry.get("properties", {}).get("name", "")},
                "geometry": {"type": "MultiPolygon", "coordinates": coordinates},
            }
        )
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")))
    print(f"{TARGET.relative_to(ROOT)}: {len(features)} countries, {TARGET.stat().st_size // 1024} KB")


if __name__ == "__main__":
    copy_leaflet()
    build_outline()
