"""Chart geometry for the dashboard: grouped horizontal bars, one group per table row, drawn as
SVG by the template. A hidden or small figure has no bar and its size never shows; colours and
fonts come from static/programme/programme.css (classes, no style attributes)."""

LABEL_WIDTH, BAR_WIDTH, TEXT_ROOM = 190, 210, 90
BAR_HEIGHT, GAP = 18, 12


def _value(cell):
    if getattr(cell, "status", None) == "shown":
        return cell.count
    return getattr(cell, "value", None)


def chart_for(section):
    """The chart of a section, or None when it has none or is withheld."""
    if section.withheld or not section.chart:
        return None
    spec = section.chart
    rows = spec["rows"]
    series = max((len(cells) for _label, cells in rows), default=1)
    top = max((_value(c) or 0 for _label, cells in rows for c in cells), default=0) or 1
    if spec.get("unit") == "percent":
        top = 100
    group = series * BAR_HEIGHT + GAP
    groups = []
    for index, (label, cells) in enumerate(rows):
        y = index * group
        bars = []
        for n, cell in enumerate(cells):
            width = round(BAR_WIDTH * (_value(cell) or 0) / top)
            bar_y = y + n * BAR_HEIGHT
            bars.append(
                {
                    "y": bar_y,
                    "width": width,
                    "text": cell.text,
                    "text_x": LABEL_WIDTH + width + 6,
                    "text_y": bar_y + BAR_HEIGHT - 4,
                    "series": n,
                }
            )
        groups.append(
            {"label": _shorten(label), "label_y": y + series * BAR_HEIGHT / 2 + 5, "bars": bars}
        )
    return {
        "width": LABEL_WIDTH + BAR_WIDTH + TEXT_ROOM,
        "height": max(len(rows), 1) * group,
        "label_width": LABEL_WIDTH,
        "groups": groups,
        "legend": [{"label": label, "series": n} for n, label in enumerate(spec["legend"])],
        "bar_height": BAR_HEIGHT - 2,
    }


def _shorten(label, length=24):
    label = str(label)
    return label if len(label) <= length else label[: length - 1] + "…"
