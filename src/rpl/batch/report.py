"""The registry's HTML report: one self-contained page, charts drawn as inline SVG.

No script, stylesheet or font is fetched from anywhere: the page works offline and on a
locked-down clinic network. Every figure comes from `summary.json`; nothing is computed here
except the geometry of the bars.
"""

from __future__ import annotations

from html import escape
from typing import Any

from rpl.batch.counts import counted

BAR_COLOURS = ("#2a6f97", "#a9d6e5", "#c8553d")
STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:60rem;
padding:0 1rem;color:#1b1b1b;line-height:1.45}
h1{font-size:1.6rem}h2{font-size:1.3rem;border-top:1px solid #ccc;padding-top:1rem;margin-top:2rem}
h3{font-size:1.05rem}table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:right}th{background:#f2f2f2}
td:first-child,th:first-child{text-align:left}.note{color:#555;font-size:.9rem}
figure{margin:1rem 0}figcaption{font-size:.9rem;color:#333}svg text{font-size:11px}
"""


def _fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}"
    return escape(str(value))


def _table(headers: list[str], rows: list[list[Any]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_fmt(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _label_lines(label: str, max_chars: int) -> list[str]:
    """A bar's label in lines that fit under its bar (codes read as words; at most 3 lines,
    the last shortened with an ellipsis), so that neighbouring labels never overlap."""
    words = label.replace("_", " ").split()
    lines: list[str] = []
    for word in words:
        if lines and len(lines[-1]) + 1 + len(word) <= max_chars:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > 3:
        lines = [*lines[:2], " ".join(lines[2:])]
    return [
        line if len(line) <= max_chars else line[: max(max_chars - 1, 1)] + "…" for line in lines
    ]


def bar_chart(
    title: str, labels: list[str], series: list[tuple[str, list[float | None]]], unit: str
) -> str:
    """Grouped vertical bars with a legend; missing values are drawn as no bar."""
    width, left, top, plot_h = 640, 48, 26, 204
    group_w = (width - left - 10) / max(len(labels), 1)
    # About 6.5 px per character at the chart's font size.
    wrapped = [_label_lines(label, max(int(group_w / 6.5), 4)) for label in labels]
    bottom = 26 + 13 * max((len(lines) for lines in wrapped), default=1)
    height = top + plot_h + bottom
    values = [v for _, data in series for v in data if v is not None]
    peak: float = max(values) if values else 0.0
    scale_max = peak * 1.1 if peak > 0 else 1.0
    bar_w = group_w * 0.8 / max(len(series), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + 20}" '
        f'role="img" aria-label="{escape(title)}">'
    ]
    for step in range(5):
        value = scale_max * step / 4
        y = top + plot_h - plot_h * step / 4
        parts.append(
            f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e3e3e3"/>'
        )
        parts.append(f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{value:.1f}</text>')
    for gi, label in enumerate(labels):
        x0 = left + gi * group_w + group_w * 0.1
        for si, (_, data) in enumerate(series):
            point = data[gi]
            if point is None:
                continue
            bar_h = plot_h * point / scale_max
            x = x0 + si * bar_w
            y = top + plot_h - bar_h
            colour = BAR_COLOURS[si % len(BAR_COLOURS)]
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w - 1:.1f}" height="{bar_h:.1f}" '
                f'fill="{colour}"><title>{escape(label)}: {point:.2f} {escape(unit)}</title></rect>'
            )
        centre = left + gi * group_w + group_w / 2
        spans = "".join(
            f'<tspan x="{centre:.1f}" dy="{0 if li == 0 else 13}">{escape(line)}</tspan>'
            for li, line in enumerate(wrapped[gi])
        )
        parts.append(
            f'<text x="{centre:.1f}" y="{top + plot_h + 14}" text-anchor="middle">{spans}</text>'
        )
    legend_x = left
    for si, (name, _) in enumerate(series):
        colour = BAR_COLOURS[si % len(BAR_COLOURS)]
        parts.append(
            f'<rect x="{legend_x}" y="{height + 4}" width="10" height="10" fill="{colour}"/>'
        )
        parts.append(f'<text x="{legend_x + 14}" y="{height + 13}">{escape(name)}</text>')
        legend_x += 14 + 7 * len(name) + 20
    parts.append(f'<text x="4" y="10">{escape(unit)}</text>')  # above the top tick label
    parts.append("</svg>")
    return f"<figure>{''.join(parts)}<figcaption>{escape(title)}</figcaption></figure>"


def _profile_section(profile: dict[str, Any]) -> str:
    out = [f"<h2>{escape(profile['title'])} (<code>{escape(profile['id'])}</code>)</h2>"]
    out.append(f"<p>Definition: {escape(profile['definition'].rstrip('.'))}.</p>")
    out.append(
        "<p>"
        f"{profile['meets']:,} of {counted(profile['women'], 'women')} "
        f"{'meets' if profile['meets'] == 1 else 'meet'} the definition "
        f"({_fmt(profile['prevalence_percent'])}%): {profile['primary']:,} primary, "
        f"{profile['secondary']:,} secondary. {profile['undecided']:,} more "
        f"{'is' if profile['undecided'] == 1 else 'are'} undecided — "
        "missing data (confirmation of a loss, the partner, the trimester) could change "
        "their answer.</p>"
    )
    bands = profile["by_age_band"]
    labels = [b["age_band"] for b in bands]
    out.append(
        bar_chart(
            "RPL prevalence by age band (age at the reference date); the lighter bar also "
            "counts the undecided women",
            labels,
            [
                ("meets", [b["prevalence_percent"] for b in bands]),
                ("meets or undecided", [b["prevalence_if_undecided_met_percent"] for b in bands]),
            ],
            "% of women",
        )
    )
    out.append(
        _table(
            [
                "age band",
                "women",
                "ever pregnant",
                "meet",
                "undecided",
                "primary",
                "secondary",
                "%",
            ],
            [
                [
                    b["age_band"],
                    b["women"],
                    b["ever_pregnant"],
                    b["meets"],
                    b["undecided"],
                    b["primary"],
                    b["secondary"],
                    b["prevalence_percent"],
                ]
                for b in bands
            ],
        )
    )
    gaps = profile["care_gaps"]
    out.append("<h3>Care gaps</h3>")
    out.append(
        f"<p>{counted(gaps['women_with_a_gap'], 'women')} who "
        f"{'meets' if gaps['women_with_a_gap'] == 1 else 'meet'} the definition "
        f"{'lacks' if gaps['women_with_a_gap'] == 1 else 'lack'} a result for at least one "
        "investigation this profile recommends for everyone who meets it.</p>"
    )
    if gaps.get("note"):
        out.append(f"<p class='note'><strong>{escape(gaps['note'])}</strong></p>")
    items = gaps["items"]
    if items:
        out.append(
            bar_chart(
                "Women meeting the definition without a result, by investigation",
                [i["investigation"] for i in items],
                [("without a result", [i["percent_of_women_meeting"] for i in items])],
                "% of women meeting",
            )
        )
        out.append(
            _table(
                ["investigation", "rule", "satisfied by", "women without", "%", "cited"],
                [
                    [
                        i["investigation"],
                        i["rule"],
                        ", ".join(i["satisfied_by"]) or "—",
                        i["women_without_result"],
                        i["percent_of_women_meeting"],
                        "; ".join(dict.fromkeys(i["sources"])),  # each citation once
                    ]
                    for i in items
                ],
            )
        )
    if gaps["left_out"]:
        out.append(
            "<p class='note'>Not counted as gaps because the recommendation depends on other "
            f"data in the record (see <code>rpl assess</code>): {escape(', '.join(gaps['left_out']))}.</p>"
        )
    outcomes = profile["outcomes_after_rpl"]
    out.append("<h3>Outcome of the next pregnancy after meeting the definition</h3>")
    if outcomes:
        groups = sorted({o["losses"] for o in outcomes}, key=lambda g: g.zfill(2))
        band_labels = [b for b in labels if any(o["age_band"] == b for o in outcomes)]
        series = []
        for group in groups:
            values: list[float | None] = []
            for band in band_labels:
                match = [o for o in outcomes if o["age_band"] == band and o["losses"] == group]
                values.append(match[0]["live_birth_percent"] if match else None)
            series.append(
                (
                    f"{group} losses" if group == "4 or more" else counted(int(group), "losses"),
                    values,
                )
            )
        out.append(
            bar_chart(
                "Live birth in the next pregnancy after a point at which the definition is met, "
                "by age then and by the losses counted then",
                band_labels,
                series,
                "% live birth",
            )
        )
        out.append(
            _table(
                ["age band", "losses then", "women", "next pregnancies", "live births", "%"],
                [
                    [
                        o["age_band"],
                        o["losses"],
                        o["women"],
                        o["next_pregnancies"],
                        o["live_births"],
                        o["live_birth_percent"],
                    ]
                    for o in outcomes
                ],
            )
        )
    else:
        out.append("<p>No woman met the definition for certain.</p>")
    return "\n".join(out)


def render_report(summary: dict[str, Any]) -> str:
    counts = summary["input"]
    sections = "\n".join(_profile_section(p) for p in summary["profiles"])
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>RPL registry report</title><style>{STYLE}</style></head>
<body>
<h1>Recurrent pregnancy loss: registry report</h1>
<p class="note">Counts from {counted(counts["women"], "women")} and
{counted(counts["pregnancies"], "pregnancies")}
as of {escape(summary["as_of"])}, classified by RPL Care {escape(summary["versions"]["rpl"])}
(knowledge {escape(summary["versions"]["knowledge"])}) on {escape(summary["engine"])}. Figures
describe the registry; they are not a diagnosis of any woman. Age bands follow the cited
age-specific risk figures ({escape(summary["age_bands_from"])}).</p>
{sections}
</body></html>
"""
