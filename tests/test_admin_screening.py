"""Admin for screening: staff edit the questions; screenings are records to read, never alter."""

import pytest
from django.test import Client
from django.urls import reverse

from screening.models import Outcome, Question, Screening, Severity
from screening.pages import Page
from tests.factories import PartnerFactory, ScreeningFactory, UserFactory
from tests.support.screening import answer_all, page_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    return client


def _question_form(question: Question, **changes) -> dict:
    data = {
        "text": question.text,
        "help_text": question.help_text,
        "reason": question.reason,
        "severity": question.severity,
        "applies_to": question.applies_to,
        "position": question.position,
        "active": "on" if question.active else "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def test_question_list_is_ordered_by_position_with_filters_and_search(staff_client):
    response = staff_client.get(reverse("admin:screening_question_changelist"))
    assert response.status_code == 200
    cl = response.context["cl"]
    positions = [question.position for question in cl.result_list]
    assert positions == sorted(positions)
    assert cl.list_editable == ("position", "active")
    filter_titles = {spec.title for spec in cl.filter_specs}
    assert {"severity", "applies to"} <= filter_titles
    found = staff_client.get(
        reverse("admin:screening_question_changelist"), {"q": "herniated"}
    ).context["cl"]
    assert [question.slug for question in found.result_list] == ["herniated-disc"]
    emergencies = staff_client.get(
        reverse("admin:screening_question_changelist"), {"severity__exact": "emergency"}
    ).context["cl"]
    assert {question.severity for question in emergencies.result_list} == {Severity.EMERGENCY}


def test_editing_a_question_changes_the_questionnaire_but_not_earlier_records(staff_client):
    # A person answers yes to the disc question, as it reads today.
    owner = UserFactory()
    partner = PartnerFactory(account=owner)
    person = Client()
    person.force_login(owner)
    answer_all(person, partner, yes={"herniated-disc"})
    screening = Screening.objects.get()
    disc = Question.objects.get(slug="herniated-disc")
    old_text = disc.text

    response = staff_client.post(
        reverse("admin:screening_question_change", args=[disc.pk]),
        _question_form(disc, text="Has a doctor ever found a problem with a disc in your back?"),
    )
    assert response.status_code == 302

    page = person.get(page_url(partner, Page.CONDITIONS)).content.decode()
    assert "Has a doctor ever found a problem with a disc in your back?" in page
    assert old_text not in page
    result = person.get(reverse("screening:result", args=[screening.pk])).content.decode()
    assert old_text in result
    assert "Has a doctor ever found a problem" not in result
    screening.refresh_from_db()
    assert screening.answered_yes[0]["text"] == old_text
    # Staff see the record as it was shown, too.
    detail = staff_client.get(reverse("admin:screening_screening_change", args=[screening.pk]))
    assert old_text in detail.content.decode()


def test_list_editable_can_switch_a_question_off(staff_client, client):
    disc = Question.objects.get(slug="herniated-disc")
    questions = list(
        staff_client.get(reverse("admin:screening_question_changelist")).context["cl"].result_list
    )
    data = {
        "form-TOTAL_FORMS": str(len(questions)),
        "form-INITIAL_FORMS": str(len(questions)),
        "_save": "Save",
    }
    for i, question in enumerate(questions):
        data[f"form-{i}-id"] = str(question.pk)
        data[f"form-{i}-position"] = str(question.position)
        if question.pk != disc.pk:
            data[f"form-{i}-active"] = "on"
    response = staff_client.post(reverse("admin:screening_question_changelist"), data)
    assert response.status_code == 302
    disc.refresh_from_db()
    assert disc.active is False


def test_screenings_are_viewable_but_never_editable_or_deletable(staff_client):
    screening = ScreeningFactory(
        outcome=Outcome.BLOCKED,
        answered_yes=[
            {
                "question": 1,
                "text": "A question as it read then?",
                "severity": "block",
                "applies_to": "receiver",
                "reason": "",
            }
        ],
    )
    changelist = staff_client.get(reverse("admin:screening_screening_changelist"))
    assert changelist.status_code == 200
    cl = changelist.context["cl"]
    assert {"partner", "outcome", "created_at"} <= set(cl.list_display)
    assert "outcome" in {spec.field_path for spec in cl.filter_specs if hasattr(spec, "field_path")}
    assert b"Add screening" not in changelist.content

    detail = staff_client.get(reverse("admin:screening_screening_change", args=[screening.pk]))
    assert detail.status_code == 200
    assert b"A question as it read then?" in detail.content
    assert b'name="_save"' not in detail.content

    assert staff_client.get(reverse("admin:screening_screening_add")).status_code == 403
    changed = staff_client.post(
        reverse("admin:screening_screening_change", args=[screening.pk]),
        {"outcome": Outcome.CLEARED},
    )
    assert changed.status_code == 403
    deleted = staff_client.post(
        reverse("admin:screening_screening_delete", args=[screening.pk]), {"post": "yes"}
    )
    assert deleted.status_code == 403
    screening.refresh_from_db()
    assert screening.outcome == Outcome.BLOCKED


def test_deleting_an_account_in_admin_deletes_its_screenings(staff_client):
    owner = UserFactory()
    screening = ScreeningFactory(partner=PartnerFactory(account=owner))
    confirm = staff_client.get(reverse("admin:auth_user_delete", args=[owner.pk]))
    assert confirm.status_code == 200
    assert not confirm.context["perms_lacking"]
    response = staff_client.post(
        reverse("admin:auth_user_delete", args=[owner.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Screening.objects.filter(pk=screening.pk).exists()


def test_screening_list_offers_no_bulk_delete(staff_client):
    ScreeningFactory()
    response = staff_client.get(reverse("admin:screening_screening_changelist"))
    assert b"delete_selected" not in response.content
