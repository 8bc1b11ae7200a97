"""Text from articles shown as what it is: escapes for a terminal, names for direction controls."""

import json

from geo.terminal import json_line, printable, visible_bidi


def test_printable_escapes_what_a_terminal_would_obey():
    title = "\x1b]0;pwned\x07\x1b[2J\x9b31mBagdad\nsuite\u2028"
    shown = printable(title)
    assert shown == "\\x1b]0;pwned\\x07\\x1b[2J\\x9b31mBagdad\\nsuite\\u2028"
    assert shown.isprintable()
    assert printable("Aïn al-Assad, Dayr az-Zawr") == "Aïn al-Assad, Dayr az-Zawr"  # letters stay letters


def test_direction_controls_are_named_not_applied():
    assert visible_bidi("\u202edaddaB\u202c") == "<U+202E>daddaB<U+202C>"
    assert visible_bidi("بغداد") == "بغداد"  # Arabic script itself is left alone


def test_json_lines_stay_the_same_data():
    value = {"title": "\x1b[2J\u202eTitre\x9b", "n": 1}
    line = json_line(value)
    assert "\x1b" not in line and "\u202e" not in line and "\x9b" not in line
    assert json.loads(line) == value
