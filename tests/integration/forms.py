"""Read the fields of an HTML form, as a browser would submit them (for end-to-end tests)."""
from __future__ import annotations

from html.parser import HTMLParser


class FormFields(HTMLParser):
    """Collects name/value pairs of inputs, checked boxes, selected options and textareas."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._select: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "input" and "name" in a and self._wanted(a):
            self.fields.append((a["name"], a.get("value", "")))
        elif tag == "textarea" and "name" in a:
            self._textarea, self._text = a["name"], []
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, "".join(self._text)))
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    @staticmethod
    def _wanted(attrs: dict[str, str]) -> bool:
        """Unchecked boxes and submit buttons are not submitted."""
        kind = attrs.get("type", "text")
        if kind in {"checkbox", "radio"}:
            return "checked" in attrs
        return kind not in {"submit", "button", "reset"}


def form_fields(html: str) -> list[tuple[str, str]]:
    """All submitted fields of the page's forms, in order."""
    parser = FormFields()
    parser.feed(html)
    return parser.fields
