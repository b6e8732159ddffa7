"""Make product descriptions from supplier feeds safe to show, and derive their plain text.

`sanitize_html` keeps an allow-list of formatting tags and drops everything else with nh3 (the
Python binding of the Rust `ammonia` sanitizer):

- kept: paragraphs, line breaks, headings h1-h6, bold/italic/underline/strike, sub/sup, lists,
  tables, blockquote, pre/code, hr, links and images;
- removed with their content: script, style, iframe, object, embed, noscript, template, svg,
  math, textarea, select and title;
- removed, content kept: every other tag (span, div wrappers from editors, font, u-styles);
- attributes: only href/title on links (http, https and mailto), src/alt/width/height on images
  (http and https only), colspan/rowspan on table cells. So class, style, id, data-* (ChatGPT's
  `data-message-id`, `data-start`), event handlers (onerror, onclick) and MS Word's `MsoNormal`
  classes are all dropped. Relative URLs and `javascript:` URLs are removed too;
- comments (including Word's `<!---->`) are removed.

Text without any tag or entity is treated as plain text: blank lines become paragraphs and single
newlines become `<br>`. The plain text keeps paragraph breaks (a blank line) and line breaks,
decodes entities (`&amp;` -> &, `&nbsp;` -> space) and collapses other whitespace as a browser
would.
"""

from __future__ import annotations

import html
import re

import nh3

_TAGS = frozenset(
    {
        "a", "b", "blockquote", "br", "caption", "code", "dd", "del", "dl", "dt", "em", "h1", "h2",
        "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "li", "ol", "p", "pre", "s", "small",
        "strike", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u",
        "ul",
    }
)  # fmt: skip
_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
_CONTENT_REMOVED = frozenset(
    {"script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math", "textarea",
     "select", "title"}
)  # fmt: skip
_URL_SCHEMES = frozenset({"http", "https", "mailto"})


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    # nh3 checks URL schemes for every URL attribute alike; images must not point at mailto:.
    if tag == "img" and attribute == "src" and not value.lower().startswith(("http://", "https://")):
        return None
    return value


# One configured cleaner: building nh3's configuration on every call costs four times the cleaning.
_CLEANER = nh3.Cleaner(
    tags=set(_TAGS),
    attributes={tag: set(names) for tag, names in _ATTRIBUTES.items()},
    clean_content_tags=set(_CONTENT_REMOVED),
    url_schemes=set(_URL_SCHEMES),
    url_relative="deny",
    strip_comments=True,
    attribute_filter=_filter_attribute,
)

_LOOKS_LIKE_HTML = re.compile(
    r"<(?:[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>|/[A-Za-z][A-Za-z0-9]*\s*>|!--)"
    r"|&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
)
_IMAGE_WITHOUT_SOURCE = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")
_WHITESPACE = re.compile(r"[ \t\r\n\f]+")
_PARAGRAPH_BREAK = re.compile(r"</?(?:p|h[1-6]|blockquote|pre|table|ul|ol|dl|hr)\b[^>]*>", re.IGNORECASE)
_LINE_BREAK = re.compile(r"<br\b[^>]*>|</(?:li|tr|dt|dd|caption)>", re.IGNORECASE)
_CELL_BREAK = re.compile(r"</t[dh]>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_SPACES_AROUND_NEWLINE = re.compile(r"[ \t]*\n[ \t]*")
_MANY_NEWLINES = re.compile(r"\n{3,}")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def sanitize_html(raw: str) -> tuple[str, str]:
    """Return (safe HTML, plain text) for a description that may be HTML or plain text."""
    if not raw or not raw.strip():
        return "", ""

    source = raw if _LOOKS_LIKE_HTML.search(raw) else text_to_html(raw)
    safe = _IMAGE_WITHOUT_SOURCE.sub("", _CLEANER.clean(source)).strip()
    return safe, html_to_text(safe)


def text_to_html(text: str) -> str:
    """Turn plain text into HTML: blank lines separate paragraphs, newlines become `<br>`."""
    paragraphs = _BLANK_LINE.split(text.replace("\r\n", "\n").replace("\r", "\n").strip())
    parts = []
    for paragraph in paragraphs:
        lines = [html.escape(line.strip(), quote=False) for line in paragraph.strip().split("\n")]
        parts.append("<p>" + "<br>".join(lines) + "</p>")
    return "".join(parts)


def html_to_text(safe_html: str) -> str:
    """Extract the plain text of HTML that `sanitize_html` produced.

    Only valid on sanitized output: that HTML has quoted attributes and escaped `<` in text, so a
    tag is exactly `<...>` and regular expressions find every one.
    """
    text = _WHITESPACE.sub(" ", safe_html)
    text = _PARAGRAPH_BREAK.sub("\n\n", text)
    text = _LINE_BREAK.sub("\n", text)
    text = _CELL_BREAK.sub(" ", text)
    text = html.unescape(_TAG.sub("", text)).replace("\u00a0", " ")

    text = _SPACES_AROUND_NEWLINE.sub("\n", text)
    return _MANY_NEWLINES.sub("\n\n", text).strip()
