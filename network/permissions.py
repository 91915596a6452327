"""Who may read and change the knowledge base and the partner register. Deny by default.

- Articles: every signed-in staff member reads the published ones (also without a role);
  the training coordinator and the functional administrator write them and also see drafts.
- Partners: the functional administrator and the contact officer manage the register; the roles
  of the careful process (counsellor, dean, care team, board) read it. Internal services are
  shown to every staff member on the support page: knowing whom to call is first-line work.
- Everyone else gets a 404 on these pages, whatever the method.
"""

from accounts.roles import RoleCode
from network.models import Article, Partner

ARTICLE_EDITORS = (RoleCode.TRAINING_COORDINATOR, RoleCode.FUNCTIONAL_ADMIN)
PARTNER_MANAGERS = (RoleCode.FUNCTIONAL_ADMIN, RoleCode.CONTACT_OFFICER)
PARTNER_READERS = (
    RoleCode.COUNSELLOR,
    RoleCode.DEAN,
    RoleCode.CARE_TEAM,
    RoleCode.BOARD,
    *PARTNER_MANAGERS,
)


def _is_staff_member(user):
    return user.is_authenticated and user.is_active and not getattr(user, "is_system", False)


def can_read_articles(user):
    return _is_staff_member(user)


def can_edit_articles(user):
    return _is_staff_member(user) and user.has_role(*ARTICLE_EDITORS)


def articles_visible_to(user):
    """Published articles for readers; editors also see what is not published yet."""
    if not can_read_articles(user):
        return Article.objects.none()
    if can_edit_articles(user):
        return Article.objects.all()
    return Article.objects.filter(is_published=True)


def can_read_partners(user):
    return _is_staff_member(user) and user.has_role(*PARTNER_READERS)


def can_manage_partners(user):
    return _is_staff_member(user) and user.has_role(*PARTNER_MANAGERS)


def partners_visible_to(user):
    """The register as this user may list it: managers see inactive partners too."""
    if can_manage_partners(user):
        return Partner.objects.all()
    if can_read_partners(user):
        return Partner.objects.filter(is_active=True)
    return Partner.objects.none()


def support_contacts_visible_to(user):
    """Partners on the support page: internal services for all staff, external for readers."""
    if not _is_staff_member(user):
        return Partner.objects.none()
    if can_read_partners(user):
        return Partner.objects.filter(is_active=True)
    return Partner.objects.filter(is_active=True, kind=Partner.Kind.INTERNAL)
