"""The artifact checker: flags machine-translation artifacts in German text.

>>> from mt.check import Checker                                        # doctest: +SKIP
>>> [f.suggestions for f in Checker().check_text("Die US -Regierung reagierte.")]   # doctest: +SKIP
[['US-Regierung']]
"""

from mt.check.checker import Checker
from mt.check.fix import apply_safe
from mt.plugins.flags import Flag

__all__ = ["Checker", "Flag", "apply_safe"]
