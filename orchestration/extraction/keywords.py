"""Keywords and subjects of a stretch of text: indicator phrasings, change words, commodities,
regions, partners, firms and segments, found with the lexicon's matchers."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from . import lexicon
from .matcher import Hit, PhraseMatcher

HAN = "\u4e00-\u9fff"


def is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _alternatives(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# --- indicators ----------------------------------------------------------------------------
INDICATOR_MEANINGS: dict[str, tuple[str, str | None]] = {
    e.phrase: (e["category"], e["flow"] or None) for e in lexicon.entries("indicators", matched_in="text")}
INDICATORS = PhraseMatcher(INDICATOR_MEANINGS)
TRADE_NAMES: dict[tuple[str, str], str] = {
    (e.phrase, counts): e["name"] for counts in ("money", "mass") for e in lexicon.entries("trade_names", counts=counts)}
PAIRED_INDICATORS: dict[str, tuple[str, str]] = {
    e.phrase: (e["first"], e["second"]) for e in lexicon.entries("paired_indicators")}

# Parenthetical remarks (含储量, 以WO3计) qualify a quantity; they do not name it; nor do phrases
# that hold an indicator word but name no quantity (markers not_indicator: 规模以上 and 限额以上
# population qualifiers, 投资企业 a kind of firm): indicator keywords are read on a copy of the
# text with them masked.
INDICATOR_MASKS = re.compile(
    r"按[^，。；,;]{0,14}计算|扣除物价因素|物价因素|不变价格?|可比价格?|价格因素|下同|[（(][^（）()，。]{1,12}[）)]")
_NOT_INDICATORS = PhraseMatcher(lexicon.words("markers", marker="not_indicator"))
MASK = "□"


def masked(norm: str) -> str:
    """`norm` with the remarks and the phrases naming no quantity masked; such a phrase written inside
    a longer keyword (价值 of 权益价值) is the keyword's and stays."""
    text = INDICATOR_MASKS.sub(lambda m: MASK * len(m.group()), norm)
    phrases = _NOT_INDICATORS.leftmost_longest(text)
    if not phrases:
        return text
    keywords = INDICATORS.longest_first(text)
    # keywords do not overlap: only the last one starting at or before a phrase can hold it
    keyword_starts = [k.start for k in keywords]
    chars = list(text)
    for phrase in phrases:
        k = bisect_right(keyword_starts, phrase.start) - 1
        keyword = keywords[k] if k >= 0 else None
        if not (keyword is not None and phrase.end <= keyword.end
                and keyword.end - keyword.start > phrase.end - phrase.start):
            chars[phrase.start:phrase.end] = MASK * (phrase.end - phrase.start)
    return "".join(chars)


# A remark in brackets (含进口货物增值税11.4亿元) names its own figures, not those after it closes.
_ASIDE = re.compile(r"[（(][^（）()]*[）)]")


def closed_asides(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """The bracketed remarks that open and close between `start` and `end`."""
    return [m.span() for m in _ASIDE.finditer(norm, start, end)]


def indicator_hits(ind_norm: str, start: int, end: int) -> list[Hit]:
    return INDICATORS.longest_first(ind_norm, start, end)


def category_of(keyword: str) -> tuple[str, str | None]:
    return INDICATOR_MEANINGS[keyword]


# Table labels are read with more words than running text: short ones (碳, 贸易, 费用) that in
# a header or row label name a quantity but in a sentence would mostly not.
LABEL_MEANINGS: dict[str, tuple[str, str | None]] = {
    **INDICATOR_MEANINGS,
    **{e.phrase: (e["category"], e["flow"] or None) for e in lexicon.entries("indicators", matched_in="labels")}}
LABEL_INDICATORS = PhraseMatcher(LABEL_MEANINGS)


def _head_meaning(text: str, matcher: PhraseMatcher, meanings: dict) -> tuple[str, str | None] | None:
    # a share "A占B比重" measures its part A (研发支出占主营业务收入比重 is R&D, not revenue)
    part, share, _ = text.partition("占")
    for phrase in ((part, text) if share else (text,)):
        hits = matcher.longest_first(phrase)
        if hits:
            return meanings[hits[-1].word]
    return None


def classify(indicator: str) -> tuple[str, str | None] | None:
    """The category and flow of an indicator phrasing of running text: those of its head, the
    last keyword in it (生产成本 is a cost, 铜材出口依存度 a dependence rate), of the part of a
    share; None when it holds no keyword."""
    return _head_meaning(indicator, INDICATORS, INDICATOR_MEANINGS)


def classify_label(label: str) -> tuple[str, str | None] | None:
    """As `classify`, for a table label (header, row label, caption)."""
    return _head_meaning(label, LABEL_INDICATORS, LABEL_MEANINGS)


def scope_of_subject(subject: str | None) -> str:
    """The scope a subject gives its figure on its own: a firm, a region, a place abroad."""
    if is_firm(subject):
        return "firm"
    if is_region(subject):
        return "regional"
    if subject and any(w in subject for w in WORLD_WORDS):
        return "world"
    return "national"


# --- change words ----------------------------------------------------------------------------
CHANGE_ROLES: dict[str, str] = {
    w: role for role in ("rise", "fall", "reach", "neutral", "premium", "negative")
    for w in lexicon.words("changes", role=role)}
CHANGE_WORDS = PhraseMatcher(w for w, role in CHANGE_ROLES.items() if role in ("rise", "fall"))
SIGNED_WORDS = PhraseMatcher(CHANGE_ROLES)
FLAT_WORDS = lexicon.words("changes", role="flat")

# --- subjects -----------------------------------------------------------------------------
COMMODITIES = PhraseMatcher(lexicon.words("subjects", kind="commodity"))
PARTNERS = PhraseMatcher(lexicon.words("subjects", kind="partner"))
WORLD_WORDS = lexicon.words("subjects", kind="world")
NATIONAL_WORDS = lexicon.words("subjects", kind="national")
_REGION_SUFFIX_FREE = ("地区", "三角", "大湾区", "经济带", "京津冀")  # names that take no 省/市
REGION_NAMES = PhraseMatcher(lexicon.words("subjects", kind="region"))
REGION_PATTERN = re.compile("|".join(sorted(
    (re.escape(r) + ("" if r.endswith(_REGION_SUFFIX_FREE) else
                     f"(?:{_alternatives(lexicon.words('subjects', kind='province_suffix'))})?")
     for r in lexicon.words("subjects", kind="region")), key=len, reverse=True)))
REGION_SUFFIX = re.compile(rf"[{HAN}]{{2,6}}?(?:{_alternatives(lexicon.words('subjects', kind='place_suffix'))})")
FIRM_SUFFIX = re.compile(_alternatives(lexicon.words("subjects", kind="firm_suffix")))
# 矿业权 holds the suffix 矿业 but ends no firm's name: what follows a suffix in such a word stops the match
_NOT_FIRM_TAILS = sorted({w[len(f):] for w in lexicon.words("subjects", kind="not_firm_word")
                          for f in lexicon.words("subjects", kind="firm_suffix") if w.startswith(f) and len(w) > len(f)},
                         key=len, reverse=True)
FIRM_PATTERN = re.compile(rf"[{HAN}A-Za-z（）()]{{2,16}}?(?:{FIRM_SUFFIX.pattern})(?!{_alternatives(_NOT_FIRM_TAILS)})")
SINGLE_METAL_BLOCKS: dict[tuple[str, str], str] = {
    (e.phrase, side): e["characters"] for side in ("after", "before") for e in lexicon.entries("single_metal_blocks", side=side)}

# --- segments and part openers (其中 parts) -----------------------------------------------------
SEGMENT_HEADS = lexicon.words("subjects", kind="segment_head")
SEGMENT_HEAD = re.compile(_alternatives(SEGMENT_HEADS))
SEGMENT_PATTERN = re.compile(rf"[{HAN}]{{1,8}}?(?:{SEGMENT_HEAD.pattern})")
INDUSTRY_WIDE_WORDS = lexicon.words("subjects", kind="industry_wide")
# Where a segment's name begins: after a particle, a conjunction or a verb (实现综合集成企业).
SEGMENT_BOUNDARY = re.compile(r"[的对是为在从有和与及、因由将被把向]|实现|完成|开展|推动|包括|通过|带动|支持|鼓励|引导")
# Words a clause may open with before its subject (其中，5月份外资企业…; 同期，加工贸易…).
SUBJECT_LEADING_FILLERS = re.compile(
    r"^(?:其中|同期|同时|此外|另外|期间|以及|我国|全国|中国|和|与|及|对|其|的|是|为|有|从|在|，|,|\s)+")
# words opening a clause with where its figure comes from (按照中国人民银行公告的…汇率): no part
_SOURCE_OPENERS = tuple(lexicon.words("subjects", kind="source_opener"))
# Where the opening noun phrase of a part clause ends: its verb, its indicator or a change word.
# 贡献率, 拉动: the name of a contribution to growth is a quantity, no part of the part's name (其中5月份贡献率高达76.9%)
# and 年均, 年复合 open its growth rate (其中…，年均复合增长率约3%)
# a keyword naming a material a quantity measures (固废), which after a modifier closes the subject's name (工业固废)
MATERIAL_KEYWORDS = PhraseMatcher(lexicon.words("subjects", kind="material_keyword"))
PART_OPENER_END = re.compile(r"包括|实现|完成|累计|达到|达|为|是|占|的|对|共|合计|约|同比|环比|年均|年复合|比|较|贡献率|拉动")
_NOT_HAN = re.compile(rf"[^{HAN}]")
_LEADING_PERIOD = re.compile(
    r"^(?:\d{1,2}(?:-\d{1,2})?月份?|前\d{1,2}个月|[一二三四]季度|[上下]半年|全年|今年|去年|同期|\d{4}年|，|,|\s)+")


def commodity_hits(norm: str, s: int = 0, e: int | None = None) -> list[Hit]:
    """The commodities named in norm[s:e], left to right, the longest at each position; a
    one-character metal only where it is not part of a longer word (金额, 铜陵, 中铝)."""
    out = []
    for hit in COMMODITIES.leftmost_longest(norm, s, e):
        w = hit.word
        if len(w) == 1:
            nxt = norm[hit.end:hit.end + 1]
            prv = norm[hit.start - 1:hit.start] if hit.start > 0 else ""
            if nxt and nxt in SINGLE_METAL_BLOCKS.get((w, "after"), ""):
                continue
            if prv and prv in SINGLE_METAL_BLOCKS.get((w, "before"), ""):
                continue
        out.append(hit)
    return out


def subject_hits(norm: str, s: int, e: int) -> list[Hit]:
    """Every subject named in norm[s:e]: commodities, partners, firms, regions and segments,
    ordered by start, the longer first at one start."""
    out = commodity_hits(norm, s, e)
    out.extend(PARTNERS.all_hits(norm, s, e))
    # the patterns below are slow; each needs a word a quick search finds first
    out.extend(firm_hits(norm, s, e))
    if REGION_NAMES.first_start(norm, s, e) is not None:
        for m in REGION_PATTERN.finditer(norm, s, e):
            out.append(Hit(m.start(), m.end(), m.group()))
    if SEGMENT_HEAD.search(norm, s, e):
        for m in SEGMENT_PATTERN.finditer(norm, s, e):
            seg = segment(m.group())
            if seg:
                out.append(Hit(m.end() - len(seg), m.end(), seg))
    out.sort(key=lambda h: (h.start, -(h.end - h.start)))
    return out


def firm_hits(text: str, s: int = 0, e: int | None = None) -> list[Hit]:
    e = len(text) if e is None else e
    if not FIRM_SUFFIX.search(text, s, e):
        return []
    return [Hit(m.start(), m.end(), m.group()) for m in FIRM_PATTERN.finditer(text, s, e)]


def names_region(text: str) -> bool:
    """Whether a region of China is named in `text`."""
    return REGION_NAMES.first_start(text) is not None and REGION_PATTERN.search(text) is not None


@lru_cache(maxsize=4096)
def is_region(subject: str | None) -> bool:
    return bool(subject) and bool(REGION_SUFFIX.fullmatch(subject) or REGION_PATTERN.fullmatch(subject))


@lru_cache(maxsize=4096)
def is_firm(subject: str | None) -> bool:
    return bool(subject) and bool(FIRM_PATTERN.fullmatch(subject))


def segment(phrase: str) -> str | None:
    """A segment of the industry or of trade (外资企业, 一般贸易) named by `phrase`: its tail after
    the last word boundary or keyword; None when it names the whole industry or is an indicator
    itself (货物贸易)."""
    if any(w in phrase for w in INDUSTRY_WIDE_WORDS):
        return None
    tail = SEGMENT_BOUNDARY.split(phrase)[-1]
    keywords = INDICATORS.leftmost_longest(tail)
    if keywords and keywords[-1].end < len(tail) - 2:
        tail = tail[keywords[-1].end:]
    tail = SUBJECT_LEADING_FILLERS.sub("", tail)
    head = next((h for h in SEGMENT_HEADS if tail.endswith(h)), None)
    if head is None or len(tail) < len(head) + 2 or tail in INDICATOR_MEANINGS:
        return None
    if any(w in tail for w in INDUSTRY_WIDE_WORDS):
        return None
    return tail


def part_opener(text: str) -> str | None:
    """The noun phrase a part clause opens with (独立矿山企业实现利润…, 工程机械增长…): what comes
    before its verb, indicator, change word or number; None when the clause opens with one."""
    text = SUBJECT_LEADING_FILLERS.sub("", _LEADING_PERIOD.sub("", SUBJECT_LEADING_FILLERS.sub("", text)))
    text = _LEADING_PERIOD.sub("", text)
    ends = [len(text)]
    for start in (INDICATORS.first_start(text), CHANGE_WORDS.first_start(text)):
        if start is not None:
            material = MATERIAL_KEYWORDS.match_at(text, start) if start > 0 else None
            ends.append(start + len(material) if material else start)  # 历史遗留矿冶固废|占比
    for pattern in (PART_OPENER_END, _NOT_HAN):
        m = pattern.search(text)
        if m:
            ends.append(m.start())
    opener = text[:min(ends)]
    if not 2 <= len(opener) <= 10 or opener in INDICATOR_MEANINGS or opener.startswith(_SOURCE_OPENERS):
        return None  # (按照中国人民银行公告的…汇率折合人民币45.54亿元: where the figure comes from)
    if any(w in opener for w in INDUSTRY_WIDE_WORDS):
        return None
    return opener
