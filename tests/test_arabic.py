"""Reading the region's own press in Arabic: detection, folding, particles, triggers, vetoes, digits, display.

The sentences are written as Arabic agencies and channels write them (SANA, Saba, Shafaq News, Al Jazeera,
Enab Baladi): verbs first, particles attached, kinds before names, Arabic-Indic digits in datelines.
"""

from __future__ import annotations

from datetime import date

import pytest

from geo.errors import UserError
from geo.gazetteer import load_gazetteer
from geo.mentions import find_mentions, particle_free
from geo.names import fold, fold_aligned, key
from geo.pipeline import extract
from geo.reader import detect_language, read_text, written_dates

PUBLISHED = "2024-01-29"


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def mentions(text: str, gaz) -> list:
    return find_mentions(text, "ar", gaz)[0]


def placed(text: str) -> list[dict]:
    doc = read_text(text, "article.txt", published=PUBLISHED)
    return [f["properties"] for f in extract(doc)[0]]


# --- Detection -------------------------------------------------------------------------------------------

def test_arabic_press_is_read_as_arabic():
    text = ("أفادت مصادر أمنية عراقية بأن طائرة مسيرة استهدفت فجر اليوم قاعدة عين الأسد الجوية في محافظة الأنبار "
            "غربي العراق، من دون أن تسفر عن إصابات.")
    assert detect_language(text) == "ar"
    assert read_text(text, "a.txt").language == "ar"


def test_persian_is_not_taken_for_arabic():
    persian = ("به گزارش خبرگزاری‌ها، پهپادهای آمریکایی شامگاه یکشنبه پایگاه عین الاسد را در استان الانبار "
               "عراق هدف قرار دادند و این حمله خسارت زیادی به بار آورد.")
    with pytest.raises(UserError, match="Persian"):
        detect_language(persian)


def test_urdu_is_not_taken_for_arabic():
    urdu = ("امریکی ڈرونز نے عراق کے صوبہ انبار میں عین الاسد کے فوجی اڈے کو نشانہ بنایا ہے اور کئی افراد "
            "ہلاک ہوئے ہیں۔")
    with pytest.raises(UserError, match="Urdu"):
        detect_language(urdu)


def test_arabic_quoting_a_persian_name_stays_arabic():
    text = ("قال قائد الحرس الثوري الإيراني حسين سلامي إن الرد على اغتيال القيادي في دمشق سيكون قاسيا، "
            "فيما أكدت وزارة الخارجية في طهران أن إيران لا تسعى إلى توسيع الحرب في المنطقة.")
    assert detect_language(text) == "ar"


def test_french_and_english_are_still_told_apart():
    assert detect_language("Une frappe de drone a visé la base d'Al-Tanf dans la nuit de dimanche.") == "fr"
    assert detect_language("A drone struck the Tower 22 outpost in Jordan on Sunday, the Pentagon said.") == "en"


# --- Folding ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("written, other", [
    ("أربيل", "اربيل"),  # hamza on alef, or not
    ("إدلب", "ادلب"),
    ("الحديدة", "الحديده"),  # tāʾ marbūṭa written as hāʾ
    ("مستشفى", "مستشفي"),  # alef maqṣūra and yāʾ
    ("دمشـــق", "دمشق"),  # tatweel stretching a headline
    ("حَلَب", "حلب"),  # harakat
    ("ٱلقدس", "القدس"),  # alef waṣla
    ("ديالى", "دیالی"),  # a Persian keyboard's yāʾ
])
def test_spelling_variants_of_a_name_meet(written, other):
    assert key(written) == key(other)


def test_folding_keeps_offsets_in_the_text():
    text = "قصفت المدفعيةُ مواقعَ في ريف حلبَ الشمالي"
    folded = fold_aligned(text)
    assert len(folded) == len(text)
    assert folded.index("حلب") == text.index("حلبَ")


def test_the_name_is_shown_as_written(gaz):
    text = "أعلنت السلطات المحلية في أربيل إغلاق الأجواء مؤقتا بعد هجوم بطائرة مسيرة."
    [m] = [m for m in mentions(text, gaz) if "Erbil" in {c.name for c in m.candidates}]
    assert m.text == "أربيل"


# --- Attached particles ----------------------------------------------------------------------------------

def test_particle_free_readings():
    assert particle_free("والحديدة")[0] == (1, "الحديدة")
    assert particle_free("بالحسكة")[0] == (1, "الحسكة")
    assert particle_free("لمطار") == [(1, "مطار")]
    assert (1, "الحديدة") in particle_free("للحديدة")  # ل + ال is written "لل"
    assert particle_free("Erbil") == []


def test_a_name_behind_and_is_found_on_the_name_itself(gaz):
    text = "شنت الطائرات الأمريكية والبريطانية غارات على مواقع للحوثيين في صنعاء والحديدة فجر السبت."
    found = {m.text: m for m in mentions(text, gaz)}
    m = found["الحديدة"]
    assert (m.start, m.end) == (text.index("والحديدة") + 1, text.index("والحديدة") + len("والحديدة"))
    assert any(c.name == "Al Ḩudaydah" for c in m.candidates)


def test_a_name_behind_in_is_found(gaz):
    text = "انفجرت عبوة ناسفة بالحسكة صباح اليوم واستهدفت دورية عسكرية."
    [m] = mentions(text, gaz)
    assert m.text == "الحسكة" and m.start == text.index("بالحسكة") + 1


def test_a_trigger_behind_a_particle_still_says_the_kind():
    text = "وصل وفد حكومي إلى بغداد لبحث الوضع الأمني، ثم توجه لمطار أربيل الدولي في إقليم كردستان."
    sites = {p["site"] for p in placed(text)}
    assert "Erbil International Airport" in sites


# --- Triggers ---------------------------------------------------------------------------------------------

def test_airport_trigger_places_the_airport_not_the_city():
    text = ("قالت وكالة الأنباء السورية إن صواريخ إسرائيلية استهدفت مطار دمشق الدولي بعد منتصف الليل، "
            "ما أدى إلى خروجه عن الخدمة.")
    sites = [p["site"] for p in placed(text)]
    assert "Damascus International Airport" in sites
    assert "Damascus" not in sites


def test_city_trigger_places_the_city():
    text = "قصفت طائرات حربية مواقع في مدينة دير الزور شرقي سوريا مساء الخميس."
    [p] = [p for p in placed(text) if p["mention"] == "دير الزور"]
    assert p["site"] == "Deir ez-Zor" and p["site_kind"] == "city"


def test_camp_and_base_triggers(gaz):
    text = "تعرضت قاعدة الشدادي لهجوم صاروخي، فيما نزح آلاف المدنيين إلى مخيم الهول في ريف الحسكة."
    found = {m.text: [c.name for c in m.candidates] for m in mentions(text, gaz)}
    assert "Al-Hol camp" in found["مخيم الهول"]
    assert any("Shaddadi" in n for n in found["قاعدة الشدادي"])


def test_a_name_after_a_trigger_that_the_gazetteer_lacks_is_unresolved(gaz):
    text = "استهدفت طائرة مسيرة مخيم الزقزوقية للنازحين في المنطقة الحدودية، بحسب مصادر محلية."
    _, unresolved = find_mentions(text, "ar", gaz)
    assert "الزقزوقية" in {u["mention"] for u in unresolved}


def test_a_common_word_is_no_village(gaz):
    # "النصر" (victory) and "المدينة" (the city) name villages somewhere; without a trigger or locative, no place.
    text = "احتفل الأهالي بالنصر في المدينة وسط إجراءات أمنية مشددة، وأكد المسؤولون أن الوضع مستقر."
    assert not [m for m in mentions(text, gaz) if m.text in ("النصر", "بالنصر", "المدينة")]


# --- Vetoes -----------------------------------------------------------------------------------------------

def test_an_armed_group_bearing_a_word_of_a_place_is_not_a_place(gaz):
    text = "اتهمت واشنطن كتائب حزب الله العراقية بالوقوف وراء الهجوم الذي استهدف قاعدة البرج 22 في الأردن."
    names = {m.text for m in mentions(text, gaz)}
    assert not {"حزب الله", "الله"} & names
    assert "الأردن" in names


def test_a_channel_named_after_a_peninsula_is_not_a_place(gaz):
    text = "وأفاد مراسل قناة الجزيرة بأن القصف تركز على الأحياء الشرقية لمدينة خان يونس."
    names = {m.text for m in mentions(text, gaz)}
    assert "الجزيرة" not in names
    assert "خان يونس" in names


@pytest.mark.parametrize("headline", [
    "واشنطن تعلن مقتل ثلاثة جنود أمريكيين في هجوم بطائرة مسيرة على موقع عسكري في الأردن",
    "طهران تتوعد بالرد على الضربة الإسرائيلية التي استهدفت القنصلية الإيرانية في دمشق",
])
def test_a_capital_speaking_gets_no_marker(headline):
    sites = {p["mention"] for p in placed(headline)}
    assert not {"واشنطن", "طهران"} & sites
    assert sites  # the place where it happened is still placed


def test_a_month_name_is_no_dam(gaz):
    text = "سقطت قذائف صاروخية قرب مطار دمشق الدولي فجر الأحد ١٥ تشرين الأول ٢٠٢٣، بحسب وكالة سانا."
    names = {m.text for m in mentions(text, gaz)}
    assert "تشرين" not in names  # "Tishrin" is also a dam on the Euphrates; here it is October


# --- Digits -----------------------------------------------------------------------------------------------

def test_arabic_indic_digits_are_read_as_numbers():
    text = "بغداد - ١٥ تشرين الأول ٢٠٢٣: سقط صاروخان على محيط مطار بغداد الدولي."
    [(start, end, when)] = written_dates(text)
    assert when == date(2023, 10, 15)
    assert text[start:end] == "١٥ تشرين الأول ٢٠٢٣"  # offsets point at the digits as written


def test_persian_digits_and_the_other_month_series():
    assert written_dates("صنعاء، ۷ أكتوبر ۲۰۲۳")[0][2] == date(2023, 10, 7)
    assert read_text("عدن ٢٩ يناير ٢٠٢٤ (سبأ) - أعلنت السلطات المحلية...", "a.txt").published == date(2024, 1, 29)


# --- Display and filters ---------------------------------------------------------------------------------

def test_an_arabic_excerpt_reads_right_to_left_with_its_mention_marked():
    from dashboard.cards import event_card

    text = "شنت الطائرات الأمريكية غارات على مواقع في صنعاء والحديدة فجر السبت."
    props = next(p for p in placed(text) if p["mention"] == "الحديدة")
    card = event_card(props)
    assert '<blockquote dir="auto">' in card
    assert "<mark>الحديدة</mark>" in card


def test_text_filter_folds_arabic_as_names_fold():
    from dashboard import filters

    text = "شنت الطائرات الأمريكية غارات على مواقع في صنعاء والحديدة فجر السبت."
    doc = read_text(text, "a.txt", published=PUBLISHED)
    table = filters.events_table(extract(doc)[0])
    for query in ("الحديده", "الحُدَيدة", "الحديدة"):
        assert filters.apply(table, filters.Filters(text=query)).any(), query
    assert not filters.apply(table, filters.Filters(text="أربيل")).any()


def test_folding_is_for_matching_only():
    assert fold("الحديدة") == "الحديده"
    text = "في الحديدة"
    assert read_text(text, "a.txt").text == text


def test_a_government_after_its_verb_gets_no_marker():
    # Arabic writes the verb first: "Washington accused…", "Baghdad denied…".
    text = "اتهمت واشنطن فصائل مسلحة بالوقوف وراء الهجوم على قاعدة عين الأسد، فيما نفت بغداد علمها بالهجوم."
    sites = {p["mention"] for p in placed(text)}
    assert not {"واشنطن", "بغداد"} & sites
    assert any("عين الأسد" in s for s in sites)


def test_arabic_typed_with_a_persian_keyboard_is_still_arabic():
    # Some outlets write every final yāʾ and kāf with the Persian keyboard's ی and ک.
    text = ("أعلنت وزارة الدفاع العراقیة أن طائرة مسیرة استهدفت موقعا عسکریا فی محافظة دیالی، وقالت فی بیان "
            "إن الهجوم لم یسفر عن إصابات، وإن القوات الأمنیة تلاحق المهاجمین الذین فروا إلى جهة مجهولة.")
    assert detect_language(text) == "ar"


def test_a_person_a_statement_and_an_ally_are_no_places():
    # "بايدن" (Biden) is not "ب" + Aydın; "في بيان" is "in a statement", not in the town of Bayan;
    # "مدعومة من إيران" (backed by Iran) locates nothing in Iran.
    text = ("وقال الرئيس الأمريكي جو بايدن في بيان إن الهجوم نفذته جماعات مسلحة مدعومة من إيران، "
            "فيما تعرضت قاعدة عين الأسد الجوية في محافظة الأنبار لهجوم صاروخي.")
    mentions_ = {p["mention"]: p["site"] for p in placed(text)}
    assert not {"ايدن", "بيان", "إيران"} & set(mentions_)
    assert mentions_.get("قاعدة عين الأسد الجوية") == "Ain al-Asad Air Base"


def test_the_map_popup_sets_each_line_s_direction_from_its_text():
    from dashboard import render

    text = "شنت الطائرات الأمريكية غارات على مواقع في صنعاء والحديدة فجر السبت."
    features = extract(read_text(text, "صنعاء.txt", published=PUBLISHED, title="غارات على صنعاء والحديدة"))[0]
    page = render.build_map(features).get_root().render()
    assert "el.dir = 'auto'" in page  # an Arabic title or site reads right to left in the popup
    strings = render.map_data(features).strings
    assert any("غارات على صنعاء والحديدة" in s for s in strings)


def test_a_list_joined_by_an_attached_and_shares_its_locative():
    # "Russian planes" name the actor, not the country of the towns.
    sites = {p["site"] for p in placed("شنت الطائرات الروسية غارات على معرة النعمان وسراقب في ريف إدلب الجنوبي")}
    assert {"Saraqib"} <= sites and any("Nu‘mān" in s for s in sites)


def test_the_town_of_mayadin_is_not_the_mayadeen_channel(gaz):
    text = "دمرت الضربات الإسرائيلية مواقع في مدينتي دير الزور والميادين، بحسب ما نقلت قناة الميادين."
    found = [(m.text, m.start) for m in mentions(text, gaz)]
    assert ("الميادين", text.index("والميادين") + 1) in found
    assert all(start != text.rindex("الميادين") for _, start in found)  # the channel's name is no place


def test_an_adjective_of_nationality_is_no_name_and_places_the_capital(gaz):
    text = "قصفت طائرات تابعة لقوات حفتر مدرسة عسكرية بالعاصمة الليبية طرابلس، وقال مسؤول سوري إن بين القتلى طلابا."
    names = {m.text for m in mentions(text, gaz)}
    assert "سوري" not in names
    [p] = [p for p in placed(text) if p["mention"] == "طرابلس"]
    assert p["country"] == "LY"


# --- Dates as the Arabic press writes them ---------------------------------------------------------------

@pytest.mark.parametrize("text, published, expected, written", [
    # Arabic-Indic digits inside the day and the year; the words kept are the words as written.
    ("قصفت الطائرات المدينة في ١٥ تشرين الأول ٢٠٢٣ فجرا", date(2023, 11, 2), (date(2023, 10, 15),) * 2,
     "في ١٥ تشرين الأول ٢٠٢٣"),
    # Both month series together, and the year after them.
    ("هجوم حصل يوم 22 آذار/مارس 2022 في مدينة بئر السبع", date(2022, 3, 30), (date(2022, 3, 22),) * 2,
     "يوم 22 آذار/مارس 2022"),
    ("غارات في 13 كانون الثاني (يناير) 2021 على دير الزور", date(2021, 1, 20), (date(2021, 1, 13),) * 2,
     "في 13 كانون الثاني (يناير) 2021"),
    # The year after "من عام", an ordinal day and a shadda.
    ("إطلاق نار في 7 أبريل من عام 2022 في تل أبيب", date(2022, 4, 15), (date(2022, 4, 7),) * 2,
     "في 7 أبريل من عام 2022"),
    ("هجوم وقع في الخامس من أيّار/مايو 2022 بمدينة إلعاد", date(2022, 5, 12), (date(2022, 5, 5),) * 2,
     "في الخامس من أيّار/مايو 2022"),
    # Two days of one month, right after a fact box's label.
    ("التاريخ20–30 يناير 2022", date(2022, 2, 5), (date(2022, 1, 20), date(2022, 1, 30)), "20–30 يناير 2022"),
    # A particle attached to the weekday: Tuesday before a Thursday's publication.
    ("قصفت الطائرات بالثلاثاء مواقع في ريف إدلب", date(2023, 11, 2), (date(2023, 10, 31),) * 2, "بالثلاثاء"),
])
def test_arabic_date_expressions(text, published, expected, written):
    from geo.dating import find_dates

    found = find_dates(text, published, "ar")
    assert [(d.start, d.end) for d in found][:1] == [expected]
    assert found[0].text == written == text[found[0].char_start:found[0].char_end]


def test_the_day_told_before_is_the_day_of_later_that_day():
    from geo.dating import find_dates

    text = "نفذ الطيران غارة في 13 يناير 2021 على دير الزور. وفي وقت لاحق من ذلك اليوم، قصف الميادين."
    days = [(d.text, d.start) for d in find_dates(text, date(2021, 1, 20), "ar")]
    assert ("وقت لاحق من ذلك اليوم", date(2021, 1, 13)) in days


# --- Places the gazetteer learnt in Arabic ------------------------------------------------------------------

def test_coordinates_the_text_writes_are_a_site():
    text = ("مجزرة القيادة العامة\n\nالموقع الخرطوم، مقر وزارة الدفاع\n"
            "الإحداثيات 15°36′36″N 32°32′42″E\nالتاريخ 3 يونيو 2019")
    sites = [p for p in placed(text) if p["gazetteer_source"] == "text"]
    assert sites and sites[0]["site"] == "15.6100°, 32.5450°"
    assert sites[0]["mention"] == "15°36′36″N 32°32′42″E"


def test_an_israeli_town_geonames_names_only_in_latin_is_found_in_arabic():
    # GeoNames has no Arabic name for Karmiel; the Home Front Command's alert areas give "كرمئيل".
    sites = placed("سقطت صواريخ على مدينة كرمئيل في الجليل مساء الأحد.")
    assert any(p["site"] == "Karmi’el" for p in sites)


def test_a_town_listed_after_an_area_is_not_inside_it():
    # "the West Bank and Jerusalem": Jerusalem is listed with the West Bank, not placed inside it (and vetoed).
    sites = placed("اقتصرت الاشتباكات في الغالب على الضفة الغربية والقدس خلال الأسابيع الماضية.")
    assert {"West Bank", "Jerusalem"} <= {p["site"] for p in sites}


def test_a_mosque_named_as_a_common_noun_is_no_village():
    sites = placed("قتل المسلح بعد ساعات في مسجد في يافا إثر اشتباك مع الشرطة.")
    assert [p["site"] for p in sites] == ["Jaffa"]


def test_an_attack_named_by_its_sea_places_it():
    sites = placed("وسبق الهجوم حادث خليج عمان (مايو 2019) الذي استهدف ناقلات النفط.")
    assert any(p["site"] == "Gulf of Oman" and p["date_start"] == "2019-05-01" for p in sites)


def test_the_international_airport_after_a_town_is_that_towns():
    sites = placed("استهدف هجوم بطائرات مسيرة موقعا صناعيا خارج أبو ظبي. كما تم استهداف منطقة قرب المطار الدولي.")
    assert "Zayed International Airport" in {p["site"] for p in sites}


def test_a_hijri_day_is_read_with_a_day_either_side():
    from geo.dating import find_dates

    # Al-Masry al-Youm's masthead: "16 ذو الحجة 1440 هـ" is Sunday 18 August 2019 (the tabular calendar says the
    # 18th; the Umm al-Qura calendar or a sighted month may be a day off).
    found = find_dates("القاهرة 16 ذو الحجة 1440 هـ، قصفت الطائرات", date(2019, 8, 20), "ar")
    assert [(d.text, d.start, d.end) for d in found] == [("16 ذو الحجة 1440 هـ", date(2019, 8, 17), date(2019, 8, 19))]


def test_the_border_an_adjective_names_does_not_move_the_town():
    # "towards the Turkish border": Maarat al-Numan stays a Syrian town, not a Turkish namesake's rival.
    sites = placed("نزح آلاف المدنيين من معرة النعمان باتجاه الحدود التركية.")
    assert any(p["site"] == "Ma‘arrat an Nu‘mān" for p in sites)
