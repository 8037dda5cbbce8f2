"""The idea wall: the state and events (frozen dataclasses); the rules are in kind.py.

An idea is posted (pending when the wall is pre-moderated, otherwise shown at once), shown or
hidden by the facilitator, put in a theme (or back among the ungrouped), and liked. A theme is
added, renamed or removed (its ideas go back among the ungrouped)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from piiri.activities.local_text import LocalText

MAX_IDEA_LENGTH = 200
MAX_IDEAS = 1000
MAX_THEMES = 12
MAX_THEME_LENGTH = 60
MAX_PROMPT_LENGTH = 200
# What the screen's wall shows of one theme's column, and how many ideas "top ideas" shows.
CARDS_PER_COLUMN = 8
TOP = 10

PENDING, SHOWN, HIDDEN = "pending", "shown", "hidden"
VIEWS = ("wall", "top")


@dataclass(frozen=True)
class Theme:
    id: str
    name: LocalText


@dataclass(frozen=True)
class Idea:
    id: str
    number: int
    text: str
    author: int | None  # never shown: the wall is the group's
    proxy: bool
    status: str = SHOWN
    theme: str = ""  # a Theme's id; "" not grouped yet


@dataclass(frozen=True)
class IdeaWall:
    prompt: LocalText = field(default_factory=lambda: LocalText(""))
    premoderated: bool = False
    themes: tuple[Theme, ...] = ()
    # How many themes were ever made: a new theme's id never repeats a removed one's.
    themes_made: int = 0
    ideas: Mapping[str, Idea] = field(default_factory=dict)
    likes: Mapping[str, frozenset[int]] = field(default_factory=dict)
    my_likes: Mapping[int, frozenset[str]] = field(default_factory=dict)
    posted: Mapping[int, tuple[str, ...]] = field(default_factory=dict)  # author -> their ideas
    view: str = "wall"
    # Moves on every change but a like: the phones' lists depend on nothing else.
    revision: int = 0

    def idea(self, idea_id: str) -> Idea | None:
        return self.ideas.get(idea_id)

    def by_number(self, number: int) -> Idea | None:
        return next((i for i in self.ideas.values() if i.number == number), None)

    def theme(self, theme_id: str) -> Theme | None:
        return next((t for t in self.themes if t.id == theme_id), None)

    def likes_for(self, idea_id: str) -> int:
        return len(self.likes.get(idea_id, ()))

    def liked_by(self, participant_id: int) -> frozenset[str]:
        return self.my_likes.get(participant_id, frozenset())

    @property
    def shown(self) -> list[Idea]:
        return [i for i in self.ideas.values() if i.status == SHOWN]

    @property
    def pending(self) -> list[Idea]:
        return [i for i in self.ideas.values() if i.status == PENDING]

    def columns(self) -> list[tuple[Theme | None, list[Idea]]]:
        """The wall: every theme's shown ideas (most liked first), then the ungrouped ones."""
        by_theme: dict[str, list[Idea]] = {t.id: [] for t in self.themes}
        by_theme[""] = []
        for idea in self.shown:
            by_theme.setdefault(idea.theme, []).append(idea)
        order = [*self.themes, None]
        return [
            (
                t,
                sorted(
                    by_theme[t.id if t else ""], key=lambda i: (-self.likes_for(i.id), i.number)
                ),
            )
            for t in order
            if t is not None or by_theme[""]
        ]

    def top(self, count: int = TOP) -> list[Idea]:
        return sorted(self.shown, key=lambda i: (-self.likes_for(i.id), i.number))[:count]

    def posted_by(self, participant_id: int) -> list[Idea]:
        return [self.ideas[i] for i in self.posted.get(participant_id, ())]

    @property
    def like_count(self) -> int:
        return sum(len(v) for v in self.likes.values())


# -- events ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IdeaPosted:
    idea_id: str
    number: int
    text: str
    author: int | None
    proxy: bool
    shown: bool  # not pre-moderated: on the wall at once


@dataclass(frozen=True)
class IdeaApproved:
    idea_id: str


@dataclass(frozen=True)
class IdeaHidden:
    idea_id: str


@dataclass(frozen=True)
class ThemeAdded:
    theme_id: str
    name: LocalText


@dataclass(frozen=True)
class ThemeRenamed:
    theme_id: str
    name: LocalText


@dataclass(frozen=True)
class ThemeRemoved:
    theme_id: str  # its ideas go back among the ungrouped


@dataclass(frozen=True)
class IdeaGrouped:
    idea_id: str
    theme_id: str  # "": back among the ungrouped


@dataclass(frozen=True)
class IdeaLiked:
    idea_id: str
    participant_id: int
    proxy: bool


@dataclass(frozen=True)
class LikeWithdrawn:
    idea_id: str
    participant_id: int
    proxy: bool


@dataclass(frozen=True)
class WallViewChanged:
    view: str


Event = (
    IdeaPosted
    | IdeaApproved
    | IdeaHidden
    | ThemeAdded
    | ThemeRenamed
    | ThemeRemoved
    | IdeaGrouped
    | IdeaLiked
    | LikeWithdrawn
    | WallViewChanged
)
EVENTS: tuple[type[Event], ...] = (
    IdeaPosted,
    IdeaApproved,
    IdeaHidden,
    ThemeAdded,
    ThemeRenamed,
    ThemeRemoved,
    IdeaGrouped,
    IdeaLiked,
    LikeWithdrawn,
    WallViewChanged,
)
