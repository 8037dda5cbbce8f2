"""A participatory budget in a real browser: the facilitator's laptop imports the projects from
a spreadsheet, a phone in the room (Finnish) and a remote phone (Swedish) vote by keyboard and
touch, the facilitator enters a paper ballot, closes the vote and reveals the winners on room
screens in Finnish and Swedish. Screenshots go to /tmp/piiri-shots (phone at 360x640, screens at
1920x1080 and 1024x768)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support.a11y import assert_no_sideways_scroll
from tests.support.browser import SHOTS, serve_with_facilitator, wait_connected, watch_errors
from tests.support.processes import PiiriFactory

pytestmark = pytest.mark.browser

EMAIL = "facilitator@example.org"
PASSWORD = "correct horse battery staple"
LIVE = 10_000
TITLE = "Lähiöbudjetti / Närbudget"
PROJECTS = (
    "nimi;hinta;kuvaus;kategoria\n"
    "Penkkejä rantapolulle;15 000;Kymmenen penkkiä, yksi 200 metrin välein.;puistot\n"
    "Korjauskahvila kylätalolle;20 000;Työkalut ja opastajat kerran kuussa.;kulttuuri\n"
    "Valot koulun pyörätielle;45 000;Neljäkymmentä valaisinta pimeälle osuudelle.;liikenne\n"
    "Yhteisöpuutarha;25 000;Kasvulaatikot ja vesipiste kirjaston viereen.;puistot\n"
    "Maksuttomia liikuntavuoroja nuorille;30 000;Perjantai-illat koulun salissa.;liikunta\n"
    "Skeittiramppi;40 000;Pieni ramppi kentän laitaan.;liikunta\n"
)
PHONE = {"width": 360, "height": 640}


def _join(page: Page, code: str, where: str) -> None:
    page.goto(f"/j/{code}")
    page.locator(f"button[value={where}]").click()
    wait_connected(page)


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


FITS = """() => {
  const board = document.querySelector(".pb-screen");
  const box = board.getBoundingClientRect();
  return {below: Math.round(box.bottom - window.innerHeight),
          sideways: board.scrollWidth - board.clientWidth,
          page: document.documentElement.scrollWidth - document.documentElement.clientWidth};
}"""


def _fits(screen: Page) -> None:
    """The activity's part of the room screen fits the viewport, and nothing goes sideways
    (the page around it belongs to the shared screen templates)."""
    found = screen.evaluate(FITS)
    assert found["below"] <= 0 and found["sideways"] <= 0 and found["page"] <= 0, found


def _cast(phone: Page, picks: int) -> None:
    """Choose the first ``picks`` projects in this phone's own order by keyboard, review, cast."""
    for index in range(picks):
        button = phone.locator(".pb-projects button[aria-pressed=false]").first
        button.focus()
        phone.keyboard.press("Enter")
        expect(phone.locator(".pb-projects button[aria-pressed=true]")).to_have_count(
            index + 1, timeout=LIVE
        )
    phone.locator("#pb-review").click()
    expect(phone.locator("#pb-confirm")).to_be_visible(timeout=LIVE)
    _shot(phone, f"pb-phone-review-{phone.evaluate('document.documentElement.lang')}")
    phone.locator("#pb-confirm").click()
    expect(phone.locator("#pb-cast")).to_be_visible(timeout=LIVE)


def test_a_participatory_budget_with_phones_paper_and_the_room_screen(
    browser: Browser, piiri_process: PiiriFactory, tmp_path: Path
) -> None:
    base_url = serve_with_facilitator(piiri_process, tmp_path, email=EMAIL, password=PASSWORD)
    errors: list[str] = []
    mobile = {"viewport": PHONE, "is_mobile": True, "has_touch": True}
    laptop = browser.new_context(base_url=base_url, viewport={"width": 1366, "height": 768})
    contexts = {
        "room": browser.new_context(base_url=base_url, locale="fi-FI", **mobile),  # type: ignore[arg-type]
        "remote": browser.new_context(base_url=base_url, locale="sv-FI", **mobile),  # type: ignore[arg-type]
        "screen-fi": browser.new_context(
            base_url=base_url, locale="fi-FI", viewport={"width": 1920, "height": 1080}
        ),
        "screen-sv": browser.new_context(
            base_url=base_url, locale="sv-FI", viewport={"width": 1024, "height": 768}
        ),
    }
    try:
        console = watch_errors(laptop.new_page(), "console", errors)
        room, remote = (watch_errors(contexts[n].new_page(), n, errors) for n in ("room", "remote"))
        screens = {
            lang: watch_errors(contexts[f"screen-{lang}"].new_page(), f"screen {lang}", errors)
            for lang in ("fi", "sv")
        }
        console.goto("/login")
        console.get_by_label("E-mail").fill(EMAIL)
        console.get_by_label("Password").fill(PASSWORD)
        console.get_by_role("button", name="Log in").click()
        console.get_by_label("Title").fill("Kylä / By")
        console.get_by_role("button", name="Create workshop").click()

        add = console.locator("#add-participatory_budget")
        add.locator("summary").click()
        add.get_by_label("Question or title").fill(TITLE)
        add.get_by_label("Budget in euros (empty: the budget of an imported .pb file)").fill(
            "100000"
        )
        add.get_by_label(
            "Projects from a Pabulib .pb file or a spreadsheet saved as CSV"
        ).set_input_files(
            {"name": "hankkeet.csv", "mimeType": "text/csv", "buffer": PROJECTS.encode("utf-8")}
        )
        add.get_by_label("Approval and ranking: the most projects (empty: all)").fill("3")
        add.get_by_role("button", name="Add to the agenda").click()
        expect(console.get_by_role("button", name=f"Start {TITLE}")).to_be_visible(timeout=LIVE)
        wait_connected(console)

        code = console.locator(".join-info").inner_text().split()[2]
        href = console.get_by_role("link", name="Open the room screen").get_attribute("href")
        assert href is not None
        for lang, screen in screens.items():
            # The room screen has no page furniture: its browser's language is chosen on
            # another page of the site and kept in its cookie.
            screen.goto(f"{base_url}/language/{lang}?next=/accessibility")
            screen.goto(href)
            expect(screen.locator("html")).to_have_attribute("lang", lang)
            wait_connected(screen)
        _join(room, code, "room")
        _join(remote, code, "remote")

        console.get_by_role("button", name=f"Start {TITLE}").click()
        console.get_by_role("button", name="Open the vote").click()
        for phone in (room, remote):
            expect(phone.locator("#pb-left")).to_be_visible(timeout=LIVE)
            assert_no_sideways_scroll(phone, "phone")
        expect(room.locator("#pb-left")).to_have_text("Olet valinnut 0 / enintään 3 hanketta.")
        _shot(room, "pb-phone-fi")
        _shot(remote, "pb-phone-sv")
        for lang, screen in screens.items():
            expect(screen.locator(".pb-screen[data-phase=open]")).to_be_visible(timeout=LIVE)
            _shot(screen, f"pb-screen-open-{lang}")
            _fits(screen)

        _cast(room, 3)
        expect(room.locator("#pb-cast")).to_have_text(
            "Äänestyslippusi on jätetty. Voit muuttaa sitä, kunnes äänestys päättyy."
        )
        _shot(room, "pb-phone-cast-fi")
        _cast(remote, 2)
        # A paper ballot, entered on the console.
        console.screenshot(path=str(SHOTS / "pb-console-open.png"), full_page=True)
        enter = console.locator("form.pb-enter")
        enter.get_by_label("Paper ballot's number or note (optional)").fill("Kirjasto 1")
        enter.locator("input[type=checkbox]").nth(5).check()
        enter.get_by_role("button", name="Enter the ballot").click()
        expect(console.locator("[data-count=pb-paper]")).to_have_text("1", timeout=LIVE)
        expect(console.locator("[data-count=pb-ballots]")).to_have_text("3")
        expect(screens["fi"].locator("[data-count=ballots]")).to_have_text("3", timeout=LIVE)

        console.get_by_role("button", name="Close the vote and count").click()
        expect(room.locator("#pb-closed")).to_be_visible(timeout=LIVE)
        console.get_by_role("button", name="Reveal the next winner").click()
        for lang, screen in screens.items():
            expect(screen.locator(".pb-screen-latest")).to_be_visible(timeout=LIVE)
            _shot(screen, f"pb-screen-first-{lang}")
            _fits(screen)
        console.get_by_role("button", name="Reveal every winner").click()
        for lang, screen in screens.items():
            expect(screen.locator(".pb-screen-completion, .pb-screen-winners").first).to_be_visible(
                timeout=LIVE
            )
            _shot(screen, f"pb-screen-all-{lang}")
            _fits(screen)
            other = (1024, 768) if lang == "fi" else (1920, 1080)
            screen.set_viewport_size({"width": other[0], "height": other[1]})
            _shot(screen, f"pb-screen-all-{lang}-{other[0]}")
            _fits(screen)
        expect(room.locator("#phone-activity .pb-winners li").first).to_be_visible(timeout=LIVE)
        assert_no_sideways_scroll(room, "phone")
        room.screenshot(path=str(SHOTS / "pb-phone-outcome-fi.png"), full_page=True)
        console.screenshot(path=str(SHOTS / "pb-console.png"), full_page=True)
        assert errors == []
    finally:
        laptop.close()
        for context in contexts.values():
            context.close()
