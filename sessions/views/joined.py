"""The receiver's phone, joined by an invitation's link (`sessions.invites`).

No account and no log-in: the token in the URL is the permission, checked on every request,
and it opens only this one session's panel and timer, its comfort ratings, the pain report
and STOP. The account holder's phone leads (Ready, the lean's start and pause, the finish);
the joined phone's panels leave those forms out (`sessions.views.respond.session_urls`).

- A token nobody issued answers 404; a stopped or expired invitation 410. Neither writes.
- The link itself (`join`, `live`) answers 410 once the session has ended. The poll and
  STOP still answer with the ended panel, so a phone that was following sees how it ended,
  with the release-slowly instruction after a stop.
- STOP, a report of pain and the answer to "why did you stop?" are never refused while the
  invitation works.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sessions import polls
from sessions.forms import CheckInForm
from sessions.idle import session_abandon_if_idle
from sessions.invites import InviteGone, SessionInvite, invite_find, invite_gone, invite_join
from sessions.models import SessionState, StopReason
from sessions.panels import session_script_config
from sessions.stop_keys import csrf_refusal
from sessions.stopping import session_stop

from .live import render_changed
from .respond import check_in_answer, panel_context, render_panel, stop_reason_answer


class Refused(Exception):
    def __init__(self, response: HttpResponse):
        self.response = response


def _refuse(request: HttpRequest, status: int, gone: InviteGone | None = None) -> HttpResponse:
    template = "sessions/joined_gone.html#gone" if request.htmx else "sessions/joined_gone.html"
    return render(request, template, {"gone": gone}, status=status)


def _invite(request: HttpRequest, token: str, *, ended_ok: bool) -> SessionInvite:
    """The working invitation of this token, its session abandoned first if idle; raises
    Refused (404 or 410) otherwise. `ended_ok`: an ended session is still shown."""
    invite = invite_find(token)
    if invite is None:
        raise Refused(_refuse(request, 404))
    if (
        gone := invite_gone(revoked_at=invite.revoked_at, expires_at=invite.expires_at)
    ) is not None:
        raise Refused(_refuse(request, 410, gone))
    invite.session = session_abandon_if_idle(session=invite.session)
    if not ended_ok and invite.session.state != SessionState.ACTIVE:
        raise Refused(_refuse(request, 410, InviteGone.ENDED))
    return invite


def _names(invite: SessionInvite) -> dict:
    """First names only: the receiver (the partner) and whoever invited them."""
    partner = invite.session.partner
    account = partner.account
    return {
        "receiver_name": (partner.name.split() or [partner.name])[0],
        "inviter_name": (account.first_name.split() or [""])[0],
    }


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, token: str) -> HttpResponse:
    """The link: whose session it is, and the Join tap (which also lets this phone play the
    cues and keep its screen on)."""
    try:
        invite = _invite(request, token, ended_ok=False)
    except Refused as refused:
        return refused.response
    if request.method == "POST":
        invite_join(invite=invite)
        if request.htmx:  # the page takes the session in without a reload (audio stays on)
            return _live_page(request, invite, token)
        return redirect("joined:live", token=token)
    context = {
        **_names(invite),
        "token": token,
        "session": invite.session,
        "config": session_script_config(session=invite.session),
    }
    return render(request, "sessions/join.html", context)


def _live_page(request: HttpRequest, invite: SessionInvite, token: str) -> HttpResponse:
    context = panel_context(invite.session, token=token, **_names(invite))
    context["config"] = session_script_config(session=invite.session)
    return render(request, "sessions/run.html", context)


@require_GET
def live(request: HttpRequest, token: str) -> HttpResponse:
    """The session as this phone follows it (also the "Refresh" of a phone without
    JavaScript)."""
    try:
        invite = _invite(request, token, ended_ok=False)
    except Refused as refused:
        return refused.response
    return _live_page(request, invite, token)


@require_GET
def state(request: HttpRequest, token: str) -> HttpResponse:
    """The poll: 204 while nothing changed (one read), else the current panel."""
    if polls.unchanged(request, polls.joined_version(token)):
        return HttpResponse(status=204)
    try:
        invite = _invite(request, token, ended_ok=True)
    except Refused as refused:
        return refused.response
    return render_changed(request, invite.session, token=token)


@csrf_exempt  # the link's token is secret; a rating is checked below
@require_POST
def check_in(request: HttpRequest, token: str) -> HttpResponse:
    """A comfort rating, or a report of pain (never refused, like STOP)."""
    if not CheckInForm.reports_pain(request.POST) and (refused := csrf_refusal(request)):
        return refused
    try:
        invite = _invite(request, token, ended_ok=True)
    except Refused as refused:
        return refused.response
    return check_in_answer(request, invite.session, token=token)


@csrf_exempt  # the link's token is secret: STOP whatever the CSRF cookie says
@require_POST
def stop(request: HttpRequest, token: str) -> HttpResponse:
    """STOP from the receiver's phone: never refused while the invitation works."""
    try:
        invite = _invite(request, token, ended_ok=True)
    except Refused as refused:
        return refused.response
    session = session_stop(session=invite.session)
    return render_panel(request, session, token=token, release_prompt=True)


@csrf_exempt  # the link's token is secret; an answer but "Pain" is checked below
@require_POST
def stop_reason(request: HttpRequest, token: str) -> HttpResponse:
    """Why the session stopped, as the receiver's phone answers it: the first answer of
    either phone is the reason, "Pain" always rests, another answer is kept beside."""
    if request.POST.get("reason") != StopReason.PAIN and (refused := csrf_refusal(request)):
        return refused
    try:
        invite = _invite(request, token, ended_ok=True)
    except Refused as refused:
        return refused.response
    return stop_reason_answer(request, invite.session, token=token)
