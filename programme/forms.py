"""The forms of the programme pages: which period to show, and the targets."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import StyledForm
from programme.models import AT_MOST, Metric
from programme.periods import ReportPeriod, period_choices


class PeriodForm(StyledForm):
    periode = forms.ChoiceField(label=_("Periode"), required=False)

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["periode"].choices = [(p.code, p.label) for p in period_choices(today)]
        self.fields["periode"].error_messages["invalid_choice"] = _(
            "Kies een kwartaal of jaar uit de lijst."
        )
        self.today = today

    def period(self):
        code = self.cleaned_data.get("periode")
        return ReportPeriod.parse(code) if code else ReportPeriod.current(self.today)


class TargetForm(StyledForm):
    """One field per metric; empty means no target."""

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        current = {t.metric: t.value for t in targets}
        for metric in Metric:
            at_most = metric in AT_MOST
            self.fields[metric.value] = forms.DecimalField(
                label=metric.label,
                required=False,
                min_value=Decimal("0"),
                max_value=None if at_most else Decimal("100"),
                max_digits=5,
                decimal_places=1,
                initial=current.get(metric.value),
                help_text=_("Hoogstens dit aantal dagen; leeg: geen doel.")
                if at_most
                else _("Minstens dit percentage (0 tot 100); leeg: geen doel."),
                error_messages={
                    "invalid": _("Vul een getal in, bijvoorbeeld 80 of 2,5."),
                    "min_value": _("Een doel is 0 of meer."),
                    "max_value": _("Een percentage is hoogstens 100."),
                    "max_digits": _("Vul een getal in met hoogstens vier cijfers voor de komma."),
                    "max_decimal_places": _("Gebruik hoogstens één cijfer na de komma."),
                    "max_whole_digits": _(
                        "Vul een getal in met hoogstens vier cijfers voor de komma."
                    ),
                },
            )
            self.fields[metric.value].widget.attrs["class"] = "form-control"
            self.fields[metric.value].localize = True
            self.fields[metric.value].widget.is_localized = True

    def values(self):
        return {metric.value: self.cleaned_data.get(metric.value) for metric in Metric}
