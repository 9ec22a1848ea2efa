"""Site-wide rules every response and every form submission follows, applied in one place.

Caching: screenings, sessions and notes are health data, so every response says
``Cache-Control: no-store, private`` — whatever the view, whoever asks, including error
pages and pages reached without logging in — except the pages in ``PUBLIC_PAGES``, which
hold nothing personal and keep the headers their views set. A public page asked for by a
logged-in person is private all the same (``/`` is then their own home). Static files never
reach this middleware: WhiteNoise, above it, serves them with its own long-lived headers.

Vary: a view may answer htmx with a fragment of the page it answers a plain request with
(``template += "#panel"``), so every response varies on ``HX-Request``; no cache can then
serve a fragment as the page, or the page as a fragment.

Error bodies: a 405 from ``require_POST`` and the like comes with an empty body; it gets the
site's 405 page, like 400, 403, 404 and 500 (``decompress.errors``).

Log-in ended: an htmx request (a poll, a tap) whose log-in has ended is answered with a
redirect to the log-in page; the browser would follow it and htmx would swap the log-in
page into the panel. It is told to load the log-in page as a page instead (``HX-Redirect``),
coming back afterwards to the page the person was on — except from a session page
(``STAY_PAGES``): a session in progress, mid-lean perhaps, must not leave the screen by
itself. There the request is answered 204 with the ``login-ended`` event, the page stays
with its timer and its STOP (which its stop key still sends, ``sessions.stop_keys``) and
says how to log in again. A malformed ``HX-Current-URL`` counts as no page: ``next=/``.

Text input: form fields (query string and body) must be valid in the request's charset
(UTF-8 unless the client says otherwise), and hold no control character but newline,
carriage return (textareas send CRLF) and tab. Anything else is refused with 400 and a
message before any view runs, instead of being stored as U+FFFD or as invisible bytes.
"""

import re
from collections.abc import Callable, Iterator
from urllib.parse import unquote_to_bytes, urlsplit

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers
from django_htmx.http import HttpResponseClientRedirect

from . import errors

# Pages that stay open when their log-in ends (see the module docstring), and the event
# they hear then (static/js/live.js).
STAY_PAGES = frozenset({"sessions:run"})
LOGIN_ENDED = "login-ended"

# View names (namespace:name) of pages that hold no personal data.
PUBLIC_PAGES = frozenset(
    {"healthz", "home", "screening:back_care", "offline", "manifest", "service_worker"}
)


class PrivateByDefaultMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        patch_vary_headers(response, ["HX-Request"])
        if not _is_public(request):
            response["Cache-Control"] = "no-store, private"
            del response["Expires"]
        return response


class HtmxLogInMiddleware:
    """Inside django-htmx's middleware (``request.htmx``); see the module docstring."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.htmx or response.status_code != 302:
            return response
        if urlsplit(response["Location"]).path != resolve_url(settings.LOGIN_URL):
            return response
        try:
            page = request.htmx.current_url_abs_path or "/"
        except ValueError:  # not a URL at all ("http://[", say)
            page = "/"
        if _view_name(page) in STAY_PAGES:
            return HttpResponse(status=204, headers={"HX-Trigger": LOGIN_ENDED})
        return HttpResponseClientRedirect(redirect_to_login(page).url)


def _view_name(path: str) -> str | None:
    try:
        return resolve(urlsplit(path).path).view_name
    except (Resolver404, ValueError):
        return None


class ErrorPageMiddleware:
    """Innermost, so the page it renders still gets the CSP, frame and session headers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 405 and not response.streaming and not response.content:
            page = errors.render_error(request, 405)
            page["Allow"] = response.get("Allow", "")
            return page
        return response


def _is_public(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    if match is None or match.view_name not in PUBLIC_PAGES:
        return False
    # A session cookie may belong to a logged-in person, whose page then names them.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return True
    return SESSION_KEY not in request.session


# Unicode's control characters (category Cc) but tab, newline and carriage return.
_REFUSED_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class FormInputMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view, args, kwargs) -> HttpResponse | None:
        encoding = request.encoding or settings.DEFAULT_CHARSET
        for raw in _raw_fields(request):
            try:
                text = raw.decode(encoding)
            except (UnicodeDecodeError, LookupError):
                return errors.render_error(request, 400, errors.Problem.ENCODING)
            if _REFUSED_CONTROL.search(text):
                return errors.render_error(request, 400, errors.Problem.CONTROL_CHARACTER)
        return None


def _raw_fields(request: HttpRequest) -> Iterator[bytes]:
    """Every field name and value of the query string and form body, as the bytes sent."""
    yield from _urlencoded(request.META.get("QUERY_STRING", "").encode("latin-1"))
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    if request.content_type == "application/x-www-form-urlencoded":
        yield from _urlencoded(request.body)
    elif request.content_type == "multipart/form-data":
        boundary = request.content_params.get("boundary", "").encode("latin-1")
        if not boundary:
            return  # Django's parser refuses it with 400
        for part in request.body.split(b"--" + boundary):
            head, _sep, value = part.partition(b"\r\n\r\n")
            if b"filename=" not in head:  # a file's bytes are its own business
                yield head
                yield value.removesuffix(b"\r\n")


def _urlencoded(data: bytes) -> Iterator[bytes]:
    for pair in data.split(b"&"):
        for piece in pair.split(b"=", 1):
            yield unquote_to_bytes(piece.replace(b"+", b" "))
