"""Events from real sentences: lines between two places, areas that only locate, one event per site and date."""

from geo.pipeline import extract
from geo.reader import read_text


def features(text: str, published: str = "2023-11-01", lang: str | None = None) -> list[dict]:
    return extract(read_text(text, "test.txt", published=published, lang=lang))[0]


def test_a_pipeline_between_two_places_is_a_line_and_both_ends_are_sites():
    feats = features("Même le gazoduc reliant le champ gazier de Koniko et le champ pétrolier d’Al-Omar, dans la "
                     "campagne de Deir ez-Zor en Syrie, n’a pas été épargné.")
    lines = [f for f in feats if f["geometry"]["type"] == "LineString"]
    assert len(lines) == 1 and lines[0]["properties"]["site_kind"] == "pipeline"
    ends = {f["properties"]["site"] for f in feats if f["geometry"]["type"] == "Point"}
    assert any("Conoco" in s for s in ends) and any("Omar" in s for s in ends)
    # Deir ez-Zor and Syria only locate the sites: no marker of their own.
    assert not any(f["properties"]["site_kind"] in ("country", "governorate") for f in feats)


def test_an_adjacent_site_keeps_its_own_coordinates():
    feats = features("La résistance a bombardé la base Harir adjacente à l’aéroport d’Erbil au Kurdistan irakien.")
    by_kind = {f["properties"]["site_kind"]: f for f in feats}
    harir, erbil = by_kind["airbase"], by_kind["airport"]
    assert "Harir" in harir["properties"]["site"] and "Erbil" in erbil["properties"]["site"]
    assert harir["geometry"]["coordinates"] != erbil["geometry"]["coordinates"]
    assert abs(harir["geometry"]["coordinates"][1] - 36.53) < 0.05  # Harir, not Erbil (36.24)


def test_a_country_named_only_as_an_actor_is_no_event():
    feats = features("Des milices soutenues par l’Iran ont revendiqué l’attaque, a annoncé le Pentagone.")
    assert feats == []


def test_a_country_where_something_happened_is_an_event_at_country_level():
    feats = features("Les forces américaines ont été attaquées au moins 12 fois en Irak la semaine dernière.")
    assert [(f["properties"]["site"], f["properties"]["geo_precision"]) for f in feats] == [("Iraq", 3)]
    p = feats[0]["properties"]
    assert (p["date_start"], p["date_end"], p["time_precision"]) == ("2023-10-23", "2023-10-29", 2)


def test_one_event_per_site_and_date_within_a_sentence():
    feats = features("Rockets hit Ain al-Asad air base on Tuesday; the Ain al-Asad base was hit again on Tuesday "
                     "evening, officials said.", lang="en")
    assert len([f for f in feats if "Asad" in f["properties"]["site"]]) == 1


def test_english_triggers_place_a_base_not_the_town():
    feats = features("Three rockets struck the Al-Shaddadi base in Syria on Oct. 29.", lang="en")
    p = feats[0]["properties"]
    assert p["site_kind"] == "base" and p["date_start"] == "2023-10-29"
    assert p["event_type"] == "Explosions/Remote violence"


def test_a_day_carries_on_through_its_story_but_not_into_the_next_paragraph():
    text = ("Rockets struck Ain al-Asad air base on Tuesday, officials said. No casualties were reported.\n"
            "Another rocket landed near the Al-Tanf garrison.\n\n"
            "Militias have repeatedly attacked the Harir air base.")
    dates = {f["properties"]["site"]: (f["properties"]["date_start"], f["properties"]["time_precision"])
             for f in features(text, published="2023-11-01", lang="en")}
    assert dates["Al-Tanf Garrison"] == ("2023-10-31", 1)
    harir = next(v for k, v in dates.items() if "Harir" in k)
    assert harir[1] == 3  # a new paragraph with no date of its own stays undated


def test_a_country_named_bare_is_the_country_not_a_town_spelt_alike():
    feats = features("Rockets were fired at US forces in Iraq on Tuesday.", lang="en")
    assert [(f["properties"]["site"], f["properties"]["country"]) for f in feats] == [("Iraq", "IQ")]


def test_adjectives_and_company_names_are_not_places():
    feats = features("Saudi Arabian Oil Co said its Jeddah plant was hit on Friday.", lang="en")
    assert not any(f["properties"]["site_kind"] in ("sea", "country") for f in feats)


def test_a_dateline_and_a_photo_caption_give_no_event():
    text = ("JERUSALEM (AP) — Israel struck targets in southern Lebanon early Friday.\n\n"
            "In this file photo taken on March 25, 2022, soldiers train in Deir ez-Zor province.")
    sites = {f["properties"]["site"] for f in features(text, published="2023-04-07", lang="en")}
    assert "South Lebanon" in sites
    assert not any("Jerusalem" in s or "Deir" in s for s in sites)


def test_names_joined_by_a_conjunction_share_their_trigger():
    feats = features("Les frappes ont visé les aéroports internationaux de Damas et d’Alep jeudi.")
    assert {f["properties"]["site_kind"] for f in feats} == {"airport"}


def test_since_a_weekday_is_a_span_up_to_publication():
    feats = features("Depuis dimanche, des roquettes ont visé la base d’Aïn al-Assad.", published="2021-05-08")
    p = next(f["properties"] for f in feats if "Asad" in f["properties"]["site"])
    assert (p["date_start"], p["date_end"]) == ("2021-05-02", "2021-05-08")


def test_a_place_named_to_say_where_another_is_only_locates_it():
    feats = features("Des roquettes ont visé mercredi soir la base aérienne de Balad, au nord de Bagdad.",
                     published="2021-06-09")
    assert [f["properties"]["site_kind"] for f in feats] == ["airbase"]
    assert "Balad" in feats[0]["properties"]["site"]


def test_a_site_referred_back_to_takes_its_own_date():
    text = ("La base aérienne d’Al-Anad se trouve dans le gouvernorat de Lahij.\n"
            "En août 2015, la base est reconquise par les forces loyalistes.")
    feats = features(text, published="2019-01-20")
    dated = [f["properties"] for f in feats if f["properties"]["mention"].lower() == "la base"]
    assert dated and "Anad" in dated[0]["site"]
    assert (dated[0]["date_start"], dated[0]["date_end"]) == ("2015-08-01", "2015-08-31")


def test_a_country_struck_is_an_event_and_a_city_is_not_its_district():
    feats = features("Les Houthis ont frappé l’Arabie saoudite et les Émirats arabes unis lundi. "
                     "Des roquettes ont visé Tel-Aviv mardi soir.", published="2022-01-19")
    sites = {f["properties"]["site"]: f["properties"]["site_kind"] for f in feats}
    assert sites == {"Saudi Arabia": "country", "United Arab Emirates": "country", "Tel Aviv": "city"}


def test_a_town_that_shares_a_country_name_never_answers_to_it():
    feats = features("Iraq’s militias fired rockets at US troops in Iraq on Thursday.", lang="en")
    assert {f["properties"]["country"] for f in feats} == {"IQ"}


def test_only_a_site_named_as_such_is_referred_back_to():
    feats = features("Des roquettes sont tombées à Sanaa. La base a été touchée mardi.", published="2021-02-18")
    assert {f["properties"]["site_kind"] for f in feats} == {"city"}


def test_a_habitual_sentence_takes_no_date_from_the_one_before():
    feats = features("Rockets hit Erbil airport on Monday night. Such attacks have frequently targeted Baghdad "
                     "airport.", published="2021-02-18", lang="en")
    dates = {f["properties"]["site"]: f["properties"]["time_precision"] for f in feats}
    # "Monday night": that day or the next (precision 2); the habitual sentence keeps a month (3)
    assert dates["Erbil International Airport"] == 2 and dates["Baghdad International Airport"] == 3


def test_a_namesake_town_abroad_yields_to_what_the_sentence_says():
    text = ("Les roquettes se sont écrasées sur la base aérienne d’Ayn al-Asad, selon les forces irakiennes, "
            "près de la ville de Baghdadi. Ahmed al-Dulaimi, un colonel du commandement d’Anbar, l’a confirmé.")
    feats = features(text, published="2022-05-01")
    assert {f["properties"]["country"] for f in feats} == {"IQ"}


def test_a_road_between_two_places_is_a_line():
    feats = features("Israeli jets flew in near the Damascus-Baghdad highway on Tuesday.", published="2020-01-15",
                     lang="en")
    lines = [f for f in feats if f["geometry"]["type"] == "LineString"]
    assert len(lines) == 1 and {f["properties"]["site"] for f in feats} >= {"Damascus", "Baghdad"}


def test_an_acronym_is_not_a_place_spelt_alike():
    feats = features("Le 10 mai, un Rafale a tiré une bombe AASM à l’ouest de Kirkouk.", published="2020-05-29")
    assert [f["properties"]["site"] for f in feats] == ["Kirkuk"]


def test_places_around_which_strikes_fell_are_events_not_locators():
    feats = features("Mercredi, des frappes ont visé des dépôts dans les environs de Hama et de Tartous.",
                     published="2022-09-01")
    sites = {f["properties"]["site"]: f["properties"] for f in feats}
    assert any("am" in s and p["country"] == "SY" and p["geo_precision"] == 2 for s, p in sites.items())  # Ḩamāh
    assert all(p["date_start"] == "2022-08-31" for p in sites.values()) and len(sites) == 2


def test_allegiance_adjectives_do_not_move_a_town_abroad():
    """"pro-iraniennes" says who the forces serve, not that Kiswa is in Iran: the Syrian town is kept."""
    feats = features("Des missiles ont touché la région de Kiswa, où sont déployées des forces pro-iraniennes.")
    assert [(f["properties"]["country"], round(f["geometry"]["coordinates"][1], 1)) for f in feats] == [("SY", 33.4)]


def test_an_organisations_name_is_not_an_airport_code():
    feats = features("A little-known armed group called Saraya Awliya al-Dam claimed the rocket attack on Erbil.",
                     published="2021-02-20")
    assert "SY" not in {f["properties"]["country"] for f in feats}  # "al-Dam" is not Damascus airport (DAM)


def test_a_name_does_not_run_across_a_paragraph_break():
    feats = features("Frappes sur le sud de Damas\n\nC’est la troisième fois cette année.")
    assert [f["properties"]["mention"] for f in feats] == ["Damas"]


def test_a_word_of_a_longer_name_is_not_that_name_misspelt():
    feats = features("An Iraqi Airways aircraft is parked next to the International airport of Baghdad.",
                     published="2021-06-09")
    assert {f["properties"]["country"] for f in feats} == {"IQ"}  # not Doha International Airport


def test_the_day_a_statement_was_made_is_not_carried_to_the_next_sentences():
    feats = features("Une attaque au drone a été menée, vendredi matin, sur une base au Kurdistan irakien, a-t-on "
                     "appris, samedi, auprès de la coalition. Selon la presse locale, l’attaque a visé la base de "
                     "Harir, à 70 km au nord-est d’Erbil.", published="2021-07-24")
    harir = [f["properties"] for f in feats if f["properties"]["site_kind"] == "airbase"]
    assert [(p["date_start"], p["date_end"]) for p in harir] == [("2021-07-23", "2021-07-23")]
    # "à 70 km au nord-est d'Erbil" only says where Harir is: no marker for Erbil.
    assert not any("Erbil" in f["properties"]["site"] for f in feats)


def test_a_paragraph_that_goes_on_with_the_attack_takes_its_day():
    feats = features("US forces responded Wednesday evening to rocket attacks at two sites in Syria.\n\n"
                     "The attacks began at about 7:20 PM when several rockets landed inside Mission Support Site "
                     "Conoco. Shortly after, more rockets landed near the Green Village base.", published="2022-08-25")
    # "Wednesday evening" in a US statement: that day, or the next morning where it happened
    dated = {f["properties"]["site_kind"]: (f["properties"]["date_start"], f["properties"]["date_end"]) for f in feats}
    assert dated.get("gas_field") == dated.get("oil_field") == ("2022-08-24", "2022-08-25")


def test_a_new_paragraph_about_something_else_does_not_take_the_day_before():
    feats = features("Des roquettes ont visé lundi la base d’Aïn al-Assad.\n\n"
                     "Plusieurs attaques ont visé l’aéroport d’Erbil depuis le début de l’année.")
    erbil = next(f["properties"] for f in feats if f["properties"]["site_kind"] == "airport")
    assert erbil["date_start"] != erbil["date_end"]


def test_a_place_inside_an_armed_groups_name_is_no_marker():
    feats = features("Coalition officers met commanders of Jaish Maghawir al-Thawra in the Al-Tanf area.",
                     published="2022-08-25")
    assert [f["properties"]["site_kind"] for f in feats] == ["base"]  # Al-Tanf; not al-Thawra (Tabqa)


def test_undated_sentences_under_an_aftermath_heading_follow_the_event():
    feats = features("Attaque de Zakho\n\nL’attaque est survenue le 20 juillet 2022 lorsque la ville de Zakho a été "
                     "bombardée.\n\nConséquences\n\nDes manifestations ont eu lieu à Nadjaf et à Kerbala.\n",
                     published="2022-07-25")
    after = {f["properties"]["site"]: (f["properties"]["date_start"], f["properties"]["date_end"]) for f in feats
             if f["properties"]["mention"] in ("Nadjaf", "Kerbala")}
    assert set(after.values()) == {("2022-07-20", "2022-07-25")} and len(after) == 2


def test_a_city_in_another_spelling_is_the_city_not_its_province_or_airport():
    feats = features("Ils ont mené une attaque au drone au-dessus d’un palais royal saoudien à Ryad.",
                     published="2021-05-08")
    assert [(f["properties"]["site_kind"], f["properties"]["geo_precision"]) for f in feats] == [("city", 1)]


def test_a_province_the_gazetteer_lacks_is_not_another_countrys_namesake():
    feats = features("Another explosion hit the city of Azarshahr in East Azerbaijan Province, about 100 kilometers "
                     "from Khoy, on Saturday night.", published="2023-01-29")
    assert {f["properties"]["country"] for f in feats} == {"IR"}  # not Saudi Arabia's Eastern Province
    assert any(f["properties"]["mention"] == "Azarshahr" for f in feats)


def test_a_byline_and_a_headlines_common_word_are_not_places():
    feats = features("US Contractor Killed in Iraq Rocket Attack\n\nTala Michel Issa\n\n"
                     "A rocket attack hit the Ain al-Asad air base in Iraq on Wednesday.", published="2021-03-03")
    assert {f["properties"]["country"] for f in feats} == {"IQ"}  # no Ataq (Yemen), no Tala (Egypt)


def test_a_site_followed_by_its_country_or_a_second_site_is_still_found():
    feats = features("U.S. forces conducted precision airstrikes in Deir ez-Zor Syria today. In 2019 an attack on "
                     "Abqaiq-Khurais damaged oil plants.", published="2022-08-23")
    sites = " ".join(f["properties"]["site"] for f in feats)
    assert "Deir ez-Zor" in sites and "Abqaiq" in sites


def test_a_citys_airport_in_the_possessive_and_two_airports_named_together_are_airports():
    feats = features("A Katyusha rocket struck a base housing U.S. troops at Baghdad's international airport on "
                     "Wednesday. On October 12, strikes knocked both Damascus and Aleppo airports out of service.",
                     published="2023-10-22", lang="en")
    kinds = {f["properties"]["site"]: f["properties"]["site_kind"] for f in feats}
    assert kinds.get("Baghdad International Airport") == "airport" and "Baghdad" not in kinds
    assert sum(1 for k in kinds.values() if k == "airport") == 3


def test_the_next_sentence_naming_the_attack_dates_it_but_not_a_day_said_later_in_it():
    feats = features("Title\n\nRocket fire struck Green Village, a base in northeastern Syria that houses U.S. "
                     "troops. The attack on Wednesday, Jan. 5, 2022, caused minor damage.", published="2022-01-05",
                     lang="en")
    assert [(f["properties"]["date_start"], f["properties"]["date_end"]) for f in feats] == [("2022-01-05",) * 2]
    feats = features("Une attaque au drone a été menée vendredi matin contre une base au Kurdistan irakien. Selon "
                     "la presse locale, l'attaque a visé la base de Harir. Cette attaque a été menée alors que le "
                     "Premier ministre est attendu lundi à Washington.", published="2021-07-24", lang="fr")
    harir = next(f["properties"] for f in feats if "Harir" in f["properties"]["site"])
    assert harir["date_start"] == harir["date_end"] == "2021-07-23"  # vendredi, not the Monday he is expected


def test_a_headline_takes_the_day_of_its_lead():
    feats = features("Israeli strikes knock out Damascus, Aleppo airports\n\nIsraeli strikes on Sunday put Syria's "
                     "two main airports out of service, state media reported.", published="2023-10-23", lang="en")
    dates = {f["properties"]["site"]: f["properties"]["date_start"] + "/" + f["properties"]["date_end"] for f in feats}
    assert dates == {"Damascus International Airport": "2023-10-22/2023-10-22",
                     "Aleppo International Airport": "2023-10-22/2023-10-22"}


def test_a_day_carries_into_a_reporting_paragraph_but_not_two_paragraphs_on_or_into_a_description():
    text = ("L'armée israélienne a bombardé dimanche le sud du Liban. « Des missiles antichars ont été tirés "
            "depuis le Liban », a indiqué l'armée.\n\n"
            "Selon l'agence nationale de presse, les abords de Maroun al-Ras sont la cible de bombardements.\n\n"
            "Le bataillon était réparti sur deux emprises, dont la base située à Naqoura.")
    dates = {f["properties"]["site"]: (f["properties"]["date_start"], f["properties"]["date_end"])
             for f in features(text, published="2019-09-02", lang="fr")}
    assert dates["Maroun al-Ras"] == ("2019-09-01", "2019-09-01")
    naqoura = next(v for k, v in dates.items() if "Naqoura" in k or "Naqura" in k)
    assert naqoura[0] < "2019-09-01"  # a description: no day of its own


def test_a_sentences_own_day_of_saying_wins_over_a_day_told_before():
    text = ("A rocket hit Ain al-Asad air base early Wednesday, officials said. "
            "President Joe Biden warned last Friday that Iran needed to tread carefully in Iraq.")
    dates = {f["properties"]["site"]: f["properties"]["date_start"]
             for f in features(text, published="2021-03-03", lang="en")}
    assert dates["Iraq"] == "2021-02-26"


def test_an_embassy_is_a_site_not_an_area_that_only_locates():
    feats = features("Les pro-Iran tirent des salves de roquettes ciblant les soldats américains présents en Irak "
                     "ainsi que l’ambassade des États-Unis à Bagdad.", published="2021-05-08", lang="fr")
    sites = {f["properties"]["site"]: (f["properties"]["site_kind"], f["properties"]["geo_precision"]) for f in feats}
    assert sites == {"US Embassy in Baghdad": ("compound", 1)}


def test_a_province_listed_with_a_site_is_a_place_of_the_event():
    feats = features("US airstrikes hit Kata'ib Hezbollah sites in Anbar and Kirkuk, Iraq, on 29 December.",
                     published="2020-01-05")
    kinds = {f["properties"]["site"]: f["properties"]["site_kind"] for f in feats}
    assert kinds.get("Al Anbar Governorate") == "governorate" and "city" in kinds.values()
    assert "Iraq" not in kinds  # the country only says where they are


def test_a_region_after_an_unnamed_site_and_a_locative_is_where_it_happened():
    # "an army base in Darfur": the base has no name; Darfur is where the attack was, in either language.
    en = features("Gunmen attacked an army base in Darfur on Monday, killing ten soldiers.", "2024-05-10", "en")
    fr = features("Des hommes armés ont attaqué lundi une base militaire au Darfour.", "2024-05-10", "fr")
    for feats in (en, fr):
        assert [(f["properties"]["site"], f["properties"]["site_kind"]) for f in feats] == [("Darfur", "region")]
        assert feats[0]["properties"]["date_start"] == "2024-05-06"


def test_the_kivus_are_placed_whatever_stands_between_the_locative_and_them():
    # "the Kivus" is North and South Kivu together; "the two", "les deux" may stand after the locative.
    en = features("Fighting spread across the two Kivus on Monday. Rebels attacked villages in both Kivus.",
                  "2024-05-10", "en")
    fr = features("Les combats se sont étendus lundi dans les deux Kivus. Les rebelles ont attaqué des villages "
                  "dans les Kivus.", "2024-05-10", "fr")
    for feats in (en, fr):
        assert [f["properties"]["site"] for f in feats] == ["Kivu (North and South Kivu)"] * 2


def test_the_plant_under_headings_refers_to_the_plant_named_above_them():
    text = ("Zaporizhzhia Nuclear Power Plant crisis\n\n"
            "The Zaporizhzhia Nuclear Power Plant has become the center of a nuclear safety crisis.\n\n"
            "Timeline\n\n2022\n\n"
            "The plant has been occupied by Russian forces since 3 March 2022.")
    feats = features(text, "2022-09-10", "en")
    plant = [f["properties"] for f in feats if f["properties"]["mention"] == "The plant"]
    assert plant and plant[0]["site_kind"] == "nuclear_facility" and plant[0]["date_start"] == "2022-03-03"


def test_the_town_refers_back_to_the_last_town_named_not_to_its_province_or_country():
    text = ("The Battle of Wad Madani was fought over Wad Madani, the capital of Gezira State in east-central "
            "Sudan. The initial battle ended with the RSF capturing the town on 19 December 2023.")
    feats = features(text, "2025-01-15", "en")
    town = [f["properties"] for f in feats if f["properties"]["mention"] == "the town"]
    assert [(p["site"], p["date_start"]) for p in town] == [("Wad Medani", "2023-12-19")]
