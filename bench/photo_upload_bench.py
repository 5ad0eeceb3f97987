"""How long one progress-photo upload takes to handle: a 12-megapixel phone-sized JPEG.

    .venv/bin/python bench/photo_upload_bench.py [--runs 7]

Makes a 4000 × 3000 JPEG (quality 92, with camera EXIF, GPS and an orientation tag) whose
content is textured like a photo, then measures, each as the median of --runs:

1. processing alone: routines.photos.imaging.process_upload (decode, orientation, strip,
   resize to 1600 px and 400 px, re-encode);
2. the whole request: a signed-in POST to /routines/photos/add/ through Django's test client
   (multipart parsing, the form, processing, two files written to the photo storage, the
   row inserted), on a throwaway SQLite database and media folder in a temporary directory.

Everything runs in this process on this machine; nothing is left behind.
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def twelve_megapixel_jpeg() -> bytes:
    """A 4000×3000 JPEG that compresses like a photo (smooth shapes plus sensor-like noise)."""
    from PIL import Image, ImageFilter

    base = Image.effect_noise((400, 300), 64).convert("RGB")
    base = base.resize((4000, 3000), Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(3))
    grain = Image.effect_noise((4000, 3000), 18).convert("RGB")
    picture = Image.blend(base, grain, 0.25)
    exif = Image.Exif()
    exif[0x010F] = "BenchCam"
    exif[0x0112] = 6  # rotate for display: exercises exif_transpose
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=92, exif=exif)
    return out.getvalue()


def report(label: str, wall: list[float], cpu: list[float]) -> None:
    """Wall time depends on what else runs on the machine; CPU time much less so."""
    print(
        f"{label:22s} wall median {statistics.median(wall) * 1000:6.0f} ms"
        f" (min {min(wall) * 1000:.0f}, max {max(wall) * 1000:.0f})"
        f"   CPU median {statistics.median(cpu) * 1000:6.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    runs = max(1, min(args.runs, 50))

    with tempfile.TemporaryDirectory(prefix="cellwise-photo-bench-") as tmp:
        os.environ.update(
            {
                "DJANGO_SETTINGS_MODULE": "config.settings",
                "DJANGO_DEBUG": "1",
                "DJANGO_ALLOWED_HOSTS": "testserver",
                "SQLITE_PATH": str(Path(tmp) / "bench.sqlite3"),
                "MEDIA_ROOT": str(Path(tmp) / "media"),
                "PHOTO_QUOTA_COUNT": "1000",
                "PHOTO_QUOTA_MB": "10000",
                "THROTTLE_CACHE_DIR": str(Path(tmp) / "throttle"),
                "PAGE_CACHE_DIR": str(Path(tmp) / "pages"),
                "SESSION_CACHE_DIR": str(Path(tmp) / "sessions"),
            }
        )
        os.environ.pop("DATABASE_URL", None)
        os.environ.pop("MEDIA_STORAGE_URL", None)
        import django

        django.setup()
        from django.contrib.auth import get_user_model
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.core.management import call_command
        from django.test import Client

        from routines.models import ProgressPhoto
        from routines.photos import imaging

        data = twelve_megapixel_jpeg()
        print(f"input: 4000 × 3000 JPEG, {len(data) / 1024 / 1024:.1f} MB, {runs} runs each")

        timings, cpu = [], []
        for _ in range(runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            result = imaging.process_upload(data, max_pixels=50_000_000)
            timings.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        report("processing only", timings, cpu)
        print(
            f"  output {result.width}×{result.height}, {result.stored_bytes / 1024:.0f} KB stored"
        )

        call_command("migrate", verbosity=0)
        user = get_user_model().objects.create_user("bench@example.com", "bench@example.com")
        client = Client(raise_request_exception=True)
        client.force_login(user)
        client.get("/routines/photos/add/")  # warm up templates and the session
        timings, cpu = [], []
        for _ in range(runs):
            upload = SimpleUploadedFile("IMG_0001.jpg", data, content_type="image/jpeg")
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.post(
                "/routines/photos/add/", {"taken_on": "2026-01-01", "front": upload}
            )
            timings.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
            if response.status_code != 302:
                raise SystemExit(f"upload failed: {response.status_code}")
        report("whole upload request", timings, cpu)
        print(
            f"  {ProgressPhoto.objects.count()} photos stored;"
            f" load average {os.getloadavg()[0]:.1f}"
        )


if __name__ == "__main__":
    main()
