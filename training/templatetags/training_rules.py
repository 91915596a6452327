"""The certificate rule on case pages: who of the people offered lacks the certificate."""

from django import template

from training import permissions

register = template.Library()


@register.inclusion_tag("training/_certificate_rule.html")
def certificate_rule_notice(candidates):
    """A notice for the assign-handler page: in 'warn' who may be assigned without the
    certificate, in 'enforce' who cannot be assigned; nothing when the rule is off."""
    mode = permissions.certificate_rule()
    if mode == "off":
        return {"mode": mode, "missing": []}
    return {"mode": mode, "missing": permissions.users_without_certificate(candidates)}
