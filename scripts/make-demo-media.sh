#!/usr/bin/env bash
# Makes the demo's media clips in assets/demo/ from generated pictures and sound, with Debian's
# libvpx, libaom and libopus command-line encoders (packages vpx-tools, aom-tools and
# opus-tools). The clips are committed; this script documents how they were made and re-makes
# them.
#   clip.ivf      2 s of VP8, 320x240 at 30 fps: a moving colour gradient with a sweeping bar
#   clip_av1.ivf  the same pictures in AV1 (real-time mode, a key frame every second)
#   tone.opus  2 s of Opus (Ogg), 48 kHz mono, 20 ms frames: a 440 Hz tone rising to 880 Hz
set -euo pipefail
cd "$(dirname "$0")/.."
out=assets/demo
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp" <<'PY'
import math, struct, sys
tmp = sys.argv[1]
w, h, frames = 320, 240, 60
with open(f"{tmp}/clip.yuv", "wb") as f:
    for n in range(frames):
        y = bytearray(w * h)
        bar = (n * 8) % w
        for r in range(h):
            for c in range(w):
                y[r * w + c] = 235 if abs(c - bar) < 6 else (16 + (c + r + 4 * n) % 200)
        u = bytes(((c * 2 + n * 3) % 224 + 16) for r in range(h // 2) for c in range(w // 2))
        v = bytes(((r * 2 + n * 5) % 224 + 16) for r in range(h // 2) for c in range(w // 2))
        f.write(y); f.write(u); f.write(v)
rate, seconds = 48000, 2
with open(f"{tmp}/tone.raw", "wb") as f:
    phase = 0.0
    for i in range(rate * seconds):
        freq = 440 + 440 * i / (rate * seconds)
        phase += 2 * math.pi * freq / rate
        f.write(struct.pack("<h", int(8000 * math.sin(phase))))
PY
vpxenc --codec=vp8 --width=320 --height=240 --fps=30/1 --target-bitrate=300 --kf-max-dist=30 \
  --ivf --quiet -o "$out/clip.ivf" "$tmp/clip.yuv"
aomenc --ivf --width=320 --height=240 --fps=30/1 --rt --cpu-used=8 --target-bitrate=300 \
  --kf-max-dist=30 --quiet -o "$out/clip_av1.ivf" "$tmp/clip.yuv"
opusenc --quiet --raw --raw-rate 48000 --raw-chan 1 --framesize 20 --bitrate 32 \
  "$tmp/tone.raw" "$out/tone.opus"
ls -l "$out"
