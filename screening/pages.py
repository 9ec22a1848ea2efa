"""The questionnaire as a few short pages, and the answers kept between them.

The rules this module holds:

- The active questions fall into pages, in this order: urgent signs (severity emergency),
  conditions (block, and rest: not today), needs clearance (caution) and the helper
  (`applies_to=helper`, whatever its severity). A page with no active question is skipped.
- Every page is answered explicitly: the items that apply, or "None of these" — never both,
  never neither. Nothing is pre-answered.
- Pages are answered in order: an answer to a later page while an earlier one is still
  open is refused, and the person is sent back to the first open page.
- A screening is recorded only when every page of the attempt is answered, with one
  exception: a ticked urgent sign ends the attempt at once and is recorded as an emergency,
  so the urgent-care advice comes before any further question.
- The answers so far live in the person's session, per partner, together with the
  attempt's question ids and a fingerprint of their wording. When staff edit, add, remove
  or switch off a question mid-attempt, the attempt is dropped and starts again: one
  screening never mixes two question sets, and every item it records reads as it was shown.
"""

import hashlib
import json
from collections.abc import Iterable, MutableMapping, Sequence
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from decompress.models import Partner

from .models import AppliesTo, Question, Screening, Severity
from .outcome import screening_record

SESSION_KEY = "screening_attempts"


class Page(models.TextChoices):
    """The questionnaire's pages, in the order they are asked. Values are URL segments."""

    URGENT = "urgent-signs", _("Urgent signs")
    CONDITIONS = "conditions", _("Conditions")
    CLEARANCE = "needs-clearance", _("Needs clearance")
    HELPER = "helper", _("The helper")


PAGE_OF_SEVERITY = {
    Severity.EMERGENCY: Page.URGENT,
    Severity.BLOCK: Page.CONDITIONS,
    Severity.CAUTION: Page.CLEARANCE,
    # "Not today" items sit with the conditions: what applies to the receiver now.
    Severity.REST: Page.CONDITIONS,
}


def question_page(question: Question) -> Page:
    if question.applies_to == AppliesTo.HELPER:
        return Page.HELPER
    return PAGE_OF_SEVERITY[Severity(question.severity)]


def questions_by_page(questions: Iterable[Question]) -> dict[Page, list[Question]]:
    """The non-empty pages in asking order, each with its questions in their given order."""
    pages: dict[Page, list[Question]] = {page: [] for page in Page}
    for question in questions:
        pages[question_page(question)].append(question)
    return {page: items for page, items in pages.items() if items}


def question_set_fingerprint(questions: Sequence[Question]) -> str:
    shown = [[q.pk, q.text, q.help_text, q.reason, q.severity, q.applies_to] for q in questions]
    return hashlib.sha256(json.dumps(shown).encode()).hexdigest()


@dataclass
class Attempt:
    """One run through the pages: the question ids per page, and the pages answered so far.

    `answers` maps each answered page to the ids ticked on it (empty: "None of these").
    """

    questions: dict[Page, list[Question]]
    fingerprint: str
    answers: dict[Page, list[int]] = field(default_factory=dict)
    caution_confirmed: bool = False

    @property
    def pages(self) -> list[Page]:
        return list(self.questions)

    def first_open_page(self) -> Page | None:
        return next((page for page in self.questions if page not in self.answers), None)

    def is_ahead(self, page: Page) -> bool:
        """True when `page` comes after a page that is still open."""
        first_open = self.first_open_page()
        return first_open is not None and self.pages.index(page) > self.pages.index(first_open)

    def next_page(self, page: Page) -> Page | None:
        later = self.pages[self.pages.index(page) + 1 :]
        return next((p for p in later if p not in self.answers), self.first_open_page())

    def number(self, page: Page) -> int:
        return self.pages.index(page) + 1

    def to_session(self) -> dict:
        return {
            "fingerprint": self.fingerprint,
            "questions": {page: [q.pk for q in qs] for page, qs in self.questions.items()},
            "answers": dict(self.answers),
            "caution_confirmed": self.caution_confirmed,
        }


def attempt_open(
    *, store: MutableMapping, partner: Partner, questions: Sequence[Question]
) -> tuple[Attempt, bool]:
    """The partner's attempt in progress, or a new one. `store` is the request's session.

    Returns (attempt, dropped): `dropped` is True when answers were kept for a question set
    that has changed since, and were thrown away.
    """
    fresh = Attempt(
        questions=questions_by_page(questions), fingerprint=question_set_fingerprint(questions)
    )
    kept = store.get(SESSION_KEY, {}).get(str(partner.pk))
    if not kept:
        return fresh, False
    same_ids = kept.get("questions") == {
        page: [q.pk for q in qs] for page, qs in fresh.questions.items()
    }
    if not same_ids or kept.get("fingerprint") != fresh.fingerprint:
        attempt_forget(store=store, partner=partner)
        return fresh, bool(kept.get("answers"))
    fresh.answers = {Page(page): ids for page, ids in kept.get("answers", {}).items()}
    fresh.caution_confirmed = bool(kept.get("caution_confirmed"))
    return fresh, False


def attempt_forget(*, store: MutableMapping, partner: Partner) -> None:
    attempts = store.get(SESSION_KEY, {})
    if attempts.pop(str(partner.pk), None) is not None:
        store[SESSION_KEY] = attempts


def attempt_answer_page(
    *,
    store: MutableMapping,
    partner: Partner,
    attempt: Attempt,
    page: Page,
    ticked: Sequence[Question],
    caution_confirmed: bool = False,
) -> Screening | None:
    """Keep one page's answer. Returns the recorded screening once the attempt is over.

    The attempt is over when every page is answered, or at once when an urgent sign is
    ticked. The page must be open or already answered (never ahead of an open page).
    """
    if attempt.is_ahead(page):
        raise ValueError("Pages are answered in order.")
    attempt.answers[page] = [q.pk for q in ticked]
    if page == Page.CLEARANCE:
        attempt.caution_confirmed = caution_confirmed
    urgent = any(q.severity == Severity.EMERGENCY for q in ticked)
    if not urgent and attempt.first_open_page() is not None:
        attempts = store.get(SESSION_KEY, {})
        attempts[str(partner.pk)] = attempt.to_session()
        store[SESSION_KEY] = attempts
        return None
    answered = [page for page in attempt.pages if page in attempt.answers]
    yes = {pk for page in answered for pk in attempt.answers[page]}
    answers = {q: q.pk in yes for page in answered for q in attempt.questions[page]}
    screening = screening_record(
        partner=partner, answers=answers, caution_confirmed=attempt.caution_confirmed
    )
    attempt_forget(store=store, partner=partner)
    return screening
