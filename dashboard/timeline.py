"""The timeline under the map: events per day, ranged events as spans, the chosen days shaded; and stepping
through days."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

MAX_SPAN_LANES = 6


def _overlaps(table: pd.DataFrame, first: date, days: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Per bar of `width` days from `first`: how many events dated to one day, and how many ranged events
    (a week, a month), overlap it. A difference array keeps this linear in events plus bars."""
    bars = -(-days // width)
    exact = np.zeros(bars + 1, dtype=np.int64)
    ranged = np.zeros(bars + 1, dtype=np.int64)
    dated = table.dropna(subset=["date_start"])
    for start, end in zip(dated["date_start"], dated["date_end"], strict=True):
        a = max((start - first).days, 0)
        b = min((end - first).days, days - 1)
        if b < a:
            continue
        target = exact if start == end else ranged
        target[a // width] += 1
        target[b // width + 1] -= 1
    return np.cumsum(exact)[:bars], np.cumsum(ranged)[:bars]


def spans(table: pd.DataFrame) -> pd.DataFrame:
    """The distinct ranges of ranged events, packed into a few lanes so that overlapping spans stack."""
    dated = table.dropna(subset=["date_start"])
    ranged = dated[dated["date_start"] != dated["date_end"]]
    if ranged.empty:
        return pd.DataFrame(columns=["start", "end", "lane", "events"])
    grouped = (ranged.groupby(["date_start", "date_end"]).size().reset_index(name="events")
               .sort_values(["date_start", "date_end"]))
    lane_ends: list[date] = []
    rows = []
    for start, end, n in grouped.itertuples(index=False):
        lane = next((i for i, e in enumerate(lane_ends) if e < start), None)
        if lane is None:
            if len(lane_ends) >= MAX_SPAN_LANES:
                lane = min(range(len(lane_ends)), key=lambda i: lane_ends[i])
            else:
                lane = len(lane_ends)
                lane_ends.append(end)
        lane_ends[lane] = max(lane_ends[lane], end)
        rows.append({"start": pd.Timestamp(start), "end": pd.Timestamp(end + timedelta(days=1)), "lane": lane,
                     "events": int(n)})
    return pd.DataFrame(rows)


# At most this many bars: past it a bar covers several days (a week for two years of events), so that each is
# still a few pixels wide and the page stays small.
MAX_BARS = 400
EXACT_COLOUR, RANGED_COLOUR, SPAN_COLOUR, WINDOW_COLOUR = "#1c7ed6", "#a5d8ff", "#748ffc", "#ffd43b"
CHART_HEIGHT = 150  # the frame's height on the page, in pixels


def _day_text(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


# The ranged events' strip shows at most this many distinct ranges, those with the most events: past a few
# hundred, the lanes are solid and the page only grows.
MAX_SPANS = 200


def chart_html(table: pd.DataFrame, lo: date, hi: date) -> str:
    """The events per day from lo to hi as a small page: stacked bars (dated to the day, within a range), the
    ranged events' spans beneath, and the chosen days shaded; a tooltip on each bar and span.

    No chart library: Vega's rendering held up the map behind it by a few tenths of a second on every visit.
    The bars travel as numbers and a few lines of script draw them as two paths (a year of days is 5 KB to send
    and two elements to lay out, not 80 KB and 800 rectangles).
    The page depends only on the events shown, not on the slider, so a slider move does not send it again;
    the shade follows the slider through `pmWindow`, the hook the date window's messenger calls in every frame
    of the page (dashboard.render.window_messenger)."""
    import html

    from dashboard.render import day_number, script_json

    days = (hi - lo).days + 1
    width = -(-days // MAX_BARS)
    exact, ranged = _overlaps(table, lo, days, width)
    top = max(1, int((exact + ranged).max(initial=0)))
    lanes = spans(table)
    if len(lanes) > MAX_SPANS:
        lanes = lanes.nlargest(MAX_SPANS, "events", keep="first")
    strip = [[(row.start.date() - lo).days, (row.end.date() - lo).days, int(row.lane), int(row.events)]
             for row in lanes.itertuples(index=False)]
    strip_height = 8 * (max((s[2] for s in strip), default=-1) + 1)
    data = {"lo": day_number(lo), "days": days, "width": width, "top": top,
            "bars": [[int(e), int(r)] for e, r in zip(exact, ranged, strict=True)], "spans": strip}
    ticks = "".join(f'<span style="left:{100 * k / 4:.0f}%">{_day_text(lo + timedelta(days=round((days - 1) * k / 4)))}'
                    f"</span>" for k in range(5))
    summary = html.escape(f"Events per {'day' if width == 1 else f'{width} days'} from {_day_text(lo)} to {_day_text(hi)}; "
               f"at most {top} in one bar")
    return f"""<!doctype html><html><head><meta charset="utf-8"><style>
body{{margin:0;font:11px "Source Sans",sans-serif;color:#495057;overflow:hidden}}
.key{{display:flex;gap:1rem;justify-content:flex-end;height:14px}}
.key i{{display:inline-block;width:9px;height:9px;margin-right:3px;vertical-align:-1px}}
.plot{{position:relative;margin:0 4px 0 26px}}
.top{{position:absolute;left:-24px;top:-2px;width:20px;text-align:right}}
svg{{display:block;width:100%}}
.ticks{{position:relative;height:14px}}
.ticks span{{position:absolute;transform:translateX(-50%);white-space:nowrap}}
.ticks span:first-child{{transform:none}}.ticks span:last-child{{transform:translateX(-100%)}}
</style></head><body>
<div class="key"><span><i style="background:{EXACT_COLOUR}"></i>on the day</span>
<span><i style="background:{RANGED_COLOUR}"></i>within a range</span></div>
<div class="plot"><span class="top">{top}</span>
<svg id="bars" viewBox="0 0 1000 100" preserveAspectRatio="none" height="84" role="img" aria-label="{summary}">
<rect id="window" x="0" y="0" width="1000" height="100" fill="{WINDOW_COLOUR}" fill-opacity=".22"/>
<line x1="0" y1="100" x2="1000" y2="100" stroke="#adb5bd" vector-effect="non-scaling-stroke"/>
<title id="bars-tip">{summary}</title><path id="ranged" fill="{RANGED_COLOUR}"/><path id="exact" fill="{EXACT_COLOUR}"/></svg>
<div class="ticks">{ticks}</div>
<svg id="spans" viewBox="0 0 1000 {max(strip_height, 1)}" preserveAspectRatio="none" height="{strip_height}"
 role="img" aria-label="ranged events (a week or a month)"><title id="spans-tip">ranged events (a week or a month)</title>
<path id="strip" fill="{SPAN_COLOUR}" fill-opacity=".75"/></svg>
</div>
<script>
(function () {{
  var d = {script_json(data)}, n = d.bars.length, unit = 1000 / n, gap = unit > 2 ? 0.6 : 0;
  var day = function (k) {{
    return new Date((d.lo + k) * 864e5).toLocaleDateString("en-GB", {{day: "numeric", month: "short", year: "numeric", timeZone: "UTC"}});
  }};
  // Two paths for the bars and one for the spans, not a rect each: a year of days is two elements to lay out,
  // so the map's frame, drawn on the same thread, is not kept waiting. The tooltip follows the pointer.
  var exact = "", ranged = "";
  d.bars.forEach(function (b, i) {{
    var x = (i * unit).toFixed(2), w = Math.max(unit - gap, 0.5).toFixed(2);
    var he = 100 * b[0] / d.top, hr = 100 * b[1] / d.top;
    if (b[0]) {{ exact += "M" + x + " 100v" + (-he).toFixed(2) + "h" + w + "v" + he.toFixed(2) + "z"; }}
    if (b[1]) {{ ranged += "M" + x + " " + (100 - he).toFixed(2) + "v" + (-hr).toFixed(2) + "h" + w + "v" + hr.toFixed(2) + "z"; }}
  }});
  document.getElementById("exact").setAttribute("d", exact);
  document.getElementById("ranged").setAttribute("d", ranged);
  var spans = "";
  d.spans.forEach(function (s) {{
    var a = Math.max(s[0], 0) * 1000 / d.days, b = Math.min(s[1], d.days) * 1000 / d.days;
    spans += "M" + a.toFixed(2) + " " + (s[2] * 8 + 1) + "h" + Math.max(b - a, 1.5).toFixed(2) + "v6h" + (-Math.max(b - a, 1.5)).toFixed(2) + "z";
  }});
  document.getElementById("strip").setAttribute("d", spans);
  var at = function (svg, e) {{ var r = svg.getBoundingClientRect(); return (e.clientX - r.left) / r.width; }};
  var bars = document.getElementById("bars"), tip = document.getElementById("bars-tip");
  bars.addEventListener("mousemove", function (e) {{
    var i = Math.min(n - 1, Math.max(0, Math.floor(at(bars, e) * n))), b = d.bars[i];
    var first = i * d.width, last = Math.min(first + d.width, d.days) - 1;
    tip.textContent = (d.width === 1 ? day(first) : day(first) + " \u2013 " + day(last)) + ": " + b[0] +
                      " on the day, " + b[1] + " within a range";
  }});
  var strip = document.getElementById("spans"), stripTip = document.getElementById("spans-tip");
  strip.addEventListener("mousemove", function (e) {{
    var k = at(strip, e) * d.days, lane = Math.floor((e.clientY - strip.getBoundingClientRect().top) / 8);
    var s = d.spans.filter(function (s) {{ return s[2] === lane && s[0] <= k && k < Math.max(s[1], s[0] + 1); }})[0];
    stripTip.textContent = s ? day(s[0]) + " \u2013 " + day(s[1] - 1) + ": " + s[3] + " event" +
                               (s[3] === 1 ? "" : "s") + " within this range" : "ranged events (a week or a month)";
  }});
  var shade = document.getElementById("window");
  window.pmWindow = function (first, last) {{
    var a = first === null ? 0 : Math.max(0, first - d.lo), b = last === null ? d.days : Math.min(d.days, last - d.lo + 1);
    shade.setAttribute("x", (1000 * a / d.days).toFixed(2));
    shade.setAttribute("width", (1000 * Math.max(0, b - a) / d.days).toFixed(2));
  }};
  try {{ var wanted = window.parent.pmWanted; if (wanted) {{ window.pmWindow(wanted[0], wanted[1]); }} }} catch (e) {{}}
}})();
</script></body></html>"""


def step(window: tuple[date, date], lo: date, hi: date, days: int) -> tuple[date, date]:
    """Move the chosen days by `days`, keeping their width; from the whole range, start at its first day."""
    first, last = window
    if (first, last) == (lo, hi):
        return (lo, lo) if days > 0 else (hi, hi)
    width = last - first
    delta = timedelta(days=days)
    first, last = first + delta, last + delta
    if first < lo:
        first, last = lo, lo + width
    if last > hi:
        first, last = hi - width, hi
    return max(first, lo), min(last, hi)
