"""Decompress as an installable app: the web app manifest, the service worker, the offline page.

The service worker is served from the site's root (`/sw.js`), so its scope covers every
page. What it may keep is decided here, in one list, and nothing else is ever stored:

- the static assets the pages need (their names carry a content hash, so a cached copy
  is never stale), and
- two pages without any personal data: the offline page and the back-care page, fetched
  without cookies, so the copies are the anonymous ones.

Pages with health data (sessions, history, screening answers, partners) are never cached:
they keep `Cache-Control: no-store`, and the worker only passes their requests through.
A session needs the server (every step is a POST), so offline it is the offline page
that shows, saying so; the back-care page stays readable.
"""

import hashlib
import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

THEME_COLOUR = "#1f5f5b"
BACKGROUND_COLOUR = "#fbfaf7"

# What the offline and back-care pages load, kept at install so they work on the first
# offline visit; other static files are kept as pages load them.
OFFLINE_ASSETS = ("css/app.css", "img/icon.svg", "js/install.js")


def offline_pages() -> list[str]:
    return [reverse("offline"), reverse("screening:back_care")]


@require_safe
def manifest(request: HttpRequest) -> HttpResponse:
    data = {
        "name": "Decompress",
        "short_name": "Decompress",
        "description": _("A gentle, partner-assisted back stretch, one safe step at a time."),
        "lang": settings.LANGUAGE_CODE,
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "orientation": "any",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            {"src": static("img/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("img/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    return HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/manifest+json",
    )


# The worker's own script must be re-checked by the browser, so it is never cached long.
@require_safe
@cache_control(no_cache=True, max_age=0)
def service_worker(request: HttpRequest) -> HttpResponse:
    pages = offline_pages()
    assets = [static(name) for name in OFFLINE_ASSETS]
    config = {
        # A new list (a new deploy's hashed names) is a new cache; the old one is dropped.
        "cache": "decompress-" + _digest(pages + assets),
        "pages": pages,
        "assets": assets,
        "offline": reverse("offline"),
        "staticPrefix": settings.STATIC_URL,
    }
    return render(
        request,
        "decompress/sw.js",
        {"config": json.dumps(config)},
        content_type="text/javascript",
    )


def _digest(names: list[str]) -> str:
    return hashlib.sha256("\n".join(names).encode()).hexdigest()[:12]


@require_safe
def offline(request: HttpRequest) -> HttpResponse:
    return render(request, "decompress/offline.html")
