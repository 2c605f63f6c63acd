"""Imported only by the extraction workers' fork server (see ``workers``): load jieba with the
default user dictionary there, once, so that every worker forked from it, including each
replacement after a crash or a timeout, starts with the dictionary already in memory instead
of spending a second or two loading it. A run with another dictionary loads its own per
worker, as before."""

from __future__ import annotations

from ..config import Settings
from ..segment import segmenter

segmenter(str(Settings().user_dict))
