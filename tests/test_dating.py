"""Date expressions read against the publication date, on sentences from real reporting."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from geo.date_rules import build_story, date_site
from geo.dating import find_dates
from geo.model import TIME_DAY, TIME_MONTH, TIME_WEEK, Mention
from geo.reader import read_text
from geo.text import Segments

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "samples" / "perspectives-med-2023-11-01.txt"
WED_1_NOV_2023 = date(2023, 11, 1)


def only_date(text, published, lang):
    dates = find_dates(text, published, lang)
    assert len(dates) == 1, dates
    d = dates[0]
    assert text[d.char_start : d.char_end] == d.text
    return d


# (sentence, publication date, language, the words, first day, last day, precision)
CASES = [
    # Explicit days, with and without a year.
    ("Le 29 octobre, la résistance a pris pour cible la base du champ pétrolier d'Al-Omar.", WED_1_NOV_2023, "fr",
     "Le 29 octobre", "2023-10-29", "2023-10-29", TIME_DAY),
    ("Revue de presse : Perspectives Med (1er novembre 2023)", WED_1_NOV_2023, "fr",
     "1er novembre 2023", "2023-11-01", "2023-11-01", TIME_DAY),
    ("U.S. forces have been attacked at least 12 times in Iraq since Oct. 17, the Pentagon said.", WED_1_NOV_2023, "en",
     "since Oct. 17", "2023-10-17", "2023-11-01", TIME_MONTH),  # the attacks span the days since
    ("Depuis le 7 octobre, la base a été visée à plusieurs reprises.", WED_1_NOV_2023, "fr",
     "Depuis le 7 octobre", "2023-10-07", "2023-11-01", TIME_MONTH),
    ("On December 29, 2019, U.S. airstrikes hit five Kataib Hezbollah facilities in Iraq and Syria.", date(2020, 1, 3),
     "en", "On December 29, 2019", "2019-12-29", "2019-12-29", TIME_DAY),
    ("L'attaque a été revendiquée le 29/10/2023 par la Résistance islamique en Irak.", WED_1_NOV_2023, "fr",
     "le 29/10/2023", "2023-10-29", "2023-10-29", TIME_DAY),
    ("Des roquettes ont visé le camp Taji le lundi 30 octobre.", WED_1_NOV_2023, "fr",
     "le lundi 30 octobre", "2023-10-30", "2023-10-30", TIME_DAY),
    # A day without a year: the year that puts it on or before publication.
    ("Le 29 décembre, des frappes américaines ont visé cinq sites de Kataeb Hezbollah.", date(2020, 1, 3), "fr",
     "Le 29 décembre", "2019-12-29", "2019-12-29", TIME_DAY),
    # Weekdays and parts of days.
    ("Les bombardements US l'ont touché lundi à l'aube.", WED_1_NOV_2023, "fr",
     "lundi à l'aube", "2023-10-30", "2023-10-30", TIME_DAY),
    ("Une base américaine a été visée mardi soir par deux drones.", WED_1_NOV_2023, "fr",
     "mardi soir", "2023-10-31", "2023-10-31", TIME_DAY),
    # An English evening may be past midnight where it happened: that day or the next.
    ("Rockets struck near the U.S. Embassy in Baghdad on Tuesday evening, officials said.", WED_1_NOV_2023, "en",
     "on Tuesday evening", "2023-10-31", "2023-11-01", TIME_WEEK),
    # 9and10news, 26 Feb 2021: Washington's Thursday evening, Syria's Friday dawn.
    ("President Biden authorized the airstrikes in eastern Syria Thursday evening.", date(2021, 2, 26), "en",
     "Thursday evening", "2021-02-25", "2021-02-26", TIME_WEEK),
    ("Dans la nuit de samedi à dimanche, l'armée israélienne a intensifié ses frappes sur Gaza.", date(2023, 10, 30),
     "fr", "Dans la nuit de samedi à dimanche", "2023-10-28", "2023-10-29", TIME_WEEK),
    ("Mercredi, le Pentagone a annoncé de nouvelles attaques.", WED_1_NOV_2023, "fr",
     "Mercredi", "2023-11-01", "2023-11-01", TIME_DAY),
    ("Mercredi dernier, le Pentagone a annoncé de nouvelles attaques.", WED_1_NOV_2023, "fr",
     "Mercredi dernier", "2023-10-25", "2023-10-25", TIME_DAY),
    # Days counted from publication.
    ("Hier, un drone a visé la base d'Aïn al-Assad.", WED_1_NOV_2023, "fr", "Hier", "2023-10-31", "2023-10-31", TIME_DAY),
    ("Avant-hier, un drone a visé la base d'Aïn al-Assad.", WED_1_NOV_2023, "fr",
     "Avant-hier", "2023-10-30", "2023-10-30", TIME_DAY),
    ("Aujourd'hui, deux drones ont été abattus près d'Erbil.", WED_1_NOV_2023, "fr",
     "Aujourd'hui", "2023-11-01", "2023-11-01", TIME_DAY),
    ("Ce matin, deux drones ont été abattus près d'Erbil.", WED_1_NOV_2023, "fr",
     "Ce matin", "2023-11-01", "2023-11-01", TIME_DAY),
    ("A drone was shot down near Erbil airport yesterday.", WED_1_NOV_2023, "en",
     "yesterday", "2023-10-31", "2023-10-31", TIME_DAY),
    ("Two drones targeted al-Asad air base today, a U.S. official said.", WED_1_NOV_2023, "en",
     "today", "2023-11-01", "2023-11-01", TIME_DAY),
    ("Il y a deux jours, la base de Harir a été visée par un drone.", WED_1_NOV_2023, "fr",
     "Il y a deux jours", "2023-10-30", "2023-10-30", TIME_DAY),
    ("Three days ago, a rocket landed near the Victory base complex.", WED_1_NOV_2023, "en",
     "Three days ago", "2023-10-29", "2023-10-29", TIME_DAY),
    # Vague spans become ranges, never invented days.
    ("Il y a quelques jours, les combattants de la résistance irakienne ont ciblé la base.", WED_1_NOV_2023, "fr",
     "Il y a quelques jours", "2023-10-25", "2023-10-31", TIME_WEEK),
    ("A few days ago, militants fired rockets at the Ain al-Asad air base.", WED_1_NOV_2023, "en",
     "A few days ago", "2023-10-25", "2023-10-31", TIME_WEEK),
    ("En début de semaine, le poste frontière a repris ses activités.", WED_1_NOV_2023, "fr",
     "En début de semaine", "2023-10-30", "2023-10-31", TIME_WEEK),
    ("Militias launched drones at two bases in Syria earlier this week.", WED_1_NOV_2023, "en",
     "earlier this week", "2023-10-30", "2023-11-01", TIME_WEEK),
    ("Les forces américaines ont été attaquées 4 fois en Syrie la semaine dernière.", WED_1_NOV_2023, "fr",
     "la semaine dernière", "2023-10-23", "2023-10-29", TIME_WEEK),
    ("U.S. forces in Iraq and Syria were attacked at least 16 times last week.", WED_1_NOV_2023, "en",
     "last week", "2023-10-23", "2023-10-29", TIME_WEEK),
    ("The Houthis have launched missiles at Israel several times earlier this month.", date(2023, 11, 20), "en",
     "earlier this month", "2023-11-01", "2023-11-20", TIME_MONTH),
    ("The Houthis have launched missiles at Israel earlier this month.", date(2023, 11, 4), "en",
     "earlier this month", "2023-11-01", "2023-11-04", TIME_WEEK),
    ("Le mois dernier, la base d'Al-Tanf a été visée par des drones.", WED_1_NOV_2023, "fr",
     "Le mois dernier", "2023-10-01", "2023-10-31", TIME_MONTH),
    ("Kataib Hezbollah announced last month that it would suspend its attacks.", date(2024, 3, 5), "en",
     "last month", "2024-02-01", "2024-02-29", TIME_MONTH),
    ("Ces derniers jours, les attaques contre les bases américaines se sont multipliées.", WED_1_NOV_2023, "fr",
     "Ces derniers jours", "2023-10-25", "2023-11-01", TIME_WEEK),
    ("Attacks on U.S. bases have multiplied in recent days.", WED_1_NOV_2023, "en",
     "in recent days", "2023-10-25", "2023-11-01", TIME_WEEK),
    ("La coalition a mené plus de 30 frappes en octobre.", WED_1_NOV_2023, "fr",
     "en octobre", "2023-10-01", "2023-10-31", TIME_MONTH),
    ("Plus de 40 attaques ont visé les forces américaines en 2023.", WED_1_NOV_2023, "fr",
     "en 2023", "2023-01-01", "2023-11-01", TIME_MONTH),
    # "early 2018" is the first third of the year, not all of it (voa-2019-05-13).
    ("An estimated 500 Yazidis fled the town of Afrin in early 2018 during the Turkish Operation Olive Branch.",
     date(2019, 5, 13), "en", "in early 2018", "2018-01-01", "2018-04-30", TIME_MONTH),
    # A fact box's span of days written with a dash and no spaces (en-wikipedia-2022-gaza-israel-clashes).
    ("Date: 5–7 August 2022", date(2022, 8, 10), "en", "5–7 August 2022", "2022-08-05", "2022-08-07", TIME_WEEK),
    # L'essentiel (AFP), 8 May 2021: a long span up to publication, not a day.
    ("Depuis un an et demi, les pro-Iran tirent à intervalles réguliers des salves de roquettes ciblant les 2 500 "
     "soldats américains toujours présents en Irak ainsi que l'ambassade des États-Unis à Bagdad.", date(2021, 5, 8),
     "fr", "Depuis un an et demi", "2019-11-07", "2021-05-08", TIME_MONTH),
    # A year closing a phrase that "since" opens is where a span to publication begins
    # (en-wikipedia-solhan-and-tadaryat-massacres).
    ("At least 160 people were killed in the massacres, making it the deadliest attacks up to that point in the "
     "jihadist insurgency in Burkina Faso since the start of the war in 2015.", date(2021, 6, 10), "en",
     "in 2015", "2015-01-01", "2021-06-10", TIME_MONTH),
]


@pytest.mark.parametrize(("sentence", "published", "lang", "words", "first", "last", "precision"), CASES)
def test_date_expression_reads_as_range(sentence, published, lang, words, first, last, precision):
    d = only_date(sentence, published, lang)
    assert (d.text, d.start.isoformat(), d.end.isoformat(), d.precision) == (words, first, last, precision)


@pytest.mark.parametrize(
    ("sentence", "lang"),
    [
        ("La résistance a bombardé la base américaine avec 15 missiles.", "fr"),
        ("Les forces américaines avaient été attaquées au moins 12 fois en Irak et 4 fois en Syrie.", "fr"),
        ("Le budget 2023 du Pentagone prévoit 30 millions pour la base.", "fr"),
        ("Officials said the militias may strike again and march on the embassy.", "en"),
        ("Three rockets hit the base, wounding 2 soldiers.", "en"),
    ],
)
def test_numbers_and_ordinary_words_are_not_dates(sentence, lang):
    assert find_dates(sentence, WED_1_NOV_2023, lang) == []


def test_a_day_a_few_days_ahead_stays_ahead_and_one_further_is_last_year():
    ahead = only_date("La trêve doit expirer le 5 novembre.", WED_1_NOV_2023, "fr")
    assert ahead.start == date(2023, 11, 5)
    last_year = only_date("L'attaque du 20 novembre avait fait trois morts.", WED_1_NOV_2023, "fr")
    assert last_year.start == date(2022, 11, 20)


def test_dates_are_sorted_by_offset_and_point_at_their_words():
    text = SAMPLE.read_text(encoding="utf-8")
    dates = find_dates(text, WED_1_NOV_2023, "fr")
    assert [d.char_start for d in dates] == sorted(d.char_start for d in dates)
    assert all(text[d.char_start : d.char_end] == d.text for d in dates)
    assert [d.text for d in dates] == [
        "1er novembre 2023", "En début de semaine", "lundi à l’aube", "Il y a quelques jours", "Le 29 octobre",
        "la semaine dernière", "le 18 octobre",
    ]


# The ladder of `geo.date_rules` on the sample: the date that governs each site mention.


def date_at(text, start, published=WED_1_NOV_2023, lang="fr", length=1):
    doc = read_text(text, "test.txt", published=published, lang=lang)
    seg = Segments(doc.text)
    s0, s1 = seg.sentence_of(start)
    mention = Mention(doc.text[start:start + length], start, start + length, s0, s1)
    return date_site(mention, seg, published, lang, build_story(doc, seg, published))


def date_for(name, nth=0):
    text = read_text(SAMPLE.read_text(encoding="utf-8"), "sample", published=WED_1_NOV_2023, lang="fr").text
    start = [m.start() for m in re.finditer(re.escape(name), text)][nth]
    return date_at(text, start, length=len(name))


def test_border_crossing_is_monday_30_october():
    d = date_for("Al-Qaim")
    assert d.start <= date(2023, 10, 30) <= d.end
    assert (d.end - d.start).days <= 2


def test_al_omar_field_is_29_october():
    d = date_for("Al-Omar", nth=1)
    assert (d.start, d.end, d.precision, d.text) == (date(2023, 10, 29), date(2023, 10, 29), TIME_DAY, "Le 29 octobre")


def test_abu_hajar_a_few_days_ago_lies_inside_the_days_before_publication():
    d = date_for("Abu Hajar")
    assert date(2023, 10, 22) <= d.start <= d.end <= date(2023, 11, 1)
    assert d.precision == TIME_WEEK


def test_the_date_opening_a_paragraph_governs_its_later_sentences():
    assert date_for("Al-Shaddadi").text == "Le 29 octobre"


def test_pentagon_count_is_last_week():
    d = date_for("en Irak et 4 fois")
    assert (d.start, d.end, d.text) == (date(2023, 10, 23), date(2023, 10, 29), "la semaine dernière")


def test_a_site_without_any_date_is_undated_up_to_publication():
    d = date_for("Aïn al-Assad")
    assert (d.start, d.end, d.precision) == (date(2023, 10, 2), date(2023, 11, 1), TIME_MONTH)
    # "La résistance a bombardé à plusieurs reprises la base Aïn al-Assad": background, no single day
    assert d.rule == "background"
    assert d.text == "no date in the text: background, no single day is meant; before publication (2023-11-01)"
    assert d.char_start == -1


def test_nearest_date_in_the_sentence_wins():
    text = "Taji was hit on Monday, two days after rockets struck Balad air base on Saturday."
    assert date_at(text, text.index("Taji"), lang="en").start == date(2023, 10, 30)
    assert date_at(text, text.index("Balad"), lang="en").start == date(2023, 10, 28)


def test_a_retrospective_reads_its_days_without_a_year_in_the_year_it_tells_of():
    text = (
        "The 2020 Camp Taji attacks were rocket attacks that took place on 11 March and 14 March 2020. "
        "On 13 March, the United States carried out airstrikes against Kataib Hezbollah."
    )
    dates = find_dates(text, date(2024, 5, 2), "en")
    assert [(d.text, d.start) for d in dates] == [
        ("on 11 March", date(2020, 3, 11)),
        ("14 March 2020", date(2020, 3, 14)),
        ("On 13 March", date(2020, 3, 13)),
    ]


def test_a_pair_of_days_shares_the_year_at_its_end():
    dates = find_dates("Des roquettes ont visé Erbil les 12 et 13 mars 2022.", date(2024, 5, 2), "fr")
    assert [(d.text, d.start, d.end, d.precision) for d in dates] == [
        ("les 12 et 13 mars 2022", date(2022, 3, 12), date(2022, 3, 13), TIME_WEEK)
    ]
    dates = find_dates("The base was hit on Oct. 17 and 18, officials said.", WED_1_NOV_2023, "en")
    assert [(d.start, d.end) for d in dates] == [(date(2023, 10, 17), date(2023, 10, 18))]
    dates = find_dates("Strikes on 30 December and 2 January 2020 killed ten fighters.", date(2024, 5, 2), "en")
    assert [d.start for d in dates] == [date(2019, 12, 30), date(2020, 1, 2)]


def test_two_days_of_two_months_told_of_one_event_are_one_span():
    # France Diplomatie, 7 October 2019: the attacks on the Malian army camps are told over two days, one night
    # apart; neither day alone is when they happened.
    text = ("La France condamne avec la plus grande fermeté les récentes attaques contre la MINUSMA à Aguelhok et "
            "Bandiagara (le 6 octobre), les Forces armées maliennes et le contingent malien de la force conjointe du "
            "G5 Sahel à Mondoro et Boulkessi (le 30 septembre et le 1er octobre).")
    dates = find_dates(text, date(2019, 10, 7), "fr")
    assert [(d.text, d.start, d.end) for d in dates] == [
        ("le 6 octobre", date(2019, 10, 6), date(2019, 10, 6)),
        ("le 30 septembre et le 1er octobre", date(2019, 9, 30), date(2019, 10, 1)),
    ]
    mondoro = date_at(text, text.index("Mondoro"), published=date(2019, 10, 7))
    assert (mondoro.start, mondoro.end) == (date(2019, 9, 30), date(2019, 10, 1))
    # "du … au …" is a range whatever the gap; the year at its end is its start's too
    dates = find_dates("Les combats ont duré du 30 décembre au 2 janvier 2020.", date(2024, 5, 2), "fr")
    assert [(d.start, d.end) for d in dates] == [(date(2019, 12, 30), date(2020, 1, 2))]
    dates = find_dates("Fighting raged from Sept. 28 to Oct. 3, 2019, near the camp.", date(2024, 5, 2), "en")
    assert [(d.start, d.end) for d in dates] == [(date(2019, 9, 28), date(2019, 10, 3))]
    # two days further apart are two events, each on its day
    dates = find_dates("Le camp a été attaqué le 5 janvier et le 28 février.", date(2019, 10, 7), "fr")
    assert [(d.start, d.end) for d in dates] == [(date(2019, 1, 5), date(2019, 1, 5)), (date(2019, 2, 28), date(2019, 2, 28))]


def test_a_news_article_keeps_its_own_recent_days():
    text = "Le 29 octobre, la résistance a ciblé la base d'Al-Omar. Le 18 octobre 2023, elle avait annoncé son entrée."
    assert [d.start for d in find_dates(text + " Le 20 octobre, une autre attaque.", WED_1_NOV_2023, "fr")] == [
        date(2023, 10, 29), date(2023, 10, 18), date(2023, 10, 20),
    ]


@pytest.mark.parametrize(("text", "published", "lang", "words", "day"), [
    ("On Thursday, a tanker was hit. Earlier in the day, another vessel was targeted.", "2023-12-15", "en",
     "Earlier in the day", "2023-12-14"),
    ("Le 10 mai, deux Rafale ont décollé. Tôt dans la matinée, ils ont détruit un bâtiment.", "2020-05-29", "fr",
     "Tôt dans la matinée", "2020-05-10"),
    ("Le 10 mai, deux Rafale ont décollé. La veille, un drone avait été abattu.", "2020-05-29", "fr",
     "La veille", "2020-05-09"),
])
def test_days_counted_from_the_last_day_named(text, published, lang, words, day):
    found = {d.text: d for d in find_dates(text, date.fromisoformat(published), lang)}
    assert (found[words].start.isoformat(), found[words].end.isoformat()) == (day, day)


@pytest.mark.parametrize("text, published, lang, words, first, last", [
    ("Le 7 novembre 2021, un drone a visé sa résidence. Elle est liée aux affrontements survenus 2 jours auparavant.",
     date(2021, 11, 10), "fr", "2 jours auparavant", "2021-11-05", "2021-11-05"),
    ("On 3 May rockets hit Balad. Three days later, drones hit the airport.", date(2021, 5, 20), "en",
     "Three days later", "2021-05-06", "2021-05-06"),
    # Counted from a week: the week's span, moved.
    ("The US struck the border last week, just two days after drones attacked Erbil.", date(2021, 7, 5), "en",
     "two days after", "2021-06-26", "2021-07-02"),
])
def test_days_counted_from_the_day_the_text_named(text, published, lang, words, first, last):
    d = next(d for d in find_dates(text, published, lang) if d.text == words)
    assert (d.start.isoformat(), d.end.isoformat()) == (first, last)


def test_a_name_after_since_says_from_where_and_leaves_the_year_a_year():
    # "…le plus meurtrier survenu en Iran depuis l'accident d'un Iliouchine Il-76 en 2003" (fr-wikipedia-vol-752…):
    # the year of that accident, not a span to publication.
    text = ("C'est le premier accident mortel de l'histoire de la compagnie UIA et le plus meurtrier survenu en Iran "
            "depuis l'accident d'un Iliouchine Il-76 en 2003 qui avait provoqué la mort de 275 Gardiens de la "
            "révolution.")
    (d,) = [d for d in find_dates(text, date(2020, 1, 15), "fr") if d.text == "en 2003"]
    assert (d.start, d.end) == (date(2003, 1, 1), date(2003, 12, 31))


def test_a_span_of_years_is_every_year_between():
    # fr-wikipedia-attentats-21-janvier-2021-bagdad; fr-wikinews-2021-10-beyrouth-sept-morts-manifestation
    text = "De 2003 à 2017, les attaques étaient courantes dans tout le pays, Bagdad et les villes voisines étant " \
           "les principales cibles."
    assert (only_date(text, date(2021, 1, 25), "fr").start, only_date(text, date(2021, 1, 25), "fr").end) == \
        (date(2003, 1, 1), date(2017, 12, 31))
    d = only_date("Le secteur de Tayouné était une première ligne pendant la guerre du Liban de 1975-1990.",
                  date(2021, 10, 15), "fr")
    assert (d.text, d.start, d.end) == ("de 1975-1990", date(1975, 1, 1), date(1990, 12, 31))


def test_hours_later_is_that_day_or_the_next():
    # en-wikipedia-june-2021-us-airstrike-syria: "On 28 June 2021, President Biden directed airstrikes … Hours
    # later, U.S. forces in Syria came under fire"
    text = ("On 28 June 2021, President Biden directed airstrikes against Iran-backed militia groups close to the "
            "Syria-Iraq border. Hours later, U.S. forces in Syria came under fire.")
    d = next(d for d in find_dates(text, date(2021, 7, 1), "en") if d.text == "Hours later")
    assert (d.start, d.end) == (date(2021, 6, 28), date(2021, 6, 29))


def test_days_counted_with_no_day_named_before_are_no_dates():
    assert [d.text for d in find_dates("Deux jours plus tard, la base a été visée.", WED_1_NOV_2023, "fr")] == []


@pytest.mark.parametrize("text, expected", [
    ("Le Mouvement du 23 Mars (M23) a pris le contrôle de Goma.", []),
    ("L'Alliance du 14-Mars a condamné l'attaque du 3 avril.", ["du 3 avril"]),
    ("Le 23 mars, le M23 a pris Goma.", ["Le 23 mars"]),
    ("Attaque du 17 Janvier 2022 à Abou Dabi", ["du 17 Janvier 2022"]),
])
def test_a_french_month_with_a_capital_after_du_names_a_group_not_a_date(text, expected):
    assert [d.text for d in find_dates(text, date(2024, 1, 1), "fr")] == expected
