"""Screening: the question set, the outcome rules, the questionnaire pages and the results."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from screening.guard import screening_current, screening_valid_until
from screening.models import AppliesTo, Outcome, Question, Screening, Severity
from screening.outcome import screening_evaluate, screening_record
from screening.pages import Page
from screening.seed import DEFAULT_QUESTIONS, seed_questions
from tests.factories import PartnerFactory, QuestionFactory, ScreeningFactory
from tests.support.screening import answer_all, answer_page, page_url, q, shown_attempt

pytestmark = pytest.mark.django_db

BLOCK_SLUGS = [slug for slug, _who, severity, *_ in DEFAULT_QUESTIONS if severity == "block"]
EMERGENCY_SLUGS = [
    slug for slug, _who, severity, *_ in DEFAULT_QUESTIONS if severity == "emergency"
]
CAUTION_SLUGS = [slug for slug, _who, severity, *_ in DEFAULT_QUESTIONS if severity == "caution"]


def questionnaire_url(partner) -> str:
    return reverse("screening:questionnaire", args=[partner.pk])


def start_url(partner) -> str:
    return reverse("sessions:start", args=[partner.pk])


# --- The default question set ----------------------------------------------------------


def test_migration_installs_the_full_default_question_set():
    questions = Question.objects.filter(active=True)
    by = {
        (s, w): questions.filter(severity=s, applies_to=w).count()
        for s in Severity
        for w in AppliesTo
    }
    assert by[(Severity.EMERGENCY, AppliesTo.RECEIVER)] == 5
    assert by[(Severity.BLOCK, AppliesTo.RECEIVER)] == 16
    assert by[(Severity.CAUTION, AppliesTo.RECEIVER)] == 7
    assert by[(Severity.REST, AppliesTo.RECEIVER)] == 1
    assert by[(Severity.BLOCK, AppliesTo.HELPER)] == 2
    # The red flags any pull on the spine must respect, each at its tier.
    for slug, severity in [
        ("unstable-spine", Severity.BLOCK),
        ("cancer", Severity.BLOCK),
        ("weight-loss", Severity.BLOCK),
        ("constant-pain", Severity.BLOCK),
        ("injecting-drugs", Severity.BLOCK),
        ("weak-immunity", Severity.BLOCK),
        ("minor-fall-older", Severity.BLOCK),
        ("heart-or-lung", Severity.CAUTION),
        ("aged-65", Severity.CAUTION),
        ("pain-last-24h", Severity.REST),
    ]:
        assert q(slug).severity == severity, slug
    # The article's three are there, in plain words, as blocks.
    assert "herniated, bulging or slipped disc" in q("herniated-disc").text
    assert "injury to the spine" in q("spinal-injury").text
    assert "operation on the back or spine" in q("back-surgery").text
    assert "chair" in q("helper-chair").text
    assert all(question.reason for question in questions)


def test_seeding_again_neither_duplicates_nor_undoes_staff_edits():
    disc = q("herniated-disc")
    disc.text = "Reworded by staff?"
    disc.save()
    count = Question.objects.count()
    seed_questions()
    seed_questions()
    assert Question.objects.count() == count
    assert q("herniated-disc").text == "Reworded by staff?"


def test_seeding_an_empty_table_writes_every_default_question():
    Question.objects.all().delete()
    seed_questions()
    assert Question.objects.count() == len(DEFAULT_QUESTIONS)


# --- The outcome rule -------------------------------------------------------------------

EXPECTED_ALONE = {
    Severity.EMERGENCY: (Outcome.EMERGENCY, Outcome.EMERGENCY),
    Severity.BLOCK: (Outcome.BLOCKED, Outcome.BLOCKED),
    Severity.CAUTION: (Outcome.BLOCKED, Outcome.CLEARED),
    Severity.REST: (Outcome.CLEARED, Outcome.CLEARED),  # cleared, but rests until tomorrow
}


@pytest.mark.parametrize("slug", [row[0] for row in DEFAULT_QUESTIONS])
def test_each_question_answered_yes_alone(slug):
    questions = list(Question.objects.filter(active=True))
    target = q(slug)
    answers = {question: question.pk == target.pk for question in questions}
    without, with_clearance = EXPECTED_ALONE[target.severity]
    assert screening_evaluate(answers=answers, caution_confirmed=False) == without
    assert screening_evaluate(answers=answers, caution_confirmed=True) == with_clearance


def test_all_no_is_cleared_with_or_without_the_box():
    answers = dict.fromkeys(Question.objects.filter(active=True), False)
    assert screening_evaluate(answers=answers, caution_confirmed=False) == Outcome.CLEARED
    assert screening_evaluate(answers=answers, caution_confirmed=True) == Outcome.CLEARED


# (emergency yes, block yes, caution yes, clearance ticked) -> outcome; all 16 written out.
COMBINATIONS = [
    (False, False, False, False, Outcome.CLEARED),
    (False, False, False, True, Outcome.CLEARED),
    (False, False, True, False, Outcome.BLOCKED),
    (False, False, True, True, Outcome.CLEARED),
    (False, True, False, False, Outcome.BLOCKED),
    (False, True, False, True, Outcome.BLOCKED),
    (False, True, True, False, Outcome.BLOCKED),
    (False, True, True, True, Outcome.BLOCKED),
    (True, False, False, False, Outcome.EMERGENCY),
    (True, False, False, True, Outcome.EMERGENCY),
    (True, False, True, False, Outcome.EMERGENCY),
    (True, False, True, True, Outcome.EMERGENCY),
    (True, True, False, False, Outcome.EMERGENCY),
    (True, True, False, True, Outcome.EMERGENCY),
    (True, True, True, False, Outcome.EMERGENCY),
    (True, True, True, True, Outcome.EMERGENCY),
]


@pytest.mark.parametrize(("emergency", "block", "caution", "confirmed", "expected"), COMBINATIONS)
def test_every_combination_of_severities(emergency, block, caution, confirmed, expected):
    # Unsaved questions: the rule needs nothing from the database.
    answers = {
        Question(pk=1, severity=Severity.EMERGENCY): emergency,
        Question(pk=2, severity=Severity.BLOCK): block,
        Question(pk=3, severity=Severity.CAUTION): caution,
        Question(pk=4, severity=Severity.BLOCK, applies_to=AppliesTo.HELPER): False,
    }
    assert screening_evaluate(answers=answers, caution_confirmed=confirmed) == expected


def test_helper_questions_block_like_any_other():
    answers = {
        Question(pk=1, severity=Severity.BLOCK, applies_to=AppliesTo.HELPER): True,
        Question(pk=2, severity=Severity.CAUTION): False,
    }
    assert screening_evaluate(answers=answers, caution_confirmed=True) == Outcome.BLOCKED


# --- Recording ---------------------------------------------------------------------------


def test_record_keeps_only_the_yes_answers_as_shown(partner):
    questions = list(Question.objects.filter(active=True))
    answers = {
        question: question.slug in {"herniated-disc", "blood-thinners"} for question in questions
    }
    screening = screening_record(partner=partner, answers=answers, caution_confirmed=True)
    assert screening.outcome == Outcome.BLOCKED
    assert [a["question"] for a in screening.answered_yes] == [
        q("herniated-disc").pk,
        q("blood-thinners").pk,
    ]
    disc = screening.answered_yes[0]
    assert disc == {
        "question": q("herniated-disc").pk,
        "text": q("herniated-disc").text,
        "severity": "block",
        "applies_to": "receiver",
        "reason": q("herniated-disc").reason,
    }
    assert screening.caution_confirmed is True


def test_confirmation_is_not_stored_when_no_caution_question_was_yes(partner):
    answers = dict.fromkeys(Question.objects.filter(active=True), False)
    screening = screening_record(partner=partner, answers=answers, caution_confirmed=True)
    assert screening.outcome == Outcome.CLEARED
    assert screening.caution_confirmed is False
    assert screening.answered_yes == []


def test_every_attempt_is_kept(partner):
    answers = {question: question.slug == "herniated-disc" for question in Question.objects.all()}
    screening_record(partner=partner, answers=answers, caution_confirmed=False)
    answers = dict.fromkeys(Question.objects.all(), False)
    screening_record(partner=partner, answers=answers, caution_confirmed=False)
    assert list(partner.screenings.values_list("outcome", flat=True)) == [
        Outcome.CLEARED,
        Outcome.BLOCKED,
    ]


def test_record_refuses_an_empty_questionnaire(partner):
    with pytest.raises(ValueError, match="needs answers"):
        screening_record(partner=partner, answers={}, caution_confirmed=False)
    assert not Screening.objects.exists()


# --- Validity and the guard -----------------------------------------------------------


def _age(screening: Screening, days: float) -> Screening:
    Screening.objects.filter(pk=screening.pk).update(
        created_at=timezone.now() - timedelta(days=days)
    )
    screening.refresh_from_db()
    return screening


def test_cleared_screening_is_current_until_it_expires(partner, settings):
    settings.SCREENING_VALID_DAYS = 30
    screening = _age(ScreeningFactory(partner=partner), 29)
    assert screening_current(partner=partner) == screening
    assert screening_valid_until(screening=screening) == screening.created_at + timedelta(days=30)
    _age(screening, 30.01)
    assert screening_current(partner=partner) is None


def test_a_newer_block_cancels_an_earlier_clearance(partner):
    _age(ScreeningFactory(partner=partner), 2)
    ScreeningFactory(partner=partner, outcome=Outcome.BLOCKED)
    assert screening_current(partner=partner) is None


def test_expired_clearance_sends_start_back_to_the_questionnaire(
    client_logged_in, partner, settings
):
    settings.SCREENING_VALID_DAYS = 30
    _age(ScreeningFactory(partner=partner), 31)
    response = client_logged_in.get(start_url(partner))
    assert response.status_code == 302
    assert response["Location"].startswith(questionnaire_url(partner))


def test_expired_clearance_honours_a_shorter_setting(client_logged_in, partner, settings):
    settings.SCREENING_VALID_DAYS = 7
    _age(ScreeningFactory(partner=partner), 8)
    assert screening_current(partner=partner) is None
    response = client_logged_in.get(start_url(partner))
    assert response["Location"].startswith(questionnaire_url(partner))


# --- The questionnaire pages -------------------------------------------------------------


def test_questionnaire_needs_login(client, partner):
    for url in (questionnaire_url(partner), page_url(partner, Page.URGENT)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_questionnaire_opens_on_the_first_page(client_logged_in, partner):
    response = client_logged_in.get(questionnaire_url(partner))
    assert response.status_code == 302
    assert response["Location"] == page_url(partner, Page.URGENT)


def test_pages_ask_every_active_question_once_grouped_with_progress(client_logged_in, partner):
    hidden = QuestionFactory(text="An inactive item", active=False)
    expected = {
        Page.URGENT: Question.objects.filter(severity=Severity.EMERGENCY),
        Page.CONDITIONS: Question.objects.filter(
            severity__in=[Severity.BLOCK, Severity.REST], applies_to=AppliesTo.RECEIVER
        ),
        Page.CLEARANCE: Question.objects.filter(severity=Severity.CAUTION),
        Page.HELPER: Question.objects.filter(applies_to=AppliesTo.HELPER),
    }
    asked = []
    for number, (page, questions) in enumerate(expected.items(), start=1):
        response = client_logged_in.get(page_url(partner, page))
        assert response.status_code == 200
        html = response.content.decode().replace("&#x27;", "'")
        assert f"Page {number} of 4 · {page.label}" in html
        assert html.count('<li class="screening-step') == 4
        assert html.count('type="checkbox" name="item"') == questions.filter(active=True).count()
        for question in questions.filter(active=True):
            assert f'<label for="item-{question.pk}">{question.text}</label>' in html
            asked.append(question.pk)
        # "None of these" is there, never pre-chosen: nothing is checked on a fresh page.
        assert 'name="none" value="none"' in html
        assert " checked" not in html
        assert hidden.text not in html
        assert ("A doctor or physiotherapist has cleared this stretch for me" in html) == (
            page == Page.CLEARANCE
        )
    assert sorted(asked) == sorted(
        Question.objects.filter(active=True).values_list("pk", flat=True)
    )
    assert "Do any of these apply to the helper?" in html


def test_help_text_is_visible_and_linked_to_its_item(client_logged_in, partner):
    disc = q("herniated-disc")
    html = client_logged_in.get(page_url(partner, Page.CONDITIONS)).content.decode()
    assert f'<p class="helptext" id="item-{disc.pk}-help">{disc.help_text}</p>' in html
    assert f'id="item-{disc.pk}" aria-describedby="item-{disc.pk}-help"' in html


def test_pages_of_another_account_are_404(client_logged_in, partner):
    other = PartnerFactory()
    data = {"attempt": shown_attempt(client_logged_in, partner, Page.URGENT), "none": "none"}
    assert client_logged_in.get(questionnaire_url(other)).status_code == 404
    for page in Page:
        assert client_logged_in.get(page_url(other, page)).status_code == 404
        assert client_logged_in.post(page_url(other, page), data).status_code == 404
    assert not Screening.objects.exists()


# The server decides, not the page: one test per rule.


def test_none_of_these_alone_answers_its_page(client_logged_in, partner):
    response = answer_page(client_logged_in, partner, Page.URGENT)
    assert response.status_code == 302
    assert response["Location"] == page_url(partner, Page.CONDITIONS)


@pytest.mark.parametrize("htmx", [False, True])
def test_ticked_items_and_none_together_are_refused_with_a_message(client_logged_in, partner, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    response = answer_page(
        client_logged_in, partner, Page.URGENT, ["fever"], none=True, headers=headers
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "You ticked an item and also chose “None of these”" in html
    assert 'id="error-summary"' in html
    assert f'value="{q("fever").pk}" id="item-{q("fever").pk}" checked' in html
    assert not Screening.objects.exists()
    # The page stays open: the next one is still ahead.
    assert answer_page(client_logged_in, partner, Page.CONDITIONS)["Location"] == page_url(
        partner, Page.URGENT
    )
    if htmx:
        assert "<html" not in html
        assert "<title>Error:" in html
    else:
        assert "<title>Error:" in html


@pytest.mark.parametrize("htmx", [False, True])
def test_neither_an_item_nor_none_is_refused_with_a_message(client_logged_in, partner, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    response = answer_page(client_logged_in, partner, Page.URGENT, none=False, headers=headers)
    assert response.status_code == 422
    html = response.content.decode()
    assert "Tick each item that applies and press Continue, or choose “None of these”." in html
    assert 'id="error-summary" tabindex="-1" autofocus' in html
    assert not Screening.objects.exists()


def test_a_screening_is_recorded_only_when_every_page_is_answered(client_logged_in, partner):
    for page in (Page.URGENT, Page.CONDITIONS, Page.CLEARANCE):
        answer_page(client_logged_in, partner, page)
        assert not Screening.objects.exists()
    response = answer_page(client_logged_in, partner, Page.HELPER)
    screening = Screening.objects.get()
    assert screening.outcome == Outcome.CLEARED
    assert screening.answered_yes == []
    assert response["Location"] == reverse("screening:result", args=[screening.pk])


@pytest.mark.parametrize("later", [Page.CONDITIONS, Page.CLEARANCE, Page.HELPER])
def test_a_later_page_posted_alone_returns_to_the_first_open_page(client_logged_in, partner, later):
    response = answer_page(client_logged_in, partner, later, confirm=True)
    assert response.status_code == 302
    assert response["Location"] == page_url(partner, Page.URGENT)
    answer_page(client_logged_in, partner, Page.URGENT)
    if later != Page.CONDITIONS:
        response = answer_page(client_logged_in, partner, later)
        assert response["Location"] == page_url(partner, Page.CONDITIONS)
    assert not Screening.objects.exists()
    htmx = answer_page(client_logged_in, partner, Page.HELPER, headers={"HX-Request": "true"})
    assert htmx["HX-Redirect"] == page_url(partner, Page.CONDITIONS)


@pytest.mark.parametrize("slug", EMERGENCY_SLUGS)
def test_a_ticked_urgent_sign_goes_straight_to_urgent_care(client_logged_in, partner, slug):
    response = answer_page(client_logged_in, partner, Page.URGENT, [slug])
    screening = Screening.objects.get()
    assert screening.outcome == Outcome.EMERGENCY
    assert [a["question"] for a in screening.answered_yes] == [q(slug).pk]
    assert screening.answered_yes[0]["text"] == q(slug).text
    assert response["Location"] == reverse("screening:result", args=[screening.pk])
    html = client_logged_in.get(response["Location"]).content.decode()
    main = html[html.index('<main id="main"') :]
    urgent = main.index("Seek urgent medical care now")
    assert "<h1" in main[urgent - 60 : urgent]
    assert urgent < main.index(q(slug).text)
    assert "Call your local emergency number" in main
    assert start_url(partner) not in html
    # The attempt is over: the questionnaire starts afresh.
    assert client_logged_in.get(questionnaire_url(partner))["Location"] == page_url(
        partner, Page.URGENT
    )


def test_htmx_swaps_in_the_next_page_and_moves_focus_to_its_heading(client_logged_in, partner):
    response = answer_page(client_logged_in, partner, Page.URGENT, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Push-Url"] == page_url(partner, Page.CONDITIONS)
    html = response.content.decode()
    assert "<html" not in html
    assert "<title>Page 2 of 4: Conditions" in html
    assert 'id="screening-page"' in html
    assert 'class="checklist-heading" tabindex="-1" autofocus' in html
    for page in (Page.CONDITIONS, Page.CLEARANCE):
        answer_page(client_logged_in, partner, page, headers={"HX-Request": "true"})
    last = answer_page(client_logged_in, partner, Page.HELPER, headers={"HX-Request": "true"})
    screening = Screening.objects.get()
    assert last["HX-Redirect"] == reverse("screening:result", args=[screening.pk])


def test_answers_are_kept_between_pages_and_shown_when_going_back(client_logged_in, partner):
    answer_page(client_logged_in, partner, Page.URGENT)
    answer_page(client_logged_in, partner, Page.CONDITIONS, ["herniated-disc", "arm-injury"])
    back = client_logged_in.get(page_url(partner, Page.CONDITIONS)).content.decode()
    assert back.count(" checked") == 2
    assert f'href="{page_url(partner, Page.URGENT)}"' in back  # the Back link
    # Changing an answer on an earlier page replaces it.
    answer_page(client_logged_in, partner, Page.CONDITIONS, ["herniated-disc"])
    answer_page(client_logged_in, partner, Page.CLEARANCE)
    answer_page(client_logged_in, partner, Page.HELPER)
    screening = Screening.objects.get()
    assert screening.outcome == Outcome.BLOCKED
    assert [a["question"] for a in screening.answered_yes] == [q("herniated-disc").pk]


def test_each_partner_has_an_attempt_of_their_own(client_logged_in, partner, user):
    second = PartnerFactory(account=user)
    answer_page(client_logged_in, partner, Page.URGENT)
    assert client_logged_in.get(questionnaire_url(second))["Location"] == page_url(
        second, Page.URGENT
    )
    assert client_logged_in.get(questionnaire_url(partner))["Location"] == page_url(
        partner, Page.CONDITIONS
    )


@pytest.mark.parametrize("edit", ["added", "switched off", "reworded"])
def test_an_admin_edit_mid_attempt_never_mixes_question_sets(client_logged_in, partner, edit):
    answer_page(client_logged_in, partner, Page.URGENT)
    shown = shown_attempt(client_logged_in, partner, Page.CONDITIONS)
    if edit == "added":
        QuestionFactory(text="A new condition", severity=Severity.BLOCK)
    elif edit == "switched off":
        Question.objects.filter(slug="pregnancy").update(active=False)
    else:
        Question.objects.filter(slug="fever").update(text="Reworded")
    response = client_logged_in.post(
        page_url(partner, Page.CONDITIONS), {"attempt": shown, "none": "none"}
    )
    assert response.status_code == 400
    assert b"Nothing was saved" in response.content
    assert not Screening.objects.exists()
    # The next visit starts again from the first page, with the new set.
    assert client_logged_in.get(questionnaire_url(partner))["Location"] == page_url(
        partner, Page.URGENT
    )
    answer_all(client_logged_in, partner)
    assert Screening.objects.get().outcome == Outcome.CLEARED


def test_a_page_with_no_active_questions_is_skipped(client_logged_in, partner):
    Question.objects.filter(severity=Severity.CAUTION).update(active=False)
    response = answer_page(client_logged_in, partner, Page.CONDITIONS)
    assert response["Location"] == page_url(partner, Page.URGENT)
    answer_page(client_logged_in, partner, Page.URGENT)
    html = client_logged_in.get(page_url(partner, Page.CONDITIONS)).content.decode()
    assert "Page 2 of 3 · Conditions" in html
    assert html.count('<li class="screening-step') == 3
    skipped = client_logged_in.get(page_url(partner, Page.CLEARANCE))
    assert skipped["Location"] == page_url(partner, Page.CONDITIONS)
    response = answer_page(client_logged_in, partner, Page.CONDITIONS)
    assert response["Location"] == page_url(partner, Page.HELPER)
    answer_page(client_logged_in, partner, Page.HELPER)
    assert Screening.objects.get().outcome == Outcome.CLEARED


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize(
    "forge", ["unknown item", "item of another page", "item sent twice", "odd none", "no attempt"]
)
def test_forged_posts_are_refused_and_nothing_saved(client_logged_in, partner, forge, htmx):
    data = {"attempt": shown_attempt(client_logged_in, partner, Page.URGENT), "item": []}
    if forge == "unknown item":
        data["item"] = ["999999"]
    elif forge == "item of another page":
        data["item"] = [str(q("herniated-disc").pk)]
    elif forge == "item sent twice":
        data["item"] = [str(q("fever").pk)] * 2
    elif forge == "odd none":
        data["none"] = "maybe"
    else:
        del data["attempt"]
        data["none"] = "none"
    headers = {"HX-Request": "true"} if htmx else {}
    response = client_logged_in.post(page_url(partner, Page.URGENT), data, headers=headers)
    assert response.status_code == 400
    assert not Screening.objects.exists()
    if htmx:
        assert response["HX-Redirect"] == questionnaire_url(partner)
    else:
        assert b"Nothing was saved" in response.content


def test_all_none_clears_and_the_result_starts_the_session(client_logged_in, partner):
    response = answer_all(client_logged_in, partner)
    screening = Screening.objects.get()
    assert screening.partner == partner
    assert screening.outcome == Outcome.CLEARED
    assert response["Location"] == reverse("screening:result", args=[screening.pk])
    html = client_logged_in.get(response["Location"]).content.decode()
    assert "is cleared for the stretch" in html
    assert "Valid until" in html
    # Answered today: the start button posts straight to the start, which asks nothing more.
    assert f'<form method="post" action="{start_url(partner)}"' in html
    started = client_logged_in.post(start_url(partner))
    assert started.status_code == 302
    assert "/session/" in started["Location"]


def test_herniated_disc_blocks_session(client_logged_in, partner):
    answer_all(client_logged_in, partner, yes={"herniated-disc"})
    screening = Screening.objects.get()
    assert screening.outcome == Outcome.BLOCKED
    html = client_logged_in.get(reverse("screening:result", args=[screening.pk])).content.decode()
    disc = q("herniated-disc")
    assert "This stretch is not safe for" in html
    assert disc.text in html
    assert disc.reason in html
    assert "physiotherapist or doctor" in html
    assert reverse("screening:back_care") in html
    assert "I answered wrongly — retake the questions" in html
    assert questionnaire_url(partner) in html
    assert start_url(partner) not in html
    start = client_logged_in.get(start_url(partner))
    assert start["Location"] == reverse("screening:result", args=[screening.pk])


@pytest.mark.parametrize("slug", BLOCK_SLUGS)
def test_each_block_item_blocks_the_start(client_logged_in, partner, slug):
    answer_all(client_logged_in, partner, yes={slug}, confirm=True)
    screening = Screening.objects.get()
    assert screening.outcome == Outcome.BLOCKED
    assert screening_current(partner=partner) is None
    # The start URL refuses: it shows why, instead of looping back to the questions.
    assert client_logged_in.get(start_url(partner))["Location"] == reverse(
        "screening:result", args=[screening.pk]
    )


def test_caution_without_clearance_is_blocked(client_logged_in, partner):
    response = answer_all(client_logged_in, partner, yes={"blood-thinners"})
    screening = Screening.objects.get()
    assert screening.outcome == Outcome.BLOCKED
    assert screening.caution_confirmed is False
    html = client_logged_in.get(response["Location"]).content.decode()
    assert "clearance first</h2>" in html
    assert "You did not tick" in html


def test_caution_with_clearance_is_cleared_and_recorded(client_logged_in, partner):
    response = answer_all(client_logged_in, partner, yes={"blood-thinners"}, confirm=True)
    screening = Screening.objects.get()
    assert screening.outcome == Outcome.CLEARED
    assert screening.caution_confirmed is True
    html = client_logged_in.get(response["Location"]).content.decode()
    assert "Cleared by a doctor or physiotherapist" in html
    assert q("blood-thinners").text in html
    assert screening_current(partner=partner) == screening


def test_no_active_questions_never_clears(client_logged_in, partner):
    Question.objects.update(active=False)
    assert client_logged_in.get(questionnaire_url(partner)).status_code == 503
    response = client_logged_in.post(page_url(partner, Page.URGENT), {"none": "none"})
    assert response.status_code == 503
    assert not Screening.objects.exists()


def test_questionnaire_offers_start_when_already_cleared(client_logged_in, partner):
    ScreeningFactory(partner=partner)
    html = client_logged_in.get(page_url(partner, Page.URGENT)).content.decode()
    assert "is already cleared, valid until" in html
    assert start_url(partner) in html


def test_questionnaire_is_not_cached(client_logged_in, partner):
    response = client_logged_in.get(page_url(partner, Page.URGENT))
    assert "no-store" in response["Cache-Control"]


# --- Before the session ------------------------------------------------------------------


def test_start_skips_the_pre_session_check_on_the_day_of_the_screening(client_logged_in, partner):
    ScreeningFactory(partner=partner)
    response = client_logged_in.get(start_url(partner))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Has anything changed" not in html
    assert "Seek urgent medical care now instead" not in html
    assert f'<form method="post" action="{start_url(partner)}"' in html
    assert "Start the session</button>" in html
    started = client_logged_in.post(start_url(partner))
    assert started.status_code == 302
    assert "/session/" in started["Location"]


def test_start_asks_the_pre_session_check_from_the_next_day(client_logged_in, partner):
    _age(ScreeningFactory(partner=partner), 1)
    html = client_logged_in.get(start_url(partner)).content.decode()
    assert "Has anything changed in your health or back since the screening on" in html
    assert "Seek urgent medical care now instead" in html
    refused = client_logged_in.post(start_url(partner))
    assert refused.status_code == 422
    assert "Answer yes or no before you start." in refused.content.decode()


def _zone_where_the_hour_is(hour: int) -> str:
    """An IANA zone (a whole-hour Etc/GMT one) where the local hour is `hour` right now."""
    offset = (hour - timezone.now().hour) % 24
    offset = offset - 24 if offset > 14 else offset
    return f"Etc/GMT{-offset:+d}"  # the Etc names count the other way round


def test_today_is_the_day_in_the_accounts_time_zone(client_logged_in, user, partner):
    import zoneinfo

    from decompress.timezones import account_time_zone_set

    screening = _age(ScreeningFactory(partner=partner), 1 / 24)  # an hour ago
    # Just after midnight there: the screening was yesterday.
    account_time_zone_set(account=user, name=_zone_where_the_hour_is(0))
    with timezone.override(zoneinfo.ZoneInfo(_zone_where_the_hour_is(0))):
        assert not screening.taken_today
    assert "Has anything changed" in client_logged_in.get(start_url(partner)).content.decode()
    # Midday there: the screening was this morning.
    account_time_zone_set(account=user, name=_zone_where_the_hour_is(12))
    with timezone.override(zoneinfo.ZoneInfo(_zone_where_the_hour_is(12))):
        assert screening.taken_today
    html = client_logged_in.get(start_url(partner)).content.decode()
    assert "Has anything changed" not in html


# --- Result pages ------------------------------------------------------------------------


def test_result_of_another_account_is_404(client_logged_in):
    screening = ScreeningFactory()
    assert client_logged_in.get(reverse("screening:result", args=[screening.pk])).status_code == 404


def test_result_reads_the_snapshot_not_the_current_question(client_logged_in, partner):
    answer_all(client_logged_in, partner, yes={"herniated-disc"})
    screening = Screening.objects.get()
    disc = q("herniated-disc")
    old_text = disc.text
    disc.text = "Completely different wording?"
    disc.reason = "Different reason."
    disc.save()
    html = client_logged_in.get(reverse("screening:result", args=[screening.pk])).content.decode()
    assert old_text in html
    assert "Completely different wording?" not in html
    assert "Different reason." not in html


def test_an_older_clearance_offers_no_start(client_logged_in, partner):
    old = ScreeningFactory(partner=partner)
    ScreeningFactory(partner=partner, outcome=Outcome.BLOCKED)
    html = client_logged_in.get(reverse("screening:result", args=[old.pk])).content.decode()
    assert "earlier screening" in html
    assert start_url(partner) not in html
    assert "Answer the questions again" in html


def test_an_expired_clearance_offers_no_start(client_logged_in, partner, settings):
    settings.SCREENING_VALID_DAYS = 30
    old = _age(ScreeningFactory(partner=partner), 40)
    html = client_logged_in.get(reverse("screening:result", args=[old.pk])).content.decode()
    assert "no longer valid" in html
    assert start_url(partner) not in html


def test_back_care_page_covers_the_long_term_habits(client):
    response = client.get(reverse("screening:back_care"))
    assert response.status_code == 200
    html = response.content.decode()
    for topic in ("Posture", "Daily stretching", "Strength", "Drink enough water", "Stress"):
        assert f">{topic}</h2>" in html
