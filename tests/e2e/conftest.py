"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live_server."""

import os
import re
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pytest_collection_modifyitems(config, items):
    # Every test here is a browser test: `-m "not e2e"` leaves them all out.
    here = Path(__file__).parent
    browser_tests = [item for item in items if here in item.path.parents]
    for item in browser_tests:
        item.add_marker(pytest.mark.e2e)
    if not browser_tests or Path(CHROMIUM).exists():
        return
    if os.environ.get("CI") == "true":
        raise pytest.UsageError(f"CI=true but {CHROMIUM} is missing: browser tests cannot run.")
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is not installed (apt-get install chromium)")
    for item in browser_tests:
        item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(autouse=True)
def _contexts_end_with_their_test(browser, monkeypatch):
    """Every browser context a test opens (through `page`, `new_context` or `browser`) ends
    with that test, and its routes end before it: a routed request still in flight when its
    context closed failed the test ("Route.fetch: Request context disposed"), and a context
    left open kept polling the live server through the tests after it."""
    opened = []
    open_context = browser.new_context

    def new_context(*args, **kwargs):
        context = open_context(*args, **kwargs)
        close = context.close

        def close_after_its_routes(*close_args, **close_kwargs):
            if context not in opened:
                return
            opened.remove(context)
            for each in context.pages:
                each.unroute_all(behavior="wait")
            context.unroute_all(behavior="wait")
            close(*close_args, **close_kwargs)

        context.close = close_after_its_routes
        opened.append(context)
        return context

    monkeypatch.setattr(browser, "new_context", new_context)
    yield
    for context in list(opened):
        context.close()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def console_errors(page):
    """Every console error and CSP violation on the page; a test asserts it stays empty."""
    errors: list[str] = []

    def on_console(msg) -> None:
        # A form re-shown with its errors answers 422 on purpose; Chromium logs that.
        if msg.type == "error" and "status of 422" not in msg.text:
            errors.append(msg.text)

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


@pytest.fixture
def axe_check(artifacts_dir):
    """Run axe-core (WCAG 2.2 AA tags) on the page; fail with the violations listed."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page, name: str) -> None:
        page.screenshot(path=str(artifacts_dir / f"{name}.png"), full_page=True)
        results = axe.run(
            page,
            options={
                "runOnly": {
                    "type": "tag",
                    "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
                }
            },
        )
        violations = results.response["violations"]
        assert not violations, f"axe violations on {name}:\n" + "\n".join(
            f"- {v['id']}: {v['help']} ({len(v['nodes'])} nodes: "
            f"{[n['target'] for n in v['nodes']][:3]})"
            for v in violations
        )

    return check


@pytest.fixture
def seeded(transactional_db):
    """The default questions and both routines, as a fresh install has them.

    live_server tests flush the database between tests, which also removes rows that data
    migrations inserted; seed them again from the same functions the migrations call.
    """
    from screening.seed import seed_questions
    from sessions.seed import seed_routines

    seed_questions()
    seed_routines()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
