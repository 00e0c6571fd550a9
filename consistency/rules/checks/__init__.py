"""The built-in check kinds, by name. A rule file names one; its `params` are validated
against the kind's own parameter schema."""

from __future__ import annotations

from consistency.rules.checks.agreement import AsOfLag, Conflict, Monotonic, Scale
from consistency.rules.checks.arithmetic import Change, Multiplier, PartWhole, Ratio, Share, ShareTotal, Sum
from consistency.rules.checks.base import CheckKind
from consistency.rules.checks.calendar import Clock, Duration, FuturePast, ImpossibleDate, Weekday
from consistency.rules.checks.conversion import Conversion
from consistency.rules.checks.facts import FactArticle, FactStory
from consistency.rules.checks.lists import ListCount
from consistency.rules.checks.ordinals import Ordinal
from consistency.rules.checks.people import Age, AgeDrift
from consistency.rules.checks.tallies import TallyArticle, TallyBody, TallyShareCheck, TallyStory

KINDS: dict[str, CheckKind] = {
    kind.name: kind()
    for kind in (
        Age,
        AgeDrift,
        AsOfLag,
        Change,
        Clock,
        Conflict,
        Conversion,
        Duration,
        FactArticle,
        FactStory,
        FuturePast,
        ImpossibleDate,
        ListCount,
        Monotonic,
        Multiplier,
        Ordinal,
        PartWhole,
        Ratio,
        Scale,
        Share,
        ShareTotal,
        Sum,
        TallyArticle,
        TallyBody,
        TallyShareCheck,
        TallyStory,
        Weekday,
    )
}
