"""Reading rendered pages the way a visitor sees them."""

from html.parser import HTMLParser

VOID_ELEMENTS = {
    *("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"),
    *("track", "wbr"),
}


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.texts: list[tuple[tuple[tuple[str, dict[str, str]], ...], str]] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID_ELEMENTS:
            self.stack.append((tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        text = data.strip()
        if text and not any(tag in {"script", "style"} for tag, _ in self.stack):
            self.texts.append((tuple(self.stack), text))


def text_nodes(html: str, *, inside: str) -> list[tuple[list[str], str]]:
    """Every visible text inside the first ``<inside>`` element, with the tags and classes
    around it (``["main", "article.content-page", "h1"]``)."""
    parser = _TextCollector()
    parser.feed(html)
    found = []
    for stack, text in parser.texts:
        names = [_name(tag, attrs) for tag, attrs in stack]
        if any(name.split(".")[0] == inside for name in names):
            found.append((names, text))
    return found


def _name(tag: str, attrs: dict[str, str]) -> str:
    return tag + "".join(f".{name}" for name in attrs.get("class", "").split())


def element_text(html: str, *, inside: str) -> str:
    return " ".join(text for _, text in text_nodes(html, inside=inside))
