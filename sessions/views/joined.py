"""The receiver's phone, joined by an invitation's link (`sessions.invites`).

No account and no log-in: the token in the URL is the permission, checked on every request,
and it opens only this one session's panel and timer, its comfort ratings, the pain report
and STOP. The account holder's phone leads (Ready, the lean's start and pause, the finish);
the joined phone's panels leave those forms out (`sessions.views.seat.Seat`).

- A token nobody issued answers 404; a stopped or expired invitation 410. Neither writes.
- The link itself (`join`, `live`) answers 410 once the session has ended. The poll and
  STOP still answer with the ended panel, so a phone that was following sees how it ended,
  with the release-slowly instruction after a stop.
- STOP, a report of pain and the answer to "why did you stop?" are never refused while the
  invitation works.
"""

from collections.abc import Callable
from functools import wraps

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
from .seat import Seat


def _refuse(request: HttpRequest, status: int, gone: InviteGone | None = None) -> HttpResponse:
    template = "sessions/joined_gone.html#gone" if request.htmx else "sessions/joined_gone.html"
    return render(request, template, {"gone": gone}, status=status)


def by_invitation(*, ended_ok: bool) -> Callable:
    """The joined phone's guard, on every view of its link: the token's working invitation
    (a token nobody issued answers 404, a stopped or expired one 410), its session
    abandoned first if idle. The view gets the invitation and this phone's seat in place of
    the token. `ended_ok`: an ended session is still shown (the poll, the writes: the phone
    sees how it ended); otherwise it answers 410 too."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def guarded(request: HttpRequest, token: str) -> HttpResponse:
            invite = invite_find(token)
            if invite is None:
                return _refuse(request, 404)
            gone = invite_gone(revoked_at=invite.revoked_at, expires_at=invite.expires_at)
            if gone is not None:
                return _refuse(request, 410, gone)
            invite.session = session_abandon_if_idle(session=invite.session)
            if not ended_ok and invite.session.state != SessionState.ACTIVE:
                return _refuse(request, 410, InviteGone.ENDED)
            return view(request, invite, Seat.joined_by(invite.session, token))

        return guarded

    return decorate


def _names(invite: SessionInvite) -> dict:
    """First names only: the receiver (the partner) and whoever invited them."""
    partner = invite.session.partner
    account = partner.account
    return {
        "receiver_name": (partner.name.split() or [partner.name])[0],
        "inviter_name": (account.first_name.split() or [""])[0],
    }


@require_http_methods(["GET", "POST"])
@by_invitation(ended_ok=False)
def join(request: HttpRequest, invite: SessionInvite, seat: Seat) -> HttpResponse:
    """The link: whose session it is, and the Join tap (which also lets this phone play the
    cues and keep its screen on)."""
    if request.method == "POST":
        invite_join(invite=invite)
        if request.htmx:  # the page takes the session in without a reload (audio stays on)
            return _live_page(request, invite, seat)
        return redirect(seat.page_url)
    context = {
        **_names(invite),
        "token": seat.token,
        "session": invite.session,
        "config": session_script_config(session=invite.session),
    }
    return render(request, "sessions/join.html", context)


def _live_page(request: HttpRequest, invite: SessionInvite, seat: Seat) -> HttpResponse:
    context = panel_context(invite.session, seat, **_names(invite))
    context["config"] = session_script_config(session=invite.session)
    return render(request, "sessions/run.html", context)


@require_GET
@by_invitation(ended_ok=False)
def live(request: HttpRequest, invite: SessionInvite, seat: Seat) -> HttpResponse:
    """The session as this phone follows it (also the "Refresh" of a phone without
    JavaScript)."""
    return _live_page(request, invite, seat)


@require_GET
def state(request: HttpRequest, token: str) -> HttpResponse:
    """The poll: 204 while nothing changed (one read, before the guard's), else the
    current panel."""
    if polls.unchanged(request, polls.joined_version(token)):
        return HttpResponse(status=204)
    return _changed(request, token)


@by_invitation(ended_ok=True)
def _changed(request: HttpRequest, invite: SessionInvite, seat: Seat) -> HttpResponse:
    return render_changed(request, invite.session, seat)


@csrf_exempt  # the link's token is secret; a rating is checked below
@require_POST
@by_invitation(ended_ok=True)
def check_in(request: HttpRequest, invite: SessionInvite, seat: Seat) -> HttpResponse:
    """A comfort rating, or a report of pain (never refused, like STOP)."""
    if not CheckInForm.reports_pain(request.POST) and (refused := csrf_refusal(request)):
        return refused
    return check_in_answer(request, invite.session, seat)


@csrf_exempt  # the link's token is secret: STOP whatever the CSRF cookie says
@require_POST
@by_invitation(ended_ok=True)
def stop(request: HttpRequest, invite: SessionInvite, seat: Seat) -> HttpResponse:
    """STOP from the receiver's phone: never refused while the invitation works."""
    session = session_stop(session=invite.session)
    return render_panel(request, session, seat, release_prompt=True)


@csrf_exempt  # the link's token is secret; an answer but "Pain" is checked below
@require_POST
@by_invitation(ended_ok=True)
def stop_reason(request: HttpRequest, invite: SessionInvite, seat: Seat) -> HttpResponse:
    """Why the session stopped, as the receiver's phone answers it: the first answer of
    either phone is the reason, "Pain" always rests, another answer is kept beside."""
    if request.POST.get("reason") != StopReason.PAIN and (refused := csrf_refusal(request)):
        return refused
    return stop_reason_answer(request, invite.session, seat)
