"""Text clean-up shared by the normalizers: full-width to half-width, whitespace."""

# U+FF01–FF5E are the full-width forms of ASCII 0x21–0x7E; U+3000 is the ideographic space.
_HALFWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def to_halfwidth(s: str) -> str:
    """``"１３８（０）ｘ"`` → ``"138(0)x"``; other characters are left alone."""
    return s.translate(_HALFWIDTH)


def squeeze_spaces(s: str) -> str:
    """Collapse every run of whitespace (including U+3000) to one space and trim both ends."""
    return " ".join(s.split())


def remove_spaces(s: str) -> str:
    return "".join(s.split())


def one_line(value) -> str:
    """A single-line field as typed: NUL bytes dropped, whitespace runs (also line breaks) made one space."""
    return " ".join(str(value or "").replace("\x00", "").split())
