"""Where a `next` parameter may send a reader: a path on this site, nothing else."""

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, candidate: str | None) -> str | None:
    """The candidate if it is a local path ("/…") that is safe to put in Location; else None.

    A bare word such as "abc" is refused too: `redirect()` would treat it as a view name and
    fail with NoReverseMatch (a 500). Control characters (NUL, newlines) never reach a header.
    """
    if not candidate or not candidate.startswith("/") or candidate.startswith("//"):
        return None
    if any(ord(char) < 32 or ord(char) == 127 for char in candidate):
        return None
    if not url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    return candidate
