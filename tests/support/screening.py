"""The questionnaire answered through its pages by a test client, as a person would."""

import re

from django.urls import reverse

from screening.models import Question
from screening.pages import Page, question_page


def q(slug: str) -> Question:
    return Question.objects.get(slug=slug)


def page_url(partner, page: Page) -> str:
    return reverse(f"screening:{page.value}", args=[partner.pk])


def shown_attempt(client, partner, page: Page) -> str:
    """The attempt fingerprint the page carries, as a browser would send it back."""
    html = client.get(page_url(partner, page)).content.decode()
    return re.search(r'name="attempt" value="(\w+)"', html).group(1)


def answer_page(client, partner, page: Page, yes=(), *, none=None, confirm=False, headers=None):
    """Post one page as shown: the ticked items, or "None of these" when nothing is ticked."""
    data = {"attempt": shown_attempt(client, partner, page)}
    data["item"] = [str(q(slug).pk) for slug in yes]
    if none or (none is None and not yes):
        data["none"] = "none"
    if confirm:
        data["caution_confirmed"] = "on"
    return client.post(page_url(partner, page), data, headers=headers or {})


def answer_all(client, partner, yes=(), *, confirm: bool = False):
    """Walk every page in order, as a person would; returns the last response."""
    response = None
    for page in Page:
        slugs = [slug for slug in yes if _page_of(q(slug)) == page]
        response = answer_page(client, partner, page, slugs, confirm=confirm)
        if "/result/" in response.get("Location", ""):
            break
    return response


def _page_of(question: Question) -> Page:
    return question_page(question)
