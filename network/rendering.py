"""Articles are written in Markdown and shown as HTML that has passed an allow-list.

Markdown itself lets raw HTML through, so its output is never trusted: nh3 (ammonia) keeps only
the tags and attributes below and drops everything else — scripts and frames with their content,
event attributes, `style`, and links to anything but web, mail and phone addresses.
"""

import markdown
import nh3
from django.utils.safestring import mark_safe
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a", "blockquote", "code", "pre",
    "table", "thead", "tbody", "tr", "th", "td", "hr", "br",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Dropped together with everything inside them, not just unwrapped.
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "noscript", "template"}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags=DROPPED_WITH_CONTENT,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel="noopener noreferrer",
    # Bootstrap's look for the few elements that need a class to read well.
    set_tag_attribute_values={
        "h2": {"class": "h4 mt-4"},
        "h3": {"class": "h5 mt-3"},
        "h4": {"class": "h6 mt-3"},
        "table": {"class": "table table-sm"},
        "blockquote": {"class": "border-start border-4 ps-3 text-body-secondary"},
    },
)


class _HeadingLevels(Treeprocessor):
    """The article's title is the page's h1, so headings in the text start at h2 and stop at h4."""

    def run(self, root):
        for element in root.iter():
            if element.tag == "h1":
                element.tag = "h2"
            elif element.tag in ("h5", "h6"):
                element.tag = "h4"


class _HeadingLevelsExtension(markdown.Extension):
    def extendMarkdown(self, md):  # noqa: N802 (Markdown's API)
        md.treeprocessors.register(_HeadingLevels(md), "zw_heading_levels", 5)


def render_markdown(text):
    """Markdown → HTML → only what the allow-list keeps; safe to put in a page."""
    html = markdown.markdown(
        text or "", extensions=["tables", "sane_lists", _HeadingLevelsExtension()]
    )
    return mark_safe(_cleaner.clean(html))  # noqa: S308 (sanitised on the line above)
