"""Routines on pages.

`{% routine_choice partner %}`: the routines to choose from, inside a start form. Used
wherever a session can start: the start page (with or without the pre-session check)
and the screening result's "Start the session" on screening day. The routine the partner
used last is preselected, else the default, so starting unchanged costs no tap.

`session|session_plan`: the repetitions and lean timings a session ran with, from its
snapshot (history pages).
"""

from django import template

from decompress.models import Partner
from sessions.models import GuidedSession
from sessions.routines import LeanPlan, routine_options, session_plan

register = template.Library()


@register.inclusion_tag("sessions/_routine_choice.html")
def routine_choice(partner: Partner, chosen: str | None = None, error: str = "") -> dict:
    return {
        "partner": partner,
        "options": routine_options(partner=partner, chosen=chosen),
        "error": error,
    }


@register.filter(name="session_plan")
def session_plan_filter(session: GuidedSession) -> LeanPlan:
    return session_plan(session)
