"""How the access log names a subject-access request's search and exports."""

from django.utils.translation import gettext_lazy as _

PARTS = {
    "subject_access_search": _("Inzageverzoek: student zoeken"),
    "subject_access_json": _("Inzageverzoek: export (JSON)"),
    "subject_access_pdf": _("Inzageverzoek: export (PDF)"),
}
