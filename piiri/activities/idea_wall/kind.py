"""The idea wall: an open question; people post short ideas and like each other's, the
facilitator groups them into themes, and the room screen shows the wall or the top ideas.

Rules. An idea is one short text. On a pre-moderated wall it waits until the facilitator shows
it; otherwise it is on the wall at once, and the facilitator may hide it (and show it again).
The facilitator adds, renames and removes themes (a removed theme's ideas go back among the
ungrouped) and puts ideas in them (or back among the ungrouped) by the idea's
number and the theme's name: a form, so the keyboard does all a pointer does. Each person likes
a shown idea at most once and may take the like back. Who wrote an idea is never shown: the
wall is the group's work. The café rounds read this state as their harvest.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import replace
from typing import Any

from piiri.activities.contract import (
    ActivityKind,
    DemoActivity,
    RemovalPolicy,
    Run,
    ScreenCount,
    TextCommand,
)
from piiri.activities.exports import Export
from piiri.activities.form_values import whole_number
from piiri.activities.idea_wall import samples
from piiri.activities.idea_wall.commands import (
    AddTheme,
    Command,
    Group,
    Like,
    Moderate,
    Post,
    RemoveTheme,
    RenameTheme,
    ShowView,
    parse_idea_wall_command,
)
from piiri.activities.idea_wall.config import idea_wall_config
from piiri.activities.idea_wall.model import (
    EVENTS,
    HIDDEN,
    MAX_IDEA_LENGTH,
    MAX_IDEAS,
    MAX_THEME_LENGTH,
    MAX_THEMES,
    PENDING,
    SHOWN,
    VIEWS,
    Event,
    Idea,
    IdeaApproved,
    IdeaGrouped,
    IdeaHidden,
    IdeaLiked,
    IdeaPosted,
    IdeaWall,
    LikeWithdrawn,
    Theme,
    ThemeAdded,
    ThemeRemoved,
    ThemeRenamed,
    WallViewChanged,
)
from piiri.activities.idea_wall.results import idea_wall_export
from piiri.activities.local_text import LINES, WHOLE, LocalText
from piiri.activities.text import multiline, one_line
from piiri.domain.vocabulary import N_, Actor, Context, DomainError, Person


class IdeaWallKind(ActivityKind[IdeaWall, Command, Event]):
    kind = "idea_wall"
    label = N_("Idea wall")
    events = EVENTS
    participant_commands = frozenset({"post", "like", "unlike"})
    # Removed "with their input", a person's ideas leave the wall (hidden, as moderation does)
    # and their likes leave the counts.
    removal = RemovalPolicy.WITHDRAW
    local_fields = {"prompt": WHOLE, "themes": LINES}

    def default_config(self) -> dict[str, Any]:
        return {"prompt": "", "themes": [], "ideas": [], "premoderated": False}

    def config_form(self, config: Mapping[str, Any]) -> dict[str, str]:
        form = super().config_form({**config, "themes": [], "prompt": ""})
        themes = config.get("themes") or []
        return {
            **form,
            "prompt": LocalText.from_json(config.get("prompt") or "").text,
            "themes": "\n".join(LocalText.from_json(t).text for t in themes),
        }

    def parse_config(self, values: Mapping[str, Any]) -> dict[str, Any]:
        return idea_wall_config(values)

    def initial(self, config: Mapping[str, Any]) -> IdeaWall:
        themes = tuple(
            Theme(f"t{n}", LocalText.from_json(name))
            for n, name in enumerate(config.get("themes") or [], start=1)
        )
        # Ideas to start with are on the wall at once, written by nobody in particular.
        ideas = {
            f"s{n}": Idea(f"s{n}", n, str(text), None, False)
            for n, text in enumerate(config.get("ideas") or [], start=1)
        }
        return IdeaWall(
            prompt=LocalText.from_json(config.get("prompt") or ""),
            premoderated=bool(config.get("premoderated", False)),
            themes=themes,
            themes_made=len(themes),
            ideas=ideas,
        )

    def parse_command(self, name: str, values: Mapping[str, Any], actor: Actor) -> Command:
        return parse_idea_wall_command(name, values, actor)

    def decide(self, state: IdeaWall, command: Command, context: Context) -> list[Event]:
        match command:
            case Post(author, text, proxy):
                return [self._post(state, author, text, proxy, context)]
            case Like(who, idea_id, proxy, like):
                if not context.is_current:
                    raise DomainError(N_("This activity is not running right now."))
                _person(context, who, proxy)
                idea = _found(state, idea_id)
                if idea.status != SHOWN:
                    raise DomainError(N_("Only ideas on the wall can be liked."))
                mine = who in state.likes.get(idea.id, ())
                if like and mine:
                    raise DomainError(N_("You already like this idea."))
                if not like and not mine:
                    raise DomainError(N_("You have not liked this idea."))
                cls = IdeaLiked if like else LikeWithdrawn
                return [cls(idea.id, who, proxy)]
            case Moderate(idea_id, show):
                idea = _found(state, idea_id)
                if show:
                    return [] if idea.status == SHOWN else [IdeaApproved(idea.id)]
                return [] if idea.status == HIDDEN else [IdeaHidden(idea.id)]
            case AddTheme(name):
                text = _theme_name(state, name, "")
                if len(state.themes) >= MAX_THEMES:
                    raise DomainError(
                        N_("A wall can have at most {limit} themes."), limit=MAX_THEMES
                    )
                return [ThemeAdded(f"t{state.themes_made + 1}", LocalText(text))]
            case RenameTheme(theme_id, name):
                theme = _theme(state, theme_id)
                text = _theme_name(state, name, theme.id)
                return [] if text == theme.name.text else [ThemeRenamed(theme.id, LocalText(text))]
            case RemoveTheme(theme_id):
                return [ThemeRemoved(_theme(state, theme_id).id)]
            case Group(idea_id, theme_id):
                idea = _found(state, idea_id)
                if theme_id and state.theme(theme_id) is None:
                    raise DomainError(N_("That theme is not on this wall."))
                return [] if idea.theme == theme_id else [IdeaGrouped(idea.id, theme_id)]
            case ShowView(view):
                if view not in VIEWS:
                    raise DomainError(N_("Show the wall or the top ideas."))
                return [] if view == state.view else [WallViewChanged(view)]
        raise DomainError(N_("That action is not available here."))

    def _post(
        self, state: IdeaWall, author: int | None, text: str, proxy: bool, context: Context
    ) -> IdeaPosted:
        if not context.is_current:
            raise DomainError(N_("This activity is not running right now."))
        if proxy:
            _person(context, author or 0, proxy)
        if len(state.ideas) >= MAX_IDEAS:
            raise DomainError(N_("A wall can take at most {limit} ideas."), limit=MAX_IDEAS)
        clean = multiline(
            text,
            empty=N_("An idea needs some text."),
            limit=MAX_IDEA_LENGTH,
            too_long=N_("An idea can be at most {limit} characters long."),
        )
        idea_id = context.new_id
        if idea_id in state.ideas:
            idea_id = f"{idea_id}-{len(state.ideas)}"
        number = len(state.ideas) + 1
        return IdeaPosted(idea_id, number, clean, author, proxy, shown=not state.premoderated)

    def evolve(self, state: IdeaWall, event: Event) -> IdeaWall:
        match event:
            case IdeaLiked(idea_id, who, _proxy):
                return _with_like(state, idea_id, who, True)
            case LikeWithdrawn(idea_id, who, _proxy):
                return _with_like(state, idea_id, who, False)
        state = replace(state, revision=state.revision + 1)
        match event:
            case IdeaPosted(idea_id, number, text, author, proxy, shown):
                idea = Idea(idea_id, number, text, author, proxy, SHOWN if shown else PENDING)
                posted = dict(state.posted)
                if author is not None:
                    posted[author] = (*posted.get(author, ()), idea_id)
                return replace(state, ideas={**state.ideas, idea_id: idea}, posted=posted)
            case IdeaApproved(idea_id):
                return _with(state, idea_id, status=SHOWN)
            case IdeaHidden(idea_id):
                return _with(state, idea_id, status=HIDDEN)
            case ThemeAdded(theme_id, name):
                themes = (*state.themes, Theme(theme_id, name))
                return replace(state, themes=themes, themes_made=state.themes_made + 1)
            case ThemeRenamed(theme_id, name):
                themes = tuple(Theme(t.id, name) if t.id == theme_id else t for t in state.themes)
                return replace(state, themes=themes)
            case ThemeRemoved(theme_id):
                ideas = {
                    k: replace(i, theme="") if i.theme == theme_id else i
                    for k, i in state.ideas.items()
                }
                themes = tuple(t for t in state.themes if t.id != theme_id)
                return replace(state, themes=themes, ideas=ideas)
            case IdeaGrouped(idea_id, theme_id):
                return _with(state, idea_id, theme=theme_id)
            case WallViewChanged(view):
                return replace(state, view=view)
        raise TypeError(f"not an idea wall event: {event!r}")

    def withdraw(self, state: IdeaWall, person: Person) -> list[Event]:
        """Their ideas hidden (those not hidden yet), then their likes taken back."""
        ideas: list[Event] = [
            IdeaHidden(idea_id)
            for idea_id in state.posted.get(person.id, ())
            if (idea := state.idea(idea_id)) is not None and idea.status != HIDDEN
        ]
        likes: list[Event] = [
            LikeWithdrawn(idea_id, person.id, person.by_proxy)
            for idea_id in sorted(state.liked_by(person.id))
        ]
        return ideas + likes

    def personal_key(self, state: IdeaWall, participant_id: int) -> Hashable:
        return (state.revision, state.liked_by(participant_id), state.posted.get(participant_id))

    def screen_counts(self, state: IdeaWall) -> tuple[ScreenCount, ...]:
        return (ScreenCount("ideas", N_("Ideas:"), len(state.shown)),)

    def export(self, state: IdeaWall, people: Mapping[int, Person]) -> Export:
        return idea_wall_export(state)

    def demo(self, language: str) -> DemoActivity:
        return samples.demo(language)

    def text_commands(self, people: Mapping[int, Person]) -> tuple[TextCommand, ...]:
        return samples.text_commands(people)

    def sample(self, people: Mapping[int, Person]) -> Run[Event]:
        return samples.sample(self, people)

    def largest(self, people: Mapping[int, Person]) -> Run[Event]:
        return samples.largest(self, people)


def _person(context: Context, who: int, proxy: bool) -> Person:
    person = context.people.get(who)
    if person is None:
        raise DomainError(N_("That person is not in this workshop."))
    if proxy and not person.by_proxy:
        raise DomainError(
            N_("That person has a phone of their own; they take part from it themselves.")
        )
    return person


def _theme(state: IdeaWall, theme_id: str) -> Theme:
    theme = state.theme(theme_id)
    if theme is None:
        raise DomainError(N_("That theme is not on this wall."))
    return theme


def _theme_name(state: IdeaWall, name: str, theme_id: str) -> str:
    """A theme's name, cleaned; no other theme (but ``theme_id``, being renamed) has it."""
    text = one_line(
        name,
        limit=MAX_THEME_LENGTH,
        required=N_("A theme needs a name."),
        too_long=N_("A theme's name can be at most {limit} characters long."),
    )
    if any(t.name.text.casefold() == text.casefold() and t.id != theme_id for t in state.themes):
        raise DomainError(N_("“{name}” is already a theme."), name=text)
    return text


def _found(state: IdeaWall, idea_id: str) -> Idea:
    idea = state.idea(idea_id)
    if idea is None and idea_id.isdigit() and len(idea_id) < 9:
        idea = state.by_number(whole_number(idea_id, N_("Choose an idea.")))
    if idea is None:
        raise DomainError(N_("That idea is not on this wall."))
    return idea


def _with(state: IdeaWall, idea_id: str, **changes: Any) -> IdeaWall:
    return replace(state, ideas={**state.ideas, idea_id: replace(state.ideas[idea_id], **changes)})


def _with_like(state: IdeaWall, idea_id: str, who: int, like: bool) -> IdeaWall:
    likers = state.likes.get(idea_id, frozenset())
    mine = state.my_likes.get(who, frozenset())
    if like:
        likers, mine = likers | {who}, mine | {idea_id}
    else:
        likers, mine = likers - {who}, mine - {idea_id}
    return replace(
        state, likes={**state.likes, idea_id: likers}, my_likes={**state.my_likes, who: mine}
    )
