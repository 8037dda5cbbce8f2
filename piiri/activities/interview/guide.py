"""The default 4-D guide in the workshop's language: the texts the downloads carry.

Views show the default guide through the catalogue, in each reader's language
(interview/templates/_guide.html); the downloads are made without a reader, so the kind keeps
the same texts here for the workshop's language (tests/test_walk_defects.py checks that they
agree with the catalogues).
"""

from __future__ import annotations

from collections.abc import Mapping

from piiri.activities.interview.model import DEFAULT_GUIDE, Phase
from piiri.activities.local_text import LocalText

# The same guide as the Finnish and Swedish catalogues translate it (tests/test_walk_defects.py
# checks that they agree): the downloads give it in the workshop's language, and a pure kind
# cannot read a catalogue.
DEFAULT_GUIDE_TRANSLATIONS: Mapping[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "fi": (
        (
            "Löydä",
            (
                "Kerro hetkestä, jolloin tunsit olevasi eniten kotonasi ja mukana tällä "
                "asuinalueella. Mitä tapahtui?",
                "Mitä arvostat eniten tässä paikassa ja sen asukkaissa?",
            ),
        ),
        (
            "Unelmoi",
            (
                "Kuvittele, että on kulunut kolme vuotta ja kaikki on mennyt niin hyvin kuin "
                "mahdollista. Mitä näet?",
                "Mikä olisi se yksi toive, jonka esittäisit tulevaisuudellemme?",
            ),
        ),
        (
            "Suunnittele",
            (
                "Minkä pitäisi olla totta yhteistyössämme, jotta tuo unelma toteutuisi?",
                "Minkä nykyisten vahvuuksien varaan voisimme rakentaa?",
            ),
        ),
        (
            "Toteuta",
            (
                "Minkä pienen askeleen voisit ottaa ensi viikolla?",
                "Kenen muun pitäisi olla mukana, ja miten kutsumme heidät?",
            ),
        ),
    ),
    "sv": (
        (
            "Upptäck",
            (
                "Berätta om ett tillfälle då du kände dig som mest hemma och delaktig i det "
                "här området. Vad hände?",
                "Vad värdesätter du mest med den här platsen och människorna som bor här?",
            ),
        ),
        (
            "Dröm",
            (
                "Föreställ dig att det har gått tre år och att allt har gått så bra som "
                "möjligt. Vad ser du?",
                "Vilken är den enda önskan du skulle göra för vår framtid?",
            ),
        ),
        (
            "Utforma",
            (
                "Vad skulle behöva vara sant i hur vi arbetar tillsammans för att den drömmen "
                "ska bli verklighet?",
                "Vilka av dagens styrkor kunde vi bygga vidare på?",
            ),
        ),
        (
            "Förverkliga",
            (
                "Vilket litet steg kunde du ta nästa vecka?",
                "Vem mer borde vara med, och hur bjuder vi in dem?",
            ),
        ),
    ),
}


def default_phases(language: str) -> tuple[Phase, ...]:
    """The default guide with its texts in ``language`` (the workshop's), the other languages
    beside them: what the downloads carry is then in the workshop's language."""
    versions = {"en": DEFAULT_GUIDE, **DEFAULT_GUIDE_TRANSLATIONS}
    written = versions.get(language, DEFAULT_GUIDE)
    others = [(code, guide) for code, guide in versions.items() if guide is not written]

    def text(phase: int, question: int | None) -> LocalText:
        def pick(guide: tuple[tuple[str, tuple[str, ...]], ...]) -> str:
            name, questions = guide[phase]
            return name if question is None else questions[question]

        return LocalText(pick(written), tuple((code, pick(g)) for code, g in others))

    return tuple(
        Phase(text(p, None), tuple(text(p, q) for q in range(len(questions))))
        for p, (_, questions) in enumerate(DEFAULT_GUIDE)
    )
