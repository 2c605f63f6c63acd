"""The start of the extraction workers' fork server (``workers`` names it as the preload).

multiprocessing's fork server runs no code of ours but the imports of its preload list, so
importing this module is that start: it warms jieba with the default dictionary (``warm``).
Nothing else imports it (tests/test_layout.py); a run with another dictionary loads its own per
worker, as before.
"""

from __future__ import annotations

from .warm import warm

warm()
