"""The report for a professional: what it holds, what it leaves out, and its share link."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from decompress.models import ReportShare, ReportView
from sessions.history.report import partner_report, report_share_create
from tests.factories import PartnerFactory, ScreeningFactory, UserFactory
from tests.support.builders import LONG_NOTE, build_session, quarter_of_sessions

pytestmark = pytest.mark.django_db


@pytest.fixture
def screened(partner):
    ScreeningFactory(
        partner=partner,
        answered_yes=[{"question": 1, "text": "A secret answer", "severity": "caution"}],
    )
    return partner


def test_report_holds_the_quarter_without_screening_answers(client_logged_in, screened):
    quarter_of_sessions(screened, count=20)
    build_session(partner=screened, started_at=timezone.now() - timedelta(days=120))
    page = client_logged_in.get(reverse("history:report", args=[screened.pk])).content.decode()
    assert "20 sessions" in page  # the older one is outside the three months
    assert "Pain: 1" in page
    assert "Discomfort: 1" in page
    assert "Week by week" in page
    assert "A secret answer" not in page
    # No note unless ticked.
    assert "Felt looser" not in page.split('class="report"')[1]


def test_only_ticked_notes_appear_shortened_to_fit(client_logged_in, screened):
    sessions = quarter_of_sessions(screened, count=31)
    noted = [s for s in sessions if s.note]
    url = reverse("history:report", args=[screened.pk])
    page = client_logged_in.get(url, {"note": [noted[0].pk]}).content.decode()
    report = page.split('class="report"')[1].split("</article>")[0]
    notes = report.split('class="report-notes"')[1].split("</ul>")[0]
    assert notes.count("<li>") == 1
    assert "Felt looser" in notes
    assert "…" in report
    assert LONG_NOTE not in report


def test_report_is_owner_only(client_logged_in):
    stranger = PartnerFactory(account=UserFactory())
    assert client_logged_in.get(reverse("history:report", args=[stranger.pk])).status_code == 404


def test_share_link_opens_without_log_in_and_records_each_view(client, client_logged_in, screened):
    quarter_of_sessions(screened, count=5)
    page = client_logged_in.post(reverse("history:report_share", args=[screened.pk]))
    token = re.search(r'/report/([^"/]+)/"', page.content.decode()).group(1)
    shared = client.get(reverse("report_shared", args=[token]), HTTP_USER_AGENT="ClinicBrowser/1")
    assert shared.status_code == 200
    assert "Partner back stretch: report for" in shared.content.decode()
    assert ReportView.objects.get().browser == "ClinicBrowser/1"
    owner = client_logged_in.get(reverse("history:report", args=[screened.pk])).content.decode()
    assert "Opened once." in owner
    assert "ClinicBrowser/1" in owner
    assert token not in owner  # shown once, then only its hash is kept
    assert not ReportShare.objects.filter(token_hash=token).exists()


def test_a_links_openings_are_counted_the_latest_20_listed_none_once_it_stops(
    client, client_logged_in, screened
):
    token = report_share_create(partner=screened, note_session_ids=[])
    for n in range(25):
        client.get(reverse("report_shared", args=[token]), HTTP_USER_AGENT=f"Browser/{n}")
    share = ReportShare.objects.get()
    assert share.view_count == 25
    assert ReportView.objects.count() == 20
    owner = client_logged_in.get(reverse("history:report", args=[screened.pk])).content.decode()
    assert "Opened 25 times. The latest 20:" in owner
    assert "Browser/24" in owner
    assert "Browser/4)" not in owner

    stop = reverse("history:report_share_stop", args=[screened.pk, share.pk])
    assert client_logged_in.post(stop).status_code == 302
    assert not ReportView.objects.exists()  # folded: the count stays
    owner = client_logged_in.get(reverse("history:report", args=[screened.pk])).content.decode()
    assert "Opened 25 times." in owner
    assert "Browser/24" not in owner

    # An expired link folds the same way, when its owner next looks.
    later = report_share_create(partner=screened, note_session_ids=[])
    client.get(reverse("report_shared", args=[later]))
    ReportShare.objects.filter(revoked_at__isnull=True).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    client_logged_in.get(reverse("history:report", args=[screened.pk]))
    assert not ReportView.objects.exists()
    assert ReportShare.objects.get(revoked_at__isnull=True).view_count == 1


def test_share_link_answers_404_after_revocation_or_expiry(client, client_logged_in, screened):
    token = report_share_create(partner=screened, note_session_ids=[])
    share = ReportShare.objects.get()
    stop = reverse("history:report_share_stop", args=[screened.pk, share.pk])
    assert client_logged_in.post(stop).status_code == 302
    assert client.get(reverse("report_shared", args=[token])).status_code == 404

    expired = report_share_create(partner=screened, note_session_ids=[])
    ReportShare.objects.filter(revoked_at__isnull=True).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert client.get(reverse("report_shared", args=[expired])).status_code == 404
    assert client.get(reverse("report_shared", args=["made-up"])).status_code == 404
    assert not ReportView.objects.exists()


def test_another_account_cannot_stop_a_link(client_logged_in):
    stranger = PartnerFactory(account=UserFactory())
    report_share_create(partner=stranger, note_session_ids=[])
    share = ReportShare.objects.get()
    url = reverse("history:report_share_stop", args=[stranger.pk, share.pk])
    assert client_logged_in.post(url).status_code == 404
    assert ReportShare.objects.get().revoked_at is None


def test_report_queries_do_not_grow_with_the_sessions(screened, django_assert_max_num_queries):
    quarter_of_sessions(screened, count=10)
    with django_assert_max_num_queries(8):
        small = partner_report(partner=screened, note_session_ids=[])
    quarter_of_sessions(screened, count=40)
    with django_assert_max_num_queries(8):
        large = partner_report(partner=screened, note_session_ids=[])
    assert (small.sessions_done, large.sessions_done) == (10, 50)
