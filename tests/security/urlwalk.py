"""Every URL pattern of the project, by qualified name, found by walking the resolver."""

from django.urls import URLPattern, URLResolver, get_resolver

from tests.security.access import ADMIN_FAMILY


def walk(resolver=None, namespace=""):
    """Yield (qualified name or route, pattern) for every leaf pattern, recursively."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            if ns == ADMIN_FAMILY and not namespace:
                yield ADMIN_FAMILY, entry
                continue
            yield from walk(entry, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern):
            key = f"{namespace}{entry.name}" if entry.name else f"{namespace}{entry.pattern}"
            yield key, entry


def pattern_keys() -> list[str]:
    return sorted({key for key, _ in walk()})
