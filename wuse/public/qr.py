"""The QR code of a public link, as SVG: a file printed on posters, or an element shown on a staff page (no
``style`` attribute or element, so the strict Content-Security-Policy has nothing to refuse)."""

import io
import re

import qrcode
import qrcode.image.svg


def qr_svg(url: str, *, inline: bool = False) -> str:
    """The code as an SVG file, or (``inline``) as an element to put in a page, sized by its container."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    if inline:
        svg = svg[svg.index("<svg"):]
        svg = re.sub(r'^<svg width="[^"]*" height="[^"]*"', '<svg role="img" width="100%" height="100%"', svg)
    return svg
