"""How the access log names the ladder's pages this app logs reads of."""

from django.utils.translation import gettext_lazy as _

PARTS = {
    "take": _("Casus oppakken"),
    "assign_handler": _("Behandelaar toewijzen"),
    "framework1_form": _("Afwegingskader 1 invullen"),
    "framework1": _("Afwegingskader 1"),
    "framework2_form": _("Afwegingskader 2 invullen"),
    "framework2": _("Afwegingskader 2"),
    "escalation_form": _("Opschaling aanvragen"),
    "escalation_request": _("Verzoek tot opschaling"),
    "step_down_form": _("Afschalen"),
    "close_form": _("Casus sluiten"),
    "reopen_form": _("Casus heropenen"),
    "acute_form": _("Acuut risico melden"),
    "emergency": _("Actie hulpdiensten (112)"),
    "disclosure_form": _("Verstrekking aanvragen"),
    "disclosure": _("Verstrekking"),
    "disclosure_decide": _("Besluit over verstrekking"),
    "disclosure_submit": _("Verstrekking aanbieden"),
    "disclosure_withdraw": _("Verstrekking intrekken"),
    "disclosure_carry_out": _("Uitvoering van verstrekking"),
    "disclosure_package_pdf": _("Pakket van verstrekking (PDF)"),
    "dean_inbox": _("Verzoeken tot opschaling (decaan)"),
    "board_inbox": _("College van Bestuur: wachtende besluiten"),
    "contact_list": _("Uit te voeren verstrekkingen"),
}
