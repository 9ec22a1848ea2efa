"""The session page's small things a user notices: the mute button says whether sound is on,
the keyboard hint shows only where a keyboard is likely, and STOP is a strong red with
white text in light and dark mode."""

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support.browser import cleared_partner, log_in, start_from_home

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


@pytest.mark.parametrize(
    ("device", "options", "hint_shown"),
    [
        (
            "phone",
            {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True},
            False,
        ),
        ("desktop", {"viewport": {"width": 1280, "height": 800}}, True),
    ],
)
def test_keyboard_hint_shows_only_where_a_keyboard_is_likely(
    live_server, browser: Browser, seeded, artifacts_dir, device, options, hint_shown
):
    user, _ = cleared_partner()
    context = browser.new_context(**options)
    try:
        page = context.new_page()
        log_in(page, live_server, user.username)
        start_from_home(page)
        stop = page.get_by_role("button", name="STOP")
        expect(stop).to_be_visible()
        hint = page.get_by_text(HINT)
        if hint_shown:
            expect(hint).to_be_visible()
        else:
            expect(hint).to_be_hidden()
        page.screenshot(path=str(artifacts_dir / f"small-02-keyboard-hint-{device}.png"))
    finally:
        context.close()


def _rgb(css: str) -> tuple[int, int, int]:
    red, green, blue = (int(float(part)) for part in css[css.index("(") + 1 : -1].split(",")[:3])
    return red, green, blue


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_stop_is_a_saturated_red_with_white_text_in_both_themes(
    live_server, page: Page, seeded, axe_check, scheme
):
    user, _ = cleared_partner()
    page.set_viewport_size({"width": 360, "height": 640})
    page.emulate_media(color_scheme=scheme)
    log_in(page, live_server, user.username)
    start_from_home(page)

    stop = page.get_by_role("button", name="STOP")
    expect(stop).to_be_visible()
    background = _rgb(stop.evaluate("el => getComputedStyle(el).backgroundColor"))
    text = _rgb(stop.evaluate("el => getComputedStyle(el).color"))
    assert text == (255, 255, 255), f"STOP text is {text} in {scheme} mode"
    red, green, blue = background
    # Unmistakably red: a strong red channel, the others far below it (not a pastel pink).
    assert red >= 150, f"STOP is {background} in {scheme}"
    assert max(green, blue) <= red * 0.3, f"STOP is {background} in {scheme}"
    assert _contrast(background, text) >= 4.5, f"STOP text contrast in {scheme} mode"
    axe_check(page, f"small-03-stop-{scheme}-360")
