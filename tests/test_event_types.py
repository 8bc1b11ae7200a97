"""ACLED event types, actors and counts, on the sample's sentences and short sentences from real reporting."""

from __future__ import annotations

import pytest

from geo.event_types import classify, find_actors, find_quantities

AIR = ("Explosions/Remote violence", "Air/drone strike")
SHELLING = ("Explosions/Remote violence", "Shelling/artillery/missile attack")
IED = ("Explosions/Remote violence", "Remote explosive/landmine/IED")
SUICIDE = ("Explosions/Remote violence", "Suicide bomb")
GRENADE = ("Explosions/Remote violence", "Grenade")
CLASH = ("Battles", "Armed clash")
CIVILIANS = ("Violence against civilians", "Attack")
DISRUPTED = ("Strategic developments", "Disrupted weapons use")
OTHER = ("Strategic developments", "Other")

# The sample press review (Perspectives Med, 1 November 2023), sentence by sentence.
CROSSING = (
    "En début de semaine, le poste frontière d’Al-Qaim Al-Bukamal entre la Syrie et l’Irak a repris ses activités "
    "après avoir éliminé les effets des bombardements US qui l’ont touché lundi à l’aube, avec le retour des "
    "passagers et des marchandises."
)
US_JETS = (
    "Pour rappel, les avions militaires US ont ciblé des zones situées au plus profond de la Syrie, parallèlement à "
    "la frontière irakienne."
)
AL_OMAR_QUOTE = (
    "Ledit bombardement est intervenu « en réponse au bombardement de camions en bombardant la base américaine du "
    "champ d’Al-Omar, dans la campagne de Deir ez-Zor, avec 15 missiles », ajoute-t-on."
)
ABU_HAJAR = (
    "Il y a quelques jours, les combattants de la résistance irakienne ont ciblé la base d’occupation américaine de "
    "l’aéroport d’Abu Hajar – Kharab al-Jir dans le nord-est de la Syrie avec une salve de missiles, confirmant que "
    "leurs cibles avaient été directement touchées."
)
AL_OMAR = (
    "Le 29 octobre, la résistance a pris pour cible la base du champ pétrolier d’Al-Omar, dans la campagne de "
    "Deir ez-Zor."
)
AL_SHADDADI = (
    "Cela a été précédé par le ciblage de la base US d’Al-Shaddadi en Syrie via des drones, confirmant qu’ils "
    "avaient directement touché leurs cibles."
)
AIN_AL_ASSAD = (
    "La résistance a bombardé à plusieurs reprises la base Aïn al-Assad et la base Harir adjacente à l’aéroport "
    "d’Erbil au Kurdistan irakien avec des drones, ainsi que la base d’Al-Tanf en Syrie."
)
PENTAGON = (
    "Le Pentagone a admis que « les forces américaines avaient été attaquées au moins 12 fois en Irak et 4 fois en "
    "Syrie la semaine dernière »."
)
KATAIB = (
    "Jaafar al-Husseini, porte-parole militaire des Brigades irakiennes du Hezbollah en Irak, a annoncé le "
    "18 octobre que « la résistance en Irak est entrée dans la bataille du déluge d’Al-Aqsa et a dirigé ses frappes "
    "contre les bases américaines »."
)


@pytest.mark.parametrize(
    ("sentence", "lang", "expected"),
    [
        # The crossing reopened, but what hit it was a US bombardment (F-16s, 26–27 October 2023): a strike wins.
        (CROSSING, "fr", AIR),
        (US_JETS, "fr", AIR),
        (AL_OMAR_QUOTE, "fr", SHELLING),
        (ABU_HAJAR, "fr", SHELLING),
        (AL_OMAR, "fr", CLASH),  # a base targeted, no weapon named
        (AL_SHADDADI, "fr", AIR),
        (AIN_AL_ASSAD, "fr", AIR),  # "a bombardé ... avec des drones": the weapon decides
        (PENTAGON, "fr", CLASH),
        ("Le poste frontière d’Al-Qaim a rouvert ses portes aux voyageurs.", "fr", OTHER),
        ("Deux drones ont été abattus par la défense aérienne près de l’aéroport d’Erbil.", "fr", DISRUPTED),
        ("Un engin explosif improvisé a visé un convoi logistique de la coalition près de Diwaniyah.", "fr", IED),
        ("Des affrontements ont opposé les FDS à des combattants tribaux à Deir ez-Zor.", "fr", CLASH),
        ("Un kamikaze s’est fait exploser dans une mosquée chiite de Kunduz.", "fr", SUICIDE),
        # English.
        ("The USS Carney intercepted three land-attack cruise missiles and several drones launched by the Houthis.",
         "en", DISRUPTED),
        ("A one-way attack drone struck Tower 22 in Jordan, killing three U.S. soldiers.", "en", AIR),
        ("Three Katyusha rockets hit the Taji base north of Baghdad.", "en", SHELLING),
        ("A roadside bomb hit a convoy carrying supplies for the U.S.-led coalition in Babil province.", "en", IED),
        ("Heavy clashes erupted between the SDF and tribal fighters in Deir ez-Zor.", "en", CLASH),
        ("Gunmen threw a grenade at a liquor store in Baghdad.", "en", GRENADE),
        ("Gunmen killed 11 civilians in a village in Diyala province.", "en", CIVILIANS),
        ("U.S. forces in Iraq and Syria were attacked at least 16 times last week.", "en", CLASH),
        ("The al-Qaim border crossing reopened to travellers and trade on Monday.", "en", OTHER),
    ],
)
def test_classify(sentence, lang, expected):
    assert classify(sentence, lang) == expected


def test_a_sentence_with_no_event_word_is_a_strategic_development():
    assert classify("Le Premier ministre irakien s’est rendu à Téhéran.", "fr") == OTHER


@pytest.mark.parametrize(
    ("sentence", "lang", "expected"),
    [
        (CROSSING, "fr", ["US"]),
        (US_JETS, "fr", ["les avions militaires US"]),
        (ABU_HAJAR, "fr", ["la résistance irakienne"]),
        (AL_OMAR, "fr", ["la résistance"]),
        (PENTAGON, "fr", ["Le Pentagone", "les forces américaines"]),
        (KATAIB, "fr", ["Brigades irakiennes du Hezbollah", "la résistance en Irak"]),
        ("Les Brigades du Hezbollah ont revendiqué l’attaque contre les forces américaines.", "fr",
         ["Les Brigades du Hezbollah", "les forces américaines"]),
        ("Kataib Hezbollah announced it would suspend attacks on US forces.", "en", ["Kataib Hezbollah", "US forces"]),
        ("The Islamic Resistance in Iraq claimed a drone attack on al-Asad air base.", "en",
         ["The Islamic Resistance in Iraq"]),
        ("Israeli Air Force jets struck Hamas targets in Gaza overnight.", "en", ["Israeli Air Force", "Hamas"]),
        ("The Houthis fired a ballistic missile toward Eilat.", "en", ["The Houthis"]),
        ("They told us forces were ready.", "en", []),  # the pronoun is not the country
    ],
)
def test_find_actors(sentence, lang, expected):
    assert find_actors(sentence, lang) == expected


@pytest.mark.parametrize(
    ("sentence", "lang", "expected"),
    [
        (AL_OMAR_QUOTE, "fr", ["15 missiles"]),
        (ABU_HAJAR, "fr", ["une salve de missiles"]),
        (AIN_AL_ASSAD, "fr", ["à plusieurs reprises"]),
        (PENTAGON, "fr", ["au moins 12 fois", "4 fois"]),
        (AL_OMAR, "fr", []),  # "29 octobre" is a date, not a count
        ("Les rebelles ont tiré deux missiles balistiques vers Eilat.", "fr", ["deux missiles"]),
        ("U.S. forces have been attacked 12 times in Iraq and four times in Syria.", "en", ["12 times", "four times"]),
        ("There have been 12 attacks on U.S. bases since Oct. 17.", "en", ["12 attacks"]),
        ("Militants fired three rockets at the Victory base complex.", "en", ["three rockets"]),
        ("Iran-backed militias have repeatedly targeted al-Asad air base.", "en", ["repeatedly"]),
        ("A drone hit the base.", "en", []),  # an article is not a count
    ],
)
def test_find_quantities(sentence, lang, expected):
    assert find_quantities(sentence, lang) == expected
