"""The completion rate in words, one wording for every place that shows it beside the totals (the portfolio's
totals bar, the dashboard's card).

The rate is over a subset: the projects whose estimated total is known (and not zero) and whose completed
investment has been reported (portfolio_totals.PortfolioTotals.completion_rate). Beside a completed total that also
counts projects without an estimate, an unqualified rate reads as a contradiction (11.11 ÷ 402.18 is not 15.5%),
so the rate always names its subset and how many projects are in it, as the PDF report does.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.core import number_format
from app.core.portfolio_totals import PortfolioTotals
from app.ui.models import QT_TRANSLATE_NOOP

_RATE = QT_TRANSLATE_NOOP("TotalsText", "完成率 %1（按 %2 个概算总投资已知且已报送完成投资的项目计算）")


def completion_rate(totals: PortfolioTotals) -> str:
    """'完成率 15.5%（按 7 个概算总投资已知且已报送完成投资的项目计算）', or '' when no project is in the subset."""
    if totals.completion_rate is None:
        return ""
    text = QCoreApplication.translate("TotalsText", _RATE)
    return text.replace("%1", number_format.rate(totals.completion_rate)).replace("%2", str(totals.rate_count))
