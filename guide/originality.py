"""Checks that what we ship is in our own words, measured against the source article.

The source article itself is not shipped. Two fingerprint files hold one short hash per
normalised run of its words: ``source_fingerprint.txt`` for every 12-word run (a shared run
that long fails the build) and ``source_fingerprint_8.txt`` for every 8-word run (shared runs
from 8 words up are reported, and kept at zero apart from the justified exceptions in
``ALLOWED_RUNS``). That is enough to detect copying without keeping a readable copy.
Rebuild both with::

    python -m guide.originality /path/to/source.txt

``python manage.py originality_report`` prints the report for everything shipped.
"""

import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

RUN_LENGTH = 12  # a run of this many words shared with the source fails
REPORT_LENGTH = 8  # runs of this many words or more are reported
FINGERPRINT_PATH = Path(__file__).resolve().parent / "source_fingerprint.txt"
REPORT_FINGERPRINT_PATH = Path(__file__).resolve().parent / "source_fingerprint_8.txt"

# Shared runs of 8–11 words we keep on purpose, with the reason. Compared after
# normalise_words(), so write them lower-case without punctuation.
ALLOWED_RUNS: dict[str, str] = {
    "skinmedica tns advanced serum human fibroblast conditioned media": (
        "a product's name followed by the standard name of its ingredient source, as the "
        "catalog lists them side by side"
    ),
}
# Places whose shared runs no reader sees, with the reason.
ALLOWED_PLACES: dict[str, str] = {
    "catalog/migrations/0003_seed_products.py": (
        "the first seed's text, superseded by migration 0004 and never shown"
    ),
    "catalog/migrations/0004_honest_origin_packaging_disclosure.py": (
        "the superseded seed text, kept only so the migration can find and replace it"
    ),
}


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


def longest_shared_runs(
    text: str, source_hashes: set[str], length: int = REPORT_LENGTH
) -> list[str]:
    """Maximal stretches of `text` made of overlapping `length`-word runs found in the source.

    Neighbouring runs are merged, so a copied 10-word phrase is reported once, as 10 words.
    (A merged stretch could in principle join two separate places in the source, so its
    length is an upper bound; the 12-word check in shared_runs() is exact.)
    """
    words = normalise_words(text)
    hits = [run_hash(run) in source_hashes for run in runs(words, length)]
    stretches, start = [], None
    for index, hit in enumerate([*hits, False]):
        if hit and start is None:
            start = index
        elif not hit and start is not None:
            stretches.append(" ".join(words[start : index - 1 + length]))
            start = None
    return stretches


@dataclass(frozen=True)
class Finding:
    where: str  # e.g. "article how-to-use", "page /catalog/"
    run: str

    @property
    def words(self) -> int:
        return len(self.run.split())

    @property
    def allowed(self) -> str:
        """The recorded reason this run is kept, or "" when it is not an exception."""
        place = next(
            (why for where, why in ALLOWED_PLACES.items() if self.where.startswith(where)), ""
        )
        return ALLOWED_RUNS.get(self.run, "") or place


@dataclass(frozen=True)
class Report:
    findings: tuple[Finding, ...]
    texts_checked: int
    words_checked: int

    @property
    def unexplained(self) -> list[Finding]:
        return [f for f in self.findings if not f.allowed]

    @property
    def failing(self) -> list[Finding]:
        """Runs of RUN_LENGTH words or more: never allowed."""
        return [f for f in self.findings if f.words >= RUN_LENGTH]

    @property
    def distinct_runs(self) -> int:
        return len({f.run for f in self.findings})

    @property
    def longest(self) -> int:
        return max((f.words for f in self.findings), default=0)

    def lines(self) -> list[str]:
        out = [
            f"Originality report: {self.texts_checked} texts, {self.words_checked} words checked.",
            f"Runs of {REPORT_LENGTH}+ words shared with the source: {self.distinct_runs} "
            f"distinct, in {len(self.findings)} places ({len(self.unexplained)} unexplained); "
            f"longest: {self.longest} words; "
            f"runs of {RUN_LENGTH}+ words: {len(self.failing)}.",
        ]
        places: dict[tuple[str, str], list[str]] = {}
        for finding in self.findings:
            places.setdefault((finding.run, finding.allowed), []).append(finding.where)
        for (run, allowed), where in sorted(places.items(), key=lambda i: (-len(i[0][0]), i[0])):
            note = f" [kept: {allowed}]" if allowed else " [UNEXPLAINED]"
            shown = "; ".join(sorted(where)[:3]) + (
                f"; +{len(where) - 3} more" if len(where) > 3 else ""
            )
            out.append(f"  {len(run.split()):2d} words “{run}”{note}")
            out.append(f"           in {len(where)} place(s): {shown}")
        return out


def build_report(texts, source_hashes: set[str] | None = None) -> Report:
    """Check (where, text) pairs; the same run found twice in one place is reported once."""
    hashes = load_fingerprint(REPORT_FINGERPRINT_PATH) if source_hashes is None else source_hashes
    findings, seen, count, words = [], set(), 0, 0
    for where, text in texts:
        count += 1
        words += len(normalise_words(text))
        for run in longest_shared_runs(text, hashes):
            if (where, run) not in seen:
                seen.add((where, run))
                findings.append(Finding(where, run))
    return Report(tuple(findings), count, words)


if __name__ == "__main__":  # pragma: no cover - maintenance helper
    source = Path(sys.argv[1]).read_text(encoding="utf-8")
    for path, length in ((FINGERPRINT_PATH, RUN_LENGTH), (REPORT_FINGERPRINT_PATH, REPORT_LENGTH)):
        path.write_text("\n".join(sorted(fingerprint(source, length))) + "\n", encoding="ascii")
