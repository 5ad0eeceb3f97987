"""The compare basket: up to four product slugs kept in the reader's session."""

COMPARE_SESSION_KEY = "catalog_compare"
COMPARE_LIMIT = 4


def compare_slugs(session) -> list[str]:
    """The slugs in the reader's compare basket, oldest first."""
    value = session.get(COMPARE_SESSION_KEY, [])
    if not isinstance(value, list):
        return []
    return [s for s in value if isinstance(s, str)][:COMPARE_LIMIT]


class CompareFull(Exception):
    """The basket already holds COMPARE_LIMIT products."""


def add_to_compare(session, slug: str) -> bool:
    """Add a slug; False if it was already there. Raises CompareFull at the limit."""
    slugs = compare_slugs(session)
    if slug in slugs:
        return False
    if len(slugs) >= COMPARE_LIMIT:
        raise CompareFull
    session[COMPARE_SESSION_KEY] = [*slugs, slug]
    return True


def remove_from_compare(session, slug: str) -> bool:
    """Remove a slug; False if it was not there."""
    slugs = compare_slugs(session)
    if slug not in slugs:
        return False
    session[COMPARE_SESSION_KEY] = [s for s in slugs if s != slug]
    return True


def clear_compare(session) -> None:
    session[COMPARE_SESSION_KEY] = []
