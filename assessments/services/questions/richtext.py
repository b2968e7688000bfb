"""Question text between formats: plain text and foreign HTML (Moodle) → Wagtail rich text
(stored "database" HTML with ``<embed embedtype="image">``), and rich text → plain text or
blocks (paragraphs and images) for exports and PDFs.

Foreign HTML is reduced to a short list of tags (paragraphs, line breaks, bold, italic,
superscript, subscript, lists); everything else keeps only its text, so no script, style or
link from an imported file reaches the admin or the paper.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from lxml import etree
from lxml import html as lxml_html

INLINE = {"b": "b", "strong": "b", "i": "i", "em": "i", "sup": "sup", "sub": "sub"}
BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "pre", "blockquote"}
IMAGE_EMBED = '<embed alt="{alt}" embedtype="image" format="fullwidth" id="{id}"/>'


def plain_to_richtext(text: str) -> str:
    """Cell text → paragraphs (one per line)."""
    lines = [line.strip() for line in (text or "").replace("\r\n", "\n").split("\n")]
    return "".join(f"<p>{escape(line, quote=False)}</p>" for line in lines if line)


def html_to_richtext(source: str, *, image: Callable[[str, str], int | None] | None = None) -> str:
    """Foreign HTML → rich text. ``image(src, alt)`` returns the id of a Wagtail image for an
    ``<img>`` (or None to drop it); images become block embeds between paragraphs."""
    if not (source or "").strip():
        return ""
    try:
        root = lxml_html.fragment_fromstring(source, create_parent="div")
    except (etree.ParserError, ValueError):
        return plain_to_richtext(source)
    out: list[str] = []
    line: list[str] = []

    def flush():
        text = "".join(line).strip()
        if text and text not in ("<br/>",):
            out.append(f"<p>{text}</p>")
        line.clear()

    def walk(node):
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if tag in ("script", "style"):
            if node.tail:
                line.append(escape(node.tail, quote=False))
            return
        if tag == "img":
            flush()
            image_id = image(node.get("src", ""), node.get("alt", "")) if image else None
            if image_id:
                out.append(IMAGE_EMBED.format(alt=escape(node.get("alt", "")), id=image_id))
        elif tag == "br":
            line.append("<br/>")
        else:
            block = tag in BLOCKS
            if block:
                flush()
            wrap = INLINE.get(tag)
            if wrap:
                line.append(f"<{wrap}>")
            if node.text:
                line.append(escape(node.text, quote=False))
            for child in node:
                walk(child)
            if wrap:
                line.append(f"</{wrap}>")
            if block:
                flush()
        if node.tail and tag:
            line.append(escape(node.tail, quote=False))

    if root.text:
        line.append(escape(root.text, quote=False))
    for child in root:
        walk(child)
    flush()
    return "".join(out)


@dataclass(frozen=True)
class Block:
    """A paragraph (``markup``: reportlab's mini-HTML: b, i, super, sub, br) or an image."""

    markup: str = ""
    image_id: int | None = None


def richtext_blocks(richtext: str) -> list[Block]:
    """Stored rich text → paragraphs and images, in order."""
    if not (richtext or "").strip():
        return []
    try:
        root = lxml_html.fragment_fromstring(richtext, create_parent="div")
    except (etree.ParserError, ValueError):
        return [Block(markup=escape(richtext, quote=False))]
    blocks: list[Block] = []
    tags = {"b": "b", "i": "i", "sup": "super", "sub": "sub"}

    def inline(node) -> str:
        parts = [escape(node.text or "", quote=False)]
        for child in node:
            tag = child.tag.lower() if isinstance(child.tag, str) else ""
            if tag == "br":
                parts.append("<br/>")
            elif tag in tags:
                parts.append(f"<{tags[tag]}>{inline(child)}</{tags[tag]}>")
            elif tag != "embed":
                parts.append(inline(child))
            parts.append(escape(child.tail or "", quote=False))
        return "".join(parts)

    def walk(node):
        for child in node:
            tag = child.tag.lower() if isinstance(child.tag, str) else ""
            if tag == "embed" and child.get("embedtype") == "image":
                try:
                    blocks.append(Block(image_id=int(child.get("id"))))
                except (TypeError, ValueError):
                    pass
            elif tag in ("ul", "ol"):
                for number, item in enumerate(child, start=1):
                    mark = f"{number}. " if tag == "ol" else "• "
                    blocks.append(Block(markup=mark + inline(item)))
            else:
                markup = inline(child).strip()
                if markup:
                    blocks.append(Block(markup=markup))
                for embed in child.iter("embed"):
                    if embed.get("embedtype") == "image" and (embed.get("id") or "").isdigit():
                        blocks.append(Block(image_id=int(embed.get("id"))))

    if (root.text or "").strip():
        blocks.append(Block(markup=escape(root.text.strip(), quote=False)))
    walk(root)
    return blocks


def richtext_plain(richtext: str, *, image_mark: str = "[图]") -> str:
    """Rich text → one line of plain text (exports, lists)."""
    parts = []
    for block in richtext_blocks(richtext):
        if block.image_id is not None:
            parts.append(image_mark)
        else:
            text = lxml_html.fragment_fromstring(
                block.markup.replace("<br/>", "\n"), create_parent="div"
            ).text_content()
            parts.append(text.strip())
    return "\n".join(part for part in parts if part)
