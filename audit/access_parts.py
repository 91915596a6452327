"""How the access log names its own pages: reading the log is logged too."""

from django.utils.translation import gettext_lazy as _

PARTS = {
    "access_log": _("Toegangslogboek"),
    "access_log_export": _("Export van het toegangslogboek"),
    "access_anomalies": _("Signalen van ongewone toegang"),
}
