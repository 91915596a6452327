"""The filters of the trends page: a span of whole months and, if wanted, one faculty."""

import datetime
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import OrganisationUnit
from core.dates import add_months
from core.forms import QuickSelect, StyledForm
from overleg.trends import DEFAULT_MONTHS, MAX_MONTHS, Filters, Period, months_between

_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


class MonthInput(forms.TextInput):
    input_type = "month"


class MonthField(forms.Field):
    """A month as 2026-03 (what a browser's month picker sends); the first day of that month."""

    widget = MonthInput
    default_error_messages = {
        "invalid": _("Vul een maand in als jaar-maand, bijvoorbeeld 2026-03."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        match = _MONTH.match(str(value))
        year, month = (int(part) for part in match.groups()) if match else (0, 0)
        if not (2000 <= year <= 2100 and 1 <= month <= 12):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return datetime.date(year, month, 1)

    def prepare_value(self, value):
        return f"{value:%Y-%m}" if isinstance(value, datetime.date) else value


class TrendFilterForm(StyledForm):
    van = MonthField(label=_("Van maand"), required=False)
    tot = MonthField(label=_("Tot en met maand"), required=False)
    eenheid = forms.ModelChoiceField(
        label=_("Eenheid"),
        required=False,
        queryset=OrganisationUnit.objects.filter(kind=OrganisationUnit.Kind.FACULTY).order_by(
            "name"
        ),
        empty_label=_("Alle faculteiten"),
        error_messages={"invalid_choice": _("Kies een faculteit uit de lijst.")},
        widget=QuickSelect,  # a national instance has hundreds of faculties
    )

    def clean(self):
        data = super().clean()
        first, last = data.get("van"), data.get("tot")
        if first and last and first > last:
            raise forms.ValidationError(_("De eerste maand ligt na de laatste maand."))
        if first and last and months_between(first, last) >= MAX_MONTHS:
            raise forms.ValidationError(
                _("Kies hoogstens %(n)d maanden tegelijk.") % {"n": MAX_MONTHS}
            )
        return data

    def filters(self):
        """The chosen filters; a missing month makes a span of twelve, ending this month at most."""
        first, last = self.cleaned_data.get("van"), self.cleaned_data.get("tot")
        this_month = Period.last_months(1).last
        if first is None:
            last = last or this_month
            first = add_months(last, -(DEFAULT_MONTHS - 1))
        elif last is None:
            last = max(first, min(add_months(first, DEFAULT_MONTHS - 1), this_month))
        return Filters(period=Period(first=first, last=last), faculty=self.cleaned_data["eenheid"])
