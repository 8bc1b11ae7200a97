"""The dating ladder on real sentences of the sample and the development set: each rule fires where it should,
says its name, and gives the date an analyst would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.date_rules import LABELS, LADDER
from geo.pipeline import extract
from geo.reader import read_file, read_text

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "samples" / "perspectives-med-2023-11-01.txt"
DEVSET = ROOT / "tests" / "data" / "devset"


def features(text: str, published: str, lang: str) -> list[dict]:
    return extract(read_text(text, "test.txt", published=published, lang=lang))[0]


def article(name: str) -> list[dict]:
    """The events of a development-set article, read as the CLI reads it."""
    if name == "sample":
        return extract(read_file(SAMPLE, published="2023-11-01"))[0]
    key = json.loads((DEVSET / f"{name}.key.json").read_text(encoding="utf-8"))
    return extract(read_file((DEVSET / name).parent / key["document"], published=key["published"]))[0]


def dated(feats: list[dict], site: str) -> list[tuple[str, str, str, str]]:
    """(first day, last day, rule, words) of every event at sites whose name holds `site`."""
    return [(p["date_start"], p["date_end"], p["date_rule"], p["date_text"])
            for p in (f["properties"] for f in feats) if site in p["site"]]


def test_the_ladder_names_each_rule_once_with_a_label_and_a_reason_and_ends_on_an_honest_month():
    names = [r.name for r in LADDER]
    assert len(names) == len(set(names)) and all(r.label and r.reason and r.example for r in LADDER)
    assert names[:6] == ["headline_takes_lead", "title_takes_lead", "named_event", "before_the_story", "warned_of",
                         "own_sentence"]
    assert names[-1] == "before_publication"
    assert LABELS["story_headline"] == "the story's headline"


def test_own_sentence():
    feats = features("Le 29 octobre, la résistance a pris pour cible la base du champ pétrolier d’Al-Omar, dans la "
                     "campagne de Deir ez-Zor.", "2023-11-01", "fr")
    assert dated(feats, "Al-Omar") == [("2023-10-29", "2023-10-29", "own_sentence", "Le 29 octobre")]


def test_paragraph_opening():
    feats = features("Le 29 octobre, la résistance a pris pour cible la base du champ pétrolier d’Al-Omar, dans la "
                     "campagne de Deir ez-Zor. Cela a été précédé par le ciblage de la base US d’Al-Shaddadi en Syrie "
                     "via des drones, confirmant qu’ils avaient directement touché leurs cibles.", "2023-11-01", "fr")
    assert dated(feats, "Shaddadi") == [("2023-10-29", "2023-10-29", "paragraph_opening", "Le 29 octobre")]


def test_next_sentence_names_it():
    feats = features("Title\n\nRocket fire struck Green Village, a base in northeastern Syria that houses U.S. "
                     "troops. The attack on Wednesday, Jan. 5, 2022, caused minor damage.", "2022-01-05", "en")
    assert [(p["date_start"], p["date_rule"]) for p in (f["properties"] for f in feats)] == \
        [("2022-01-05", "next_sentence_names_it")]


def test_headline_takes_lead_and_a_bracketed_date_in_a_headline_is_the_documents_own():
    # "… contre l'aéroport de Jizan (23 février 2022)": the statement's day; the lead gives the attack's.
    assert ("2022-02-21", "2022-02-21", "headline_takes_lead", "le 21 février") in \
        dated(article("fr-diplomatie-2022-02-23-aeroport-jizan"), "Airport")


def test_a_month_in_a_headline_frames_the_story_and_is_no_stamp():
    # Wikipedia's title "Offensive du Croissant pétrolier (janvier 2016)", its date templates empty in the copy:
    # the attacked terminals happened in January, not in the month before publication.
    feats = article("heldout2/fr-wikipedia-offensive-croissant-petrolier-janvier-2016")
    assert ("2016-01-01", "2016-01-25", "headline_period", "no date in the text: the headline's « janvier 2016 »") in \
        dated(feats, "Es Sider")
    assert dated(feats, "Ajdabiya") == [("2016-01-01", "2016-01-10", "own_sentence", "Début janvier")]


def test_a_statement_dated_in_its_headline_tells_of_the_week_before_that_day():
    # France Diplomatie, « Ukraine - Condamnation des frappes russes (21 septembre 2023) »: the strikes "qui ont fait
    # au moins deux victimes à Kherson et plusieurs blessés à Kiev" are undated; a statement reacts to news, so the
    # week up to its day, not the month before publication.
    feats = article("heldout3/fr-diplomatie-2023-09-21-frappes-russes-ukraine")
    week = ("2023-09-14", "2023-09-21", "stamped_statement",
            "no date in the text: the week up to the statement's own day « 21 septembre 2023 »")
    assert dated(feats, "Kherson") == [week]
    assert dated(feats, "Kyiv") == [week]
    # Wikipedia's "Attaque d'Inates (1er juillet 2019)" over an undated account ("Le , à 14 h 30, …"): the week up
    # to the title's day holds the attack, a month before publication was four weeks too wide.
    inates = dated(article("fr-wikipedia-attaque-d-inates-juillet-2019"), "Inates")
    assert [d[:3] for d in inates] == [("2019-06-24", "2019-07-01", "stamped_statement")]


def test_day_of_saying():
    # The sample: "Jaafar al-Husseini, porte-parole militaire des Brigades irakiennes du Hezbollah en Irak, a annoncé
    # le 18 octobre que « la résistance en Irak est entrée dans la bataille … »": that day or the day before.
    assert ("2023-10-17", "2023-10-18", "day_of_saying", "le 18 octobre") in dated(article("sample"), "Iraq")


def test_warned_of_runs_from_the_warning_to_publication():
    # voa-2021-03-03: a warning's place is what may come, not where something happened that day.
    feats = features("U.S. President Joe Biden warned last Friday that Iran needed to tread carefully in Iraq.",
                     "2021-03-03", "en")
    assert [d[:3] for d in dated(feats, "Iraq")] == [("2021-02-26", "2021-03-03", "warned_of")]
    # "On the night of 7 April, pro-Russian Telegram channel … warned civilians not to evacuate from Sloviansk and
    # Kramatorsk on railways." The strike came the next morning; the warning's day is no day of an event there.
    sloviansk = dated(article("en-wikipedia-kramatorsk-railway-station-attack"), "Slovyansk")
    assert ("2022-04-07", "2022-04-12", "warned_of") in [d[:3] for d in sloviansk]
    assert all(d[:2] != ("2022-04-07", "2022-04-07") for d in sloviansk)


def test_named_event_gives_a_site_inside_its_words_that_events_day():
    # "The bombing marks the deadliest attack in Somalia since the 14 October 2017 Mogadishu bombings at the same
    # junction."
    mogadishu = dated(article("en-wikipedia-2022-somali-ministry-of-education-bombings"), "Mogadishu")
    assert ("2017-10-14", "2017-10-14", "named_event") in [d[:3] for d in mogadishu]
    # "… les tirs de missiles … les 23 et 24 janvier, qui interviennent après les attaques houthies du 17 janvier
    # dernier sur Abou Dabi."
    abu_dhabi = dated(article("fr-diplomatie-2022-01-24-escalade-yemen-region"), "Abu Dhabi")
    assert ("2022-01-17", "2022-01-17", "named_event") in [d[:3] for d in abu_dhabi]


def test_names_the_story():
    # Headline "2022 Somali Ministry of Education bombings"; after "On 23 October 2022, the militant group killed
    # eight people at a hotel in Kismayo.", "The bombings in Mogadishu occurred on a day when …" is the story's.
    mogadishu = dated(article("en-wikipedia-2022-somali-ministry-of-education-bombings"), "Mogadishu")
    assert ("2022-10-29", "2022-10-29", "names_the_story") in [d[:3] for d in mogadishu]
    assert all(d[0] != "2022-10-23" for d in mogadishu)


def test_a_place_where_troops_are_kept_is_background():
    # "During the Russian invasion, which began on 24 February, … The soldiers of the Armed Forces of Ukraine
    # stationed in Sloviansk and Kramatorsk played a key role in resisting the Russian offensive."
    feats = article("en-wikipedia-kramatorsk-railway-station-attack")
    kept = [d for site in ("Slovyansk", "Kramatorsk") for d in dated(feats, site) if d[2] == "background"]
    assert len(kept) == 2 and all(d[:2] == ("2022-03-13", "2022-04-12") for d in kept)
    assert all(d[0] != "2022-02-24" for site in ("Slovyansk", "Kramatorsk") for d in dated(feats, site))


def test_a_heading_naming_the_story_brings_its_day_back():
    # Under "Attack" (headline "Kramatorsk railway station attack", "Date: 8 April 2022"), after a "Background"
    # telling of 24 February and 7 April: "… a pair of missiles being launched from Shakhtarsk".
    shakhtarsk = dated(article("en-wikipedia-kramatorsk-railway-station-attack"), "Shakhtarsk")
    assert [d[:3] for d in shakhtarsk] == [("2022-04-08", "2022-04-08", "story_lead")]


def test_then_carries_the_vaguer_date_told_just_before():
    # L'essentiel (AFP), 8 May 2021: "… à la mi-avril avec une attaque spectaculaire. Un drone « chargé de TNT »,
    # selon les autorités kurdes, s'était alors écrasé sur le QG de la coalition … à l'aéroport international d'Erbil."
    text = ("Les pro-Iran, qui veulent en finir avec toute présence militaire étrangère en Irak, ont franchi un "
            "nouveau palier à la mi-avril avec une attaque spectaculaire. Un drone «chargé de TNT», selon les autorités "
            "kurdes, s'était alors écrasé sur le QG de la coalition antijihadiste à l'aéroport international d'Erbil.")
    assert dated(features(text, "2021-05-08", "fr"), "Erbil")[0][:3] == ("2021-04-11", "2021-04-20", "told_before")


def test_a_press_reviews_paragraph_is_an_item_of_its_own():
    # Two paragraphs of the sample press review: the second, an item with no day, does not take the first's.
    text = ("Revue de presse : Perspectives Med (1er novembre 2023)\n\n"
            "Le 29 octobre, la résistance a pris pour cible la base du champ pétrolier d’Al-Omar, dans la campagne "
            "de Deir ez-Zor.\n\n"
            "Le ciblage des bases US en Irak et en Syrie vient en appui à la bataille « Déluge d’Al-Aqsa », qui se "
            "poursuit.")
    feats = features(text, "2023-11-01", "fr")
    assert dated(feats, "Al-Omar")[0][:2] == ("2023-10-29", "2023-10-29")
    assert [d[:3] for d in dated(feats, "Syria")] == [("2023-10-02", "2023-11-01", "before_publication")]


def test_a_datelines_day_is_the_filing_not_the_event():
    # Xinhua, 1 March 2021: the dateline's "March 1" dates the dispatch; the headline's site takes the lead's "last
    # week", and the lead's statement day ("said on Monday") does not stand in for it.
    text = ("Pentagon says one militia member killed, two wounded in Syria airstrike\n\n"
            "WASHINGTON, March 1 (Xinhua) — The Pentagon said on Monday that U.S. airstrikes in eastern Syria last "
            "week killed one militia member and injured two others.\n\n"
            "\"We believe, right now, there was likely one militia member killed, and two militia members wounded,\" "
            "Pentagon spokesman John Kirby told reporters, adding the Pentagon would continue to assess the battle "
            "damage.\n\n"
            "U.S. military last Thursday conducted airstrikes against facilities used by Iranian-backed militant "
            "groups in eastern Syria.")
    syria = [d[:3] for d in dated(features(text, "2021-03-01", "en"), "Syria")]
    assert ("2021-02-22", "2021-02-28", "headline_takes_lead") in syria
    assert ("2021-02-25", "2021-02-25", "own_sentence") in syria
    assert all(first != "2021-03-01" for first, _, _ in syria)


def test_title_takes_lead_in_a_news_digest():
    # VOA's digest: the item title "UAE: Sabotage on 4 Commercial Ships in Gulf of Oman", its time stamp, then "The
    # United Arab Emirates says four commercial ships were subjected to "sabotage operations" Sunday …"
    gulf = dated(article("voa-2019-05-13-middle-east-news-digest"), "Gulf of Oman")
    assert ("2019-05-12", "2019-05-12", "title_takes_lead") in [d[:3] for d in gulf]
    assert all(d[2] != "before_publication" for d in gulf)


def test_before_the_story():
    # "The operation … followed a raid in Jenin in the Israeli-occupied West Bank": before the 5–7 August story,
    # not on its days.
    jenin = dated(article("en-wikipedia-2022-gaza-israel-clashes"), "Jenin")
    assert [d[:3] for d in jenin] == [("2022-07-06", "2022-08-05", "before_the_story")]
    # Reuters, 26 Feb 2021: the rocket attacks in Iraq came before Friday's strikes in Syria.
    feats = features("US air strikes in Syria target Iranian-backed militia: Pentagon\n\nThe United States carried out "
                     "air strikes authorised by President Joe Biden against facilities belonging to Iranian-backed "
                     "militia in eastern Syria early on Friday, in response to rocket attacks against U.S. targets in "
                     "Iraq, the Pentagon said.", "2021-02-26", "en")
    assert [d[:3] for d in dated(feats, "Iraq")] == [("2021-01-27", "2021-02-26", "before_the_story")]
    assert ("2021-02-26", "2021-02-26", "own_sentence") in [d[:3] for d in dated(feats, "Syria")]


def test_hours_or_days_after_say_how_long_before_the_earlier_event_came():
    # VOA, 5 March 2024: "The strikes came hours after a suspected Houthi attack targeting a container ship in the
    # Gulf of Aden" (the strikes "late Monday"): that Monday or the day before, not any day of the month before.
    gulf = dated(article("heldout3/voa-2024-03-05-us-hits-houthi-missiles-after-attack-on-ship"), "Gulf of Aden")
    assert ("2024-03-03", "2024-03-04", "before_the_story") in [d[:3] for d in gulf]
    # VOA, 14 March 2020: the attack on Camp Taji "came just days after a similar attack on the base" (11 March).
    taji = dated(article("voa-2020-03-14-rockets-target-iraqi-base"), "Taji")
    assert ("2020-03-07", "2020-03-14", "before_the_story") in [d[:3] for d in taji]
    # VOA, 14 January 2024: "The latest Houthi attack came days after the United States and Britain carried out
    # airstrikes on about 30 Houthi targets in western Yemen": the clause "days after" opens is the earlier event,
    # in the week before the story's Sunday, not on it.
    yemen = dated(article("heldout3/voa-2024-01-14-us-downs-houthi-missile-red-sea"), "Yemen")
    assert [d[:3] for d in yemen] == [("2024-01-06", "2024-01-13", "before_the_story")]
    # a clause giving the earlier event its own day keeps it: "two days after rockets struck Balad on Saturday"
    feats = features("Taji was hit on Monday, two days after rockets struck Balad air base on Saturday.", "2023-11-01", "en")
    assert [d[:3] for d in dated(feats, "Balad")] == [("2023-10-28", "2023-10-28", "own_sentence")]


def test_a_frame_holding_the_storys_day_and_a_fact_box_line_change_no_scene():
    # "Part of: 2019–2021 Persian Gulf crisis" between "Date: 15 February 2021" and the lead: the lead's Erbil
    # still takes the story's day.
    assert ("2021-02-15", "2021-02-15", "story_lead") in \
        [d[:3] for d in dated(article("en-wikipedia-2021-erbil-rocket-attacks"), "Erbil")]
    # "L'attaque s'est produite pendant la crise américano-iranienne de 2019-2020 …" then, under "Victimes",
    # "… à K-1, trois roquettes sont tombées du côté irakien de la base de K-1": the day told before holds.
    k1 = dated(article("fr-wikipedia-attaque-base-aerienne-k1-2019"), "K-1")
    assert {d[:2] for d in k1} == {("2019-12-27", "2019-12-27")}


def test_a_story_of_a_few_days_and_the_headlines_month_said_again():
    # "November 2019 Gaza–Israel clashes", "Date: 12 – 14 November 2019", then "The Gaza–Israel clashes (November
    # 2019) … the attempted killing of senior PIJ commander Akram al-Ajouri in Damascus"
    feats = article("en-wikipedia-november-2019-gaza-israel-clashes")
    assert [d[:3] for d in dated(feats, "Damascus")] == [("2019-11-12", "2019-11-14", "own_sentence")]
    assert ("2019-11-12", "2019-11-14", "headline_takes_lead") in [d[:3] for d in dated(feats, "Gaza")]
    # "2022 Gaza–Israel clashes", "Date: 5–7 August 2022": the headline's site takes the three days.
    gaza = dated(article("en-wikipedia-2022-gaza-israel-clashes"), "Gaza")
    assert ("2022-08-05", "2022-08-07", "headline_takes_lead") in [d[:3] for d in gaza]
    assert all(d[:2] != ("2022-08-07", "2022-08-07") for d in gaza)


def test_background_keeps_an_honest_month():
    feats = article("sample")
    assert {d[:3] for d in dated(feats, "Ain al-Asad")} == {("2023-10-02", "2023-11-01", "background")}


def test_a_description_elsewhere_in_the_sentence_leaves_the_site_in_the_story():
    # "Aucun des passagers qui se trouvaient à bord …, et les membres du gouvernement … transportés au palais"
    assert [d[:3] for d in dated(article("fr-wikipedia-attentat-aeroport-aden"), "Maashiq")] == \
        [("2020-12-30", "2020-12-30", "told_before")]


def test_told_before():
    # "On 15 February, approximately fourteen rockets were fired … Three of the rockets directly hit the U.S.-led
    # coalition base near Erbil International Airport."
    assert dated(article("en-wikipedia-2021-erbil-rocket-attacks"), "Erbil International") == \
        [("2021-02-15", "2021-02-15", "told_before", "On 15 February")]


def test_aftermath():
    najaf = dated(article("fr-wikipedia-attaque-station-balneaire-zakho"), "Najaf")
    assert [d[:3] for d in najaf] == [("2022-07-20", "2022-07-25", "aftermath")]


def test_story_headline():
    # "Localisation Abou Dabi ( Émirats arabes unis)", a fact-box line under the headline "… du 17 janvier 2022"
    assert ("2022-01-17", "2022-01-17", "story_headline", "du 17 janvier 2022") in \
        dated(article("fr-wikipedia-attaque-17-janvier-2022-abou-dabi"), "Abu Dhabi")


def test_story_lead():
    # "The 2021 Erbil rocket attacks occurred when multiple rockets were launched against Erbil": the lead's day
    assert ("2021-02-15", "2021-02-15", "story_lead", "15 February 2021") in \
        dated(article("en-wikipedia-2021-erbil-rocket-attacks"), "Erbil")


def test_story_day_goes_to_what_happened_not_to_a_statement():
    yemen = dated(article("fr-diplomatie-2022-02-23-aeroport-jizan"), "Yemen")
    assert yemen and all(rule == "before_publication" for _, _, rule, _ in yemen)


def test_said_in_paragraph():
    # The VOA report's sentence (voa-2019-08-25), its place told in a second sentence as other reports of the raid
    # did: only the day Israel said it is given, so the raid was then or before.
    feats = features("Israel said late Saturday, however, that it conducted an airstrike near the Syrian capital on "
                     "an arm of Iran's Revolutionary Guards. The operation, in Aqraba, southeast of Damascus, was "
                     "aimed at killer drones.", "2019-08-25", "en")
    # A statement's day: the event was that day or the day before.
    assert dated(feats, "Aqrab") == [("2019-08-23", "2019-08-24", "said_in_paragraph", "late Saturday")]


def test_before_publication_and_a_press_review_has_no_day_in_common():
    # "Même le gazoduc reliant le champ gazier de Koniko …": no date, and a press review's lead dates only its item.
    conoco = dated(article("sample"), "Conoco")  # the gas field, and the pipeline from it to Abu Khashab
    assert {d[:3] for d in conoco} == {("2023-10-02", "2023-11-01", "before_publication")}


def test_days_counted_from_the_storys_day():
    hodeida = dated(article("fr-wikipedia-attaque-17-janvier-2022-abou-dabi"), "udaydah")
    assert [d[:3] for d in hodeida] == [("2022-01-10", "2022-01-16", "own_sentence")]
    assert hodeida[0][3].startswith("Quelques jours avant l'attaque")


def test_a_day_glued_to_its_month_and_a_missing_space_after_a_stop():
    # "…killing of general Qasem Soleimani in Baghdad on 3January 2020. … U.S. forces.On 3 December 2019, …"
    baghdad = dated(article("en-wikipedia-operation-martyr-soleimani"), "Baghdad")
    assert {d[:2] for d in baghdad} == {("2020-01-03", "2020-01-03")}


def test_a_photo_caption_dates_nothing():
    # "This photo released by the government-affiliated Media Security Cell on March 12, 2020, shows …"
    assert all(d[0] != "2020-03-12" for d in dated(article("voa-2020-03-14-rockets-target-iraqi-base"), "Taji"))


@pytest.mark.parametrize("text, lang, first, last", [
    ("Since the October 7 attacks, drones have hit Ain al-Asad air base.", "en", "2023-10-07", "2023-11-01"),
    ("Depuis les attaques du 7 octobre, la base d'Aïn al-Assad a été visée par des drones.", "fr",
     "2023-10-07", "2023-11-01"),
    ("En représailles à la frappe du 18 octobre, des drones ont visé la base d'Aïn al-Assad.", "fr",
     "2023-10-02", "2023-11-01"),
    ("En représailles aux frappes américaines du 18 octobre, des drones ont visé la base d'Aïn al-Assad.", "fr",
     "2023-10-02", "2023-11-01"),
])
def test_a_day_naming_another_event_is_not_the_sites(text, lang, first, last):
    (when,) = dated(features(text, "2023-11-01", lang), "Ain al-Asad")
    assert when[:2] == (first, last)


def test_the_readme_lists_the_ladder_in_its_order():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("### How a date is chosen"):]
    rows = [line.split("|")[2].strip(" `") for line in table.splitlines() if line.startswith("| ") and "`" in line]
    assert rows[:len(LADDER)] == [r.name for r in LADDER]


def test_a_night_between_two_days_is_the_storys_and_carries_through_its_reports():
    # The example: the lead's night, then undated paragraphs that report on it ("Selon une ONG…").
    text = ("Raids israéliens du 14 mars sur la région d'Alep\n\n"
            "Dans la nuit du 13 au 14 mars, l'aviation israélienne a mené plusieurs frappes dans la région d'Alep, "
            "selon l'agence officielle syrienne Sana.\n\n"
            "Les frappes ont causé des dégâts matériels, a indiqué une source militaire citée par l'agence.\n\n"
            "Selon une ONG, les sites visés se trouvent à Safira et près de l'aéroport international d'Alep.\n\n"
            "La région a été visée à plusieurs reprises depuis octobre par des raids attribués à Israël.")
    feats = features(text, "2024-03-15", "fr")
    assert dated(feats, "Aleppo International")[0][:2] == ("2024-03-13", "2024-03-14")
    assert dated(feats, "Israel")[0][:2] == ("2023-10-01", "2024-03-15")  # background: "à plusieurs reprises"


def test_a_vaguer_date_gives_way_to_the_day_it_holds_in_the_headline_and_in_the_sentence():
    # Headline "Attaque de la base aérienne K-1 en 2019"; lead "L'attaque de la base aérienne K-1 en 2019 était une
    # attaque à la roquette … survenue le 27 décembre 2019".
    k1 = dated(article("fr-wikipedia-attaque-base-aerienne-k1-2019"), "K-1")
    assert {d[:2] for d in k1} == {("2019-12-27", "2019-12-27")}
    rules = {d[2] for d in k1}
    assert {"headline_takes_lead", "own_sentence"} <= rules


def test_a_fact_box_gives_the_storys_day_to_its_headline_and_its_location_line():
    # "Location: Abqaiq and Khurais, Saudi Arabia" … "Date: 14 September 2019"
    khurais = dated(article("en-wikipedia-abqaiq-khurais-attack"), "Khurais")
    assert ("2019-09-14", "2019-09-14", "headline_takes_lead", "14 September 2019") in khurais
    assert ("2019-09-14", "2019-09-14", "story_lead", "14 September 2019") in khurais


def test_the_geojson_and_the_csv_carry_the_rule_and_its_words():
    from geo.store import export_csv

    feats = article("sample")
    assert all(f["properties"]["date_rule"] in LABELS and f["properties"]["date_text"] for f in feats)
    header, *rows = export_csv(feats).splitlines()
    assert "date_rule" in header.split(",") and any("own_sentence" in row for row in rows)


def test_a_story_that_moves_on_to_other_days_lends_its_day_to_no_later_undated_site():
    # A wire story's shape: the day of the lead, then "since Oct. 17" and "Last week" move on to other events;
    # "Militias also fired rockets at Erbil airport" may be any of them, so it keeps an honest month.
    text = ("Rockets target US base in western Iraq\n\n"
            "Several rockets struck the Ain al-Asad air base in western Iraq on Tuesday, Iraqi security officials "
            "said.\n\n"
            "Iran-backed militias have attacked U.S. forces in Iraq and Syria more than 40 times since Oct. 17.\n\n"
            "Last week, a drone attack targeted the Harir air base in northern Iraq.\n\n"
            "The Islamic Resistance in Iraq claimed the attack in a statement.\n\n"
            "Militias also fired rockets at Erbil airport, where coalition troops are based.")
    feats = features(text, "2023-11-22", "en")
    assert dated(feats, "Ain al-Asad")[0][:3] == ("2023-11-21", "2023-11-21", "own_sentence")
    assert dated(feats, "Erbil")[0][2] == "before_publication"


def test_a_caption_dated_the_agencies_way_dates_nothing_and_places_nothing():
    # VOA: "Damage is seen inside the media office of the Lebanese Hezbollah group in a southern suburb of Beirut,
    # Aug. 25, 2019." is a photo's caption; "The second drone fell on a building that houses Hezbollah's media
    # center …, Beirut." tells the event (a description inside it is no background).
    beirut = dated(article("voa-2019-08-25-israeli-drone-crashes-hezbollah-media-center"), "Beirut")
    assert beirut and all(d[2] != "own_sentence" or d[3] != "Aug. 25, 2019" for d in beirut)
    assert any(d[2] != "background" and d[0] <= "2019-08-25" <= d[1] and d[0] >= "2019-08-24" for d in beirut)
