"""The session page's live parts on the account holder's phone: the lean's timer kept by
the server, the poll both phones make, and the invitation of the receiver's phone.

The poll (`state`) names the version of the panel it shows (`?v=`). While the session has
not changed it is answered 204 after one read (`sessions.polls`). Otherwise it gets the
current panel.
"""

import segno
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sessions import actions, polls
from sessions.forms import LeanTimerForm
from sessions.invites import invite_create, invite_revoke
from sessions.lean_timer import session_lean_timer
from sessions.models import GuidedSession, SessionState

from .respond import render_panel, screening_gate, session_for, session_write
from .seat import Seat


def render_changed(
    request: HttpRequest, session: GuidedSession, seat: Seat, **extra
) -> HttpResponse:
    """The panel a poll gets when the session changed: a stop made on the other phone
    arrives with the release-slowly instruction first, as on the phone that stopped."""
    stopped = session.state == SessionState.STOPPED
    return render_panel(request, session, seat, release_prompt=stopped, **extra)


@login_required
@require_GET
def state(request: HttpRequest, session_id: int) -> HttpResponse:
    if polls.unchanged(request, polls.owner_version(session_id, request.user.pk)):
        return HttpResponse(status=204)
    session = session_for(request, session_id)
    if (refused := screening_gate(request, session)) is not None:
        return refused
    return render_changed(request, session, Seat.owner(session))


@login_required
@require_POST
def lean(request: HttpRequest, session_id: int) -> HttpResponse:
    """ "Start the lean", "Pause", "Resume": recorded, so both phones count the same lean."""
    session = session_for(request, session_id)
    return session_write(
        request,
        session,
        LeanTimerForm(request.POST),
        action=actions.ADVANCE,
        form_name=None,  # only the page's own timer posts it
        write=lambda session, data: session_lean_timer(session=session, **data),
        seat=Seat.owner(session),
    )


def invite_qr_svg(link: str) -> str:
    """The link as a QR code: inline SVG, dark on light whatever the page's colours."""
    return segno.make(link, error="m").svg_inline(
        scale=5, border=2, dark="#000", light="#fff", title=_("QR code of the link"), svgclass="qr"
    )


@login_required
@require_POST
def invite(request: HttpRequest, session_id: int) -> HttpResponse:
    """A new invitation for the receiver's phone: the QR code and the link, shown once."""
    session = session_for(request, session_id)
    if (refused := screening_gate(request, session)) is not None:
        return refused
    if session.state != SessionState.ACTIVE:
        return redirect("sessions:run", session_id=session.pk)
    created, token = invite_create(session=session)
    link = request.build_absolute_uri(reverse("joined:join", args=[token]))
    context = {
        "session": session,
        "partner": session.partner,
        "link": link,
        "qr": mark_safe(invite_qr_svg(link)),  # segno escapes the text it embeds
        "expires_at": created.expires_at,
    }
    template = "sessions/invite.html#invite" if request.htmx else "sessions/invite.html"
    return render(request, template, context)


@login_required
@require_POST
def invite_stop(request: HttpRequest, session_id: int) -> HttpResponse:
    """Stop sharing: the receiver's phone can no longer follow (its next poll says so)."""
    session = session_for(request, session_id)
    if invite_revoke(session=session):
        session.refresh_from_db()
    if request.htmx:
        return render_panel(request, session, Seat.owner(session), sharing_stopped=True)
    return redirect("sessions:run", session_id=session.pk)
