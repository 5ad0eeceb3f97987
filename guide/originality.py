"""Checks that guide text is in our own words: no run of N words shared with the source.

The source article itself is not shipped. ``guide/source_fingerprint.txt`` holds one short
hash per normalised 12-word run of it, which is enough to detect copying without keeping a
readable copy. Rebuild it with::

    python -m guide.originality /path/to/source.txt > guide/source_fingerprint.txt
"""

import hashlib
import re
import sys
from pathlib import Path

RUN_LENGTH = 12
FINGERPRINT_PATH = Path(__file__).resolve().parent / "source_fingerprint.txt"


def normalise_words(text: str) -> list[str]:
    """Lower-case words with punctuation (including dashes and apostrophes) as separators."""
    return re.findall(r"[^\W_]+", text.lower())


def runs(words: list[str], length: int = RUN_LENGTH):
    for start in range(len(words) - length + 1):
        yield " ".join(words[start : start + length])


def run_hash(run: str) -> str:
    return hashlib.sha256(run.encode("utf-8")).hexdigest()[:16]


def fingerprint(text: str, length: int = RUN_LENGTH) -> set[str]:
    return {run_hash(run) for run in runs(normalise_words(text), length)}


def load_fingerprint(path: Path = FINGERPRINT_PATH) -> set[str]:
    return set(path.read_text(encoding="ascii").split())


def shared_runs(text: str, source_hashes: set[str], length: int = RUN_LENGTH) -> list[str]:
    """The runs of `length` words in `text` that also occur in the source."""
    return [run for run in runs(normalise_words(text), length) if run_hash(run) in source_hashes]


if __name__ == "__main__":  # pragma: no cover - maintenance helper
    source = Path(sys.argv[1]).read_text(encoding="utf-8")
    sys.stdout.write("\n".join(sorted(fingerprint(source))) + "\n")
