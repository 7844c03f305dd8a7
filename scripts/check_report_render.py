#!/usr/bin/env python3
"""Renders the catalogue report of a few bundled scenes in headless Chromium and checks the picture.

    scripts/check_report_render.py [--bechdelcli PATH] [--chromium PATH] [--screenshot OUT.png] [--height PX]

Makes a results store of the bundled scenes (one of them under a hostile file name) with `bechdelcli batch`, writes
`bechdelcli report` with the predictions of Fixtures/movies_sample.csv, renders the page offline in headless
Chromium (Debian package `chromium`; every host name resolves to nothing) and checks the screenshot: not blank, the
women's and men's colours of the timelines both present. --screenshot keeps the picture (the README's
docs/report.png is made with --screenshot docs/report.png --height 1500). Exit 0 when the page renders as
expected, 1 when it does not, 2 when a tool is missing.
Python standard library only.
"""
import argparse
import csv
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WOMEN = (0xD5, 0x5E, 0x00)   # --f in the report's CSS
MEN = (0x00, 0x72, 0xB2)     # --m


def read_png(path):
    """(width, height, rows of RGB tuples) of an 8-bit, non-interlaced RGB or RGBA PNG."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG")
    pos, idat, width = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or colour not in (2, 6) or interlace:
                raise ValueError(f"{path}: PNG depth {depth} colour type {colour} interlace {interlace} not handled")
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous, i = [], bytearray(stride), 0
    for _ in range(height):
        kind, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b = previous[x]
            c = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([tuple(line[x:x + 3]) for x in range(0, stride, channels)])
        previous = line
    return width, height, rows


def near(pixel, colour, tolerance=24):
    return all(abs(p - c) <= tolerance for p, c in zip(pixel, colour))


def run(command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode not in (0, 1) or (result.returncode == 1 and command[1] != "batch"):
        sys.exit(f"check_report_render: {' '.join(command[:2])} failed ({result.returncode}): {result.stderr.strip()}")
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bechdelcli", default=os.environ.get("BECHDELCLI", os.path.join(ROOT, ".build/release/bechdelcli")))
    parser.add_argument("--chromium", default=shutil.which("chromium") or shutil.which("chromium-browser"))
    parser.add_argument("--screenshot", help="keep the screenshot here")
    parser.add_argument("--height", type=int, default=2600, help="height of the browser window, pixels")
    args = parser.parse_args()
    if not args.chromium:
        print("check_report_render: chromium not found (Debian package chromium)", file=sys.stderr)
        return 2
    if not os.access(args.bechdelcli, os.X_OK):
        print(f"check_report_render: {args.bechdelcli}: no bechdelcli executable (swift build -c release)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as work:
        films = os.path.join(work, "films")
        os.makedirs(films)
        fixtures = os.path.join(ROOT, "Fixtures")
        hostile = "<b onmouseover=\"alert('x')\">Amélie & co"
        shutil.copy(os.path.join(fixtures, "example_scene.flac"), os.path.join(films, hostile + ".flac"))
        for name in ("female_male", "two_males", "one_female"):
            shutil.copy(os.path.join(fixtures, "scenes", name + ".flac"), films)
        manifest = os.path.join(work, "films.csv")
        with open(manifest, "w", encoding="utf-8", newline="") as f:
            # imdb ids of Fixtures/movies_sample.csv, so the report joins predictions to the scenes.
            writer = csv.writer(f)
            writer.writerow(["path", "film_id", "imdb_id"])
            writer.writerow([f"films/{hostile}.flac", hostile, "tt0416047"])
            writer.writerows([["films/female_male.flac", "female_male", "tt2116853"],
                              ["films/two_males.flac", "two_males", "tt0000012"],
                              ["films/one_female.flac", "one_female", "tt0216016"]])
        store, page = os.path.join(work, "results.sqlite"), os.path.join(work, "report.html")
        run([args.bechdelcli, "batch", manifest, "--store", store])
        run([args.bechdelcli, "report", store, "-o", page, "--films", os.path.join(fixtures, "movies_sample.csv"),
             "--title", "Catalogue report of four bundled scenes"])
        with open(page, encoding="utf-8") as f:
            html = f.read()
        if "<b onmouseover" in html:
            print("check_report_render: a hostile file name reached the page unescaped", file=sys.stderr)
            return 1
        if "<b>4</b><span>films counted</span>" not in html:
            print("check_report_render: the report does not count the four scenes", file=sys.stderr)
            return 1
        shot = os.path.join(work, "report.png")
        command = [args.chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                   "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND", f"--window-size=1000,{args.height}",
                   f"--screenshot={shot}", "file://" + page]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120,
                                env={**os.environ, "HOME": work})
        if result.returncode != 0 or not os.path.exists(shot):
            print(f"check_report_render: chromium failed ({result.returncode}): {result.stderr.strip()[-500:]}", file=sys.stderr)
            return 1
        width, height, rows = read_png(shot)
        pixels = [p for row in rows for p in row]
        ink = sum(1 for p in pixels if sum(p) < 600)
        women = sum(1 for p in pixels if near(p, WOMEN))
        men = sum(1 for p in pixels if near(p, MEN))
        print(f"report rendered {width}x{height}: {ink} ink pixels, {women} women's colour, {men} men's colour")
        if args.screenshot:
            shutil.copy(shot, args.screenshot)
        problems = []
        if ink < 0.01 * len(pixels):
            problems.append("the page is blank")
        if women < 2000 or men < 2000:
            problems.append("the timelines are not coloured by sex (too few pixels of one colour)")
        if problems:
            print("check_report_render: " + "; ".join(problems), file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
