"""The short written summary above the dashboard and in the report, in the reader's language:
"meldingen 12 % meer dan vorig kwartaal; dekking basistraining 64 %, laagst in eenheid X".

It only ever repeats figures the sections show: a hidden or small figure is never described,
only said to be too small to compare.
"""

from django.utils.translation import gettext as _

from programme.sections import MET, NOT_MET, days_text, percent_text


def summarise(board, *, reports, pickup, actions, coverage):
    """A few sentences, each about one part of the programme."""
    sentences = [
        _reports_sentence(board, reports),
        _pickup_sentence(pickup[1]),
        _coverage_sentence(coverage[1]),
        _actions_sentence(actions[1]),
        _targets_sentence(board),
    ]
    return [s for s in sentences if s]


def _reports_sentence(board, reports):
    now, before = reports["current"], reports["previous"]
    previous = board.period.previous_name
    if not (now.shown and before.shown) or before.count == 0:
        return _("Meldingen: te weinig om met %(previous)s te vergelijken.") % {
            "previous": previous
        }
    change = round(100 * (now.count - before.count) / before.count)
    values = {"n": abs(change), "previous": previous, "now": now.count, "before": before.count}
    if change > 0:
        text = _("Meldingen: %(n)d %% meer dan %(previous)s (%(now)d tegen %(before)d).")
    elif change < 0:
        text = _("Meldingen: %(n)d %% minder dan %(previous)s (%(now)d tegen %(before)d).")
    else:
        text = _("Meldingen: evenveel als %(previous)s (%(now)d).")
    return text % values


def _pickup_sentence(pickup):
    if pickup["median"] is None:
        return _("Oppakken van meldingen: te weinig meldingen om een tijd te noemen.")
    text = _("Mediane tijd tot oppakken %(median)s") % {"median": days_text(pickup["median"])}
    if pickup["share"] is not None:
        text += _("; %(share)s binnen 2 werkdagen opgepakt") % {
            "share": percent_text(pickup["share"])
        }
    return text + "."


def _coverage_sentence(coverage):
    shown = [
        (value, faculty.name)
        for value, faculty in zip(coverage["shares"], coverage["faculties"], strict=True)
        if value is not None
    ]
    total = coverage["total"]
    if total is None and not shown:
        return _("Dekking basistraining: te weinig medewerkers om een aandeel te tonen.")
    text = _("Dekking basistraining %(share)s") % {
        "share": percent_text(total) if total is not None else _("niet te tonen")
    }
    if len(shown) > 1:
        lowest = min(shown)
        text += _(", laagst in eenheid %(unit)s (%(share)s)") % {
            "unit": lowest[1],
            "share": percent_text(lowest[0]),
        }
    return text + "."


def _actions_sentence(actions):
    on_time, late = actions.cells
    if not (on_time.shown and late.shown):
        return _("Actiepunten: te weinig om een aandeel op tijd te tonen.")
    value = 100 * on_time.count / (on_time.count + late.count)
    return _("Actiepunten op tijd gedaan: %(share)s.") % {"share": percent_text(value)}


def _targets_sentence(board):
    judged = [line.cells[4].status for line in board.assessments]
    if not judged:
        return _("Er zijn nog geen doelen ingesteld.")
    met = judged.count(MET)
    decided = met + judged.count(NOT_MET)
    return _("Doelen: %(met)d van %(n)d behaald (%(open)d niet te beoordelen).") % {
        "met": met,
        "n": len(judged),
        "open": len(judged) - decided,
    }
