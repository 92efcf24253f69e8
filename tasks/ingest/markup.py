"""HTML inside a field (a JSON `content`, a CSV cell, a feed item's summary) to plain text."""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser

# A value is markup when it holds a tag that news HTML is made of; "a < b" or "<3" are not.
_TAG = re.compile(r"</?(?:p|br|div|span|a|em|strong|b|i|u|li|ul|ol|h[1-6]|blockquote|figure|figcaption|img|"
                  r"section|article|table|tr|td)\b[^<>]*>", re.I)
_ENTITY = re.compile(r"&(?:[a-z]{2,8}|#\d{2,6}|#x[0-9a-f]{2,5});", re.I)
_BLOCKS = {"p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figure",
           "figcaption", "section", "article", "header", "footer", "table", "tr", "pre", "hr", "dd", "dt"}
_SKIPPED = {"script", "style", "noscript", "template", "iframe", "svg", "button", "form"}


def markup_text(value: str) -> str:
    """The text of an HTML fragment: block elements become line breaks (one paragraph a line, as the
    cleaner keeps them), other white space is a space, entities are decoded, scripts and styles are
    dropped. Text with entities but no tags ("AT&amp;T") keeps its lines; other text is unchanged."""
    if _TAG.search(value) is None:
        return html.unescape(value) if _ENTITY.search(value) else value
    parser = _TextParser()
    parser.feed(value)
    parser.close()
    return "".join(parser.parts)


class _TextParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data.replace("\n", " "))
