"""Enumerations: the members of a 分别/各 list paired with what they refer to.

"铜、铝和锌产量分别增长5%、3%和2%" pairs each value with a list item (`ItemPairing`);
"2025年、2026年分别下调…" with a period (`PeriodPairing`); "X达到A，Y约B，年均分别增长c和d"
with the statements before it in the sentence (`StatementRef`, resolved when the figure is
read into a `StatementPairing`). A count mismatch pairs nothing: the members are dropped
(`Dropped`) and the mismatch is diagnosed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Union

from . import lexicon
from .candidates import ENUM_SEPARATORS, Candidate
from .keywords import CHANGE_WORDS, COMMODITIES, INDICATORS, PAIRED_INDICATORS, PARTNERS, REGION_PATTERN, commodity_hits
from .model import Figure
from .naming import COMPOUND_KEYWORDS
from .periods import Period, year_period
from .text import Sentence

CLAUSE_DELIMS = "，,；;：:。！？!?\n"


@dataclass(frozen=True)
class ItemPairing:
    text: str  # the list item this member refers to
    list_start: int  # view offset of the clause holding the list
    names: tuple[str, ...]  # every item of the list


@dataclass(frozen=True)
class PeriodPairing:
    period: Period


@dataclass(frozen=True)
class StatementRef:
    position: int  # which of the `count` statements before the list
    count: int


@dataclass(frozen=True)
class StatementPairing:
    indicator: str | None
    subject: str | None
    category: str
    flow: str | None


@dataclass(frozen=True)
class Dropped:
    """A member of an enumeration whose list could not be paired: no figure."""


Pairing = Union[ItemPairing, PeriodPairing, StatementRef, StatementPairing, Dropped]

_GAP_NOISE = re.compile(r"[（）()\s+\-−－]")  # brackets, spaces and the signs of signed members
_MARKER = re.compile(r"分别|各(?=占|为|是|增长|下降|达|约)")
_YEAR = re.compile(r"(\d{4})年")
_YEAR_LIST = re.compile(r"(\d{4})年(?:[、和与及](\d{4})年)+")
_YEAR_PAIR = re.compile(r"\d{4}年[、和与及]\d{4}年")
_AND = re.compile(r"[和与及]")
_AND_WORDS = re.compile(r"和|与|及")
_LIST_SEPARATORS = re.compile(r"、|和|及|以及")
_TAIL_SEPARATORS = re.compile(r"和|及|以及|与")
# 有 opens a list (有A、B) but is also the first character of 有色 (有色金属进口额指数)
_FIRST_ITEM_BOUNDARY = re.compile(r"[的对是为在从]|有(?!色)")
_FIRST_LISTED_BOUNDARY = re.compile(r"[的对是为在从，]|有(?!色)|其中")
_NAMED_LIST = re.compile(r"分别(?:是|为)(.+)$")
_VALUE = re.compile(r"[-+−]?[0-9０-９]")
_UNIT_AFTER_VALUE = re.compile(r"[-+−]?[0-9０-９.]+(?:%|bps?|pcts?|个百分点|[万亿]?元|[万亿]?吨)$")
_PAIRED = re.compile("(" + "|".join(sorted(PAIRED_INDICATORS, key=len, reverse=True)) + r")(?:均|同比)?$")
_ITEM_LEADING_PERIOD = re.compile(r"^(\d+月份?|[一二三四]季度|前\d+个月|\d{4}年|今年|去年|同期|[昨今当本前]日|[本上]周|[本上]月)+")
_ITEM_LEADING_WORDS = re.compile(r"^(其中|以及|包括|是|为|有(?!色)|对|在|从|和|与|及|中|我国|全国|，|,)+")
# The last list member ends where the shared predicate begins (…锌等主要金属产量分别).
# A list member that opens with a good, a contract (沪铜), a partner or a place (焦炭期货…): what a
# list of values without 分别 can be paired with.
_CONTRACTS = (phrase for phrase, (_, subject) in COMPOUND_KEYWORDS.items() if phrase == subject)
_NAMED_GOOD_OR_PLACE = re.compile("|".join(sorted(map(re.escape, (*COMMODITIES.phrases, *PARTNERS.phrases,
                                                                  *_CONTRACTS)),
                                                  key=len, reverse=True)) + "|" + REGION_PATTERN.pattern)
_PREDICATE_START = re.compile(
    r"等|同比|环比|的|均|分别|各|年均|比|较|占|实现|完成|进出口|出口|进口|产量|"
    r"销售收入|综合能耗|能耗|冶炼产能|产能|外采率|依存度|增速|销量|产销|价格|进口均价|期货|现货|主力|合约|收盘|收报|报价|涨跌|涨幅|跌幅|库存")


# Names written A/B/C (隔夜/7天/1月, 1个月/1年期/10年期) list their members as plainly as 、 does;
# the values listed against them the same way (543bps/877bps/926bps) pair one to one.
_SLASH_NAMES = re.compile(r"[^/／，,；;：:。！？\s]{1,10}(?:\s*[/／]\s*[^/／，,；;：:。！？\s]{1,10})+")
_SLASH = re.compile(r"\s*[/／]\s*")


def is_enumerated(norm: str, previous: Candidate, c: Candidate) -> bool:
    """Whether `c` follows `previous` as the next member of a list (、, 和, 与 …)."""
    return _GAP_NOISE.sub("", norm[previous.unit_end:c.start]) in ENUM_SEPARATORS


def clause_start(norm: str, s0: int, pos: int) -> int:
    i = pos - 1
    while i >= s0 and norm[i] not in CLAUSE_DELIMS:
        i -= 1
    return i + 1


def plan_enumerations(norm: str, sent: Sentence, cands: list[Candidate],
                      diagnostics: list[str], view_text: str) -> dict[int, Pairing]:
    """Pair the members of 分别/各 enumerations with the list they refer to: position of the
    member in `cands` -> its pairing."""
    plan: dict[int, Pairing] = {}
    used_lists: list[list] = []
    slash_lists: list[list] = []
    i = 0
    while i < len(cands):
        c = cands[i]
        marker = _enum_marker(norm, clause_start(norm, sent.start, c.start), c.start)
        j = i + 1
        while j < len(cands) and is_enumerated(norm, cands[j - 1], cands[j]):
            j += 1
        members = range(i, j)
        n = len(members)
        slashed = None
        if n > 1 and _SLASH.fullmatch(_GAP_NOISE.sub("", norm[cands[i].unit_end:cands[i + 1].start]) or " "):
            slashed = _slash_names(norm, clause_start(norm, sent.start, c.start), c.start, n) \
                or next((l for l in reversed(slash_lists) if len(l) == n), None)
        if slashed is not None:
            slash_lists.append(slashed)
            used_lists.append(slashed)
            names = tuple(it.text for it in slashed)
            for k, item in zip(members, slashed):
                plan[k] = ItemPairing(item.text, item.list_start, names)
            i = j
            continue
        if marker is None:
            # values listed against a list of names without 分别 (动力煤、焦煤和焦炭期货周涨跌+1.65%、
            # -7.47%和-10.63%) pair one to one when the counts agree; otherwise nothing is paired;
            # pairs the next list of values of the sentence too (…现价57.36和63.40美元/桶，周涨幅-1.71%和-0.52%)
            items = _list_before(norm, sent.start, _list_end(norm, sent.start, c.start), n) if n > 1 else None
            if items is None and n > 1:
                items = next((l for l in reversed(used_lists) if len(l) == n), None)
            if items is not None and len(items) == n and all(isinstance(it, ItemPairing) for it in items):
                items = _classes_named(_aligned(items))
            if items is not None and len(items) == n and all(isinstance(it, ItemPairing) for it in items) and (
                    all(_NAMED_GOOD_OR_PLACE.match(it.text) or _CLASS_NAME.search(it.text) or _PORT.search(it.text)
                        for it in items)):
                used_lists.append(items)
                names = tuple(it.text for it in items)
                for k, item in zip(members, items):
                    plan[k] = ItemPairing(item.text, item.list_start, names)
                i = j
            else:
                i += 1
            continue
        items: list | None = _list_before(norm, sent.start, marker, n)
        if items is None:  # 分别拉动铜、铝消费年均增长3%和2.5%: the goods after 分别
            items = _goods_run(norm, marker, c.start, n, last=False)
        if items is None and used_lists:
            items = next((l for l in reversed(used_lists) if len(l) == n), None)
        if items is None:  # 全球铜、铝需求中，…占比将分别从17%、15%…: the goods of an earlier clause
            items = _goods_run(norm, sent.start, clause_start(norm, sent.start, marker), n, last=True)
        if items is None and n > 1:
            items = _period_list(norm, sent.start, marker)
        if items is None and n > 1:
            # resolved when the figure is read: the statements before it in the sentence
            items = [StatementRef(k, n) for k in range(n)]
        if items is not None:
            if len(items) != n:
                diagnostics.append(
                    f"enumeration not paired: {len(items)} items, {n} values: "
                    f"{view_text[max(sent.start, marker - 30):cands[j - 1].unit_end]}")
                for k in members:
                    plan[k] = Dropped()
            else:
                used_lists.append(items)
                names = tuple(it.text for it in items if isinstance(it, ItemPairing))
                for k, item in zip(members, items):
                    plan[k] = ItemPairing(item.text, item.list_start, names) if isinstance(item, ItemPairing) else item
        i = j
    return plan


def previous_statements(figures: list[Figure], sentence_start: int, n: int, position: int) -> list[StatementPairing] | None:
    """The level statements earlier in the sentence (X达到A，Y约B，年均分别增长c和d), before the list
    whose member at `position` is being read (the members before it are the last figures read)."""
    statements = []
    for f in figures[len(figures) - position - 1::-1]:
        if f.char_start < sentence_start:
            break
        if f.measure in ("level", "share_pct", "rate_pct", "target", "forecast"):
            statements.append(f)
    statements.reverse()
    if len(statements) == n and len({(f.indicator_zh, f.subject_zh) for f in statements}) == n:
        return [StatementPairing(f.indicator_zh, f.subject_zh, f.category, f.flow) for f in statements]
    return None


def _slash_names(norm: str, start: int, end: int, n: int) -> list[ItemPairing] | None:
    """The n names written A/B/C in norm[start:end], the last one cut where its predicate begins
    (1月上升: 1月)."""
    found = None
    for found in _SLASH_NAMES.finditer(norm, start, end):
        pass
    if found is None:
        return None
    names = _SLASH.split(found.group())
    last = _cut_last(names[-1])
    ending = next((h for h in (*CHANGE_WORDS.leftmost_longest(last), *INDICATORS.leftmost_longest(last))
                   if h.start > 0), None)
    names[-1] = last[:ending.start] if ending is not None else last
    names = [name.replace(" ", "") for name in names]
    names[0] = _trim_item(names[0]) or names[0]  # 本周镍豆: 镍豆; 3月 stays a name
    if len(names) != n or not all(names) or any(_VALUE.match(name) and _UNIT_AFTER_VALUE.match(name) for name in names):
        return None
    return [ItemPairing(name, start, ()) for name in names]


_GOODS_JOIN = re.compile(r"\s*(?:、|和|及|与|以及)\s*")


def _goods_run(norm: str, start: int, end: int, n: int, last: bool) -> list[ItemPairing] | None:
    """A list of exactly n goods joined by 、/和/及 in norm[start:end] (the first such list, or the
    last one when `last`), as the list a 分别 enumeration pairs its values with when its own clause
    names none before the marker."""
    runs: list[list] = []
    for hit in commodity_hits(norm, start, end):
        if runs and _GOODS_JOIN.fullmatch(norm, runs[-1][-1].end, hit.start):
            runs[-1].append(hit)
        else:
            runs.append([hit])
    lists = [run for run in runs if len(run) > 1]
    if not lists:
        return None
    run = lists[-1] if last else lists[0]
    if len(run) != n:
        return None
    return [ItemPairing(hit.word, start, ()) for hit in run]


# 皇岛港和曹妃甸港煤炭库存周涨跌+2.64%和-1.39%: ports each with their value (gold guide: an enumeration of ports)
_PORT_SUFFIXES = lexicon.words("subjects", kind="port_suffix")
_PORT = re.compile(rf"[\u4e00-\u9fff]{{2,6}}(?:{'|'.join(map(re.escape, _PORT_SUFFIXES))})$")


def _aligned(items: list[ItemPairing]) -> list[ItemPairing]:
    """The last member cut after its port when the first member is a port (曹妃甸港|煤炭库存)."""
    last = items[-1].text
    port = _PORT.search(items[0].text)
    if port is not None:
        suffix = next(w for w in _PORT_SUFFIXES if items[0].text.endswith(w))
        at = last.find(suffix)
        if 0 < at < len(last) - len(suffix):
            last = last[:at + len(suffix)]
    if not last or last == items[-1].text:
        return items
    return [*items[:-1], ItemPairing(last, items[-1].list_start, items[-1].names)]


# 纺织和服装类出口同比+10.9%和+4.8%: classes of goods (纺织类, 服装类), the class word written once after the last
_CLASS_WORDS = tuple(sorted(lexicon.words("subjects", kind="class_suffix"), key=len, reverse=True))
_CLASS_NAME = re.compile(rf"[\u4e00-\u9fff]+(?:{'|'.join(map(re.escape, _CLASS_WORDS))})$")


def _classes_named(items: list[ItemPairing]) -> list[ItemPairing]:
    """Items of which only the last ends with a class word: the others take it too."""
    last = _CLASS_NAME.search(items[-1].text)
    if last is None or any(_CLASS_NAME.search(it.text) for it in items[:-1]):
        return items
    word = next(w for w in _CLASS_WORDS if items[-1].text.endswith(w))
    return [ItemPairing(it.text + word, it.list_start, it.names) for it in items[:-1]] + [items[-1]]


def _period_list(norm: str, s0: int, marker: int) -> list[PeriodPairing] | None:
    """A list of periods earlier in the sentence (2025年、2026年…分别下调…)."""
    lists = list(_YEAR_LIST.finditer(norm, s0, marker))
    if not lists:
        return None
    return [PeriodPairing(year_period(int(y))) for y in _YEAR.findall(lists[-1].group())]


def _list_end(norm: str, s0: int, pos: int) -> int:
    """Where a list of names before the value at `pos` ends: before the predicate its clause
    states (…焦炭期货周涨跌+|1.65%), i.e. at the first predicate word after the list's last
    separator."""
    start = clause_start(norm, s0, pos)
    last_separator = max(norm.rfind("、", start, pos), max((norm.rfind(w, start, pos) for w in ("和", "及", "与")),
                                                         default=-1))
    if last_separator < 0:
        return pos
    for m in _PREDICATE_START.finditer(norm, last_separator + 1, pos):
        return m.start()
    return pos


def _enum_marker(norm: str, start: int, pos: int) -> int | None:
    """Position of 分别/各 governing the number at `pos`, if in its clause."""
    found = None
    for found in _MARKER.finditer(norm, start, pos):
        pass
    return None if found is None else found.start()


def _trim_item(item: str) -> str:
    item = _ITEM_LEADING_PERIOD.sub("", item)
    item = _ITEM_LEADING_WORDS.sub("", item)
    return item.strip("“”\"' ")


def _list_before(norm: str, s0: int, marker: int, n: int) -> list | None:
    """The list of items (A、B和C) closest before the enumeration marker in the sentence; None
    when there is none."""
    start = clause_start(norm, s0, marker)
    seg = norm[start:marker]
    paired = _PAIRED.search(seg)
    if paired and n == 2:
        return [ItemPairing(word, start, ()) for word in PAIRED_INDICATORS[paired.group(1)]]
    if "、" not in seg and not _AND.search(seg):
        # the list may be in the clause before: "分别是A、B、C，增幅分别是…"
        prev_end = start - 1
        if prev_end <= s0:
            return None
        prev_start = clause_start(norm, s0, prev_end)
        named = _NAMED_LIST.search(norm[prev_start:prev_end])
        if named and _LIST_SEPARATORS.search(named.group(1)):
            items = [_trim_item(x) for x in _LIST_SEPARATORS.split(named.group(1))]
            if any(_VALUE.match(x) for x in items):
                return None  # 分别为796万吨、3141万吨: a list of values, never of names
            return [ItemPairing(x, prev_start, ()) for x in items if x]
        return None
    # period lists: 2025年、2026年
    years = _YEAR.findall(seg)
    if len(years) >= 2 and _YEAR_PAIR.search(seg):
        return [PeriodPairing(year_period(int(y))) for y in years]
    if "、" not in seg:
        parts = _AND_WORDS.split(seg)
        if len(parts) != 2:
            return None
        # first item: the tail of the text before 和 after the last boundary
        first = _FIRST_ITEM_BOUNDARY.split(parts[0])[-1]
        items = _cut_alike(_long_item_from_good(_trim_item(first)), parts[1])
        if not all(items):
            return None
        return [ItemPairing(x, start, ()) for x in items]
    # any piece may hold a 和/及: the list's last join, or the join of two lists that each end in
    # their own qualifier (沪铜、沪铝主力6月合约及沪镍、沪锡主力7月合约), cut off below
    body = [item for piece in seg.split("、") for item in _TAIL_SEPARATORS.split(piece)]
    first = _FIRST_LISTED_BOUNDARY.split(body[0])[-1]
    # every member ends where its predicate begins (铜产量、铝产量和锌产量分别…: 铜, 铝, 锌); the
    # first one once the period or filler before it is trimmed (5月份进出口: 进出口, not 5月份)
    body = [_cut_last(_trim_item(_long_item_from_good(first, fallback=first))), *map(_cut_last, body[1:])]
    items = _shared_modifier(_goods_list([_trim_item(x) for x in body]))
    if not all(items):
        return None
    return [ItemPairing(x, start, ()) for x in items]


def _long_item_from_good(item: str, fallback: str | None = None) -> str:
    """A first item longer than a name (the words before the list run into it) starts at the
    last good it names (…本月有色金属出口额指数 -> 有色金属出口额指数); with no good named, its
    last eight characters unless a `fallback` is given."""
    if len(item) <= 8:
        return item
    named = COMMODITIES.leftmost_longest(item)
    if named:
        return item[named[-1].start:]
    return item[-8:] if fallback is None else fallback


def _cut_alike(first: str, second: str) -> list[str]:
    """The two members of A和B…: when both end in the same quantity (再生铜产量和再生铝产量,
    天齐锂业营业收入和赣锋锂业营业收入) they are what comes before it; otherwise the first stays whole
    (有色金属出口额指数和进口额指数 name two quantities) and the second ends where its predicate begins."""
    quantity = _quantity_ending(first)
    if quantity is not None and quantity == _quantity_ending(second):
        return [first[:-len(quantity)], second[:-len(quantity)]]
    first_cut, second_cut = _cut_last(first), _cut_last(second)
    if first_cut != first and first[len(first_cut):] == second[len(second_cut):]:
        return [first_cut, second_cut]  # the same predicate after both (电解铝库存量和氧化铝库存量)
    return [first, second_cut]


def _quantity_ending(item: str) -> str | None:
    """The run of indicator keywords an item ends with (出口额指数, 营业收入), when words come before it."""
    hits = INDICATORS.leftmost_longest(item)
    if not hits or hits[-1].end != len(item):
        return None
    start = hits[-1].start
    for hit in reversed(hits[:-1]):
        if hit.end != start:
            break
        start = hit.start
    return item[start:] if start > 0 else None


def _goods_list(items: list[str]) -> list[str]:
    """A list of goods (紫金矿业金、铜、锌三大主营业务): when the members between the first and the
    last are goods alone (or, of two, the other one is), the first member is the good it ends with
    and the last the good it begins with, the words around them being the list's owner and its
    predicate; a list of segments (铜冶炼和锌冶炼) stays as written."""
    first, last = items[0], items[-1]
    inner = items[1:-1] if len(items) > 2 else []
    if not all(item in COMMODITIES for item in inner):
        return items
    if first not in COMMODITIES and (inner or last in COMMODITIES):
        ending = [h for h in COMMODITIES.leftmost_longest(first) if h.end == len(first)]
        if ending:
            items[0] = ending[-1].word
    if len(items) > 1 and last not in COMMODITIES and (inner or first in COMMODITIES):
        match = COMMODITIES.match_at(last, 0)
        if match:
            items[-1] = match
    return items


def _shared_modifier(items: list[str]) -> list[str]:
    """A modifier written once before a list of goods qualifies each (再生铜、铝、铅: 再生铝 and
    再生铅), when every good so qualified is a good of its own; otherwise (原铝、铜: no 原铜) the
    list stays as written."""
    first, rest = items[0], items[1:]
    if not rest or not all(item in COMMODITIES for item in rest):
        return items
    prefix = next((first[:k] for k in range(1, len(first)) if first[k:] in COMMODITIES), None)
    if prefix is None or any(item.startswith(prefix) for item in rest):
        return items
    qualified = [prefix + item for item in rest]
    return [first, *qualified] if all(item in COMMODITIES for item in qualified) else items


def _cut_last(item: str) -> str:
    for m in _PREDICATE_START.finditer(item):
        if m.start() > 0:
            return item[:m.start()]
    return item
