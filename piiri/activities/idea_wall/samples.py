"""How an idea wall shows itself: the demo's wall, a sample run, the largest wall its
configuration allows, and the commands that carry typed text."""

from __future__ import annotations

from collections.abc import Mapping

from piiri.activities.contract import ActivityKind, DemoActivity, Run, TextCommand
from piiri.activities.idea_wall.commands import Command
from piiri.activities.idea_wall.model import (
    MAX_IDEA_LENGTH,
    MAX_IDEAS,
    MAX_PROMPT_LENGTH,
    MAX_THEME_LENGTH,
    MAX_THEMES,
    Event,
    IdeaApproved,
    IdeaGrouped,
    IdeaHidden,
    IdeaLiked,
    IdeaPosted,
    IdeaWall,
    LikeWithdrawn,
    ThemeAdded,
    ThemeRemoved,
    ThemeRenamed,
    WallViewChanged,
)
from piiri.activities.local_text import LocalText
from piiri.domain.vocabulary import Actor, Person

Kind = ActivityKind[IdeaWall, Command, Event]

FACILITATOR = Actor("facilitator", facilitator_id=1)
DEMO = {
    "en": (
        "Idea wall",
        "What would bring you to the library on a weekday evening?",
        "Events\nSpaces",
    ),
    "fi": ("Ideaseinä", "Mikä toisi sinut kirjastoon arki-iltana?", "Tapahtumat\nTilat"),
    "sv": ("Idévägg", "Vad skulle få dig till biblioteket en vardagskväll?", "Evenemang\nLokaler"),
}
IDEAS = (
    "A quiet reading room open until ten",
    "Board game evenings for families",
    "Repair café once a month",
    "Talks by local authors",
    "Study tables with sockets",
    "A café corner",
)
LONG = "Lähikirjastoiltatapahtumasarjasuunnitelma ja kokoontumistilavarausjärjestelmä "


def demo(language: str) -> DemoActivity:
    """A wall with two themes to start with: sixth on the demo's agenda."""
    title, prompt, themes = DEMO.get(language, DEMO["en"])
    return DemoActivity(title=title, values={"prompt": prompt, "themes": themes}, position=6)


def _here(people: Mapping[int, Person]) -> list[Person]:
    return [p for p in sorted(people.values(), key=lambda p: p.id) if p.present]


def text_commands(people: Mapping[int, Person]) -> tuple[TextCommand, ...]:
    """An idea from the sample's first person; a theme from the facilitator."""
    commands = [TextCommand("add_theme", ("name",), FACILITATOR)]
    here = [p for p in _here(people) if not p.by_proxy]
    if here:
        commands.append(TextCommand("post", ("text",), Actor("participant", here[0].id)))
    return tuple(commands)


def sample(kind: Kind, people: Mapping[int, Person]) -> Run[Event]:
    """Everyone present posts an idea (by proxy for those without a phone) and likes two;
    the facilitator adds a theme (and removes it), adds another and renames it, groups, hides
    one, shows it again and shows the top ideas."""
    config = kind.parse_config({"prompt": DEMO["en"][1], "themes": DEMO["en"][2]})
    here = _here(people)[:300]
    events: list[Event] = []
    for index, person in enumerate(here):
        text = IDEAS[index % len(IDEAS)]
        events.append(
            IdeaPosted(f"i{index + 1}", index + 1, text, person.id, person.by_proxy, True)
        )
    count = len(here)
    # A theme added by mistake and removed, then the one meant, its name then made clearer.
    events += [ThemeAdded("t3", LocalText("Hours")), ThemeRemoved("t3")]
    events += [ThemeAdded("t4", LocalText("Hours")), ThemeRenamed("t4", LocalText("Opening hours"))]
    for index in range(count):
        events.append(IdeaGrouped(f"i{index + 1}", ("t1", "t2", "t4", "")[index % 4]))
    for index, person in enumerate(here):
        for idea in dict.fromkeys((index % count + 1, 1)):
            events.append(IdeaLiked(f"i{idea}", person.id, person.by_proxy))
    if here:
        first = here[0]
        events += [
            LikeWithdrawn("i1", first.id, first.by_proxy),
            IdeaLiked("i1", first.id, first.by_proxy),
        ]
        events += [IdeaHidden("i1"), IdeaApproved("i1")]
    events.append(WallViewChanged("top"))
    return Run(config, tuple(events))


def largest(kind: Kind, people: Mapping[int, Person]) -> Run[Event]:
    """As many themes and ideas as allowed, each as long as allowed, pre-moderated, everyone
    liking five; a tenth still waiting, the wall shown, then the top ideas (so the room screen's
    fit is checked in both views)."""
    themes = [(f"{n}. {LONG}")[:MAX_THEME_LENGTH].strip() for n in range(1, MAX_THEMES + 1)]
    config = kind.parse_config(
        {
            "prompt": (LONG * 4)[:MAX_PROMPT_LENGTH].strip(),
            "themes": "\n".join(themes),
            "premoderated": "on",
        }
    )
    here = _here(people)
    events: list[Event] = []
    for index in range(MAX_IDEAS):
        person = here[index % len(here)] if here else None
        text = (f"{index + 1}. {LONG * 3}")[:MAX_IDEA_LENGTH].strip()
        author = person.id if person else None
        proxy = bool(person and person.by_proxy)
        events.append(IdeaPosted(f"i{index + 1}", index + 1, text, author, proxy, False))
    for index in range(MAX_IDEAS):
        if index % 10 != 9:
            events.append(IdeaApproved(f"i{index + 1}"))
            column = index % (MAX_THEMES + 1)  # 0: left among the ungrouped
            events.append(IdeaGrouped(f"i{index + 1}", f"t{column}" if column else ""))
    for index, person in enumerate(here):
        for step in range(5):
            number = (index * 7 + step * 13) % MAX_IDEAS + 1
            if number % 10 != 0:
                events.append(IdeaLiked(f"i{number}", person.id, person.by_proxy))
    events.append(WallViewChanged("wall"))
    events.append(WallViewChanged("top"))
    return Run(config, tuple(events))
