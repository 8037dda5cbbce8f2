"""The contract every activity kind keeps: all a kind brings to Piiri, checked by mypy.

A kind is one package, ``piiri/activities/<kind>/``: frozen dataclasses for its state, commands
(imperative: ``CastDot``) and events (past tense: ``DotCast``); one ``ActivityKind`` subclass
that the registry (piiri/activities/__init__.py) lists; its templates in ``templates/`` (one per
view in ``VIEWS``, the announcements in ``ANNOUNCEMENTS`` if it has any); its styles in
``styles.css``. The core asks the kind for everything else and never names one, so a new kind
is its package, one line in the registry and its entries in the translation catalogues.

The workshop service calls a kind like this::

    state = kind.initial(config)
    for event in stored_events: state = kind.evolve(state, event)
    command = kind.parse_command(name, values, actor)      # may raise DomainError
    events = kind.decide(state, command, context)           # may raise DomainError
    # ... the service appends ``events`` to the log, then announces them ...

The methods marked abstract are what a kind must bring; leaving one out is a mypy error where
the registry instantiates the kind ("Cannot instantiate abstract class"). The others have
defaults that suit a kind without the feature. tests/test_activity_contract.py runs every
registered kind through the rest of the contract: its views render, its events round-trip
through JSON, its export and its config form's refusals.

Nothing here does I/O or reads a clock or a random source: time and fresh ids arrive in
``Context``. tests/test_activity_purity.py reads the imports of this package and fails otherwise.
"""

from __future__ import annotations

import enum
from abc import ABC, abstractmethod
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar, Generic, TypeVar

from piiri.activities.config_languages import in_one_language
from piiri.activities.event_codec import decode_event, encode_event
from piiri.activities.exports import NO_VOICES, Export, Voices
from piiri.domain.vocabulary import N_, Actor, Context, DomainError, Person

S = TypeVar("S")
C = TypeVar("C")
E = TypeVar("E")

# The templates every kind has, found as "<kind>/<view>.html" (piiri/web/rendering.py):
# the add/edit form's fields, the console's and the phone's region, the phone's personal part
# (rendered per person, keyed by ``personal_key``), the room screen's region, and its section
# of a report. Each is rendered with ``workshop``, ``activity`` (its ActivityInfo),
# ``activity_state`` and ``now``; the report section also with ``export``.
VIEWS = ("config_form", "console", "phone", "phone_personal", "screen", "report")
# The sentences a kind says through the phone's live regions, if it has any: ``announce`` to
# everyone, ``announce_personal`` to one person.
ANNOUNCEMENTS = ("announce", "announce_personal")
# What an expert's secret link shows of the running activity (read-only, rendered like the
# room screen's region), if the kind has anything for experts (the hearing's queue); a kind
# without it shows the expert that there is nothing for them now.
EXPERT_VIEW = "expert"
# The kind's styles, beside its templates; piiri/web/rendering.py joins every kind's into one
# stylesheet, served with a content-hashed name.
STYLES = "styles.css"


class RemovalPolicy(enum.Enum):
    """What happens to one person's input when they are removed or ask to be erased."""

    # Taken back, as if they had never given it (a vote: their dots leave the totals).
    WITHDRAW = "withdraw"
    # Kept as it is: it belongs to the group's work (notes written together).
    KEEP = "keep"
    # Kept, but no longer tied to them: their name goes, what they said stays.
    ANONYMISE = "anonymise"


@dataclass(frozen=True)
class Run(Generic[E]):
    """A configuration (as ``parse_config`` returns it) and events to fold onto its initial
    state: how a kind shows itself to the contract test and the benchmark."""

    config: Mapping[str, Any]
    events: tuple[E, ...]


@dataclass(frozen=True)
class DemoActivity:
    """What ``piiri demo`` puts on its agenda for this kind, in one language."""

    title: str
    values: Mapping[str, str]  # the add form's fields, as a facilitator would fill them
    position: int  # where on the demo's agenda: lower first


@dataclass(frozen=True)
class FileOption:
    """An option of a ``FileCommand`` (``--name``): its help, its choices (empty: any), its
    default, and whether it is a whole number."""

    name: str
    help: str
    choices: tuple[str, ...] = ()
    default: str | int | None = None
    whole_number: bool = False


@dataclass(frozen=True)
class FileCommand:
    """A command of the kind's own on the ``piiri`` command line, ``piiri GROUP NAME FILE``:
    the core reads the file as UTF-8 text and prints what ``run`` returns as one line of JSON.
    ``run`` is pure (the file's text and the options in, a JSON-ready value out) and raises
    DomainError on bad input, which the core prints translated. A participatory budget's
    ``pb results`` is one."""

    group: str
    group_help: str
    name: str
    help: str
    file_help: str
    options: tuple[FileOption, ...]
    run: Callable[[str, Mapping[str, Any]], Any]


@dataclass(frozen=True)
class TextCommand:
    """A command that carries text a person typed, as a socket message: ``fields`` hold the
    text; ``actor`` and ``values`` make the rest of it legal in the kind's ``sample`` state, so
    one test can feed any text through every kind."""

    name: str
    fields: tuple[str, ...]
    actor: Actor
    values: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ScreenCount:
    """One number the room screen shows beside the people counts (e.g. dots cast)."""

    key: str  # stable, for data-count="..." (tests and styles find it by this)
    label: str  # a msgid, translated when shown
    value: int


@dataclass(frozen=True)
class AddOffer:
    """Another activity to add to the agenda, as its add form would give it: what a kind's
    ``harvest`` returns (a café's notes as an idea wall's ideas). The workshop adds it through
    the same path as the console's add form (``AddActivity``), so the registered kind's own
    ``parse_config`` checks ``values``."""

    kind: str
    title: str
    values: Mapping[str, str]


class ActivityKind(ABC, Generic[S, C, E]):
    """One activity kind: a pure state machine and what the core needs to show it."""

    # -- what it is ------------------------------------------------------------------------

    @property
    @abstractmethod
    def kind(self) -> str:
        """The kind's name: its package's name, stored in the log with each activity."""

    @property
    @abstractmethod
    def label(self) -> str:
        """Its name for people, a msgid ("Dot-voting")."""

    @property
    @abstractmethod
    def events(self) -> tuple[type[E], ...]:
        """Every event class, for decoding the log."""

    # Commands a participant may send for themself; the facilitator may send every command.
    participant_commands: frozenset[str] = frozenset()
    # The fields of this kind's events that hold what a person wrote: erasing a participant
    # overwrites them in the stored events that person sent (piiri/db/erasure.py).
    text_fields: ClassVar[frozenset[str]] = frozenset({"text"})
    # The form fields (of config_form.html) that hold text the facilitator writes, each with
    # how its versions pair up: ``LINES`` (one text per line, line for line: options, prompts)
    # or ``WHOLE`` (one text, however many lines: a proposal). Each is offered once per
    # workshop language and stored as ``LocalText`` (piiri/activities/config_languages.py);
    # ``parse_config`` never sees the other languages.
    local_fields: ClassVar[Mapping[str, str]] = {}

    # -- configuration ---------------------------------------------------------------------

    @abstractmethod
    def default_config(self) -> dict[str, Any]:
        """What a new add form starts with."""

    def config_form(self, config: Mapping[str, Any]) -> dict[str, str]:
        """A stored configuration as the strings its form fields show (config_form.html).

        The default shows None as empty, a list one item per line, a ``LocalText`` as written
        and anything else as str().
        """
        form: dict[str, str] = {}
        for name, value in in_one_language(config, "").items():
            if value is None or value is False:
                form[name] = ""
            elif value is True:
                form[name] = "on"
            elif isinstance(value, list):
                form[name] = "\n".join(str(item) for item in value)
            else:
                form[name] = str(value)
        return form

    @abstractmethod
    def parse_config(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Validate a configuration from a form. Raises DomainError with a translatable
        message; returns JSON-ready data (text the facilitator wrote as ``LocalText`` in its
        JSON form)."""

    # -- the state machine -----------------------------------------------------------------

    @abstractmethod
    def initial(self, config: Mapping[str, Any]) -> S:
        """The state of a new activity with this (stored) configuration."""

    @abstractmethod
    def parse_command(self, name: str, values: Mapping[str, Any], actor: Actor) -> C:
        """Turn a message from a socket into a command. Raises DomainError on bad input."""

    @abstractmethod
    def decide(self, state: S, command: C, context: Context) -> list[E]:
        """The events a legal command produces. Raises DomainError on an illegal one."""

    @abstractmethod
    def evolve(self, state: S, event: E) -> S:
        """The state after an event. Never raises for an event that decide produced."""

    def encode_event(self, event: E) -> tuple[str, dict[str, Any]]:
        """The event as the log stores it: its type name and JSON-ready data."""
        return encode_event(event)

    def decode_event(self, type_name: str, data: Mapping[str, Any]) -> E:
        """An event from the log. Raises KeyError for a type this kind does not have."""
        return decode_event(self.kind, self.events, type_name, data)

    # -- hooks -----------------------------------------------------------------------------

    def on_people_changed(self, state: S, context: Context) -> list[E]:
        """Events the activity records when someone joins or leaves; context.people is the new
        roster (Person.present tells who is here). Default: none."""
        return []

    def deadline(self, state: S) -> datetime | None:
        """When the activity wants on_deadline called (e.g. roles swap); None: never."""
        return None

    def on_deadline(self, state: S, context: Context) -> list[E]:
        """Events once context.now has reached deadline(state). May be called more than once or
        late; must return [] when there is nothing (left) to do."""
        return []

    def on_stopped(self, state: S, context: Context) -> list[E]:
        """Events the activity records when the facilitator leaves it (stops it or moves to
        another one); it may be started again later and must resume from its state. Default:
        none."""
        return []

    # -- views -----------------------------------------------------------------------------

    def template(self, view: str) -> str:
        """The template of one of its ``VIEWS`` or ``ANNOUNCEMENTS``."""
        return f"{self.kind}/{view}.html"

    def personal_key(self, state: S, participant_id: int) -> Hashable:
        """Everything a person's own view of this activity depends on.

        People with equal keys share one rendering; the default renders each person apart.
        """
        return (participant_id, id(state))

    def call_link(self, state: S, participant_id: int) -> str | None:
        """The video-call address this person needs now, if the activity gives them one of
        its own (their breakout group's call); None: the workshop's call. Default: None."""
        return None

    # The kinds this kind's ``harvest`` can bring its results into (the console offers a
    # button for each that is registered); default: none.
    harvest_kinds: ClassVar[tuple[str, ...]] = ()

    def harvest(self, state: S, into: str, title: str) -> AddOffer:
        """The activity that takes this one's results on (``into`` is one of
        ``harvest_kinds``), titled after ``title``. Raises DomainError when there is nothing
        to take on yet; the default has nothing to give."""
        raise DomainError(N_("This activity has nothing to bring to another one."))

    def screen_counts(self, state: S) -> tuple[ScreenCount, ...]:
        """The numbers the room screen shows beside the people counts. Default: none."""
        return ()

    # -- results ---------------------------------------------------------------------------

    @abstractmethod
    def export(self, state: S, people: Mapping[int, Person]) -> Export:
        """What the downloads and the report carry: JSON-ready data and tables."""

    def voices(self, state: S) -> Voices:
        """Who was heard, person by person (the report's balance of voices). Default: none."""
        return NO_VOICES

    @property
    @abstractmethod
    def removal(self) -> RemovalPolicy:
        """What happens to one person's input when they are removed or erased."""

    def withdraw(self, state: S, person: Person) -> list[E]:
        """The events that take back all ``person`` gave (their policy is WITHDRAW); [] when
        there is nothing (left) to take back. A kind whose policy keeps the input (KEEP,
        ANONYMISE: the person's name goes at the workshop level) keeps this default."""
        return []

    # -- showing itself --------------------------------------------------------------------

    @abstractmethod
    def demo(self, language: str) -> DemoActivity:
        """The demo workshop's activity of this kind, written in ``language`` (en, fi, sv)."""

    @abstractmethod
    def sample(self, people: Mapping[int, Person]) -> Run[E]:
        """A run worth showing, in which the present ``people`` take part (votes cast, turns
        taken, notes written). With the ``largest`` run, its events cover every event class."""

    @abstractmethod
    def largest(self, people: Mapping[int, Person]) -> Run[E]:
        """The most and the longest content its configuration allows, shown at once (every
        option, the longest texts): what a room screen must still fit."""

    def file_commands(self) -> tuple[FileCommand, ...]:
        """Commands of this kind's own on the ``piiri`` command line; default: none."""
        return ()

    @abstractmethod
    def text_commands(self, people: Mapping[int, Person]) -> tuple[TextCommand, ...]:
        """Every command that carries typed text, each legal in the state of
        ``sample(people)`` while the activity runs."""
