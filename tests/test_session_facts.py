"""One home for each session fact: every page, the admin and both exports agree.

A finished session 89.6 seconds long that eased the back (relief +2: the last lean's
rating, the after rating, minus the starting one) is read through
the session summary, the history list and detail, the admin list and page, and the CSV
and JSON exports. Each shows the same duration (whole seconds in the exports, the one
display format everywhere else), the same relief and the same outcome.
"""

import csv
import importlib
import io
import json
import re
from datetime import timedelta
from unittest import mock

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sessions.durations import duration_display
from sessions.models import GuidedSession, SessionState
from tests.factories import PartnerFactory, UserFactory
from tests.support.builders import build_session

pytestmark = pytest.mark.django_db

DURATION = "1 min 30 s"  # 89.6 s, rounded to the nearest second


@pytest.fixture
def finished(user) -> GuidedSession:
    partner = PartnerFactory(account=user, name="Robin")
    return build_session(
        partner=partner,
        started_at=timezone.now() - timedelta(hours=2),
        duration=timedelta(seconds=89.6),
        baseline=5,
        leans=(7, 8, 7),
    )


@pytest.fixture
def staff_client() -> Client:
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def _text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def _pages(client_logged_in, staff_client, session) -> dict[str, str]:
    """Every human-readable place the session is shown."""
    admin_list = _text(staff_client.get(reverse("admin:guided_guidedsession_changelist")))
    (body,) = re.findall(r"<tbody>.*?</tbody>", admin_list, flags=re.S)
    (admin_row,) = re.findall(r"<tr[^>]*>.*?</tr>", body, flags=re.S)
    return {
        "summary": _text(client_logged_in.get(reverse("sessions:run", args=[session.pk]))),
        "history list": _text(client_logged_in.get(reverse("history:list"))),
        "history detail": _text(client_logged_in.get(reverse("history:detail", args=[session.pk]))),
        "admin list": admin_row,
        "admin page": _text(
            staff_client.get(reverse("admin:guided_guidedsession_change", args=[session.pk]))
        ),
    }


def test_the_facts_themselves(finished):
    assert finished.duration == timedelta(seconds=89.6)
    assert finished.duration_seconds == 90
    assert finished.duration_display == duration_display(finished.duration) == DURATION
    assert finished.after_comfort == 7  # the last lean's rating
    assert finished.relief == 2
    assert finished.relief_display == "+2"
    assert finished.outcome_label == "Completed"
    assert finished.lowest_comfort == 7  # the leans only; before 5 and after 7 beside it


def test_every_page_and_the_admin_show_the_same_duration_relief_and_outcome(
    client_logged_in, staff_client, finished
):
    pages = _pages(client_logged_in, staff_client, finished)
    summary = pages.pop("summary")
    assert "Session complete" in summary
    assert re.search(r"Duration</dt>\s*<dd>1 min 30 s</dd>", summary)
    assert "5 → 7 · relief +2" in summary

    assert re.search(r"Duration</dt><dd>1 min 30 s</dd>", pages["history list"])
    assert '5 → 7 <span class="muted">(+2)</span>' in pages["history list"]
    assert '<span class="outcome outcome-completed">Completed</span>' in pages["history list"]

    detail = pages["history detail"]
    assert re.search(r"Duration</dt><dd>1 min 30 s</dd>", detail)
    assert re.search(r"Relief \(after minus before\)</dt><dd>\+2</dd>", detail)
    assert '<span class="outcome outcome-completed">Completed</span>' in detail

    row = pages["admin list"]
    assert '<td class="field-duration">1 min 30 s</td>' in row
    assert '<td class="field-relief">+2</td>' in row
    assert ">Completed</" in row

    page = pages["admin page"]
    for label, value in (("duration", DURATION), ("relief", r"\+2"), ("outcome", "Completed")):
        assert re.search(
            rf'form-row field-{label}">(?:(?!form-row).)*<div class="readonly">{value}</div>',
            page,
            flags=re.S,
        ), label

    for name, text in {"summary": summary, **pages}.items():
        assert "89" not in re.sub(r"<[^>]+>", " ", text).split(), name
        assert "1 min 29 s" not in text, name


def test_every_human_readable_duration_comes_from_the_one_display_function(
    client_logged_in, staff_client, finished
):
    with mock.patch("sessions.models.session.duration_display", return_value="⟨one display⟩"):
        pages = _pages(client_logged_in, staff_client, finished)
    for name, text in pages.items():
        assert "⟨one display⟩" in text, name
        assert DURATION not in text, name


def test_both_exports_carry_the_same_whole_seconds_relief_and_outcome(client_logged_in, finished):
    raw = b"".join(client_logged_in.get(reverse("history:export_csv")).streaming_content)
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows
    assert {r["session_id"] for r in rows} == {str(finished.pk)}
    for row in rows:
        assert (row["duration_seconds"], row["relief"], row["outcome"]) == ("90", "2", "completed")
        assert row["lowest_comfort"] == "7"

    raw = b"".join(client_logged_in.get(reverse("history:export_json")).streaming_content)
    (session,) = json.loads(raw)["sessions"]
    assert (session["duration_seconds"], session["relief"], session["outcome"]) == (
        90,
        2,
        "completed",
    )
    assert session["lowest_comfort"] == 7


# ---- the idle cut-off and the one writer of "abandoned" ---------------------------------


@pytest.fixture
def idle(user, settings) -> GuidedSession:
    return build_session(
        partner=PartnerFactory(account=user),
        state=SessionState.ACTIVE,
        started_at=timezone.now() - timedelta(minutes=settings.SESSION_ABANDON_MINUTES + 20),
        leans=(6,),
        minutes=5,
    )


def test_idle_is_the_abandon_cut_off(idle, settings):
    now = timezone.now()
    assert list(GuidedSession.objects.idle(now)) == [idle]
    assert idle.is_idle(now)
    assert not GuidedSession.objects.idle(now - timedelta(minutes=20))
    assert list(GuidedSession.objects.for_account(idle.partner.account)) == [idle]
    assert not GuidedSession.objects.for_account(UserFactory())


@pytest.mark.parametrize(
    "path",
    ["home", "history list", "history detail", "csv export", "trends", "admin"],
)
def test_each_request_path_stores_the_abandoned_state(client_logged_in, staff_client, idle, path):
    urls = {
        "home": reverse("home"),
        "history list": reverse("history:list"),
        "history detail": reverse("history:detail", args=[idle.pk]),
        "csv export": reverse("history:export_csv"),
        "trends": reverse("history:trends", args=[idle.partner_id]),
    }
    if path == "admin":
        staff_client.get(reverse("admin:guided_guidedsession_changelist"))
    else:
        response = client_logged_in.get(urls[path])
        b"".join(response.streaming_content) if response.streaming else response.content
    idle.refresh_from_db()
    assert idle.state == SessionState.ABANDONED
    assert idle.ended_at == idle.last_activity_at
    assert idle.duration_display == "5 min 0 s"


# ---- the stored lowest comfort, migrated -----------------------------------------------


def test_migration_recomputes_lowest_comfort_from_the_lean_check_ins_only(partner):
    migration = importlib.import_module("sessions.migrations.0005_lowest_comfort_lean_only")
    mixed = build_session(partner=partner, baseline=3, leans=(6, 7, 7), legacy_after=2)
    no_leans = build_session(partner=partner, baseline=4, leans=())
    # What the engine used to store: the before and after ratings mixed in.
    GuidedSession.objects.filter(pk=mixed.pk).update(lowest_comfort=2)
    GuidedSession.objects.filter(pk=no_leans.pk).update(lowest_comfort=4)
    migration.lean_lowest(apps, None)
    mixed.refresh_from_db()
    no_leans.refresh_from_db()
    assert mixed.lowest_comfort == 6
    assert no_leans.lowest_comfort is None
