"""The plan's texts in two languages in a browser: a Swedish phone's join page with the
Finnish fallbacks marked ``lang="fi"`` (the promise, a group's name, the workshop's title)
passes axe, and so does the Finnish plan page with each text's Swedish field; screenshots for
a person to look at (phone 360x640, console 1366x768)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser
from starlette.applications import Starlette
from starlette.testclient import TestClient

from piiri.settings import Settings
from piiri.web.cookies import COOKIE_NAME
from tests.support.a11y import assert_accessible
from tests.support.app import serve
from tests.support.browser import SHOTS
from tests.support.workshop import facilitator_account, log_in, new_workshop, workshop_row

pytestmark = pytest.mark.browser

PROMISE_FI = "Kerromme, miten näkemyksenne vaikuttivat päätökseen."


def test_fallbacks_are_marked_and_the_pages_pass_axe(
    app: Starlette, client: TestClient, settings: Settings, browser: Browser
) -> None:
    facilitator_account(app)
    log_in(client)
    workshop_id = new_workshop(client, title="Kirjaston tulevaisuus", language="fi")
    client.post(f"/facilitator/workshops/{workshop_id}/languages", data={"languages": ["sv"]})
    plan = {"promise": PROMISE_FI, "iap2_level": "involve", "join_questions": "group"}
    assert client.post(f"/facilitator/workshops/{workshop_id}/plan", data=plan).is_success
    groups = f"/facilitator/workshops/{workshop_id}/plan/groups"
    client.post(groups, data={"name": "Nuoret", "name@sv": "Unga", "target": "8"})
    client.post(groups, data={"name": "Yrittäjät", "target": "4"})
    code = workshop_row(app, workshop_id).code
    SHOTS.mkdir(parents=True, exist_ok=True)
    with serve(settings) as base:
        phone = browser.new_context(
            base_url=base, locale="sv", viewport={"width": 360, "height": 640}, bypass_csp=True
        )
        try:
            page = phone.new_page()
            page.goto(f"/j/{code}")
            assert page.locator(".promise-text span[lang=fi]").inner_text() == PROMISE_FI
            assert page.locator("h1 span[lang=fi]").inner_text() == "Kirjaston tulevaisuus"
            page.locator("summary").click()
            options = page.locator("#join-group option")
            assert options.nth(1).inner_text() == "Unga"
            assert options.nth(2).get_attribute("lang") == "fi"
            page.screenshot(path=str(SHOTS / "planlang-join-sv.png"), full_page=True)
            assert_accessible(page, "the Swedish join page with Finnish fallbacks")
        finally:
            phone.close()
        console = browser.new_context(
            base_url=base, locale="fi", viewport={"width": 1366, "height": 768}, bypass_csp=True
        )
        try:
            cookie = client.cookies.get(COOKIE_NAME)
            assert cookie
            console.add_cookies([{"name": COOKIE_NAME, "value": cookie, "url": base}])
            page = console.new_page()
            page.goto(f"/facilitator/workshops/{workshop_id}/plan")
            assert page.locator("textarea[name='promise@sv']").get_attribute("lang") == "sv"
            page.screenshot(path=str(SHOTS / "planlang-plan-fi.png"), full_page=True)
            assert_accessible(page, "the plan page in two languages")
        finally:
            console.close()
