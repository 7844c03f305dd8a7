#!/usr/bin/env bash
# Regenerates Fixtures/formats/ (one 3 s speech clip in many encodings) and Fixtures/bad/ (inputs that
# must be rejected cleanly). Needs sox (with FLAC, Ogg/Vorbis and MP3 support) and python3 + numpy.
# Source: LibriSpeech speaker 163 (held out from model training), CC-BY-4.0; see Fixtures/README.md.
#   scripts/make_format_fixtures.sh [SHARED_DATA_DIR]     (default ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:-../shared/data}"
src="$data/speech/train/163-121908-0000.flac"
fmt=Fixtures/formats
bad=Fixtures/bad
mkdir -p "$fmt" "$bad"

# 3.0 s from 1.0 s in: continuous voiced speech. -D: no dither, so the files are reproducible.
sox -D "$src" -b 16 "$fmt/speech_16k_s16.wav" trim 1.0 3.0
sox -D "$fmt/speech_16k_s16.wav" -b 24 "$fmt/speech_16k_s24.wav"
sox -D "$fmt/speech_16k_s16.wav" -e floating-point -b 32 "$fmt/speech_16k_f32.wav"
sox -D "$fmt/speech_16k_s16.wav" -r 8000 -b 16 "$fmt/speech_8k_s16.wav" rate -v
sox -D "$fmt/speech_16k_s16.wav" -r 44100 -c 2 -b 16 "$fmt/speech_44k_stereo.wav" rate -v
sox -D "$fmt/speech_16k_s16.wav" -r 48000 -c 2 -b 16 "$fmt/speech_48k_stereo.wav" rate -v
sox -D "$fmt/speech_16k_s16.wav" "$fmt/speech_16k.flac"
sox -D "$fmt/speech_16k_s16.wav" -C 6 "$fmt/speech_16k.ogg"
sox -D "$fmt/speech_16k_s16.wav" -r 44100 -C 128 "$fmt/speech_44k.mp3" rate -v

# Bad inputs.
printf 'This is a text file, not audio.\nIt only has a .wav name.\n' > "$bad/text_named.wav"
head -c 30 "$fmt/speech_16k_s16.wav" > "$bad/truncated_header.wav"
: > "$bad/empty.wav"
# A WAV whose header promises 3 s but whose data stops after 1 s.
head -c $((44 + 32000)) "$fmt/speech_16k_s16.wav" > "$bad/truncated_data.wav"

ls -l "$fmt" "$bad"
