"""Reading what a user gives us — a file, an upload, pasted text — into a `Document`.

Every refusal is a `UserError` with one line a person can act on: Pressmap must never stack-trace on
an empty file, a picture renamed .txt, or a 50 MB page. The text we return is the text all character
offsets point into, so HTML is reduced to its readable main text here, once.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from geo.errors import UserError
from geo.lexicon import languages, months, spacy_stop_words, words
from geo.model import Document
from geo.names import fold

MAX_BYTES = 10 * 1024 * 1024
# A publication date outside these bounds is a typing mistake (0001-01-01, 2300-01-01): every relative date
# would be counted from it, and the dashboard's slider cannot show it. A few days ahead is allowed for time
# zones and embargoed releases.
EARLIEST_PUBLISHED = date(1900, 1, 1)
FUTURE_PUBLISHED_DAYS = 7
_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or a Word/Excel file)",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "a program",
    b"SQLite format 3": "a SQLite database",
    b"RIFF": "an audio or image file",
}


def read_file(path: str | Path, published: str | date | None = None, lang: str | None = None,
              max_bytes: int = MAX_BYTES) -> Document:
    """Read an article from disk (text, Markdown or HTML)."""
    data = read_regular_file(path, max_bytes)
    return read_bytes(data, str(path), published=published, lang=lang, max_bytes=max_bytes)


def read_regular_file(path: str | Path, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most `max_bytes`; anything else is refused by what it is.

    The kind is checked on the open descriptor (a symlink to /dev/zero, a FIFO swapped in after a check)
    and opening never waits (O_NONBLOCK: a FIFO with no writer would block `open` itself); the read
    stops one byte past the limit, so neither a device nor a size of 0 in `stat` (/proc files) can make
    it read more.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UserError(f"{path}: is a directory, not an article (give the files inside it)") from None
    except OSError as e:
        raise UserError(f"{path}: cannot be read ({e.strerror or e})") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise UserError(f"{path}: {_kind(mode)}")
        size = os.fstat(fd).st_size
        if size > max_bytes:
            raise UserError(_too_big(path, size, max_bytes))
        chunks, total = [], 0
        while total <= max_bytes:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as e:
        raise UserError(f"{path}: cannot be read ({e.strerror or e})") from None
    finally:
        os.close(fd)
    if total > max_bytes:
        raise UserError(_too_big(path, total, max_bytes, more=True))
    return b"".join(chunks)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a directory, not an article (give the files inside it)"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO), not an article file: only regular files are read"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not an article file: only regular files are read"
    if stat.S_ISSOCK(mode):
        return "is a socket, not an article file: only regular files are read"
    return "is not a regular file: only regular files are read"


def _too_big(source, size: int, max_bytes: int, more: bool = False) -> str:
    amount = "" if more else f" {size / 1e6:.1f} MB is"
    return f"{source}:{amount} over the {max_bytes / 1e6:g} MB limit (raise it with --max-mb)"


def read_bytes(data: bytes, source: str, published: str | date | None = None, lang: str | None = None,
               title: str = "", max_bytes: int = MAX_BYTES) -> Document:
    """Read an article from raw bytes (an upload or a file's content); `source` names it in messages."""
    if len(data) > max_bytes:
        raise UserError(_too_big(source, len(data), max_bytes))
    if not data.strip():
        raise UserError(f"{source}: the file is empty")
    text = decode(data, source)
    return read_text(text, source, published=published, lang=lang, title=title)


def read_text(text: str, source: str, published: str | date | None = None, lang: str | None = None,
              title: str = "") -> Document:
    """Read an article from text already decoded (pasted into the dashboard, say)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = _CONTROLS.sub("", text)  # a NUL deep in a file: PostgreSQL refuses it in text, and no reader sees it
    if not text.strip():
        raise UserError(f"{source}: there is no text to read")
    meta_date = None
    if looks_like_html(text, source):
        text, meta_title, meta_date = html_main_text(text)
        title = title or meta_title
        if not text.strip():
            raise UserError(f"{source}: the page has no readable text")
    elif source.lower().endswith((".md", ".markdown")):
        text = markdown_plain(text)
    title = title or first_line_title(text)
    when = parse_date(published, "--published") if published else None
    when = when or plausible(meta_date) or plausible(dateline(text))
    language = choose_language(text, lang)
    return Document(text=text, source=source, title=title, published=when, language=language,
                    content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest())


# C0 controls but tab, line feed and form feed, and DEL: never text, and NUL cannot be stored in PostgreSQL.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode(data: bytes, source: str) -> str:
    """Bytes → text in whatever common encoding they are in; refuse what is not text."""
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise UserError(f"{source}: this is {what}, not a text article")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise UserError(f"{source}: this is a binary file, not a text article")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise UserError(f"{source}: this is a binary file, not a text article")
    text = str(best)
    controls = sum(1 for c in text[:20000] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > len(text[:20000]) * 0.01:
        raise UserError(f"{source}: this is a binary file, not a text article")
    return text


def looks_like_html(text: str, source: str) -> bool:
    if source.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    head = text.lstrip()[:1000].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)


# lxml (libxml2) stops building a page's tree 256 elements deep and drops what follows without a word;
# trafilatura reads that tree. A page nested deeper is read by `_deep_page_text`, which has no such limit.
SAFE_DEPTH = 200


def html_main_text(html: str) -> tuple[str, str, date | None]:
    """The page's readable main text, its title and its publication date from the page's metadata."""
    import trafilatura

    if nesting_depth(html) > SAFE_DEPTH:
        text, title = _deep_page_text(html)
        return text.strip(), title.strip(), None

    doc = trafilatura.bare_extraction(html, include_comments=False, include_tables=False,
                                      favor_recall=True, with_metadata=True)
    text = title = ""
    when = None
    if doc is not None:
        text = doc.text or ""
        title = doc.title or ""
        if doc.date:
            try:
                when = date.fromisoformat(str(doc.date)[:10])
            except ValueError:
                when = None
    if not text.strip():
        text = _html_fallback_text(html)
    return text.strip(), title.strip(), when


def nesting_depth(html: str) -> int:
    """How deep the page's elements nest, as libxml2 reads it with its depth limit raised (huge_tree)."""
    import lxml.etree
    import lxml.html

    try:
        tree = lxml.html.fromstring(html, parser=lxml.html.HTMLParser(huge_tree=True))
    except (ValueError, lxml.etree.ParserError):
        return 0
    depth = deepest = 0
    for event, _ in lxml.etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


_SKIPPED = {"script", "style", "noscript", "nav", "header", "footer", "template", "head"}
_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "blockquote",
           "pre", "table", "ul", "ol", "dd", "dt", "figcaption", "main", "body"}


def _deep_page_text(html: str) -> tuple[str, str]:
    """Every text node outside scripts, styles, navigation and the head, one block a line, and the <title>,
    read by the standard library's tokenizer, which keeps no tree and so has no depth to exceed."""
    from html.parser import HTMLParser

    class Collector(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.title: list[str] = []
            self.skip = 0
            self.in_title = False

        def handle_starttag(self, tag, attrs):
            if tag in _SKIPPED:
                self.skip += 1
            self.in_title = self.in_title or tag == "title"
            if tag in _BLOCKS:
                self.parts.append("\n")

        def handle_endtag(self, tag):
            if tag in _SKIPPED:
                self.skip = max(0, self.skip - 1)
            if tag == "title":
                self.in_title = False
            if tag in _BLOCKS:
                self.parts.append("\n")

        def handle_data(self, data):
            if self.in_title:
                self.title.append(data)
            elif not self.skip:
                self.parts.append(data)

    collector = Collector()
    collector.feed(html)
    collector.close()
    lines = (" ".join(line.split()) for line in "".join(collector.parts).split("\n"))
    return "\n".join(line for line in lines if line), " ".join("".join(collector.title).split())


def _html_fallback_text(html: str) -> str:
    """For pages trafilatura finds no article in: every text node outside scripts, styles and navigation."""
    import lxml.html

    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return ""
    for bad in tree.xpath("//script|//style|//noscript|//nav|//header|//footer|//template"):
        bad.drop_tree()
    lines = (" ".join(t.split()) for t in tree.itertext())
    return "\n".join(line for line in lines if line)


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARK = re.compile(r"^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+)", re.M)
_MD_EMPH = re.compile(r"(\*\*|__|\*|`)")


def markdown_plain(text: str) -> str:
    """Markdown → the words a reader sees (links keep their text)."""
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_MARK.sub("", text)
    return _MD_EMPH.sub("", text)


# Copies of web pages often start with the page's date as a bare field ("date 2023-11 Revue de presse : …");
# it is metadata, not the headline.
_DATE_FIELD = re.compile(r"^date\s+\d{4}-\d{2}(?:-\d{2})?\b\s*", re.I)


def first_line_title(text: str) -> str:
    for line in text.splitlines():
        line = _DATE_FIELD.sub("", line.strip(" *#\t")).strip(" *#\t")
        if line:
            return line if len(line) <= 200 else line[:197] + "..."
    return ""


def parse_date(value: str | date, what: str = "date") -> date:
    """A date a user typed: ISO (2023-11-01) or written out (1 November 2023, 1er novembre 2023), between
    1900 and a few days after today (a date outside them is refused, with the range)."""
    return check_published(_parse_date(value, what), what)


def _parse_date(value: str | date, what: str) -> date:
    if isinstance(value, date):
        return value
    s = str(value).strip()
    try:
        return date.fromisoformat(s)
    except ValueError:
        pass
    found = written_dates(s)
    if found and found[0][1] - found[0][0] >= len(s.strip(" .")) - 2:
        return found[0][2]
    raise UserError(f"{what}: '{value}' is not a date (write it as YYYY-MM-DD, e.g. 2023-11-01)")


def published_range() -> tuple[date, date]:
    """The publication dates Pressmap accepts: from 1900 to a few days after today."""
    return EARLIEST_PUBLISHED, date.today() + timedelta(days=FUTURE_PUBLISHED_DAYS)


def check_published(day: date, what: str = "date") -> date:
    first, last = published_range()
    if not first <= day <= last:
        raise UserError(f"{what}: {day.isoformat()} is outside the dates Pressmap accepts "
                        f"({first.isoformat()} to {last.isoformat()})")
    return day


def plausible(day: date | None) -> date | None:
    """A date a document states about itself, if it is a possible publication date (else None: not used)."""
    first, last = published_range()
    return day if day is not None and first <= day <= last else None


_DAY = r"(?P<d>[0-3]?\d)(?:er|st|nd|rd|th)?"
_YEAR = r"(?P<y>(?:19|20)\d\d)"


def _month_pattern() -> str:
    names = sorted({m for lang in languages() for m in months(lang)}, key=len, reverse=True)
    return "(?P<m>" + "|".join(re.escape(n) for n in names) + r")\.?"


_DIGITS = str.maketrans({**{chr(0x0660 + d): str(d) for d in range(10)}, **{chr(0x06F0 + d): str(d) for d in range(10)}})


def written_dates(text: str) -> list[tuple[int, int, date]]:
    """Full dates written out in any language we know ("1er novembre 2023", "November 1, 2023")."""
    month = _month_pattern()
    pats = [rf"\b{_DAY}\s+{month}\s+{_YEAR}\b", rf"\b{month}\s+{_DAY},?\s+{_YEAR}\b",
            r"\b(?P<y>(?:19|20)\d\d)-(?P<mm>[01]\d)-(?P<d>[0-3]\d)\b"]
    table = {fold(name): num for lang in languages() for name, num in months(lang).items()}
    text = text.translate(_DIGITS)  # Arabic-Indic and Persian digits: one character each, offsets kept
    out = []
    for pat in pats:
        for m in re.finditer(pat, text, flags=re.I):
            try:
                mon = int(m.group("mm")) if "mm" in m.groupdict() else table[fold(m.group("m"))]
                out.append((m.start(), m.end(), date(int(m.group("y")), mon, int(m.group("d")))))
            except (ValueError, KeyError):
                continue
    return sorted(out)


def dateline(text: str) -> date | None:
    """The publication date a document states at its top (a dateline or a title with a date)."""
    found = written_dates(text[:600])
    return found[0][2] if found else None


def choose_language(text: str, lang: str | None) -> str:
    if lang and lang != "auto":
        if lang not in languages():
            raise UserError(f"--lang: unknown language '{lang}' (choose auto, {', '.join(languages())})")
        return lang
    return detect_language(text)


# Letters Persian and Urdu write that Arabic does not (Urdu's own first: it writes Persian's too).
_URDU_LETTERS = re.compile(r"[ٹڈڑںے]")
_PERSIAN_LETTERS = re.compile(r"[پچژگکی]")
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF]")
_LATIN = re.compile(r"[A-Za-zÀ-ÿ]")
_OTHER_ARABIC_SCRIPT = {"ur": "Urdu", "fa": "Persian"}


def detect_language(text: str) -> str:
    """The language whose frequent function words are most frequent in the text.

    Arabic script is told apart first: Persian and Urdu share it but write letters Arabic has not
    (پ چ ژ گ ک ی; Urdu also ٹ ڈ ڑ ں ے). We read neither, and say so rather than read them as Arabic."""
    sample = text[:20000]
    if len(_ARABIC_SCRIPT.findall(sample)) > len(_LATIN.findall(sample)):
        other = arabic_script_language(sample)
        if other != "ar" or "ar" not in languages():
            raise UserError(f"the text is in {_OTHER_ARABIC_SCRIPT.get(other, 'Arabic')}, which Pressmap does not "
                            f"read yet (it reads {', '.join(languages())})")
        return "ar"
    tokens = re.findall(r"[^\W\d_]+", sample.lower())
    scores = {code: sum(1 for t in tokens if t in words(code, "stopwords")) for code in languages()}
    best = max(scores, key=lambda c: (scores[c], c == "fr"))
    return best


def arabic_script_language(text: str) -> str:
    """"ar", "fa" or "ur" for a text in Arabic script, by the share of its words that use letters only
    Persian or Urdu write (an Arabic text may name a Persian place or person in a few words; a
    Persian text uses ی and ک in most sentences)."""
    words_ = re.findall(r"[\u0620-\u06FF]+", text)
    if not words_:
        return "ar"
    urdu = sum(1 for w in words_ if _URDU_LETTERS.search(w)) / len(words_)
    persian = sum(1 for w in words_ if _PERSIAN_LETTERS.search(w)) / len(words_)
    if urdu >= 0.03:
        return "ur"
    if persian < 0.08:
        return "ar"
    # Some Arabic sites type with a Persian keyboard's ی and ک throughout: then the function words decide
    # ("في", "التي" against "را", "است", "این").
    folded = [fold(w) for w in words_]
    arabic = _function_words("ar") - _function_words("fa")
    persian_words = _function_words("fa") - _function_words("ar")
    return "ar" if sum(w in arabic for w in folded) > sum(w in persian_words for w in folded) else "fa"


@cache
def _function_words(lang: str) -> frozenset[str]:
    """Folded function words of a language: ours where we have a folder, spaCy's list (no model needed) too."""
    return frozenset(fold(w) for w in words(lang, "stopwords") | spacy_stop_words(lang))

