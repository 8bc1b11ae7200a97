"""Text from articles, on a terminal or a page, shown as what it is rather than obeyed.

A title can carry escape sequences (ESC ] 0 ; … sets a terminal's window title, ESC [ 2 J clears it) and
Unicode's bidirectional controls can reorder what a reader sees ("‮daddaB" shown as "Baddad"). Both are
written out visibly: control characters as Python escapes (\\x1b), bidi controls as <U+202E>.
"""

from __future__ import annotations

import re

# Unicode's explicit directional marks, embeddings, overrides and isolates (UAX #9), the Arabic letter mark.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")
# C0 and C1 controls, DEL, and the line and paragraph separators: never printed raw on one line.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def visible_bidi(text: str) -> str:
    """Bidirectional controls replaced by their names (<U+202E>): the text reads in the order it is stored."""
    return _BIDI.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def printable(text) -> str:
    """One line safe to print on a terminal: controls as escapes (\\x1b, \\n), bidi controls named."""
    text = visible_bidi(str(text))
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


_JSON_UNSAFE = re.compile(f"[\x7f-\x9f\u2028\u2029{BIDI_CONTROLS}]")


def json_line(value) -> str:
    """JSON on one line, as ensure_ascii=False writes it but with C1 and bidi controls as \\u escapes (the
    same data for a JSON reader; inert on a terminal). json already escapes C0 controls."""
    import json

    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False))
