#!/usr/bin/env python3
"""Writes Fixtures/hostile/: odd, damaged and hostile inputs with the outcome bechdelcli must give for each
(Fixtures/hostile/expected.csv), exercised by Tests/BechdelCLITests/HostileInputTests.swift.

Every case must end in a correct result (exit 0 and the expected stdout) or one clear line on stderr naming the
file and exit 2: never a signal, never exit 1 for bad input, never a control character in the message.
expected.csv columns: file (relative to Fixtures/hostile), command (count | predict | explain), exit (0 or 2),
expect (exit 0: the exact first line of stdout; exit 2: a substring of the one-line error).

Audio comes from seeded synthesis and from the committed fixtures (LibriSpeech excerpts, CC BY 4.0); the CSVs
are built from Fixtures/movies_sample.csv. Deterministic: the same bytes on every run (numpy, soundfile).
Usage: scripts/make_hostile_fixtures.py   (development only)
"""
import csv
import os
import struct

import numpy as np
import soundfile as sf

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIX = os.path.join(ROOT, "Fixtures")
OUT = os.path.join(FIX, "hostile")
SR = 16000
NONE = '{"M": 0, "F": 0}'


def wav_header(channels, rate, bits, data_bytes, declared_bytes=None, fmt_tag=1):
    declared = data_bytes if declared_bytes is None else declared_bytes
    block = (channels * bits // 8) & 0xFFFF
    return (b"RIFF" + struct.pack("<I", (36 + declared) & 0xFFFFFFFF) + b"WAVE" + b"fmt "
            + struct.pack("<IHHIIHH", 16, fmt_tag, channels & 0xFFFF, rate & 0xFFFFFFFF,
                          (rate * block) & 0xFFFFFFFF, block, bits)
            + b"data" + struct.pack("<I", declared & 0xFFFFFFFF))


def zero_peak_timestamp(path):
    """libsndfile stamps the PEAK chunk of float WAVs with the time of writing; zero it so reruns are identical."""
    with open(path, "rb") as f:
        data = bytearray(f.read())
    at = data.find(b"PEAK")
    if at >= 0:
        data[at + 12:at + 16] = bytes(4)   # chunk id, size, version, then the timestamp
    with open(path, "wb") as f:
        f.write(data)


def main():
    rng = np.random.default_rng(20261130)
    audio = os.path.join(OUT, "audio")
    tables = os.path.join(OUT, "csv")
    os.makedirs(audio, exist_ok=True)
    os.makedirs(tables, exist_ok=True)
    cases = []

    def add(name, command, code, expect):
        cases.append((name, command, code, expect))

    t = np.arange(int(0.1 * SR)) / SR
    sf.write(os.path.join(audio, "tone_0.1s.wav"), 0.3 * np.sin(2 * np.pi * 440 * t), SR, subtype="PCM_16")
    add("audio/tone_0.1s.wav", "count", 0, NONE)
    speech, sr = sf.read(os.path.join(FIX, "formats", "speech_16k_s16.wav"), dtype="float32")
    sf.write(os.path.join(audio, "speech_1s.wav"), speech[:SR], SR, subtype="PCM_16")
    add("audio/speech_1s.wav", "count", 0, NONE)   # one second of speech is under --min-speech
    t = np.arange(2 * 96000) / 96000
    six = np.stack([0.05 * np.sin(2 * np.pi * (200 + 50 * c) * t) for c in range(6)], axis=1)
    sf.write(os.path.join(audio, "six_channels_96k.flac"), six, 96000, subtype="PCM_16")
    add("audio/six_channels_96k.flac", "count", 0, NONE)
    sf.write(os.path.join(audio, "pcm_u8.wav"), 0.2 * np.sin(2 * np.pi * 300 * np.arange(2 * 8000) / 8000), 8000,
             subtype="PCM_U8")
    add("audio/pcm_u8.wav", "count", 0, NONE)
    sf.write(os.path.join(audio, "dc_offset.wav"), 0.6 + 0.01 * rng.standard_normal(2 * SR), SR, subtype="PCM_16")
    add("audio/dc_offset.wav", "count", 0, NONE)
    sq = np.sign(np.sin(2 * np.pi * 150 * np.arange(2 * 44100) / 44100))
    sf.write(os.path.join(audio, "clipped_square.wav"), np.stack([sq, -sq], axis=1), 44100, subtype="PCM_16")
    add("audio/clipped_square.wav", "count", 0, NONE)
    sf.write(os.path.join(audio, "silence_60s.flac"), np.zeros(60 * SR), SR, subtype="PCM_16")
    add("audio/silence_60s.flac", "count", 0, NONE)
    sf.write(os.path.join(audio, "white_noise_60s.wav"), np.clip(0.3 * rng.standard_normal(60 * 8000), -1, 1), 8000,
             subtype="PCM_U8")
    add("audio/white_noise_60s.wav", "count", 0, NONE)
    x = (0.05 * rng.standard_normal(2 * SR)).astype(np.float32)
    x[100] = np.nan
    x[2000] = np.inf
    x[3000] = -np.inf
    x[5000:9000] = np.nan
    sf.write(os.path.join(audio, "float_nan_inf.wav"), x, SR, subtype="FLOAT")
    zero_peak_timestamp(os.path.join(audio, "float_nan_inf.wav"))
    add("audio/float_nan_inf.wav", "count", 0, NONE)
    body = (0.1 * rng.standard_normal(2 * SR) * 32767).astype("<i2").tobytes()
    with open(os.path.join(audio, "header_claims_one_hour.wav"), "wb") as f:
        f.write(wav_header(1, SR, 16, len(body), declared_bytes=3600 * SR * 2) + body)
    add("audio/header_claims_one_hour.wav", "count", 2, "truncated audio")
    with open(os.path.join(audio, "zero_channels.wav"), "wb") as f:
        f.write(wav_header(0, SR, 16, 100) + bytes(100))
    add("audio/zero_channels.wav", "count", 2, "zero_channels.wav")
    with open(os.path.join(audio, "65535_channels.wav"), "wb") as f:
        f.write(wav_header(65535, SR, 16, 100) + bytes(100))
    add("audio/65535_channels.wav", "count", 2, "65535_channels.wav")
    with open(os.path.join(audio, "sample_rate_1hz.wav"), "wb") as f:
        f.write(wav_header(1, 1, 16, 32000) + body[:32000])
    add("audio/sample_rate_1hz.wav", "count", 2, "sample rate 1 Hz")
    with open(os.path.join(audio, "sample_rate_0hz.wav"), "wb") as f:
        f.write(wav_header(1, 0, 16, 32000) + body[:32000])
    add("audio/sample_rate_0hz.wav", "count", 2, "zero sample rate")
    # A block codec cut in the middle of its data chunk: the frames are known only in proportion.
    ima = os.path.join(audio, "ima_adpcm_truncated.wav")
    sf.write(ima, speech[:2 * SR], SR, subtype="IMA_ADPCM")
    with open(ima, "rb") as f:
        data = f.read()
    with open(ima, "wb") as f:
        f.write(data[:len(data) // 2])
    add("audio/ima_adpcm_truncated.wav", "count", 2, "truncated audio")
    # MP3 with 2,000 bytes of noise a third of the way in: the decoder's own notes must not reach stderr.
    with open(os.path.join(FIX, "formats", "speech_44k.mp3"), "rb") as f:
        mp3 = bytearray(f.read())
    third = len(mp3) // 3
    mp3[third:third + 2000] = np.random.default_rng(7).integers(0, 256, 2000, dtype=np.uint8).tobytes()
    with open(os.path.join(audio, "mp3_damaged_middle.mp3"), "wb") as f:
        f.write(bytes(mp3))
    add("audio/mp3_damaged_middle.mp3", "count", 2, "damaged MPEG stream")
    # An ID3 tag in front of FLAC data: not MPEG audio, read as FLAC.
    flac = os.path.join(audio, "id3_then_flac.flac")
    sf.write(flac, speech[:2 * SR], SR, format="FLAC")
    with open(flac, "rb") as f:
        data = f.read()
    tag = b"TIT2" + struct.pack(">I", 6) + b"\x00\x00" + b"\x00scene"
    with open(flac, "wb") as f:
        f.write(b"ID3\x03\x00\x00" + bytes([0, 0, 0, len(tag)]) + tag + data)
    add("audio/id3_then_flac.flac", "count", 0, NONE)
    with open(os.path.join(audio, "random_bytes.wav"), "wb") as f:
        f.write(rng.integers(0, 256, 50000, dtype=np.uint8).tobytes())
    add("audio/random_bytes.wav", "count", 2, "no known audio header")
    with open(os.path.join(audio, "random_bytes_mpeg_sync.wav"), "wb") as f:
        f.write(b"\xff\xe4\x22\x79" + rng.integers(0, 256, 50000, dtype=np.uint8).tobytes())
    add("audio/random_bytes_mpeg_sync.wav", "count", 2, "no known audio header")
    sf.write(os.path.join(audio, "flac_named.wav"), speech[:2 * SR], SR, format="FLAC")
    add("audio/flac_named.wav", "count", 0, NONE)

    with open(os.path.join(FIX, "movies_sample.csv"), encoding="utf-8") as f:
        lines = [l for l in f.read().split("\n") if l]
    header, rows = lines[0], lines[1:]
    cols = header.split(",")
    first = next(csv.reader([rows[0]]))

    def write(name, text, mode="w"):
        with open(os.path.join(tables, name), mode, newline="" if mode == "w" else None) as f:
            f.write(text)

    def row(cells):
        out = []
        for c in cells:
            out.append('"' + c.replace('"', '""') + '"' if any(ch in c for ch in ',"\n\r') else c)
        return ",".join(out)

    write("bom_crlf.csv", "\ufeff" + "\r\n".join([header] + rows[:3]) + "\r\n")
    add("csv/bom_crlf.csv", "predict", 0, "imdb_id,predicted_rating,p0,p1,p2,p3,p_pass")
    write("header_only.csv", header + "\n")
    add("csv/header_only.csv", "predict", 0, "imdb_id,predicted_rating,p0,p1,p2,p3,p_pass")
    add("csv/header_only.csv", "explain", 2, "no films")
    write("empty.csv", "")
    add("csv/empty.csv", "predict", 2, "empty.csv")
    write("unbalanced_quotes.csv", header + "\n" + rows[0].replace(",", ',"', 1) + "\n")
    add("csv/unbalanced_quotes.csv", "predict", 2, "unbalanced_quotes.csv")
    big = list(first)
    big[cols.index("title")] = "x" * (2 * 1024 * 1024)
    write("field_2mb.csv", header + "\n" + row(big) + "\n")
    add("csv/field_2mb.csv", "predict", 0, "imdb_id,predicted_rating,p0,p1,p2,p3,p_pass")
    write("wrong_columns.csv", "foo,bar,baz\n1,2,3\n4,5,6\n")
    add("csv/wrong_columns.csv", "predict", 2, "none of the model's feature columns")
    garbage = list(first)
    garbage[cols.index("year")] = "nineteen-ninety"
    write("garbage_numbers.csv", header + "\n" + row(garbage) + "\n")
    add("csv/garbage_numbers.csv", "predict", 2, "not a number")
    write("ragged.csv", header + "\n" + row(first[:5]) + "\n" + row(first + ["extra"]) + "\n")
    add("csv/ragged.csv", "predict", 2, "has 5 fields")
    nul = list(first)
    nul[cols.index("year")] = "19\x0099\x1b[31m"
    write("nul_and_escape_in_number.csv", header + "\n" + row(nul) + "\n")
    add("csv/nul_and_escape_in_number.csv", "predict", 2, "19\\099\\u{1B}[31m")
    nul_title = list(first)
    nul_title[cols.index("title")] = "Ti\x00tle"
    write("nul_in_text.csv", header + "\n" + row(nul_title) + "\n")
    add("csv/nul_in_text.csv", "predict", 0, "imdb_id,predicted_rating,p0,p1,p2,p3,p_pass")
    write("random_bytes.csv", rng.integers(0, 256, 20000, dtype=np.uint8).tobytes(), mode="wb")
    add("csv/random_bytes.csv", "predict", 2, "not valid UTF-8")

    with open(os.path.join(OUT, "expected.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["file", "command", "exit", "expect"])
        for c in cases:
            w.writerow(c)
    print(f"{len(cases)} cases in {OUT}")


if __name__ == "__main__":
    main()
