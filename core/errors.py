"""One hierarchy of domain errors. Services raise them; `core.pages` turns each into what the
person sees: a refusal into a message (or a 403), a conflict into a 409 that keeps what was
typed, an invalid change into the error of the field it is about."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _


class ActionRefused(PermissionDenied):
    """The person may see this but not do it (now); the message says why. Apps name their own
    refusals as subclasses (`LadderRefused`, `MeetingRefused`, …)."""

    default_message = _("Je mag dit niet doen.")

    def __init__(self, message=None):
        super().__init__(message or self.default_message)

    @classmethod
    def unless(cls, allowed, message=None):
        """Refuse when `allowed` is false: `LadderRefused.unless(can_step_down(user, case), …)`."""
        if not allowed:
            raise cls(message)


class EditConflict(Exception):
    """Someone else changed the object since this form was opened. `current_version` is the
    version now in the database, so the form can be sent again knowingly."""

    default_message = _(
        "Iemand anders heeft dit net gewijzigd. Bekijk de nieuwe versie en probeer het opnieuw; "
        "je invoer staat nog in het formulier."
    )

    def __init__(self, message=None, *, current_version=None):
        super().__init__(message or self.default_message)
        self.current_version = current_version

    def __str__(self):
        return str(self.args[0])


class InvalidChange(ValueError):
    """The change breaks a rule across objects; `field` names the form field it is about."""

    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.field = field

    def __str__(self):
        return str(self.args[0])
