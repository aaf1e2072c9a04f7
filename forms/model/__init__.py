"""The submission model: pydantic models of the seven tables and the 项目支出预算明细表, with no Qt anywhere."""

from .basic import (
    BASIC_CODED_FIELDS,
    BASIC_TEXT_FIELDS,
    FLAGS,
    FUNDING_SOURCES,
    NARRATIVE_GROUPS,
    NARRATIVES,
    BasicInfo,
    Flags,
    FundingYear,
    Narratives,
)
from .common import (
    Attachment,
    Citation,
    Coded,
    Narrative,
    YesNo,
    format_date,
    html_to_text,
    parse_date,
)
from .detail import (
    DETAIL_COLUMNS,
    DETAIL_SOURCES,
    DETAIL_TABLE,
    FUND_NATURES,
    SOURCE_KEYS,
    DetailAmount,
    DetailLine,
    DetailTable,
    basis_product,
)
from .money import MoneyError, capital_rmb, format_money, format_wan, parse_money
from .performance import INDICATOR_COLUMNS, AnnualGoal, Indicator, Performance, indicator_tree
from .review import (
    BudgetReview,
    BudgetReviewSection,
    ConstructionReview,
    ConstructionSection,
    ReviewGroup,
    ReviewItem,
    ScorePair,
)
from .submission import GRID_YEARS, TABLE_NAMES, TABLES, Submission, YearPlan
from .tables import (
    PROCUREMENT_COLUMNS,
    PROCUREMENT_EXTRA_COLUMNS,
    SERVICE_COLUMNS,
    SERVICE_EXTRA_COLUMNS,
    TRANSFER_COLUMNS,
    Procurement,
    ProcurementItem,
    ServiceItem,
    Services,
    TransferRegion,
    Transfers,
    TransferYear,
)
from .verified import VerifiedMark

__all__ = [name for name in dir() if not name.startswith("_")]
