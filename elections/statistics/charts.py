"""The statistics' charts, drawn as SVG on the server by pygal, so that the page (as an image, under
the app's CSP: the SVG carries no script) and the printed report show the same chart."""
import re

import pygal
from flask_babel import gettext as _
from pygal.style import Style

from .composition import AGE_BANDS, share
from .report import Report
from .tables import AGE_BAND_LABELS, STEP_LABELS, STEPS

FONT = "Noto Sans CJK SC, Noto Sans CJK, WenQuanYi Micro Hei, sans-serif"
STYLE = Style(font_family=FONT, background="white", plot_background="white", foreground="#212529",
              foreground_strong="#212529", foreground_subtle="#6c757d", title_font_size=20,
              label_font_size=15, major_label_font_size=15, value_font_size=15, legend_font_size=15,
              colors=("#0d6efd", "#198754", "#ffc107", "#6c757d", "#dc3545", "#6f42c1"))
NAMES = ("turnout", "progress", "ages", "women")


def _config(title: str, rows: int = 0, labels: list[str] = (), **extra) -> dict:
    """pygal measures labels as Latin text, half the width of Chinese: the left margin makes up the rest."""
    height = max(360, 110 + 26 * rows) if rows else 360
    widest = max((len(label) for label in labels), default=0)
    return {"js": [], "style": STYLE, "title": title, "width": 900, "height": height,
            "margin_left": int(0.55 * STYLE.label_font_size * widest) + 10,
            "disable_xml_declaration": True, "explicit_size": False, "show_x_guides": False, "show_y_guides": False, "truncate_label": -1, "print_values": False,
            **extra}


# pygal writes its configuration as a <script> even without its tooltips' script (js=[]): dropped,
# so that the SVG holds no script at all, whatever embeds it.
_SCRIPT = re.compile(r"<script\b.*?</script>", re.S)


def _svg(chart) -> str:
    return _SCRIPT.sub("", chart.render(is_unicode=True))


def _step(top: int) -> int:
    """A round step (1, 2 or 5 times a power of ten) for an axis of whole people with about eight lines."""
    step = 1
    while step * 8 < top:
        for factor in (2, 5 / 2, 2):  # 1 → 2 → 5 → 10 → 20 …
            step = int(step * factor)
            if step * 8 >= top:
                break
    return step


SUFFIXES = ("社区居民委员会", "社区居委会", "居民委员会", "居委会", "民委员会", "委会", "办事处")  # 村委会 keeps 村


def _short(name: str) -> str:
    """A unit's name as an axis shows it: without the suffix every bar shares, at most 8 characters."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[:-len(suffix)]
            break
    return name if len(name) <= 8 else name[:7] + "…"


def _top_down(report: Report) -> list:
    """The rows of a horizontal chart, whose first bar pygal draws at the bottom: the first unit on top."""
    return list(reversed(report.children or [report.total]))


def turnout(report: Report) -> str:
    """Turnout by child unit: ballots cast once counted (R-COUNT-10), ballots issued before."""
    rows = _top_down(report)
    final = any(r.f("counted") for r in rows)
    names = [_short(r.name) for r in rows]
    chart = pygal.HorizontalBar(**_config(_("Turnout, ballots cast (%)") if final else
                                          _("Turnout on election day, ballots issued (%)"), len(rows), names,
                                          show_legend=False, range=(0, 100)))
    chart.x_labels = names
    chart.add(_("Turnout"), [(r.final_turnout if final else r.live_turnout) or 0 for r in rows])
    return _svg(chart)


def progress(report: Report) -> str:
    rows = _top_down(report)
    names = [_short(r.name) for r in rows]
    top = max((r.committees for r in rows), default=0)
    chart = pygal.HorizontalStackedBar(**_config(_("Committees by stage"), len(rows), names, legend_at_bottom=True,
                                                 legend_at_bottom_columns=2,
                                                 y_labels=list(range(0, top + _step(top), _step(top)))))
    chart.x_labels = names
    for step, members in STEPS:
        chart.add(str(STEP_LABELS[step]), [sum(r.by_stage.get(s, 0) for s in members) for r in rows])
    return _svg(chart)


def ages(report: Report) -> str:
    f = report.total.f
    counts = [f(f"age_{b}") for b in AGE_BANDS]
    step = _step(max(counts))
    chart = pygal.Bar(**_config(_("Members elected by age"), show_legend=False, print_values=True,
                                y_labels=list(range(0, max(counts) + step, step))))
    chart.x_labels = [AGE_BAND_LABELS[b] for b in AGE_BANDS]
    chart.add(_("Members"), counts)
    return _svg(chart)


def women(report: Report) -> str:
    rows = _top_down(report)
    names = [_short(r.name) for r in rows]
    chart = pygal.HorizontalBar(**_config(_("Women's share of members (%)"), len(rows), names, show_legend=False,
                                          range=(0, 100)))
    chart.x_labels = names
    chart.add(_("Women"), [share(r.f("women"), r.f("members")) or 0 for r in rows])
    return _svg(chart)


def draw(name: str, report: Report) -> str:
    return {"turnout": turnout, "progress": progress, "ages": ages, "women": women}[name](report)
