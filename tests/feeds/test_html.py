from __future__ import annotations

import re

import pytest

from opendrop_kit.feeds.html import sanitize_html, text_to_html

ATTACKS = [
    '<p>Hi</p><script>alert("x")</script>',
    '<img src="https://cdn.example/a.png" onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href=" javascript:alert(1)">click</a>',
    '<a href="java&#x09;script:alert(1)">click</a>',
    '<img src="javascript:alert(1)">',
    '<svg onload="alert(1)"><circle/></svg>',
    '<iframe src="https://evil.example/"></iframe>',
    '<div style="background:url(javascript:alert(1))" onclick="alert(1)">x</div>',
    "<style>body{display:none}</style><p>x</p>",
    '<object data="https://evil.example/x.swf"></object>',
    '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
    "<form action='https://evil.example'><input name=x></form>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<scr<script>ipt>alert(1)</script>",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_nothing_executable_survives(attack: str) -> None:
    safe, _ = sanitize_html(attack)

    assert "<script" not in safe.lower()
    assert "javascript:" not in safe.lower()
    assert "data:" not in safe.lower()
    assert not re.search(r"\son\w+=", safe, re.IGNORECASE)
    assert "style=" not in safe
    assert "<iframe" not in safe
    assert "<svg" not in safe
    assert "<form" not in safe
    assert "<input" not in safe


def test_script_and_style_content_removed() -> None:
    safe, text = sanitize_html("<p>Keep</p><script>var secret = 1;</script><style>p { color: red }</style>")

    assert safe == "<p>Keep</p>"
    assert text == "Keep"


def test_editor_residue_removed() -> None:
    raw = (
        '<p data-start="0" data-end="274" class="MsoNormal" style="mso-ansi-language:SV">'
        '<span lang="SV">Where Design Meets</span> Performance<!----></p>'
        '<div data-message-author-role="assistant" data-message-id="abc-123">Answer</div>'
    )

    safe, text = sanitize_html(raw)

    assert safe == "<p>Where Design Meets Performance</p>Answer"
    assert text == "Where Design Meets Performance\n\nAnswer"


def test_links_and_images_allowed() -> None:
    raw = (
        '<p><a href="https://route.com/x" class="c">route</a> <a href="mailto:shop@example.com">mail</a> '
        '<a href="/relative">rel</a></p><img src="https://cdn.example/a.png" alt="A"><img src="mailto:x@y.z">'
    )

    safe, _ = sanitize_html(raw)

    assert '<a href="https://route.com/x" rel="noopener noreferrer">route</a>' in safe
    assert '<a href="mailto:shop@example.com" rel="noopener noreferrer">mail</a>' in safe
    assert "/relative" not in safe
    assert '<img src="https://cdn.example/a.png" alt="A">' in safe
    assert "mailto:x@y.z" not in safe


def test_plain_text_keeps_breaks_and_decodes_entities() -> None:
    raw = "<p>Tom &amp; Jerry&nbsp;shirt</p>\n  <p>Line one<br>Line two</p><ul><li>one</li><li>two</li></ul>"

    _, text = sanitize_html(raw)

    assert text == "Tom & Jerry shirt\n\nLine one\nLine two\n\none\ntwo"


def test_source_whitespace_is_not_a_line_break() -> None:
    _, text = sanitize_html("<p>Add Route at\n      checkout   to protect</p>")

    assert text == "Add Route at checkout to protect"


def test_plain_text_becomes_paragraphs() -> None:
    safe, text = sanitize_html("First line\nsecond line\n\nNew paragraph with 5 < 6 & more")

    assert safe == "<p>First line<br>second line</p><p>New paragraph with 5 &lt; 6 &amp; more</p>"
    assert text == "First line\nsecond line\n\nNew paragraph with 5 < 6 & more"


def test_text_to_html_escapes() -> None:
    assert text_to_html("<b>not bold</b>") == "<p>&lt;b&gt;not bold&lt;/b&gt;</p>"


def test_table_text() -> None:
    _, text = sanitize_html("<table><tr><th>Size</th><th>Chest</th></tr><tr><td>M</td><td>100</td></tr></table>")

    assert text == "Size Chest\nM 100"


def test_empty_input() -> None:
    assert sanitize_html("") == ("", "")
    assert sanitize_html("  \n ") == ("", "")
