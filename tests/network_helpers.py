"""Small builders for the knowledge-base and partner tests; writes go through the services."""

import datetime
from html.parser import HTMLParser

from network import services
from network.models import Article, Partner


def article_data(**overrides):
    data = {
        "title_nl": "Signalen herkennen",
        "title_en": "Recognising signals",
        "summary_nl": "",
        "summary_en": "",
        "body_nl": "Let op **verandering** in gedrag.",
        "body_en": "Watch for **change** in behaviour.",
        "category": Article.Category.SIGNALS,
        "is_published": True,
        "is_featured": False,
    }
    return {**data, **overrides}


def make_article(editor, *, slug="signalen-herkennen", reason="Nieuw artikel", **fields):
    return services.create_article(
        slug=slug, data=article_data(**fields), reason=reason, acting_user=editor
    )


def partner_data(**overrides):
    data = {
        "name": "Politie basisteam Centrum",
        "kind": Partner.Kind.EXTERNAL,
        "partner_type": Partner.Type.POLICE,
        "contact_person": "Wijkagent",
        "phone": "[vul in: telefoonnummer]",
        "email": "",
        "address": "",
        "website": "",
        "when_to_involve_nl": "Bij dreiging.",
        "when_to_involve_en": "For threats.",
        "is_active": True,
    }
    return {**data, **overrides}


def make_partner(manager, **fields):
    return services.create_partner(data=partner_data(**fields), reason="Test", acting_user=manager)


def make_agreement(manager, partner, *, name="Convenant veiligheid", starts=None, ends=None):
    data = {
        "name": name,
        "starts_on": starts or datetime.date(2024, 1, 1),
        "ends_on": ends,
        "notes": "",
    }
    return services.add_agreement(partner, data=data, reason="Test", acting_user=manager)


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements_of(html):
    """(tag, attributes) for every element in a page, as a browser's parser would see them."""
    parser = _Elements()
    parser.feed(html)
    return parser.elements
