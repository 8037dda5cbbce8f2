"""A café in a real browser: the facilitator's laptop, four in-room phones at two hosted tables
over two rounds, and the room screen. Each phone shows its table; the hosts record notes; the
traveller who comes to a table in round 2 reads what round 1 said there; the harvest goes to
the board and on to a new idea wall on the agenda."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support.a11y import assert_accessible, assert_no_sideways_scroll
from tests.support.browser import SHOTS, serve_with_facilitator, wait_connected, watch_errors
from tests.support.processes import PiiriFactory

pytestmark = pytest.mark.browser

EMAIL = "facilitator@example.org"
PASSWORD = "correct horse battery staple"
LIVE = 5_000
TABLES = {"Ikkuna, by the window": "Ikkuna", "Ovi, by the door": "Ovi"}
NOTES = {"Anna": "Open the library until nine", "Bea": "A quiet reading room"}


def _join(page: Page, code: str, name: str) -> None:
    page.goto(f"/j/{code}")
    page.get_by_label("Your name (optional)").fill(name)
    page.get_by_role("button", name="Join in the room").click()
    wait_connected(page)


def _console(browser: Browser, base_url: str, title: str) -> tuple[Page, str]:
    """The facilitator's laptop logged in, with a new workshop; and its join code."""
    laptop = browser.new_context(
        base_url=base_url, viewport={"width": 1366, "height": 768}, bypass_csp=True
    )
    console = laptop.new_page()
    console.goto("/login")
    console.get_by_label("E-mail").fill(EMAIL)
    console.get_by_label("Password").fill(PASSWORD)
    console.get_by_role("button", name="Log in").click()
    console.get_by_label("Title").fill(title)
    console.get_by_role("button", name="Create workshop").click()
    wait_connected(console)
    return console, console.locator(".join-info").inner_text().split()[2]


def _where(page: Page) -> str:
    where = page.locator("#cafe-where")
    expect(where).to_be_visible(timeout=LIVE)
    return where.inner_text().strip()


def test_a_cafe_over_two_rounds_with_phones_at_two_tables(
    browser: Browser, piiri_process: PiiriFactory, tmp_path: Path
) -> None:
    base_url = serve_with_facilitator(piiri_process, tmp_path, email=EMAIL, password=PASSWORD)
    errors: list[str] = []
    phone_size = {"viewport": {"width": 360, "height": 640}, "is_mobile": True, "has_touch": True}
    laptop = browser.new_context(base_url=base_url, viewport={"width": 1366, "height": 768})
    screen_context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 720})
    contexts = [laptop, screen_context]
    try:
        console = watch_errors(laptop.new_page(), "console", errors)
        screen = watch_errors(screen_context.new_page(), "screen", errors)
        console.goto("/login")
        console.get_by_label("E-mail").fill(EMAIL)
        console.get_by_label("Password").fill(PASSWORD)
        console.get_by_role("button", name="Log in").click()
        console.get_by_label("Title").fill("Library evening")
        console.get_by_role("button", name="Create workshop").click()

        add = console.locator("#add-cafe")
        add.locator("summary").click()
        add.get_by_label("Question or title").fill("Library café")
        add.locator("#cafe-tables").fill("Ikkuna | 3 | by the window\nOvi | 3 | by the door")
        add.locator("#cafe-rounds").fill("What works well? | 10\nWhat should change first? | 10")
        add.get_by_role("button", name="Add to the agenda").click()
        start = console.get_by_role("button", name="Start Library café")
        expect(start).to_be_visible()
        wait_connected(console)
        code = console.locator(".join-info").inner_text().split()[2]
        screen_href = console.get_by_role("link", name="Open the room screen").get_attribute("href")
        assert screen_href is not None
        screen.goto(screen_href)
        wait_connected(screen)

        phones: dict[str, Page] = {}
        for name in ("Anna", "Bea", "Cai", "Dan"):
            context = browser.new_context(base_url=base_url, **phone_size)  # type: ignore[arg-type]
            contexts.append(context)
            phones[name] = watch_errors(context.new_page(), f"{name}'s phone", errors)
            _join(phones[name], code, name)
        start.click()
        expect(phones["Dan"].locator("#activity-title")).to_have_text("Library café", timeout=LIVE)
        expect(phones["Dan"].locator("#phone-activity")).to_contain_text("Piiri seats everyone")

        # Hosts, chosen on the console before the first round.
        for table, host in (("Ikkuna", "Anna"), ("Ovi", "Bea")):
            console.locator("#cafe-host-table").select_option(label=table)
            console.locator("#cafe-host-who").select_option(label=f"{host} (in the room)")
            console.get_by_role("button", name="Set the host").click()
            expect(console.locator("table.cafe-tables")).to_contain_text(host, timeout=LIVE)
        console.screenshot(path=str(SHOTS / "cafe-console-setup.png"))
        console.get_by_role("button", name="Seat everyone for round 1").click()

        # Round 1: every phone says where to go; hosts at their own tables, one traveller each.
        first = {name: _where(page) for name, page in phones.items()}
        assert first["Anna"] == "Ikkuna, by the window" and first["Bea"] == "Ovi, by the door"
        assert {first["Cai"], first["Dan"]} == set(TABLES), first
        expect(phones["Cai"].locator("#phone-personal")).to_contain_text("What works well?")
        expect(phones["Cai"].get_by_role("timer")).to_be_visible()
        expect(phones["Anna"].locator(".cafe-host-note")).to_be_visible()
        expect(phones["Cai"].get_by_label("Record a note for your table")).to_have_count(0)
        expect(screen.locator("#screen-cafe-board")).to_contain_text("2 people", timeout=LIVE)
        expect(screen.locator(".cafe-question")).to_have_text("What works well?")
        assert_no_sideways_scroll(phones["Anna"], "host's phone in round 1")
        phones["Anna"].screenshot(path=str(SHOTS / "cafe-phone-host-round1.png"), full_page=True)
        screen.screenshot(path=str(SHOTS / "cafe-screen-round1.png"))

        for host, note in NOTES.items():
            phones[host].get_by_label("Record a note for your table").fill(note)
            phones[host].get_by_role("button", name="Record note").click()
        # The table sees its note; the other table does not.
        travellers = {first[name]: name for name in ("Cai", "Dan")}
        at_ikkuna = phones[travellers["Ikkuna, by the window"]]
        expect(at_ikkuna.locator(".cafe-notes")).to_contain_text(NOTES["Anna"], timeout=LIVE)
        expect(at_ikkuna.locator("#phone-personal")).not_to_contain_text(NOTES["Bea"])

        # Round 2: travellers move to the other table and read what round 1 said there.
        console.get_by_role("button", name="Seat everyone for round 2").click()
        expect(phones["Cai"].locator("#phone-personal")).to_contain_text(
            "What should change first?", timeout=LIVE
        )
        second = {name: _where(page) for name, page in phones.items()}
        assert second["Anna"] == first["Anna"] and second["Bea"] == first["Bea"]
        for traveller in ("Cai", "Dan"):
            assert second[traveller] != first[traveller], (first, second)
            earlier = phones[traveller].locator(".cafe-earlier")
            said_there = NOTES["Anna" if second[traveller].startswith("Ikkuna") else "Bea"]
            expect(earlier).to_contain_text(said_there, timeout=LIVE)
        phones["Dan"].screenshot(
            path=str(SHOTS / "cafe-phone-traveller-round2.png"), full_page=True
        )
        console.screenshot(path=str(SHOTS / "cafe-console-round2.png"))

        # The harvest: every table's notes on the board, then on to a new idea wall.
        console.get_by_role("button", name="Show the harvest").click()
        board = screen.locator("#screen-cafe-board")
        for note in NOTES.values():
            expect(board).to_contain_text(note, timeout=LIVE)
        screen.screenshot(path=str(SHOTS / "cafe-screen-harvest.png"))
        console.get_by_role("button", name="Send the notes to a new idea wall").click()
        expect(console.locator("#console-agenda")).to_contain_text("Idea wall", timeout=LIVE)
        assert not errors, errors
    finally:
        for context in contexts:
            context.close()


def test_a_step_free_need_from_the_phone_and_a_move_by_hand_on_the_console(
    browser: Browser, piiri_process: PiiriFactory, tmp_path: Path
) -> None:
    """Anna says on her phone that she needs a step-free table (by keyboard); the console lists
    her and the seating keeps her off the table with stairs; the facilitator moves people by
    the console's form, by keyboard: a move that breaks a rule is refused, one that keeps them
    is made and the moved phone says where to go."""
    base_url = serve_with_facilitator(piiri_process, tmp_path, email=EMAIL, password=PASSWORD)
    errors: list[str] = []
    phone_size = {"viewport": {"width": 360, "height": 640}, "is_mobile": True, "has_touch": True}
    console, code = _console(browser, base_url, "Library evening")
    contexts = [console.context]
    try:
        watch_errors(console, "console", errors)
        add = console.locator("#add-cafe")
        add.locator("summary").click()
        add.get_by_label("Question or title").fill("Library café")
        add.locator("#cafe-tables").fill(
            "Ikkuna | 2 | by the window\nOvi | 2 | by the door | stairs"
        )
        add.locator("#cafe-rounds").fill("What works well? | 10")
        add.get_by_role("button", name="Add to the agenda").click()
        phones: dict[str, Page] = {}
        for name in ("Anna", "Bea", "Cai"):
            context = browser.new_context(base_url=base_url, bypass_csp=True, **phone_size)  # type: ignore[arg-type]
            contexts.append(context)
            phones[name] = watch_errors(context.new_page(), f"{name}'s phone", errors)
            _join(phones[name], code, name)
        console.get_by_role("button", name="Start Library café").click()

        anna = phones["Anna"]
        toggle = anna.get_by_role("button", name="I need a step-free table (no stairs)")
        expect(toggle).to_have_attribute("aria-pressed", "false", timeout=LIVE)
        toggle.focus()
        anna.keyboard.press("Enter")
        expect(toggle).to_have_attribute("aria-pressed", "true", timeout=LIVE)
        expect(anna.locator("#cafe-step-free-said")).to_contain_text("On: Piiri seats you only")
        expect(console.locator(".cafe-step-free")).to_have_text(
            "Needs a step-free table: Anna", timeout=LIVE
        )
        assert_accessible(anna, "phone: the step-free toggle")
        assert_no_sideways_scroll(anna, "phone: the step-free toggle")
        anna.screenshot(path=str(SHOTS / "cafe-phone-step-free.png"))
        assert_accessible(console, "console: the café's setup")
        console.screenshot(path=str(SHOTS / "cafe-console-setup-needs.png"), full_page=True)

        console.get_by_role("button", name="Seat everyone for round 1").click()
        where = {name: _where(page) for name, page in phones.items()}
        assert where["Anna"] == "Ikkuna, by the window", where
        alone = next(n for n in ("Bea", "Cai") if where[n] == "Ovi, by the door")
        beside = "Cai" if alone == "Bea" else "Bea"

        def choose(select: str, starts: str) -> None:
            """By keyboard: the arrow keys through a select's options to the one wanted."""
            field = console.locator(select)
            field.focus()
            console.keyboard.press("Home")
            for _ in range(10):
                if field.evaluate("s => s.selectedOptions[0].text").startswith(starts):
                    return
                console.keyboard.press("ArrowDown")
            raise AssertionError(f"{select} has no option {starts!r}")

        def move(name: str, table: str) -> None:
            choose("#cafe-move-who", name)
            choose("#cafe-move-table", table)
            console.locator("#cafe-move").focus()
            console.keyboard.press("Enter")

        move("Anna", "Ovi")
        expect(console.locator("#notice")).to_contain_text("this table has stairs", timeout=LIVE)
        move(alone, "Ikkuna")
        expect(console.locator("#notice")).to_contain_text("That table is full", timeout=LIVE)
        move(beside, "Ovi")
        expect(phones[beside].locator("#cafe-where")).to_have_text("Ovi, by the door", timeout=LIVE)
        expect(anna.locator("#cafe-where")).to_have_text("Ikkuna, by the window")
        assert_accessible(console, "console: the round with the move form")
        console.screenshot(path=str(SHOTS / "cafe-console-move.png"), full_page=True)
        assert not errors, errors
    finally:
        for context in contexts:
            context.close()
