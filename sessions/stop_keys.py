"""STOP and pain whatever the log-in: the session page's stop key.

STOP must reach the server when the log-in has ended in the middle of a lean (logged out in
another tab, the session cookie expired) or the CSRF cookie is stale (a new log-in in
another tab rotated it): sending the phone to the log-in page, or dropping a 403, would
leave the session running. So the account holder's session page carries a key of its own:

- random (256 bits), stored as its SHA-256 on the session (`stop_key_hash`), shown only in
  this account's session page (kept in the log-in's session, so every panel of the page
  carries the same key; a new log-in makes a new one);
- it opens exactly three things of this one session, each of which can only stop it or
  rest the partner, which is always safe: STOP, the pain report, and "Pain" as the answer
  to why it stopped. A forged or stolen key can do nothing else;
- with it those requests are taken without a log-in and without the CSRF token (the key in
  the form is what a cross-site forger cannot know); without it, they need both, as every
  other request does.

The answers are defined for the page (static/js/stop.js): 2xx, 409 and 410 mean the tap
was received or the session had already ended; anything else is an error to try again.
The receiver's phone needs no key: its link is its permission (`sessions.views.joined`),
and a cross-site forger cannot know it either, so its STOP, pain report and "Pain" answer
are taken without the CSRF token too.
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware

from decompress.tokens import token_hash, token_new

from .models import GuidedSession, SessionState

FIELD = "stop_key"
_SESSION_KEY = "stop-key:{}"


def session_by_stop_key(request: HttpRequest, session_id: int) -> GuidedSession | None:
    """The session this request's stop key opens, or None (no key, or not this session's)."""
    key = request.POST.get(FIELD, "")
    if not key or len(key) > 100:
        return None
    session = (
        GuidedSession.objects.select_related("partner")
        .filter(pk=session_id, stop_key_hash=token_hash(key))
        .first()
    )
    if session is not None:
        request.stop_key = key  # type: ignore[attr-defined]  # the answer's panel carries it on
    return session


def stop_key_for(request: HttpRequest, session: GuidedSession) -> str | None:
    """The key the account holder's page carries for this session while STOP or the
    reason for it can still be sent; None on other pages."""
    carried = getattr(request, "stop_key", None)
    if carried is not None:
        return carried
    if session.state not in (SessionState.ACTIVE, SessionState.STOPPED):
        return None
    if not request.user.is_authenticated:
        return None
    name = _SESSION_KEY.format(session.pk)
    key = request.session.get(name)
    if key and session.stop_key_hash and token_hash(key) == session.stop_key_hash:
        return key
    key, digest = token_new()
    GuidedSession.objects.filter(pk=session.pk).update(stop_key_hash=digest)
    session.stop_key_hash = digest
    request.session[name] = key
    return key


def _pass(request: HttpRequest) -> HttpResponse:
    """Stands for the view: the CSRF check never calls it."""
    return HttpResponse()


def csrf_refusal(request: HttpRequest) -> HttpResponse | None:
    """What the CSRF check would answer this request: None when it may go on."""
    return CsrfViewMiddleware(_pass).process_view(request, _pass, (), {})


def logged_in_with_csrf(request: HttpRequest) -> HttpResponse | None:
    """What `login_required` and the CSRF check would answer a request without a stop key:
    None when it may go on."""
    if (refused := csrf_refusal(request)) is not None:
        return refused
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None
