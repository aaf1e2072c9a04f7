"""The submission model: pydantic models of the seven tables, with no Qt anywhere."""

from .basic import (
    BASIC_CODED_FIELDS, BASIC_TEXT_FIELDS, FLAGS, FUNDING_SOURCES, NARRATIVE_GROUPS, NARRATIVES,
    BasicInfo, Flags, FundingYear, Narratives,
)
from .common import (
    Attachment, Citation, Coded, Narrative, YesNo, format_date, html_to_text, parse_date,
)
from .money import MoneyError, capital_rmb, format_money, format_wan, parse_money
from .performance import INDICATOR_COLUMNS, AnnualGoal, Indicator, Performance, indicator_tree
from .review import (
    BudgetReview, BudgetReviewSection, ConstructionReview, ConstructionSection, ReviewGroup,
    ReviewItem, ScorePair,
)
from .submission import GRID_YEARS, TABLE_NAMES, TABLES, Submission
from .tables import (
    PROCUREMENT_COLUMNS, SERVICE_COLUMNS, TRANSFER_COLUMNS, Procurement, ProcurementItem,
    ServiceItem, Services, TransferRegion, Transfers, TransferYear,
)

__all__ = [name for name in dir() if not name.startswith("_")]
