from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.http import Http404
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts import outbox
from accounts.models import OrganisationUnit, Role, RoleGrantRequest, User
from accounts.roles import CASE_REACHING_ROLES
from accounts.services import change_roles, change_units
from accounts.tasks import send_password_link

admin.site.unregister(Group)  # roles are managed through Role; groups are their mechanism


ADMIN_REASON = "Gewijzigd in beheer"
ADMIN = RoleGrantRequest.Source.ADMIN
PERSON_FIELDS = ["first_name", "last_name", "email", "phone", "employee_number"]


class AccountForm(forms.ModelForm):
    """An account as the administrator sees it: no password field at all (a person sets their
    own from a link by e-mail); roles and units are applied by the services, not by the form."""

    class Meta:
        model = User
        fields = ["username", *PERSON_FIELDS, "groups", "units", "is_active", "language"]


class AccountCreationForm(AccountForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True  # where the link to set a password goes


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    """Accounts. Four eyes on roles: the form never grants a role that reaches case content
    (saving it asks a second person, `accounts.services.change_roles`); nobody edits their own
    roles or units; nobody sets another person's password (a link by e-mail instead)."""

    form = AccountForm
    add_form = AccountCreationForm
    add_form_template = None  # Django's says "first, enter a username and password"
    list_display = ["username", "first_name", "last_name", "email", "is_active"]
    list_filter = ["is_active", "groups__role", "units"]
    search_fields = ["username", "first_name", "last_name", "email", "employee_number"]
    filter_horizontal = ["groups", "units"]
    actions = ["send_password_link"]
    fieldsets = [
        (None, {"fields": ["username"]}),
        (_("Persoon"), {"fields": PERSON_FIELDS}),
        (_("Rollen en eenheden"), {"fields": ["groups", "units"], "description": _(
            "Een rol met toegang tot casussen of het toegangslogboek wordt een aanvraag die een "
            "tweede persoon goedkeurt (een andere functioneel beheerder of de functionaris "
            "gegevensbescherming). Intrekken gaat direct. Je eigen rollen en eenheden wijzig "
            "je niet."
        )}),
        (_("Account"), {"fields": ["is_active", "language", "last_login", "date_joined"]}),
    ]  # fmt: skip
    add_fieldsets = [
        (None, {"fields": ["username", *PERSON_FIELDS]}),
        (_("Rollen en eenheden"), {"fields": ["groups", "units"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(is_system=False)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.pk:
            fields += ["groups", "units"]  # nobody changes their own roles or units
        if obj is not None and obj.has_role(*CASE_REACHING_ROLES):
            # The link to set a password goes to this address: changing it would hand the
            # account to whoever reads the new one. It comes from the staff import.
            fields += ["email"]
        return fields

    def user_change_password(self, request, id, form_url=""):
        raise Http404  # nobody sets another person's password: `send_password_link`

    def save_model(self, request, obj, form, change):
        if not change:
            obj.set_unusable_password()
        super().save_model(request, obj, form, change)
        if not change:
            outbox.enqueue(send_password_link, obj.pk)

    def save_related(self, request, form, formsets, change):
        roles = form.cleaned_data.pop("groups", None)
        units = form.cleaned_data.pop("units", None)
        super().save_related(request, form, formsets, change)
        user = form.instance
        how = {"acting_user": request.user, "reason": ADMIN_REASON, "source": ADMIN}
        made = []
        if units is not None:  # first: a role approved later reaches the units shown with it
            made += change_units(user, units=list(units), **how)
        if roles is not None:
            made += change_roles(user, codes=[group.role.code for group in roles], **how)
        if made:
            self._say_who_approves(request, made)

    def _say_who_approves(self, request, made):
        asked = ", ".join(str(r.role.label) if r.role else gettext("eenheden") for r in made)
        messages.warning(
            request,
            format_html(
                gettext(
                    "Aangevraagd: {asked}. Dit geldt pas als een tweede persoon het goedkeurt: een "
                    "andere functioneel beheerder of de functionaris gegevensbescherming, op de "
                    'pagina <a href="{url}">Rollen</a>.'
                ),
                asked=asked,
                url=reverse("accounts:role_requests"),
            ),
        )

    @admin.action(description=_("Stuur een link om zelf een wachtwoord in te stellen"))
    def send_password_link(self, request, queryset):
        sent = 0
        for user in queryset.filter(is_active=True).exclude(email=""):
            outbox.enqueue(send_password_link, user.pk)
            self.log_change(request, user, "Link om een wachtwoord in te stellen verstuurd")
            sent += 1
        messages.success(request, gettext("Link verstuurd naar %(n)d account(s).") % {"n": sent})

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            kwargs["queryset"] = Group.objects.filter(role__isnull=False).select_related("role")
            kwargs["label"] = _("Rollen")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Role)
class RoleAdmin(SimpleHistoryAdmin):
    list_display = ["code", "label_nl", "label_en"]
    fields = ["code", "label_nl", "label_en", "description_nl", "description_en"]
    readonly_fields = ["code"]

    def has_add_permission(self, request):
        return False  # the ten roles are fixed in code; only their labels are data

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OrganisationUnit)
class OrganisationUnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    list_select_related = ["parent"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]

    def has_delete_permission(self, request, obj=None):
        return False  # units are deactivated, never deleted: cases and staff refer to them
