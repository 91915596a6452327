"""How the access log names the parts of the case file this app logs reads of."""

from django.utils.translation import gettext_lazy as _

PARTS = {
    "detail": _("Casuspagina"),
    "history": _("Geschiedenis van de casus"),
    "timeline_form": _("Tijdlijnregel vastleggen"),
    "attachment_form": _("Bijlage toevoegen"),
    "attachment": _("Bijlage"),
    "team": _("Casusteam"),
    "link_student": _("Student koppelen"),
    "list:mijn": _("Lijst: mijn casussen"),
    "list:triage": _("Lijst: triage"),
    "list:alle": _("Lijst: alle casussen"),
    "my_reports": _("Mijn meldingen"),
    "report_received": _("Melding ontvangen"),
}
