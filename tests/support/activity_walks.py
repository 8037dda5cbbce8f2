"""The round-robin, the breakout, the interview, the shared controls and the jury's activities
(the hearing, the idea wall, gradients of agreement), state by state, for the axe walk in
tests/test_accessibility.py.

Each step brings every page of the ``World`` (a console, a phone and a room screen per language)
into one state and waits until every page shows it; ``walk`` then checks every page. The
facilitator adds the activities with their defaults from the console's forms and drives them
with the console's controls; the phones use their own buttons. What a screen reader hears is
checked on the way: news said through the live regions that are on the page from its load, each
sentence once and only to the person it concerns.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from playwright.sync_api import Locator, Page, expect

from piiri.activities import REGISTRY
from piiri.web.preferences import DISPLAY_COOKIES
from tests.support.browser_workshop import LIVE, Step, World, connected

ROUND = "Kierros / Runda"
GROUPS = "Ryhmät / Grupper"
INTERVIEW = "Haastattelut / Intervjuer"
PINNED = "Kahvi klo 15 / Kaffe kl. 15"
BROADCAST = "Viisi minuuttia / Fem minuter"

# What a live region said, as a screen reader would hear it: every non-empty change, in order.
LISTEN = """(selector) => {
  const region = document.querySelector(selector);
  window.piiriHeard = window.piiriHeard || {};
  const heard = (window.piiriHeard[selector] = []);
  let last = region.textContent.trim();
  new MutationObserver(() => {
    const now = region.textContent.trim();
    if (now && now !== last) heard.push(now);
    last = now;
  }).observe(region, {childList: true, characterData: true, subtree: true});
}"""


def _listen(page: Page, selector: str) -> None:
    page.evaluate(LISTEN, selector)


def _heard(page: Page, selector: str) -> list[str]:
    heard: list[str] = page.evaluate("(s) => window.piiriHeard[s]", selector)
    return heard


def _on_all(world: World, selector: str, pages: str = "phones") -> None:
    for page in getattr(world, pages).values():
        expect(page.locator(selector).first).to_be_visible(timeout=LIVE)


def agenda_button(page: Page, title: str, command: str) -> Locator:
    item = page.locator("#console-agenda .agenda-list > li").filter(
        has=page.locator(".agenda-title", has_text=title)
    )
    return item.locator(f"button[value={command}]")


def _add(world: World, kind: str, title: str, **selects: str) -> None:
    console = world.console
    form = console.locator(f"#add-{kind}")
    if form.get_attribute("open") is None:
        form.locator("summary").click()
    form.locator(f"#{kind}-title").fill(title)
    for field, value in selects.items():
        form.locator(f"select[name={field}]").select_option(value)
    form.locator("button[type=submit]").click()
    connected(console)
    for page in world.consoles.values():
        expect(agenda_button(page, title, "start_activity")).to_be_visible(timeout=LIVE)


def _add_filled(world: World, kind: str, title: str, values: Mapping[str, str]) -> None:
    """Add an activity through the console's form, every field as ``values`` has it."""
    form = world.console.locator(f"#add-{kind}")
    if form.get_attribute("open") is None:
        form.locator("summary").click()
    form.locator(f"#{kind}-title").fill(title)
    for field, value in values.items():
        element = form.locator(f"[name={field}]")
        what = element.evaluate("(e) => e.tagName + ':' + (e.type || '')").lower()
        if what.startswith("select"):
            element.select_option(value)
        elif what.endswith(("checkbox", "radio")):
            element.set_checked(bool(value))
        else:
            element.fill(value)
    form.locator("button[type=submit]").click()
    connected(world.console)
    for page in world.consoles.values():
        expect(agenda_button(page, title, "start_activity")).to_be_visible(timeout=LIVE)


def _start_activity(world: World, title: str) -> None:
    agenda_button(world.console, title, "start_activity").click()
    for language, phone in world.phones.items():
        expect(phone.locator("#activity-title")).to_have_text(title, timeout=LIVE)
        expect(phone.locator("#phone-announce")).to_have_text(
            world.say(language, "Now: %(title)s") % {"title": title}
        )
    for screen in world.screens.values():
        expect(screen.locator("#screen-activity h2")).to_have_text(title, timeout=LIVE)
    for console in world.consoles.values():
        expect(console.locator("#current-heading")).to_have_text(title, timeout=LIVE)


def _personal(phone: Page) -> Locator:
    return phone.locator("#phone-personal-announce")


# -- the round-robin: en speaks first, fi is next, sv waits (join order) ------------------------


def _high_contrast(world: World) -> None:
    """The Swedish phone and room screen switch to high contrast and larger text; the rest of
    the walk checks them that way."""
    phone = world.phones["sv"]
    for choice, name in (("high_contrast", "contrast-high"), ("large_text", "text-large")):
        phone.locator(f"button[name={choice}]").click()
        expect(phone.locator("html")).to_contain_class(name)
    connected(phone)
    # The room screen has no buttons (a presentation surface): its browser keeps the choices
    # as the buttons elsewhere store them, in cookies.
    screen = world.screens["sv"]
    url = screen.url
    screen.context.add_cookies(
        [
            {"name": cookie, "value": value, "url": url}
            for cookie, (value, _) in DISPLAY_COOKIES.items()
        ]
    )
    screen.reload()
    for _, name in DISPLAY_COOKIES.values():
        expect(screen.locator("html")).to_contain_class(name)
    connected(screen)


def _round_waiting(world: World) -> None:
    _high_contrast(world)
    _add(world, "round_robin", ROUND, ordering="join")
    _add(world, "breakout", GROUPS)
    _add(world, "interview", INTERVIEW)
    _start_activity(world, ROUND)
    for phone in world.phones.values():
        expect(_personal(phone)).to_have_text("")
        _listen(phone, "#phone-personal-announce")
    expect(world.console.locator("#rr-start")).to_be_visible()


def _round_turns(world: World) -> None:
    world.console.locator("#rr-start").click()
    en, fi, sv = (world.phones[language] for language in ("en", "fi", "sv"))
    turn = {lang: world.say(lang, "It is your turn to speak.") for lang in world.phones}
    expect(_personal(en)).to_have_text(turn["en"], timeout=LIVE)
    expect(en.locator("#rr-done")).to_be_visible()
    expect(_personal(fi)).to_have_text(world.say("fi", "You are next."), timeout=LIVE)
    expect(sv.locator(".rr-place")).to_be_visible(timeout=LIVE)
    expect(_personal(sv)).to_have_text("")
    for screen in world.screens.values():
        expect(screen.locator("#rr-screen-current")).to_have_text("Person en", timeout=LIVE)
        expect(screen.locator("#rr-screen-next")).to_have_text("Person fi")
    # "Your turn" is said to the speaker alone, once; "you are next" to the next alone.
    assert _heard(en, "#phone-personal-announce") == [turn["en"]]
    assert _heard(fi, "#phone-personal-announce") == [world.say("fi", "You are next.")]
    assert _heard(sv, "#phone-personal-announce") == []


def _round_notes_and_hand(world: World) -> None:
    en, fi, sv = (world.phones[language] for language in ("en", "fi", "sv"))
    # The speaker leaves a note on their turn, hands the floor on and raises a hand again.
    en.locator("#rr-my-note").fill("Lisää penkkejä / Fler bänkar")
    en.locator("#rr-my-note-button").click()
    expect(en.locator("#phone-personal")).to_contain_text("Fler bänkar", timeout=LIVE)
    en.locator("#rr-done").click()
    expect(_personal(fi)).to_have_text(world.say("fi", "It is your turn to speak."), timeout=LIVE)
    expect(_personal(sv)).to_have_text(world.say("sv", "You are next."), timeout=LIVE)
    expect(_personal(en)).to_have_text("", timeout=LIVE)
    en.locator("#rr-raise").click()
    expect(en.locator("#rr-lower")).to_be_visible(timeout=LIVE)
    for console in world.consoles.values():
        expect(console.locator(".rr-turns tbody tr")).to_have_count(2, timeout=LIVE)
        expect(console.locator(".rr-queue .hand")).to_have_count(1, timeout=LIVE)
        expect(console.locator(".rr-turns")).to_contain_text("Fler bänkar")
    assert _heard(en, "#phone-personal-announce") == [world.say("en", "It is your turn to speak.")]
    assert _heard(sv, "#phone-personal-announce") == [world.say("sv", "You are next.")]


def _timer_nearly_up_said_once(world: World) -> None:
    """A short shared timer: every phone hears "nearly up" and "up" once each, in its language."""
    for phone in world.phones.values():
        _listen(phone, "#countdown-announce")
    world.console.locator("#timer-minutes").fill("0.1")
    world.console.locator("#timer-start-button").click()
    for language, phone in world.phones.items():
        up = world.say(language, "Time is up.")
        expect(phone.locator("#countdown-announce")).to_have_text(up, timeout=15_000)
    world.phones["sv"].wait_for_timeout(1_000)  # a second more of ticking says nothing new
    for language, phone in world.phones.items():
        said = [world.say(language, "Time is nearly up."), world.say(language, "Time is up.")]
        assert _heard(phone, "#countdown-announce") == said, language


def _shared_controls_on(world: World) -> None:
    _timer_nearly_up_said_once(world)
    console = world.console
    console.locator("#timer-minutes").fill("5")
    console.locator("#timer-start-button").click()
    expect(console.locator("#timer-pause")).to_be_visible(timeout=LIVE)
    console.locator("#pin-text").fill(PINNED)
    console.locator("#pin-button").click()
    expect(console.locator("#unpin")).to_be_visible(timeout=LIVE)
    console.locator("#input-lock[value=lock_input]").click()
    expect(console.locator("#input-lock")).to_have_attribute("value", "unlock_input", timeout=LIVE)
    console.locator("#results-curtain[value=hide_results]").click()
    expect(console.locator("#results-curtain")).to_have_attribute(
        "value", "show_results", timeout=LIVE
    )
    for pages in ("phones", "screens", "consoles"):
        _on_all(world, ".workshop-bar .pinned", pages)
        _on_all(world, ".workshop-bar .input-locked", pages)
        _on_all(world, ".workshop-bar [role=timer][data-running=true]", pages)
    for screen in world.screens.values():
        expect(screen.locator(".rr-share")).to_have_count(0, timeout=LIVE)  # results hidden


def _shared_timer_paused(world: World) -> None:
    world.console.locator("#timer-pause").click()
    for pages in ("phones", "screens", "consoles"):
        _on_all(world, ".workshop-bar .timer-paused", pages)


def _shared_controls_off(world: World) -> None:
    console = world.console
    for selector in ("#timer-reset", "#unpin", "#input-lock", "#results-curtain"):
        button = console.locator(selector)
        value = button.get_attribute("value")
        button.click()
        if selector in ("#timer-reset", "#unpin"):
            expect(button).to_have_count(0, timeout=LIVE)
        else:
            expect(button).not_to_have_attribute("value", value or "", timeout=LIVE)
    for page in (*world.phones.values(), *world.screens.values()):
        expect(page.locator(".workshop-bar .pinned")).to_have_count(0, timeout=LIVE)
        expect(page.locator(".workshop-bar [role=timer]")).to_have_count(0, timeout=LIVE)


def _round_finished(world: World) -> None:
    _shared_controls_off(world)
    world.console.locator("#rr-end").click()
    for language, phone in world.phones.items():
        finished = world.say(language, "The round has finished.")
        expect(phone.locator("#phone-activity .hint")).to_have_text(finished, timeout=LIVE)
        expect(_personal(phone)).to_have_text("")
    for screen in world.screens.values():
        expect(screen.locator(".rr-share")).to_be_visible(timeout=LIVE)


# -- the breakout: everyone in one group (four people, groups of four by default) ----------------


def _groups_forming(world: World) -> None:
    _start_activity(world, GROUPS)
    expect(world.console.locator("#form-groups")).to_be_visible()


def _choose_group(world: World) -> None:
    console = world.console
    console.locator("#breakout-mixing").select_option("pick")
    console.locator("#form-groups").click()
    for phone in world.phones.values():
        expect(phone.locator(".breakout-pick button")).to_have_count(1, timeout=LIVE)
    en = world.phones["en"]
    en.locator(".breakout-pick button").click()
    expect(en.locator(".breakout-pick button")).to_have_attribute("aria-pressed", "true")
    expect(_personal(en)).to_have_text(
        world.say("en", "You are in group %(number)s.") % {"number": 1}, timeout=LIVE
    )
    for language in ("fi", "sv"):
        expect(_personal(world.phones[language])).to_have_text("")
    # The facilitator moves someone who has not picked: one form, whoever and wherever.
    who = console.locator("#move-who option").filter(has_text="Person fi")
    expect(who).to_contain_text(world.say("en", "not in a group"))
    console.locator("#move-who").select_option(who.get_attribute("value"))
    console.locator("#move-into").select_option(label="Group 1")
    console.locator("#move-person").click()
    said = world.say("fi", "You are in group %(number)s.") % {"number": 1}
    expect(_personal(world.phones["fi"])).to_have_text(said, timeout=LIVE)
    expect(console.locator("#move-who option").filter(has_text="Person fi")).to_contain_text(
        "Group 1"
    )


def _group_with_notes(world: World) -> None:
    world.console.locator("#breakout-mixing").select_option("mix")
    world.console.locator("#form-groups").click()
    for language, phone in world.phones.items():
        said = world.say(language, "You are in group %(number)s.") % {"number": 1}
        expect(_personal(phone)).to_have_text(said, timeout=LIVE)
        expect(phone.locator("#my-group")).to_be_visible()
    en = world.phones["en"]
    en.locator("#new-note").fill("Kirjasto auki myöhään / Biblioteket öppet sent")
    en.locator("#add-note").click()
    console = world.console
    console.locator("#breakout-start-timer").click()
    console.locator("#breakout-broadcast").fill(BROADCAST)
    console.locator("#breakout-send-message").click()
    for phone in world.phones.values():
        expect(phone.locator(".breakout-notes textarea")).to_have_count(1, timeout=LIVE)
        expect(phone.locator(".breakout-timer [role=timer]")).to_be_visible(timeout=LIVE)
        expect(phone.locator(".breakout-message")).to_be_visible(timeout=LIVE)
    for language, phone in world.phones.items():
        # The message is said once through the shared live region, as the facilitator wrote it.
        said = world.say(language, "Now: %(title)s") % {"title": GROUPS}
        message = f"{said} {world.say(language, 'From the facilitator:')} {BROADCAST}"
        expect(phone.locator("#phone-announce")).to_have_text(message)
    for screen in world.screens.values():
        expect(screen.locator(".breakout-timer [role=timer]")).to_be_visible(timeout=LIVE)


def _groups_recalled(world: World) -> None:
    world.console.locator("#breakout-recall").click()
    for phone in world.phones.values():
        expect(phone.locator("#phone-personal .locked")).to_be_visible(timeout=LIVE)
    for screen in world.screens.values():
        board = screen.locator("#screen-breakout-board .breakout-note")
        expect(board).to_have_count(1, timeout=LIVE)


# -- the interview: two pairs, a partner who leaves, a trio, the harvest -------------------------


def _roles(world: World) -> dict[str, str]:
    found: dict[str, str] = {}
    for language, phone in world.phones.items():
        role = phone.locator("#interview-role")
        expect(role).to_be_visible(timeout=LIVE)
        found[language] = role.get_attribute("data-role") or "alone"
    return found


def _pairs_forming(world: World) -> None:
    _start_activity(world, INTERVIEW)
    expect(world.console.locator("#form-pairs")).to_be_visible()


def _in_pairs(world: World) -> None:
    world.console.locator("#form-pairs").click()
    for console in world.consoles.values():
        expect(console.locator(".interview-pairs > li")).to_have_count(2, timeout=LIVE)
    world.console.locator("#start-swap-timer").click()
    for page in (*world.screens.values(), *world.consoles.values()):
        expect(page.locator(".inline-timer[role=timer]")).to_be_visible(timeout=LIVE)
    roles = _roles(world)
    assert sorted(roles.values()).count("interviewer") >= 1, roles
    for language, phone in world.phones.items():
        key = {
            "interviewer": "You are the interviewer. Question %(number)s of %(total)s.",
            "interviewee": "You are being interviewed. Question %(number)s of %(total)s.",
        }[roles[language]]
        said = world.say(language, key) % {"number": 1, "total": 8}
        expect(_personal(phone)).to_have_text(said, timeout=LIVE)


def _alone_pair(page: Page) -> Locator:
    pairs = page.locator(".interview-pairs > li")
    return pairs.filter(has=page.locator(".notice-error"))


def _members(pair: Locator) -> str:
    """The pair's line on the console (its members), without the forms below it."""
    return pair.inner_text().split("\n")[0]


def _partner_left(world: World) -> None:
    # Pekka (no phone) leaves: whoever was paired with Pekka is told, and nobody else.
    people = world.console.locator("#console-people li").filter(has_text="Pekka")
    people.locator("button[value=remove_person]").click()
    world.console.locator("#confirm-yes").click()  # removing a person asks first
    alone_pair = _alone_pair(world.console)
    expect(alone_pair).to_have_count(1, timeout=LIVE)
    text = _members(alone_pair)
    alone = [language for language in world.phones if f"Person {language}" in text]
    assert len(alone) == 1, text
    for language, phone in world.phones.items():
        left = world.say(language, "Your partner has left.")
        if language in alone:
            expect(_personal(phone)).to_have_text(left, timeout=LIVE)
            expect(phone.locator("#interview-role[data-role]")).to_have_count(0)
        else:
            expect(_personal(phone)).not_to_have_text(left)


def _trio(world: World) -> None:
    console = world.console
    text = _members(_alone_pair(console))
    alone = next(language for language in world.phones if f"Person {language}" in text)
    whole = console.locator(".interview-pairs > li").filter(
        has_not=console.locator(".notice-error")
    )
    pair = whole.get_attribute("id")
    assert pair and pair.startswith("pair-"), pair
    who = console.locator("#move-who option").filter(has_text=f"Person {alone}")
    console.locator("#move-who").select_option(who.get_attribute("value"))
    console.locator("#move-into").select_option(pair.removeprefix("pair-"))
    console.locator("#move-person").click()
    expect(world.phones[alone].locator("#interview-role[data-role]")).to_be_visible(timeout=LIVE)
    roles = _roles(world)
    assert sorted(roles.values()) == ["interviewee", "interviewer", "listener"], roles
    by_role = {role: language for language, role in roles.items()}
    interviewer = world.phones[by_role["interviewer"]]
    interviewer.locator("#next-question").click()
    listener = world.phones[by_role["listener"]]
    # The listener writes once their phone shows the new question, as a person would: the
    # capture belongs to the question they saw.
    listening = world.say(
        by_role["listener"], "You are listening. Question %(number)s of %(total)s."
    )
    expect(_personal(listener)).to_have_text(listening % {"number": 2, "total": 8}, timeout=LIVE)
    listener.locator("#capture-text").fill("Rohkeus näkyy / Modet syns")
    listener.locator("#capture-button").click()
    for language, phone in world.phones.items():
        key = {
            "interviewer": "You are the interviewer. Question %(number)s of %(total)s.",
            "interviewee": "You are being interviewed. Question %(number)s of %(total)s.",
            "listener": "You are listening. Question %(number)s of %(total)s.",
        }[roles[language]]
        said = world.say(language, key) % {"number": 2, "total": 8}
        expect(_personal(phone)).to_have_text(said, timeout=LIVE)
        if roles[language] != "interviewee":
            expect(phone.locator(".interview-captures li[id^=capture-]")).to_have_count(
                1, timeout=LIVE
            )


def _harvest_board(world: World) -> None:
    console = world.console
    console.locator("#start-harvest").click()
    console.locator("#new-theme").fill("Rohkeus / Mod")
    console.locator("#add-theme").click()
    choice = console.locator(".interview-harvest select[name=theme]")
    expect(choice).to_be_visible(timeout=LIVE)
    choice.select_option(label="Rohkeus / Mod")
    console.locator(".interview-harvest button[type=submit]").click()
    console.locator("#interview-board").click()
    for screen in world.screens.values():
        theme = screen.locator(".interview-theme-head h3").first
        expect(theme).to_have_text("Rohkeus / Mod", timeout=LIVE)
        expect(screen.locator("#screen-theme-none")).to_have_count(0)  # the capture is themed
    for language, phone in world.phones.items():
        over = world.say(language, "The interviews are over.")
        expect(_personal(phone)).to_have_text(over, timeout=LIVE)


GROUP_ACTIVITY_STEPS: list[Step] = [
    ("round-robin waiting for the round", _round_waiting),
    ("round-robin: my turn, I'm next, waiting in the queue", _round_turns),
    ("round-robin: someone else speaking, a note on my turn, my hand up", _round_notes_and_hand),
    (
        "shared controls: timer running, message pinned, input locked, results hidden",
        _shared_controls_on,
    ),
    ("shared timer paused", _shared_timer_paused),
    ("round-robin round finished", _round_finished),
    ("breakout forming groups", _groups_forming),
    ("breakout: people choose their group, one has chosen", _choose_group),
    ("breakout in a group with notes, a group timer and a message", _group_with_notes),
    ("breakout recalled, notes on the board", _groups_recalled),
    ("interview forming pairs", _pairs_forming),
    ("interview in pairs: interviewer and interviewee, the swap timer", _in_pairs),
    ("interview partner left", _partner_left),
    ("interview trio: interviewer, interviewee, listener, a capture", _trio),
    ("interview harvest with a theme on the board", _harvest_board),
]


# -- the participatory budget: the demo's vote, phones choosing, reviewing, cast, the outcome -----


def _budget_open(world: World) -> None:
    offer = REGISTRY["participatory_budget"].demo("en")
    _add_filled(world, "participatory_budget", offer.title, offer.values)
    _start_activity(world, offer.title)
    world.console.locator("#pb-open").click()
    for phone in world.phones.values():
        expect(phone.locator("#pb-left")).to_be_visible(timeout=LIVE)
    for screen in world.screens.values():
        expect(screen.locator(".pb-screen[data-phase=open]")).to_be_visible(timeout=LIVE)


def _budget_choosing(world: World) -> None:
    for phone in world.phones.values():
        phone.locator(".pb-projects button[aria-pressed=false]").first.click()
        expect(phone.locator(".pb-projects button[aria-pressed=true]")).to_have_count(
            1, timeout=LIVE
        )
    en = world.phones["en"]
    en.locator("#pb-review").click()
    expect(en.locator("#pb-confirm")).to_be_visible(timeout=LIVE)


def _budget_cast(world: World) -> None:
    for phone in world.phones.values():
        if phone.locator("#pb-review").count():
            phone.locator("#pb-review").click()
        phone.locator("#pb-confirm").click()
        expect(phone.locator("#pb-cast")).to_be_visible(timeout=LIVE)
    for console in world.consoles.values():
        expect(console.locator("[data-count=pb-ballots]")).to_have_text("3", timeout=LIVE)


def _budget_outcome(world: World) -> None:
    world.console.locator("#pb-close").click()
    world.console.locator("#pb-reveal-next").click()
    for screen in world.screens.values():
        expect(screen.locator(".pb-screen-latest")).to_be_visible(timeout=LIVE)
    for phone in world.phones.values():
        expect(phone.locator("#phone-activity .pb-winners li").first).to_be_visible(timeout=LIVE)


GROUP_ACTIVITY_STEPS += [
    ("participatory budget open, nothing chosen yet", _budget_open),
    ("participatory budget: projects chosen, one ballot in review", _budget_choosing),
    ("participatory budget: every ballot cast", _budget_cast),
    ("participatory budget closed, the first winner revealed", _budget_outcome),
]


# -- the jury: the hearing, the idea wall and gradients of agreement, with content on screen ----

HEARING = "Kuuleminen / Hörande"
WALL = "Ideaseinä / Idévägg"
GRADIENTS = "Kannat / Ståndpunkter"
JURY_THEMES = ("Tilat / Lokaler", "Palvelut / Tjänster")


def _hearing_asked(world: World) -> None:
    """Every phone asks: en to the expert with a name, fi anonymously, sv to everyone."""
    values = {"experts": "Pormestari / Borgmästare\nKaavoittaja / Planerare"}
    _add_filled(world, "questions", HEARING, values)
    _start_activity(world, HEARING)
    for language, phone in world.phones.items():
        phone.locator("#q-text").fill(f"Kuka maksaa? / Vem betalar? ({language})")
        if language == "en":
            phone.locator("#q-expert").select_option("e1")
        if language == "fi":
            phone.locator("#q-anonymous").check()
        phone.locator("#q-send").click()
        expect(phone.locator("#q-mine-heading")).to_be_visible(timeout=LIVE)
    for console in world.consoles.values():
        expect(console.locator(".q-moderate")).to_have_count(3, timeout=LIVE)


def _hearing_on_screen(world: World) -> None:
    """Approved, upvoted and queued; the first question on the screen, the others next."""
    console = world.console
    for left in (2, 1, 0):  # one at a time: each click waits for the list it changed
        console.locator(".q-moderate button[value=approve]").first.click()
        expect(console.locator(".q-moderate")).to_have_count(left, timeout=LIVE)
    for phone in world.phones.values():
        expect(phone.locator(".q-upvote")).to_have_count(3, timeout=LIVE)
        phone.locator(".q-upvote").first.click()
        expect(phone.locator(".q-upvote[aria-pressed=true]")).to_have_count(1, timeout=LIVE)
    for left in (2, 1, 0):
        console.locator("button[name=step][value^='queue:']").first.click()
        expect(console.locator("button[value^='queue:']")).to_have_count(left, timeout=LIVE)
    console.locator("button[name=step][value^='show:']").first.click()
    for screen in world.screens.values():
        expect(screen.locator("#q-screen-now")).to_be_visible(timeout=LIVE)
        expect(screen.locator(".q-screen-next li")).to_have_count(2, timeout=LIVE)
    for language, phone in world.phones.items():
        said = world.say(language, "Question %(number)s is on the screen.") % {"number": 1}
        expect(phone.locator("#phone-announce")).to_contain_text(said, timeout=LIVE)


def _wall_themed(world: World) -> None:
    _add_filled(world, "idea_wall", WALL, {"themes": "\n".join(JURY_THEMES)})
    _start_activity(world, WALL)
    for number, (language, phone) in enumerate(world.phones.items(), start=1):
        phone.locator("#idea-text").fill(f"Sunnuntaisin auki / Öppet på söndagar ({language})")
        phone.locator("#idea-post").click()
        said = world.say(language, "Your idea %(number)s is on the wall.") % {"number": number}
        expect(_personal(phone)).to_have_text(said, timeout=LIVE)
    console = world.console
    for idea, theme in (("1", "t1"), ("2", "t2"), ("3", "t2")):
        console.locator("#idea-group-number").fill(idea)
        console.locator("#idea-group-theme").select_option(theme)
        console.locator("#idea-group").click()
        expect(console.locator("#idea-group-number")).to_have_value("", timeout=LIVE)
    for phone in world.phones.values():
        phone.locator(".idea-like-button").first.click()
        expect(phone.locator(".idea-like-button[aria-pressed=true]")).to_have_count(1, timeout=LIVE)
    for screen in world.screens.values():
        expect(screen.locator(".idea-theme")).to_have_count(2, timeout=LIVE)
        expect(screen.locator(".idea-card")).to_have_count(3, timeout=LIVE)


def _wall_top(world: World) -> None:
    world.console.locator("#idea-show-top").click()
    for screen in world.screens.values():
        expect(screen.locator(".idea-top li")).to_have_count(3, timeout=LIVE)


def _stances_given(world: World) -> None:
    proposal = "Lähikirjasto auki lauantaisin. / Närbiblioteket öppet på lördagar."
    _add_filled(world, "gradients", GRADIENTS, {"proposal": proposal})
    _start_activity(world, GRADIENTS)
    for phone, level in zip(world.phones.values(), (1, 5, 8), strict=True):
        phone.locator(f"#gradient-level-{level}").check()
        if level > 1:
            phone.locator("#gradient-reason").fill(f"Henkilökunta / Personalen ({level})")
        phone.locator("#gradient-save").click()
        expect(phone.locator("#gradient-mine")).to_be_visible(timeout=LIVE)
    for console in world.consoles.values():
        expect(console.locator("[data-count=answered]")).to_have_text("3", timeout=LIVE)


def _stances_revealed(world: World) -> None:
    world.console.locator("#gradients-reveal").click()
    for page in (*world.screens.values(), *world.phones.values()):
        expect(page.locator(".gradient-bar")).to_have_count(8, timeout=LIVE)
    for screen in world.screens.values():
        expect(screen.locator(".gradient-reasons li")).to_have_count(2, timeout=LIVE)


JURY_STEPS: list[Step] = [
    ("hearing: questions asked, waiting for moderation", _hearing_asked),
    ("hearing: approved, upvoted, queued, one on the screen", _hearing_on_screen),
    ("idea wall: ideas posted, themed and liked", _wall_themed),
    ("idea wall: the top ideas on the screen", _wall_top),
    ("gradients: stances given, results hidden", _stances_given),
    ("gradients: results revealed with the minority's statements", _stances_revealed),
]


# -- every other kind: its demo activity, started -------------------------------------------------

# The kinds walked state by state above and in tests/test_accessibility.py (the dot-vote). Every
# other registered kind is added from its demo values and started, so axe checks its views as
# soon as it registers; give it steps of its own as it grows.
WALKED = frozenset(
    {
        "dot_vote",
        "round_robin",
        "breakout",
        "interview",
        "participatory_budget",
        "questions",
        "idea_wall",
        "gradients",
        "crowd_sourcing",  # tests/support/crowd_walk.py
    }
)


def _demo_activity(kind: str) -> Callable[[World], None]:
    def step(world: World) -> None:
        offer = REGISTRY[kind].demo("en")
        _add_filled(world, kind, offer.title, offer.values)
        _start_activity(world, offer.title)

    return step


GROUP_ACTIVITY_STEPS += [
    (f"{kind}: its demo activity, started", _demo_activity(kind))
    for kind in REGISTRY
    if kind not in WALKED
]
