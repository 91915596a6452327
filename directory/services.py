"""Every write of a directory import: one transaction per import, history on every row, and
exactly the plan that was previewed — or nothing."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import OrganisationUnit, RoleGrantRequest, User
from accounts.services import change_roles, change_units
from accounts.sessions import sessions_ended_together
from cases.models import Student, new_pseudonym
from core.errors import ActionRefused
from core.history import history_in_bulk, save_with_history
from core.storage import private_storage
from directory.conf import DEFAULT_MAX_LEFT_PERCENT
from directory.models import ImportKind, ImportLock, ImportRun
from directory.plans import plan_for_file
from directory.plans.base import leavers_text

BATCH = 5000  # rows per bulk call; also how often progress is reported while writing


class Reason:
    """History reasons for import runs: stored in Dutch, shown in the reader's language."""

    UPLOADED = gettext_noop("Geüpload voor een voorvertoning")
    APPLIED = gettext_noop("Import verwerkt")
    FILE_DISCARDED = gettext_noop("Bestand van een niet bevestigde voorvertoning verwijderd")


class ImportRefused(ActionRefused):
    """The import was not applied; the message says why. Nothing was written."""


class DirectoryChanged(ImportRefused):
    """The directory changed since the preview: the plan is not the one that was confirmed."""

    def __init__(self, plan):
        super().__init__(
            _(
                "Er is sinds de voorvertoning iets veranderd in de gegevens. Er is niets "
                "verwerkt; bekijk de nieuwe voorvertoning hieronder en bevestig opnieuw."
            )
        )
        self.plan = plan


class TooManyLeaving(ImportRefused):
    """A full export would mark more than the allowed share as left, and nobody confirmed
    that it should."""

    def __init__(self, plan, max_left):
        super().__init__(
            _("%(leavers)s, meer dan %(max)s %%. Er is niets verwerkt.")
            % {"leavers": leavers_text(plan), "max": max_left}
        )
        self.plan = plan


class AlreadyApplied(ImportRefused):
    """Someone confirmed this import already (a second click, a second tab)."""


class FileUnavailable(ImportRefused):
    """The stored upload is gone or no longer the file that was previewed."""


def sha256_of(data):
    return hashlib.sha256(data).hexdigest()


def _storage():
    return private_storage()


# The upload page proposes the units a student export needs; the preview shows them and the
# confirmation creates them (the commands do so only with --create-units).
UPLOADS_CREATE_UNITS = True


def plan_upload(data, run):
    """The plan of an uploaded export against the directory as it is now."""
    return plan_for_file(
        data, kind=run.kind, full_export=run.full_export, create_units=UPLOADS_CREATE_UNITS
    )


def check_leavers(plan, *, max_left, confirmed):
    """Refuse a full export that would mark more than `max_left` percent as left, unless the
    person confirmed exactly that."""
    if plan.too_many_leaving(max_left) and not confirmed:
        raise TooManyLeaving(plan, max_left)


def start_upload(*, data, file_name, kind, full_export, acting_user):
    """Keep an uploaded export for its preview; returns the run and its plan. Raises
    UnreadableFile (nothing kept) when the file as a whole cannot be used."""
    plan = plan_for_file(
        data, kind=kind, full_export=full_export, create_units=UPLOADS_CREATE_UNITS
    )
    run = ImportRun(
        kind=kind,
        full_export=full_export,
        source=ImportRun.Source.UPLOAD,
        file_name=file_name[:255],
        sha256=sha256_of(data),
        created_by=acting_user,
    )
    # The run has no id yet; a random name says nothing of whose export it is.
    name = f"imports/{secrets.token_hex(16)}.csv"
    run.stored_file = _storage().save(name, ContentFile(data))
    try:
        save_with_history(run, acting_user=acting_user, reason=Reason.UPLOADED)
    except Exception:
        _storage().delete(run.stored_file)
        raise
    return run, plan


def read_upload(run):
    """The stored file of a run, checked against the hash taken when it was uploaded."""
    if not run.stored_file or not _storage().exists(run.stored_file):
        raise FileUnavailable(
            _("Het bestand van deze voorvertoning is niet meer bewaard. Upload het opnieuw.")
        )
    with _storage().open(run.stored_file, "rb") as handle:
        data = handle.read()
    if sha256_of(data) != run.sha256:
        raise FileUnavailable(
            _("Het bewaarde bestand is niet meer het bestand dat je uploadde. Upload het opnieuw.")
        )
    return data


def apply_upload(run, *, expected_digest, acting_user, leavers_confirmed=False, progress=None):
    """Apply a previewed upload once: exactly the plan whose digest the user confirmed. Past
    the leavers threshold only when the person confirmed the leavers as well."""
    with transaction.atomic():
        _lock_kind(run.kind)
        run = ImportRun.objects.select_for_update().get(pk=run.pk)
        if run.status == ImportRun.Status.APPLIED:
            raise AlreadyApplied(_("Deze import is al verwerkt."))
        plan = _checked_plan(plan_upload(read_upload(run), run), expected_digest)
        check_leavers(plan, max_left=DEFAULT_MAX_LEFT_PERCENT, confirmed=leavers_confirmed)
        write_plan(plan, acting_user=acting_user, progress=progress)
        stored_file = run.stored_file
        run.stored_file = ""  # the data is in the directory now; the hash names the file
        _record_applied(run, plan, acting_user)
        transaction.on_commit(lambda: _storage().delete(stored_file))
    return run, plan


def apply_file(
    *,
    data,
    file_name,
    kind,
    full_export,
    expected_digest,
    acting_user,
    create_units=False,
    max_left=DEFAULT_MAX_LEFT_PERCENT,
    progress=None,
):
    """Apply an export read by a management command (the nightly job) in the same way."""
    run = ImportRun(
        kind=kind,
        full_export=full_export,
        source=ImportRun.Source.COMMAND,
        file_name=file_name[-255:],
        sha256=sha256_of(data),
        created_by=acting_user,
    )
    with transaction.atomic():
        _lock_kind(kind)
        planned = plan_for_file(data, kind=kind, full_export=full_export, create_units=create_units)
        plan = _checked_plan(planned, expected_digest)
        check_leavers(plan, max_left=max_left, confirmed=False)
        write_plan(plan, acting_user=acting_user, progress=progress)
        _record_applied(run, plan, acting_user)
    return run, plan


def _lock_kind(kind):
    # Two imports of one kind never interleave: the second waits, then plans afresh. A student
    # import may create units, so it holds the units lock too (always after its own; no
    # import takes them the other way round).
    for locked in (kind, ImportKind.UNITS) if kind == ImportKind.STUDENTS else (kind,):
        ImportLock.objects.get_or_create(kind=locked)
        ImportLock.objects.select_for_update().get(kind=locked)


def _checked_plan(plan, expected_digest):
    if plan.digest() != expected_digest:
        raise DirectoryChanged(plan)
    return plan


def _record_applied(run, plan, acting_user):
    run.status = ImportRun.Status.APPLIED
    run.applied_by = acting_user
    run.applied_at = timezone.now()
    # The file is deleted once applied: keep the rejected rows and conflicts, someone has to
    # fix them.
    rejected = [list(problem) for problem in plan.problems()]
    run.summary = {**plan.counts(), "rejected_rows": rejected}
    save_with_history(run, acting_user=acting_user, reason=Reason.APPLIED)


def write_plan(plan, *, acting_user, progress=None):
    """Write every new, changed and left row of a plan; the caller holds the transaction."""
    writer = {
        ImportKind.STUDENTS: _write_students,
        ImportKind.UNITS: _write_units,
        ImportKind.STAFF: _write_staff,
    }[plan.kind]
    writer(plan, acting_user=acting_user, progress=progress or (lambda *args: None))


# --- Students --------------------------------------------------------------------------------
#
# The one place where audited rows are written in bulk. Saving 50,000 new students one by one
# with their history row took 63 s on PostgreSQL here (2 cores, shared): past the 30 s a web
# request may take, and too close to the 2 minutes the nightly job is allowed on a machine
# whose speed swings threefold. So students go in with `bulk_create` and `bulk_update`, and
# their history rows with `core.history.history_in_bulk` in the same transaction: one
# HistoricalStudent row per student, copied from the row as written, with the acting user,
# the reason per student, the type ("+" new, "~" changed) and one shared history date. The
# audit history stays complete, which is what the rule against bulk writes protects;
# `tests/test_directory_import.py` checks it row by row. Units and staff are few and are
# saved one by one through the usual services.


def _write_students(plan, *, acting_user, progress):
    now = timezone.now()
    new_units = _create_units(plan.new_units, acting_user=acting_user)
    taken = set(Student.objects.values_list("pseudonym", flat=True))
    new = []
    for entry in plan.new:
        values = _with_programme(entry.values, new_units)
        student = Student(**values, pseudonym=_unused_pseudonym(taken))
        student._change_reason = entry.reason
        new.append(student)
    for start in range(0, len(new), BATCH):
        batch = Student.objects.bulk_create(new[start : start + BATCH])
        history_in_bulk(Student, batch, history_type="+", acting_user=acting_user, date=now)
        progress("write", min(start + BATCH, len(new)), len(new))
    _update_students(plan.changed + plan.left, new_units, acting_user=acting_user, now=now)


def _with_programme(values, new_units):
    """The values to write, with the id of a programme created by this import."""
    values = dict(values)
    if code := values.pop("new_programme", None):
        values["programme_id"] = new_units[code]
    return values


def _unused_pseudonym(taken):
    # Six characters from 32 give a billion pseudonyms; among 50,000 students a collision is
    # still likely, and one would abort the whole import on the unique constraint.
    pseudonym = new_pseudonym()
    while pseudonym in taken:
        pseudonym = new_pseudonym()
    taken.add(pseudonym)
    return pseudonym


def _update_students(entries, new_units, *, acting_user, now):
    students = Student.objects.select_for_update().in_bulk([e.pk for e in entries])
    changed = []
    for entry in entries:
        student = students[entry.pk]
        for field, value in _with_programme(entry.values, new_units).items():
            setattr(student, field, value)
        student._change_reason = entry.reason
        changed.append(student)
    fields = ["student_number", "first_name", "last_name", "programme", "is_active"]
    for start in range(0, len(changed), BATCH):
        batch = changed[start : start + BATCH]
        Student.objects.bulk_update(batch, fields)
        history_in_bulk(Student, batch, history_type="~", acting_user=acting_user, date=now)


# --- Units -----------------------------------------------------------------------------------


def _write_units(plan, *, acting_user, progress):
    ids = _create_units(plan.new, acting_user=acting_user)
    entries = plan.changed + plan.left
    units = OrganisationUnit.objects.select_for_update().in_bulk([e.pk for e in entries])
    for entry in entries:
        unit = units[entry.pk]
        unit.is_active = entry.values["is_active"]
        if "name" in entry.values:
            unit.name = entry.values["name"]
            unit.parent_id = ids.get(entry.values["parent_code"])
        save_with_history(unit, acting_user=acting_user, reason=entry.reason)
    progress("write", len(plan.new) + len(entries), len(plan.new) + len(entries))


def _create_units(entries, *, acting_user):
    """Create the planned units one by one with their history row; faculties come first in
    a plan, so programmes find their parent. Returns code → id of every unit."""
    ids = dict(OrganisationUnit.objects.values_list("code", "pk"))
    for entry in entries:
        values = entry.values
        unit = OrganisationUnit(
            code=values["code"],
            name=values["name"],
            kind=values["kind"],
            parent_id=ids.get(values["parent_code"]),
        )
        save_with_history(unit, acting_user=acting_user, reason=entry.reason)
        ids[unit.code] = unit.pk
    return ids


# --- Staff -----------------------------------------------------------------------------------


def _write_staff(plan, *, acting_user, progress):
    unit_ids = dict(OrganisationUnit.objects.values_list("code", "pk"))
    for entry in plan.new:
        user = User(username=entry.values["username"])
        user.set_unusable_password()  # they sign in through single sign-on or a reset link
        _save_person(user, entry, unit_ids, acting_user=acting_user)
    people = User.objects.select_for_update().in_bulk([e.pk for e in plan.changed + plan.left])
    with sessions_ended_together():  # one pass over the live sessions for everyone who left
        for entry in plan.changed:
            _save_person(people[entry.pk], entry, unit_ids, acting_user=acting_user)
        for entry in plan.left:
            deactivate_staff_member(people[entry.pk], acting_user=acting_user, reason=entry.reason)
    done = len(plan.new) + len(plan.changed) + len(plan.left)
    progress("write", done, done)


def _save_person(user, entry, unit_ids, *, acting_user):
    values = entry.values
    user.employee_number = values["employee_number"]
    user.first_name, user.last_name = values["first_name"], values["last_name"]
    if values["email"] is not None:
        user.email = values["email"]
    user.is_active = values["is_active"]  # out of service: their sessions end on saving
    save_with_history(user, acting_user=acting_user, reason=entry.reason)
    if user.pk == acting_user.pk:
        return  # nobody changes their own roles or units, not even through a file they upload
    how = {
        "acting_user": acting_user,
        "reason": entry.reason,
        "source": RoleGrantRequest.Source.IMPORT,
    }
    # Only the scheduled import (the system user) can be the approving source: a file someone
    # uploads by hand could say anything, so its case roles wait for a second person.
    how["source_approves"] = settings.ZW_IMPORT_APPROVES_ROLES and acting_user.is_system
    if values["units"] is not None:
        change_units(user, units=[unit_ids[code] for code in values["units"]], **how)
    if values["roles"] is not None:
        change_roles(user, codes=values["roles"], **how)


def deactivate_staff_member(user, *, acting_user, reason):
    """Deactivate an account; saving it ends all its sessions (`accounts.signals`). Nothing they
    recorded changes hands: the account stays, with its roles and units, so their cases, notes
    and history still name them. An inactive account is in no triage pool
    (`cases.permissions.eligible_handlers`) and holds no role (`User.role_codes`)."""
    user.is_active = False
    save_with_history(user, acting_user=acting_user, reason=reason, update_fields=["is_active"])


# --- Housekeeping ----------------------------------------------------------------------------


def discard_stale_uploads(*, older_than=datetime.timedelta(days=1), acting_user):
    """Delete the kept files of previews nobody confirmed: they hold personal data."""
    cutoff = timezone.now() - older_than
    stale = ImportRun.objects.filter(
        status=ImportRun.Status.PREVIEWED, created_at__lt=cutoff
    ).exclude(stored_file="")
    count = 0
    for run in stale:
        _storage().delete(run.stored_file)
        run.stored_file = ""
        save_with_history(
            run,
            acting_user=acting_user,
            reason=Reason.FILE_DISCARDED,
            update_fields=["stored_file"],
        )
        count += 1
    return count
