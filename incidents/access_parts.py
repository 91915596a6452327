"""How the access log names the incident pages this app logs reads of."""

from django.utils.translation import gettext_lazy as _

PARTS = {"incident": _("Incidentanalyse")}
