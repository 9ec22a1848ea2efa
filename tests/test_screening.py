"""Screening: the question set, the outcome rules, the questionnaire and its result pages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from screening.guard import screening_current, screening_valid_until
from screening.models import AppliesTo, Outcome, Question, Screening, Severity
from screening.rules import screening_evaluate, screening_record
from screening.seed import DEFAULT_QUESTIONS, seed_questions
from tests.factories import PartnerFactory, QuestionFactory, ScreeningFactory

pytestmark = pytest.mark.django_db

BLOCK_SLUGS = [slug for slug, _who, severity, *_ in DEFAULT_QUESTIONS if severity == "block"]
EMERGENCY_SLUGS = [
    slug for slug, _who, severity, *_ in DEFAULT_QUESTIONS if severity == "emergency"
]
CAUTION_SLUGS = [slug for slug, _who, severity, *_ in DEFAULT_QUESTIONS if severity == "caution"]


def q(slug: str) -> Question:
    return Question.objects.get(slug=slug)


def answers_post(yes=(), *, confirm: bool = False, skip=()) -> dict[str, str]:
    """A complete questionnaire post: every active question no, except those in `yes`."""
    data = {}
    for question in Question.objects.filter(active=True):
        if question.slug in skip:
            continue
        data[f"q_{question.pk}"] = "yes" if question.slug in yes else "no"
    if confirm:
        data["caution_confirmed"] = "on"
    return data


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
    assert by[(Severity.BLOCK, AppliesTo.RECEIVER)] == 9
    assert by[(Severity.CAUTION, AppliesTo.RECEIVER)] == 5
    assert by[(Severity.BLOCK, AppliesTo.HELPER)] == 2
    # The article's three are there, in plain words, as blocks.
    assert "herniated, bulging or slipped disc" in q("herniated-disc").text
    assert "injury to your spine" in q("spinal-injury").text
    assert "operation on your back or spine" in q("back-surgery").text
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
    with pytest.raises(ValueError):
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


# --- The questionnaire page --------------------------------------------------------------


def test_questionnaire_needs_login(client, partner):
    response = client.get(questionnaire_url(partner))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_questionnaire_shows_every_active_question_grouped(client_logged_in, partner):
    hidden = QuestionFactory(text="An inactive question?", active=False)
    response = client_logged_in.get(questionnaire_url(partner))
    assert response.status_code == 200
    html = response.content.decode()
    assert "About the person receiving the stretch" in html
    assert "About the helper" in html
    assert html.index("About the person receiving the stretch") < html.index("About the helper")
    for question in Question.objects.filter(active=True):
        assert f'<legend class="question-text">{question.text}</legend>' in html.replace(
            "&#x27;", "'"
        )
        assert f'name="q_{question.pk}" id="id_q_{question.pk}_yes" value="yes"' in html
        assert f'name="q_{question.pk}" id="id_q_{question.pk}_no" value="no"' in html
    assert hidden.text not in html
    assert 'type="checkbox"' in html  # only the clearance box; answers are radio pairs
    assert html.count('type="checkbox"') == 1
    assert "A doctor or physiotherapist has cleared this stretch for me" in html
    assert "guidance, not a diagnosis" in html


def test_help_text_is_visible_and_linked_to_the_answers(client_logged_in, partner):
    disc = q("herniated-disc")
    html = client_logged_in.get(questionnaire_url(partner)).content.decode()
    assert f'<p class="helptext" id="id_q_{disc.pk}_help">' in html
    assert f'aria-describedby="id_q_{disc.pk}_help"' in html
    thinners = q("blood-thinners")
    assert f'aria-describedby="id_q_{thinners.pk}_help id_q_{thinners.pk}_caution"' in html


def test_questionnaire_of_another_account_is_404(client_logged_in):
    other = PartnerFactory()
    assert client_logged_in.get(questionnaire_url(other)).status_code == 404
    response = client_logged_in.post(questionnaire_url(other), answers_post())
    assert response.status_code == 404
    assert not Screening.objects.exists()


def test_all_no_clears_and_redirects_to_the_result(client_logged_in, partner):
    response = client_logged_in.post(questionnaire_url(partner), answers_post())
    screening = Screening.objects.get()
    assert screening.partner == partner
    assert screening.outcome == Outcome.CLEARED
    assert response.status_code == 302
    assert response["Location"] == reverse("screening:result", args=[screening.pk])
    page = client_logged_in.get(response["Location"])
    html = page.content.decode()
    assert "is cleared for the stretch" in html
    assert "Valid until" in html
    assert f'href="{start_url(partner)}"' in html
    assert "Start the session" in html


def test_htmx_submit_redirects_the_browser_to_the_result(client_logged_in, partner):
    response = client_logged_in.post(
        questionnaire_url(partner), answers_post(), headers={"HX-Request": "true"}
    )
    screening = Screening.objects.get()
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("screening:result", args=[screening.pk])


@pytest.mark.parametrize("htmx", [False, True])
def test_herniated_disc_blocks_session(client_logged_in, partner, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    client_logged_in.post(
        questionnaire_url(partner), answers_post(yes={"herniated-disc"}), headers=headers
    )
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
    assert start["Location"].startswith(questionnaire_url(partner))


@pytest.mark.parametrize("slug", BLOCK_SLUGS)
def test_each_block_question_blocks_the_start(client_logged_in, partner, slug):
    client_logged_in.post(questionnaire_url(partner), answers_post(yes={slug}, confirm=True))
    screening = Screening.objects.get()
    assert screening.outcome == Outcome.BLOCKED
    assert screening_current(partner=partner) is None
    assert client_logged_in.get(start_url(partner))["Location"].startswith(
        questionnaire_url(partner)
    )


@pytest.mark.parametrize("slug", EMERGENCY_SLUGS)
def test_emergency_comes_first_even_with_blocks(client_logged_in, partner, slug):
    post = answers_post(yes={slug, "herniated-disc", "helper-chair"})
    response = client_logged_in.post(questionnaire_url(partner), post, follow=True)
    screening = Screening.objects.get()
    assert screening.outcome == Outcome.EMERGENCY
    html = response.content.decode()
    main = html[html.index('<main id="main"') :]
    urgent = main.index("Seek urgent medical care now")
    assert "<h1" in main[urgent - 60 : urgent]
    assert urgent < main.index(q(slug).text)
    assert urgent < main.index(q("herniated-disc").text)
    assert "Call your local emergency number" in main
    assert start_url(partner) not in html


def test_caution_without_clearance_is_blocked(client_logged_in, partner):
    response = client_logged_in.post(
        questionnaire_url(partner), answers_post(yes={"blood-thinners"}), follow=True
    )
    screening = Screening.objects.get()
    assert screening.outcome == Outcome.BLOCKED
    assert screening.caution_confirmed is False
    html = response.content.decode()
    assert "clearance first</h2>" in html
    assert "You did not tick" in html


def test_caution_with_clearance_is_cleared_and_recorded(client_logged_in, partner):
    response = client_logged_in.post(
        questionnaire_url(partner), answers_post(yes={"blood-thinners"}, confirm=True), follow=True
    )
    screening = Screening.objects.get()
    assert screening.outcome == Outcome.CLEARED
    assert screening.caution_confirmed is True
    html = response.content.decode()
    assert "Cleared by a doctor or physiotherapist" in html
    assert q("blood-thinners").text in html
    assert screening_current(partner=partner) == screening


@pytest.mark.parametrize("htmx", [False, True])
def test_unanswered_questions_are_marked_and_nothing_saved(client_logged_in, partner, htmx):
    missing = ["herniated-disc", "helper-chair"]
    headers = {"HX-Request": "true"} if htmx else {}
    response = client_logged_in.post(
        questionnaire_url(partner),
        answers_post(yes={"blood-thinners"}, skip=missing, confirm=True),
        headers=headers,
    )
    assert response.status_code == 422
    assert not Screening.objects.exists()
    html = response.content.decode()
    assert "2 questions have no answer yet" in html
    assert 'id="error-summary"' in html
    for slug in missing:
        pk = q(slug).pk
        assert f'<p class="field-error" id="id_q_{pk}_error">' in html
        assert f'href="#id_q_{pk}_yes"' in html
    assert html.count('class="field-error"') == 2
    # What was answered stays answered.
    thinners = q("blood-thinners").pk
    assert f'id="id_q_{thinners}_yes" value="yes" checked' in html
    assert 'id="id_caution_confirmed" value="on" checked' in html
    if htmx:
        assert "<html" not in html
        assert html.lstrip().startswith('<form id="screening-form"')
    else:
        assert "<title>Error:" in html


def test_an_empty_post_marks_every_question(client_logged_in, partner):
    response = client_logged_in.post(questionnaire_url(partner), {})
    assert response.status_code == 422
    count = Question.objects.filter(active=True).count()
    assert f"{count} questions have no answer yet" in response.content.decode()
    assert not Screening.objects.exists()


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize(
    "forge",
    ["unknown question", "inactive question", "odd value", "answer sent twice"],
)
def test_forged_posts_are_refused_and_nothing_saved(client_logged_in, partner, forge, htmx):
    data = answers_post()
    disc = q("herniated-disc")
    if forge == "unknown question":
        data["q_999999"] = "no"
    elif forge == "inactive question":
        data[f"q_{QuestionFactory(active=False).pk}"] = "no"
    elif forge == "odd value":
        data[f"q_{disc.pk}"] = "maybe"
    else:
        data[f"q_{disc.pk}"] = ["no", "yes"]
    headers = {"HX-Request": "true"} if htmx else {}
    response = client_logged_in.post(questionnaire_url(partner), data, headers=headers)
    assert response.status_code == 400
    assert not Screening.objects.exists()
    if htmx:
        assert response["HX-Redirect"] == questionnaire_url(partner)
    else:
        assert b"Nothing was saved" in response.content


def test_deactivated_question_is_no_longer_asked_or_required(client_logged_in, partner):
    disc = q("herniated-disc")
    disc.active = False
    disc.save()
    assert disc.text not in client_logged_in.get(questionnaire_url(partner)).content.decode()
    response = client_logged_in.post(questionnaire_url(partner), answers_post())
    assert response.status_code == 302


def test_no_active_questions_never_clears(client_logged_in, partner):
    Question.objects.update(active=False)
    assert client_logged_in.get(questionnaire_url(partner)).status_code == 503
    response = client_logged_in.post(questionnaire_url(partner), {"caution_confirmed": "on"})
    assert response.status_code == 503
    assert not Screening.objects.exists()


def test_questionnaire_offers_start_when_already_cleared(client_logged_in, partner):
    ScreeningFactory(partner=partner)
    html = client_logged_in.get(questionnaire_url(partner)).content.decode()
    assert "is already cleared, valid until" in html
    assert start_url(partner) in html


def test_questionnaire_is_not_cached(client_logged_in, partner):
    response = client_logged_in.get(questionnaire_url(partner))
    assert "no-store" in response["Cache-Control"]


# --- Result pages ------------------------------------------------------------------------


def test_result_of_another_account_is_404(client_logged_in):
    screening = ScreeningFactory()
    assert client_logged_in.get(reverse("screening:result", args=[screening.pk])).status_code == 404


def test_result_reads_the_snapshot_not_the_current_question(client_logged_in, partner):
    client_logged_in.post(questionnaire_url(partner), answers_post(yes={"herniated-disc"}))
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
