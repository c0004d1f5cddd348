"""Memory and speed of one large upload through the real web server.

    .venv/bin/python bench/upload.py [--mb 1024]

Starts the web process exactly as `stories serve` does (waitress), writes a
WAV of --mb megabytes of real speech, uploads it with a streaming client, and
reads the server's resident memory before and at its peak (VmHWM). The
budget: a 1 GB upload adds at most 50 MB.
"""

from __future__ import annotations

import argparse
import re
import struct
import sys
import time
from pathlib import Path

from local_server import production_web

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SPEECH = ROOT / "tests" / "data" / "speech" / "librivox-0870.wav"


def write_wav(target: Path, megabytes: int) -> int:
    """A 16 kHz mono WAV of the clip repeated, streamed to disk; returns its size."""
    pcm = SPEECH.read_bytes()[44:]
    data_size = megabytes * 1024 * 1024 // len(pcm) * len(pcm)
    with target.open("wb") as f:
        f.write(b"RIFF" + struct.pack("<I", 36 + data_size) + b"WAVEfmt ")
        f.write(struct.pack("<IHHIIHH", 16, 1, 1, 16000, 32000, 2, 16))
        f.write(b"data" + struct.pack("<I", data_size))
        for _ in range(data_size // len(pcm)):
            f.write(pcm)
    return target.stat().st_size


def memory_mb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise KeyError(field)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=1024)
    args = parser.parse_args()

    with production_web("stories-upload-", args.mb + 64) as web:
        clip = web.work / "long.wav"
        size = write_wav(clip, args.mb)
        form = web.client.get(web.url).text  # the client keeps the session cookie, as a browser does
        token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
        before = memory_mb(web.process.pid, "VmRSS")
        started = time.perf_counter()
        with clip.open("rb") as f:
            response = web.client.post(web.url, data={"title": "long", "language": "en", "csrf_token": token},
                                       files={"recording": ("long.wav", f, "audio/wav")})
        elapsed = time.perf_counter() - started
        peak = memory_mb(web.process.pid, "VmHWM")
        assert response.status_code == 303, (response.status_code, response.text[:300])
        stored = list(web.settings.media_dir.rglob("*.wav"))
        same = stored[0].stat().st_size == size
    print(f"upload: {size / 2**20:.0f} MB WAV through waitress in {elapsed:.1f} s "
          f"({size / 2**20 / elapsed:.0f} MB/s, includes probing the whole file)")
    print(f"server RSS before {before:.0f} MB, peak {peak:.0f} MB: the upload added {peak - before:.0f} MB "
          f"(budget 50 MB)")
    print(f"stored as media/{stored[0].parent.name}/{stored[0].name}, {'same' if same else 'DIFFERENT'} size")


if __name__ == "__main__":
    main()
