"""Of-which (其中) linking: a part stated after 其中 points to its whole.

The whole is the nearest figure before the 其中 of the same family and measure that is not
itself a part; a part takes the subject its clause opens with. A 其中 group goes on into the
next sentence of its paragraph while that sentence opens with a parallel part.
"""

from __future__ import annotations

import re
from dataclasses import replace

from . import lexicon
from .candidates import Candidate
from .context import OfWhichGroup, ReadingContext
from .enumerations import clause_start
from .keywords import INDICATORS, category_of, is_firm, is_region, part_opener
from .matcher import Hit
from .model import Figure
from .subjects import project_name
from .text import Sentence, View

LEVEL_MEASURES = ("level", "target", "forecast")
# A capacity written as an attribute of the thing rated (800立方米浮选机, 120万千瓦项目).
RATED_AFTER = re.compile(
    r"^[\u4e00-\u9fff]{0,4}?(?:" + "|".join(map(re.escape, lexicon.words("subjects", kind="rated_thing"))) + ")")
_PART_LEAD = re.compile(r"^\s*(?:其中)?[，,\s]*")
MAX_DISTANCE = 600  # characters between a whole and the 其中 of its parts


def clause_opens_part(text: str) -> bool:
    """A part clause that opens with its own indicator (其中，出口A；进口B) is a new part, not the
    growth of the part before it."""
    lead = _PART_LEAD.match(text)
    return INDICATORS.match_at(text, lead.end()) is not None


def continued_group(context: ReadingContext, norm: str, sent: Sentence, c: Candidate, fig: Figure) -> int | None:
    """The 其中 of the group this sentence goes on with (…其中，一般贸易进出口A。同期，加工贸易进出口B):
    while its opening figure is parallel to the group's first part (same category, flow,
    measure and unit) and opens with its own name."""
    group = context.group
    if group is None:
        return None
    if part_opener(norm[clause_start(norm, sent.start, c.start):c.start]) is None:
        return None
    if group.paragraph != sent.paragraph:
        return None
    first = group.first
    if (fig.category, fig.flow, fig.measure, fig.unit_base) != (
            first.category, first.flow, first.measure, first.unit_base):
        return None
    return group.position


def _rating_in_name(view: View, f: Figure) -> bool:
    after = view.reading[f.char_end:f.char_end + 16].lstrip()
    if f.unit and after.startswith(f.unit):
        after = after[len(f.unit):]
    return f.category == "capacity" and bool(RATED_AFTER.match(after))


def _same_family(whole: Figure, part: Figure) -> bool:
    """A whole measures what its part measures: the same category and unit; of trade, the same
    flow or the total of both flows, except for a balance (顺差, 逆差: exports less imports), which
    is no part of the total even when it is listed after its 其中."""
    if whole.category != part.category or whole.unit_base != part.unit_base:
        return False
    if part.category == "trade" and whole.flow not in ((part.flow,) if part.flow == "balance" else (part.flow, "total")):
        return False
    return True


def parent_of(view: View, figures: list[Figure], parents: list[int | None], fig: Figure, qpos: int,
              first_whole: int | None) -> int | None:
    """The whole a part stated after the 其中 at `qpos` belongs to: the nearest figure before it
    of the same family and measure that is not itself a part of an earlier group (a sibling)
    and, for a level, is not smaller than the part. Once the group's first part has its whole
    (`first_whole`), no later part's whole stands before it: a part that is not of that whole
    (贸易顺差 listed after 出口 and 进口 of the trade total) is of no whole in this group, not of
    a figure further back (a headline's). A growth rate of a part whose level was
    stated in the group links to the growth rate stated with that level's whole."""
    q_orig = view.index[qpos]
    if fig.measure not in LEVEL_MEASURES:
        level = next((i for i in range(len(figures) - 1, -1, -1)
                      if figures[i].char_start >= q_orig and figures[i].measure in LEVEL_MEASURES), None)
        if level is not None and parents[level] is not None:
            whole = parents[level]
            for j in range(whole + 1, len(figures)):
                g = figures[j]
                if g.char_start >= q_orig or g.measure in LEVEL_MEASURES:
                    break  # the whole's growth is stated before the next level
                if g.measure == fig.measure and _same_family(g, fig):
                    return j
    for i in range(len(figures) - 1, -1, -1):
        f = figures[i]
        if f.char_start >= q_orig:
            continue
        if q_orig - f.char_start > MAX_DISTANCE:
            break
        if parents[i] is not None:
            continue  # a part of an earlier group, a sibling of this part's whole at most
        if _rating_in_name(view, f):
            continue  # 120万千瓦项目: the rating that names a project, not a total
        if f.measure != fig.measure or not _same_family(f, fig):
            continue
        if fig.measure in LEVEL_MEASURES and f.value_base is not None and fig.value_base is not None \
                and abs(fig.value_base) > abs(f.value_base):
            continue  # a part never exceeds its whole
        return i if first_whole is None or i >= first_whole else None
    return None


# subjects a part's clause does not override: a deal term's company, a list member's own name, a trade
# partner (其中，前两个月来自于美国的废铜进口量: 美国)
_SHARE_OPENING = "占"
_NAMED_SINCE_FIGURE_BEFORE = "subject:sentence_opening"
_OWN_SUBJECT_RULES = frozenset(("subject:deal_target", "subject:stake_target", "subject:member_name",
                                "subject:list_member_statement",
                                "subject:trade_partner"))


def part_subject(view: View, figures: list[Figure], sent: Sentence, c: Candidate, qpos: int, fig: Figure,
                 parent: int | None, subjects: list[Hit]) -> Figure:
    """A part is about what its clause opens with (其中，独立矿山企业实现利润…: 独立矿山企业), else
    a subject named in its clause after the 其中, else it goes on the part before it in the
    group (出口A，增长b), else it shares its whole's subject (其中，出口A: of 非洲 trade)."""
    if _OWN_SUBJECT_RULES.intersection(fig.rules):
        return fig  # 其中洛克伍德拟以每股6.5加元的对价…收购泰利森: a deal's term is about the company bought
    norm = view.norm
    start = max(clause_start(norm, sent.start, c.start), qpos + 2 if qpos >= sent.start else sent.start)
    subject = part_opener(norm[start:c.start])
    if subject is not None and fig.subject_zh is not None and fig.subject_zh.startswith((subject + "、", subject + "和")):
        return fig  # 其中，零售业、住宿业等行业…: the coordination the part opens with, not its first member
    q_orig = view.index[qpos]
    if subject is None and norm.startswith(_SHARE_OPENING, start) and figures and figures[-1].char_start >= q_orig:
        return replace(fig, subject_zh=figures[-1].subject_zh, scope=figures[-1].scope)  # …为7.8万吨，占…总量的24%:
        # the share of the part before it, not of the whole named after 占
    if subject is None:
        subject = next((h.word for h in reversed(subjects) if start <= h.start and h.end <= c.start), None)
    if subject is None:
        # (…年均复合增长率约3%；而电池行业对锂的需求量…，其年均复合增长率将达到22.3%: a clause between them names
        # a part of its own, which the subject rules read)
        if figures and figures[-1].char_start >= q_orig and not clause_opens_part(norm[start:c.start]) \
                and _NAMED_SINCE_FIGURE_BEFORE not in fig.rules:
            subject = figures[-1].subject_zh
        elif parent is not None:
            subject = figures[parent].subject_zh
        else:
            subject = fig.subject_zh
    if subject == fig.subject_zh or (fig.subject_zh is not None and subject is not None
                                     and subject in fig.subject_zh and project_name(fig.subject_zh)):
        return fig  # 其中，包头铝业达茂旗120万千瓦项目总规模为…: the project its clause names, not a firm or good in its name
    scope = fig.scope
    if is_firm(subject):
        scope = "firm"
    elif is_region(subject):
        scope = "regional"
    return replace(fig, subject_zh=subject, scope=scope)


def open_group(context: ReadingContext, position: int, paragraph: int, fig: Figure, parent: int | None) -> None:
    if context.group is None or context.group.position != position:
        context.group = OfWhichGroup(position, paragraph, fig, parent)


def group_whole(context: ReadingContext, position: int) -> int | None:
    """The whole of the first part of the 其中 group at `position`, once it has one."""
    group = context.group
    return group.whole if group is not None and group.position == position else None


def part_of_whole_quantity(fig: Figure, whole: Figure) -> Figure:
    """A part takes its whole's indicator, the part being the subject (gold guide: 民间 固定资产投资):
    其中住宅投资 of 房地产开发投资 is 房地产开发投资 of 住宅, 住宅销售额 of 商品房销售额 is 商品房销售额 of
    住宅. Only when both name the same quantity: the part's name ends with a keyword the whole's
    name also ends with, of the same flow
    (出口额, export, is no part of 进出口额, total trade)."""
    part, whole_name = fig.indicator_zh, whole.indicator_zh
    if not part or not whole_name or part == whole_name:
        return fig
    named = whole.subject_zh
    if named and len(part) > len(named) and part.endswith(named) and _last_keyword(named) is not None:
        # a part of a part named by its quantity (商品零售…，其中限额以上单位商品零售): that quantity, of the part
        return replace(fig, indicator_zh=named)
    whole_keyword = _last_keyword(whole_name)
    shared = _keyword_shared(part, whole_keyword) if whole_keyword is not None else None
    if shared is None or category_of(shared)[1] != category_of(whole_keyword)[1]:
        return fig
    own = part[:len(part) - len(shared)]
    # the part's own name before the shared keyword, unless its clause named another subject than the whole's
    subject = own if own and fig.subject_zh in (None, whole.subject_zh) else fig.subject_zh
    return replace(fig, indicator_zh=whole_name, subject_zh=subject)


def breakdown_part_named_by_quantity(fig: Figure, whole: Figure) -> Figure:
    """A part of a breakdown whose clause opens with a quantity of its own name (按消费类型分，餐饮收入2886亿元；
    商品零售24393亿元, parts of 消费品零售额) is that part of the whole's quantity: the name is its subject,
    the whole's name its indicator (the subject rules gave it its own name as subject). Only for parts of
    the same category and base unit as the whole; trade flows are parts by their flow, not by name."""
    if fig.subject_zh != fig.indicator_zh or not fig.indicator_zh or not whole.indicator_zh \
            or fig.indicator_zh == whole.indicator_zh or fig.category != whole.category \
            or fig.category == "trade" or fig.unit_base != whole.unit_base:
        return fig
    return replace(fig, indicator_zh=whole.indicator_zh, subject_zh=fig.indicator_zh)


def _keyword_shared(part: str, whole_keyword: str) -> str | None:
    """The longest keyword the part's name ends with that also ends the whole's keyword: 销售额 of
    住宅销售额 and 商品房销售额, though 住宅销售额 is a keyword of its own."""
    return next((part[k:] for k in range(len(part)) if part[k:] in INDICATORS and whole_keyword.endswith(part[k:])),
                None)


def _last_keyword(name: str) -> str | None:
    """The keyword a quantity's name ends with (房地产开发投资: 投资; 进出口额: 进出口额)."""
    return next((h.word for h in reversed(INDICATORS.leftmost_longest(name)) if h.end == len(name)), None)
