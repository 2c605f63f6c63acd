"""The current version of a law before its superseded versions (issue 11 item 6).

Versions of one law share their title and most of their text, so a query matches them about
equally; BM25's length normalisation then tends to put the shorter, older text first (the newer
one carries one more 修正 line). A citizen should meet the text in force. This reorders one
page of relevance-ranked hits: an older version whose newer version scores within
``TOLERANCE`` of it moves just below that newer version. Clearly better matches keep their
place: the reorder never lifts a document by more than the tolerance.
"""

from __future__ import annotations

from .models import Hit

TOLERANCE = 0.05  # 5 %: the two versions of the test law differ by 3 % on the same words


def current_versions_first(hits: list[Hit]) -> list[Hit]:
    """``hits`` with each superseded version placed after its near-equal newer version."""
    ordered = list(hits)
    for hit in hits:
        newer = set(hit.doc.superseded_by)
        if not newer:
            continue
        at = ordered.index(hit)
        later = [
            i
            for i, other in enumerate(ordered[at + 1 :], start=at + 1)
            if other.doc.doc_id in newer and other.score >= hit.score * (1 - TOLERANCE)
        ]
        if later:
            ordered.insert(later[-1], ordered.pop(at))
    return ordered
