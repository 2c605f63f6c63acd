"""Traditional script (繁體: 港澳 and Taiwan-facing notices): the rules read a simplified shadow
of the text, and the values they find are shown as the document writes them.

``to_simplified`` folds one character into one character, so a value found at a position of the
shadow is the same span of the original. The 发文字号 is the exception: it is stored folded
(``港府发〔2024〕3号``, so a simplified query finds it) and its written form (``港府發〔2024〕3號``)
is kept in ``Document.extra["doc_number_written"]`` for display.
"""

from __future__ import annotations

import re

from ...textnorm import find_doc_numbers, normalize_doc_number, to_simplified


class Script:
    """The original text and its simplified shadow (same length, position for position)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.shadow = to_simplified(text)
        self.traditional = self.shadow != text
        self._compact: tuple[str, str] | None = None

    def written(self, value: str | None) -> str | None:
        """``value`` (read from the shadow) as the original writes it; unchanged when the text
        is simplified or the value cannot be found."""
        if not value or not self.traditional:
            return value
        at = self.shadow.find(value)
        if at >= 0:
            return self.text[at : at + len(value)]
        shadow, text = self._compacts()
        at = shadow.find(value)
        return text[at : at + len(value)] if at >= 0 else value

    def written_list(self, values: list[str]) -> list[str]:
        return [self.written(v) or v for v in values]

    def number_written(self, canonical: str | None) -> str | None:
        """The 发文字号 as the text writes it ("港府發〔2024〕3號"), when that differs from the
        folded canonical form the index stores."""
        if not canonical or not self.traditional:
            return None
        for m in find_doc_numbers(self.shadow):
            if m.canonical() == canonical or canonical.endswith(m.canonical()):
                written = re.sub(r"\s+", "", self.text[m.start : m.end])
                return written if written != canonical else None
        return None

    def _compacts(self) -> tuple[str, str]:
        if self._compact is None:
            keep = [i for i, c in enumerate(self.text) if not c.isspace()]
            self._compact = (
                "".join(self.shadow[i] for i in keep),
                "".join(self.text[i] for i in keep),
            )
        return self._compact


def fold_doc_number(raw: str) -> tuple[str | None, str | None]:
    """A given 发文字号 → (canonical folded form or None, written form when it differs)."""
    canonical = normalize_doc_number(raw)
    written = re.sub(r"\s+", "", raw)
    if canonical and to_simplified(raw) != raw and written != canonical:
        return canonical, written
    return canonical, None
