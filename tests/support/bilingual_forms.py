"""Every kind's entered texts in Finnish and in Swedish: the form fields a kind names in
``local_fields``, as a facilitator of a bilingual municipality would type them.

A kind whose ``local_fields`` name a field this table lacks fails
tests/test_entered_languages.py with a message that says to add it here. The Finnish and
Swedish values have the same shape as the kind's sample configuration (the same number of
options, the same costs), so the sample's events fold onto either. Every Swedish text holds
``SV_MARK`` and no Finnish one does.
"""

from __future__ import annotations

from collections.abc import Mapping

SV_MARK = "på svenska"

_HEADER = "id;name;cost;description;category;link"

FORMS: Mapping[str, tuple[Mapping[str, str], Mapping[str, str]]] = {
    "dot_vote": (
        {
            "options": "Pidemmät aukioloajat\nKorjauskahvila kylätalolle\nTurvalliset pyörätiet\n"
            "Yhteisöpuutarha\nPenkkejä rantapolulle"
        },
        {
            "options": "Längre öppettider på svenska\nReparationskafé på svenska\n"
            "Trygga cykelvägar på svenska\nEn gemensam trädgård på svenska\n"
            "Bänkar längs strandstigen på svenska"
        },
    ),
    "breakout": (
        {"prompts": "Mikä toimii hyvin?\nMitä pitäisi muuttaa ensin?"},
        {"prompts": "Vad fungerar bra på svenska?\nVad borde ändras först på svenska?"},
    ),
    "interview": (
        {
            "guide": "# Löydä\nMikä toimii?\nMitä arvostat?\n# Unelmoi\nMitä näet?\n"
            "# Suunnittele\nMitä tarvitaan?\n# Toteuta\nMikä on ensimmäinen askel?"
        },
        {
            "guide": "# Upptäck på svenska\nVad fungerar på svenska?\n"
            "Vad värdesätter du på svenska?\n# Dröm på svenska\nVad ser du på svenska?\n"
            "# Planera på svenska\n"
            "Vad behövs på svenska?\n# Förverkliga på svenska\nVilket är första steget på svenska?"
        },
    ),
    "questions": (
        {"experts": "Kirjastonjohtaja\nKaavoittaja"},
        {"experts": "Bibliotekschefen på svenska\nStadsplaneraren på svenska"},
    ),
    "idea_wall": (
        {"prompt": "Mikä toisi sinut kirjastoon arki-iltana?", "themes": "Tapahtumat\nTilat"},
        {
            "prompt": "Vad skulle få dig till biblioteket en vardagskväll på svenska?",
            "themes": "Evenemang på svenska\nUtrymmen på svenska",
        },
    ),
    "gradients": (
        {"proposal": "Kirjasto pitää ilta-aukiolonsa ja sivukirjasto on auki vuoteen 2030."},
        {
            "proposal": "Biblioteket behåller kvällsöppet och filialen är öppen till 2030 "
            "på svenska."
        },
    ),
    "crowd_sourcing": (
        {"prompt": "Mikä on rohkein ideasi kirjastolle?"},
        {"prompt": "Vilken är din djärvaste idé för biblioteket på svenska?"},
    ),
    "participatory_budget": (
        {
            "projects": "\n".join(
                (
                    _HEADER,
                    "1;Penkkejä rantapolulle;15000;Kymmenen penkkiä.;;",
                    "2;Korjauskahvila kylätalolle;20000;Työkaluja kerran kuussa.;;",
                    "3;Valot koulun pyörätielle;45000;Neljäkymmentä valaisinta.;;",
                    "4;Yhteisöpuutarha;25000;Kasvulaatikot kirjaston viereen.;;",
                    "5;Maksuttomat liikuntavuorot nuorille;30000;Perjantai-iltaisin.;;",
                    "6;Skeittiramppi;40000;Pieni ramppi kentän viereen.;;",
                )
            )
        },
        {
            "projects": "\n".join(
                (
                    _HEADER,
                    "1;Bänkar på svenska;15000;Tio bänkar på svenska.;;",
                    "2;Reparationskafé på svenska;20000;Verktyg på svenska.;;",
                    "3;Belysning på svenska;45000;Fyrtio lampor på svenska.;;",
                    "4;Gemensam trädgård på svenska;25000;Odlingslådor på svenska.;;",
                    "5;Gratis idrottsturer på svenska;30000;Fredagskvällar på svenska.;;",
                    "6;Skateramp på svenska;40000;En liten ramp på svenska.;;",
                )
            )
        },
    ),
}
