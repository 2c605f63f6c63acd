"""Load jieba with our dictionary into a process before its first document.

Called once, explicitly, where a process starts that will segment: the extraction workers' fork
server (``preload``), so that every worker forked from it, including each replacement after a
crash or a timeout, starts with the dictionary already in memory instead of spending a second
or two loading it. Importing this module loads nothing.
"""

from __future__ import annotations

from ..config import Analysis, Settings
from ..fastcut import fast_cutter
from ..segment import segmenter


def warm(analysis: Analysis | None = None) -> None:
    """Build the segmenter for ``analysis`` (the default settings' dictionary if None), and
    the fast cut that index-mode segmentation uses (``fastcut``)."""
    user_dict = (analysis or Settings().analysis).user_dict
    segmenter(user_dict)
    fast_cutter(user_dict)
