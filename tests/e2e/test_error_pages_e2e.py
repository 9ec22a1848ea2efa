"""Error pages in Chromium at phone width: readable, accessible, and a way back that works."""

import re

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, PartnerFactory, UserFactory

PHONE = {"width": 360, "height": 780}


def _fill_and_send(page, name: str) -> None:
    # What a paste or a forged request would send; typing cannot produce these characters.
    page.evaluate(
        """(value) => {
            const form = document.querySelector("main form");
            form.querySelector("input[name=name]").value = value;
            form.submit();
        }""",
        name,
    )


def _assert_readable_with_a_way_back(page, axe_check, name: str, heading: str) -> None:
    assert page.get_by_role("heading", level=1).inner_text() == heading
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at 360 px"
    axe_check(page, name)
    page.get_by_role("link", name="Go to the start").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() != heading


@pytest.mark.django_db(transaction=True)
def test_error_pages_at_phone_width(live_server, page, seeded, axe_check):
    page.set_viewport_size(PHONE)
    user = UserFactory(username="kim")
    PartnerFactory(account=user, name="Robin")
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Username").fill("kim")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"^(?!.*login).*$"))

    response = page.goto(live_server.url + reverse("logout"))  # POST only
    assert response.status == 405
    _assert_readable_with_a_way_back(page, axe_check, "error-405", "Not available this way")

    page.goto(live_server.url + reverse("partner_add"))
    with page.expect_navigation() as navigation:
        _fill_and_send(page, "Rob\x07in")
    assert navigation.value.status == 400
    assert page.get_by_text("invisible control characters").is_visible()
    _assert_readable_with_a_way_back(page, axe_check, "error-400", "That could not be sent")

    page.goto(live_server.url + reverse("partner_add"))
    page.context.clear_cookies(name="csrftoken")
    with page.expect_navigation() as navigation:
        _fill_and_send(page, "Sam")
    assert navigation.value.status == 403
    _assert_readable_with_a_way_back(page, axe_check, "error-403", "This form has expired")

    response = page.goto(live_server.url + "/no-such-page/")
    assert response.status == 404
    _assert_readable_with_a_way_back(page, axe_check, "error-404", "Page not found")
    assert list(user.partners.values_list("name", flat=True)) == ["Robin"]
