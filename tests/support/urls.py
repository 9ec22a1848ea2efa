"""Every route of ours, straight from the URLconf, so a new view is checked by the tests
that walk them without anyone remembering to add it."""

import re

from django.urls import URLPattern, URLResolver, get_resolver, reverse


def url_patterns(
    resolver: URLResolver, prefix: str = "", namespace: str = "", *, with_admin: bool = False
):
    """(route, name) of every URL pattern; the admin's only when asked for (it is staff-only,
    guarded by Django's own permission checks)."""
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin" and not with_admin:
                continue
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_patterns(entry, prefix + str(entry.pattern), ns, with_admin=with_admin)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), namespace + (entry.name or "")


def all_urls(owned: dict) -> list[str]:
    """Every URL without a path, slug or string part, with the ids of `owned` filled in."""
    urls = []
    for route, name in url_patterns(get_resolver()):
        if not name or re.search(r"<(path|slug|str):", route):
            continue
        params = re.findall(r"<int:(\w+)>", route)
        urls.append(reverse(name, kwargs={p: owned[p] for p in params}))
    return urls
