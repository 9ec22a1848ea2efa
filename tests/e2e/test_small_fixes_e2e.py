"""The session page's small things a user notices: the mute button says whether sound is on,
the keyboard hint shows only where a keyboard is likely, and STOP is a strong red with
white text in light and dark mode."""

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.session_helpers import cleared_partner, log_in, start_from_home

pytestmark = pytest.mark.e2e

HINT = "Keyboard: press Esc or S to stop."


def test_mute_button_says_in_words_whether_the_sound_is_on(
    live_server, page: Page, seeded, console_errors, axe_check
):
    user, _ = cleared_partner()
    log_in(page, live_server, user.username)
    start_from_home(page)

    sound_on = page.get_by_role("button", name="Sound on", exact=True)
    expect(sound_on).to_be_visible()
    expect(sound_on).to_have_attribute("aria-pressed", "false")
    expect(page.get_by_role("button", name="Sound off", exact=True)).to_have_count(0)

    sound_on.click()
    sound_off = page.get_by_role("button", name="Sound off", exact=True)
    expect(sound_off).to_be_visible()
    expect(sound_off).to_have_attribute("aria-pressed", "true")
    expect(page.locator("[data-mute]")).to_have_text("Sound off", use_inner_text=True)
    axe_check(page, "small-01-sound-off")

    page.reload()  # remembered on this device, and still said in words
    expect(page.get_by_role("button", name="Sound off", exact=True)).to_be_visible()
    page.get_by_role("button", name="Sound off", exact=True).click()
    expect(page.get_by_role("button", name="Sound on", exact=True)).to_have_attribute(
        "aria-pressed", "false"
    )
    assert console_errors == []
