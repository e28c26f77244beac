"""Prose grammar: number tokens -> figures with unit, sign, measure, period and context.

The reader walks the sentences of the layout-free view left to right, keeping a small
context (period, year, indicator, subject) that later clauses and sentences inherit:
"进口额为76.8亿美元" takes the 铜精矿 of the clause before, "其中，…增长39.9%" takes the period
of the sentence before and links to its whole. Each number is first checked as a figure
(a number with a unit, or an index value; not a date, ordinal, code or name), then read:

- sign and change: the last change word between the previous figure and this one
  (增长 +, 下降 −; a level after 至/为: 回落至1.9% is a level);
- measure: 个百分点 -> pp_change; a % change after 年均 -> cagr, 环比 -> mom, else yoy;
  a % without change -> share (占/比重) or rate, a growth rate (增速) -> yoy; other units ->
  abs_change when changing, else level / target / forecast by the sentence's modality;
- period: the nearest period phrase before it in the sentence (a comparison base 比2010年
  widens a change's period to base..current), else the one carried from earlier sentences;
- enumerations (分别, 各): members pair in order with a list of subjects, indicators or periods,
  or with the statements before them; a count mismatch emits nothing and is diagnosed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from .model import Figure
from .numbers import NumberToken, find_numbers
from .periods import Period, PeriodMention, find_periods, instant, present_period, recent_day, year_period
from .text import Sentence, View, split_sentences
from .units import SCALES, UNIT_PATTERN, Unit, parse_unit
from . import vocabulary as V

CLAUSE_DELIMS = "，,；;：:。！？!?\n"
ENUM_SEPARATORS = ("、", "和", "与", "及", "以及", "或", "×")
RANGE_SEPARATORS = ("~", "-", "至", "到")
# Named concepts that contain a quantity word but are not figures.
NAMED_NUMBERS = ("八项规定", "三位一体", "五位一体", "四个全面", "四个意识", "四个自信", "两个维护",
                 "两个确立", "两个结合", "两个大局", "四个面向", "三个务必", "一带一路")


@dataclass
class Candidate:
    tok: NumberToken
    start: int  # view span of the number
    end: int
    value: float
    unit_text: str | None
    unit: Unit | None
    unit_end: int  # view offset after unit and trailing qualifiers
    qualifier: str | None = None
    explicit_sign: int | None = None
    negative_level: bool = False
    shared_unit: bool = False  # unit borrowed from the next member (426、256、885千克标煤/吨)
    flat: bool = False  # 持平


@dataclass
class Context:
    period: Period | None = None  # carried point/sub-year/year period
    span: Period | None = None  # carried multi-year period
    year: int | None = None  # latest explicit year
    year_paragraph: int | None = None  # the paragraph that stated it
    indicator: str | None = None
    category: str | None = None
    flow: str | None = None
    subject: str | None = None


@dataclass
class Result:
    figures: list[Figure] = field(default_factory=list)
    parents: list[int | None] = field(default_factory=list)  # index into figures
    diagnostics: list[str] = field(default_factory=list)
    unresolved: int = 0


# ---------------------------------------------------------------- candidates ---------------

def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _match_unit(norm: str, pos: int) -> tuple[str | None, Unit | None, int, str | None]:
    """The unit written at `pos`, allowing 多/余 (over) between scale and base: returns
    (unit as written, parsed unit, end, qualifier)."""
    qualifier = None
    p = pos
    if p < len(norm) and norm[p] in "多余":
        qualifier = "over"
        p += 1
    m = UNIT_PATTERN.match(norm, p)
    if m:
        written = m.group()
        unit = parse_unit(written)
        if unit is not None:
            # prefer "亿台（套）"-style parenthesised measure words
            return written, unit, m.end(), qualifier
    # a bare scale, possibly followed by 多/余 and a noun (14亿多人口, 上万个)
    for scale in SCALES:
        if norm.startswith(scale, p):
            q = p + len(scale)
            if q < len(norm) and norm[q] in "多余":
                qualifier = "over"
                q2 = q + 1
                m2 = UNIT_PATTERN.match(norm, q2)
                if m2 and parse_unit(scale + m2.group()) is not None:
                    return scale + m2.group(), parse_unit(scale + m2.group()), m2.end(), qualifier
                return scale, parse_unit(scale), q2, qualifier
            return None, None, pos, None
    return None, None, pos, None


def _excluded(view: View, tok: NumberToken) -> bool:
    norm = view.norm
    s, e = tok.start, tok.end
    before = norm[max(0, s - 3):s]
    after = norm[e:e + 3]
    if before.endswith("第") or before.endswith("第 "):
        return True
    # codes and product names: 4N5, 600kA, M2, 5G, HIF-800, 3+4+4, 41-0063
    if s > 0 and (norm[s - 1].isascii() and norm[s - 1].isalpha()):
        return True
    if s > 1 and norm[s - 1] == "-" and norm[s - 2].isascii() and norm[s - 2].isalnum():
        return True
    if e < len(norm) and norm[e].isascii() and norm[e].isalpha():
        return True
    if after.startswith("+") or (s > 1 and norm[s - 1] == "+" and norm[s - 2].isdigit()):
        return True
    if re.match(r"-\d", after) and not re.match(r"-\d+(?:\.\d+)?(?:%|月|年)", after):
        return True
    if re.match(r"\.\d", after):  # version numbers 2.0.1
        return True
    if tok.chinese:
        if tok.text == "一" or tok.text.startswith("一") and len(tok.text) == 1:
            return True
        if before.endswith(("“", "「", "‘", "\"", "《")):
            return True
        window = norm[max(0, s - 2):e + 4]
        if any(n in window for n in NAMED_NUMBERS):
            return True
        if before.endswith(("星期", "周", "农历", "年", "乙巳", "甲辰")):
            return True
        if tok.text in ("零", "〇"):
            return True  # 零件, 零和
        # a short quoted phrase is a name: “青马学员二次轮训”, “两个问题清单”
        q_open = norm.rfind("“", max(0, s - 12), s)
        if q_open != -1 and norm.rfind("”", q_open, s) == -1 and norm.find("”", e, e + 12) != -1:
            return True
        if tok.text == "二" and after.startswith("次") or after.startswith(("次全会", "中全会")):
            return True  # 二次资源 (secondary), 四次全会 (a plenum)
    # inside a book title 《…》
    opened = norm.rfind("《", max(0, s - 40), s)
    if opened != -1 and norm.rfind("》", opened, s) == -1 and norm.find("》", e, e + 40) != -1:
        return True
    return False


def find_candidates(view: View) -> list[Candidate]:
    norm = view.norm
    out: list[Candidate] = []
    tokens = find_numbers(view.text, norm)
    for tok in tokens:
        if _excluded(view, tok):
            continue
        written, unit, uend, qual_after = _match_unit(norm, tok.end)
        cand = Candidate(tok, tok.start, tok.end, tok.value, written, unit, uend if unit else tok.end)
        if unit is not None:
            if not _accept_unit(norm, tok, written, uend):
                # keep as a possible enumeration member with a shared unit only if it is bare
                continue
            cand.qualifier = qual_after
        out.append(cand)
    _share_units(norm, out)
    kept: list[Candidate] = []
    for c in out:
        if c.unit is None and not _index_value(norm, c):
            continue
        _read_qualifiers(norm, c)
        kept.append(c)
    kept.extend(_flat_candidates(view, kept))
    kept.sort(key=lambda c: c.start)
    return kept


def _accept_unit(norm: str, tok: NumberToken, written: str, uend: int) -> bool:
    after = norm[uend:uend + 4]
    base = written.lstrip("".join(SCALES))
    if written == "个" and after.startswith(("月", "季度", "年", "小时", "交易日", "世纪", "星期")):
        return False  # durations inside period phrases (连续4个月, 近5个季度)
    if written in ("种",) and after[:1] and _is_han(after[0]) and not after.startswith(("以上", "左右")):
        return False  # 十种常用有色金属, 6种精矿: names of aggregates
    if tok.chinese:
        if written == "个":
            return False  # 两个市场, 四个计划: set phrases, not counts
        if written in ("元", "度", "点", "方", "期", "文", "起", "位", "部", "届", "张", "块", "条", "口",
                       "根", "支", "只", "所", "处", "名", "篇", "号"):
            # 三元材料, 十期专题 is rare; Chinese numerals with these are mostly words
            if after[:1] and _is_han(after[0]) and written not in ("起", "位", "名", "期"):
                return False
    if base in ("度",) and not tok.chinese:
        prev = norm[max(0, tok.start - 2):tok.start]
        if "温" in prev or "角" in prev:
            return False
    if written == "期" and after[:1] and not _is_han(after[0]):
        return False
    if norm[tok.start - 1:tok.start] == "“" and after.startswith("”"):
        return False  # “156项”重点工程: a programme's name
    if re.match(r"^点", written) and re.search(r"(早上|晚上|上午|下午|凌晨|傍晚)$", norm[max(0, tok.start - 3):tok.start]):
        return False  # clock time
    return True


def _share_units(norm: str, cands: list[Candidate]) -> None:
    """A member of an enumeration or range without its own unit takes the unit of the member
    after it: 426、256、885千克标煤/吨; 16个和40个百分点; 19500~20200元/吨."""
    for i in range(len(cands) - 2, -1, -1):
        c, nxt = cands[i], cands[i + 1]
        gap = norm[c.unit_end:nxt.start]
        if nxt.unit is None:
            continue
        if c.unit is None or (c.unit_text == "个" and nxt.unit_text and nxt.unit_text.endswith("百分点")):
            if gap in ENUM_SEPARATORS or gap in RANGE_SEPARATORS:
                had_ge = c.unit_text == "个"
                c.unit_text, c.unit, c.shared_unit = nxt.unit_text, nxt.unit, True
                c.unit_end = c.unit_end if had_ge else c.end
        if gap in RANGE_SEPARATORS and c.unit is not None and c.unit.unit_base == nxt.unit.unit_base:
            prev_ch = norm[c.start - 1:c.start]
            if gap == "-" and c.unit.unit_base not in ("pct",) and not c.shared_unit:
                continue
            if prev_ch not in ("-", "~"):
                c.qualifier = "range_low"
                nxt.qualifier = "range_high"


def _index_value(norm: str, c: Candidate) -> bool:
    """A bare number stated as an index value: 景气指数为39.8, 先行指数75.9."""
    before = norm[max(0, c.start - 8):c.start]
    if c.tok.chinese or c.value >= 1e5:
        return False
    if re.search(r"指数(?:为|是|达|达到|升至|降至|报|收于)?$", before):
        c.unit_text, c.unit = None, Unit("", 1.0, "index")
        return True
    return False


def _read_qualifiers(norm: str, c: Candidate) -> None:
    before = norm[max(0, c.start - 6):c.start]
    # explicit sign: （+4.1%） / （- 2.1%）
    if before.endswith(("+", "+ ")):
        c.explicit_sign = 1
    elif before.endswith(("-", "－")) and (len(before) < 2 or not before[-2].isdigit()):
        c.explicit_sign = -1
    if before.endswith("零下"):
        c.negative_level = True
    if c.qualifier in ("range_low", "range_high"):
        return
    if c.qualifier is None:
        for word, q in sorted(V.QUALIFIER_BEFORE.items(), key=lambda kv: -len(kv[0])):
            stripped = re.sub(r"(了|为|达到|达|在|是|\s)+$", "", before) if not before.endswith(V.QUALIFIER_WORDS_ENDING) else before
            if stripped.endswith(word):
                if word == "上" and not stripped.endswith("上万"):
                    continue
                if word in ("高于", "低于") and not re.search(r"(比重|占比|率|达)", norm[max(0, c.start - 12):c.start]):
                    continue
                c.qualifier = q
                break
    after = norm[c.unit_end:c.unit_end + 3]
    for word, q in sorted(V.QUALIFIER_AFTER.items(), key=lambda kv: -len(kv[0])):
        if after.startswith(word):
            if word in ("多", "余") and c.unit is not None and c.unit.unit_base == "pct":
                continue
            c.qualifier = c.qualifier or q
            c.unit_end += len(word)
            break


def _flat_candidates(view: View, existing: list[Candidate]) -> list[Candidate]:
    """持平 stated among percentage changes is a figure of 0 (2月基本持平)."""
    out = []
    for m in re.finditer(V.FLAT_WORD, view.norm):
        s, e = m.span()
        # only where the same stretch of text states percentage changes
        near = [c for c in existing if abs(c.start - s) < 40 and c.unit is not None
                and c.unit.unit_base == "pct"]
        if not near:
            continue
        tok = NumberToken(s, e, view.text[s:e], 0.0, True)
        c = Candidate(tok, s, e, 0.0, "%", Unit("%", 1.0, "pct"), e)
        c.flat = True
        if view.norm[max(0, s - 2):s].endswith("基本"):
            c.qualifier = "approx"
        out.append(c)
    return out


# ---------------------------------------------------------------- keyword scanning --------

@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    word: str


def _hits(pattern: re.Pattern[str], text: str, offset: int) -> list[Hit]:
    """Keyword hits, the longest first where two overlap: in 全年产销量 the 产销量 starting one
    character later beats the 年产 a left-to-right scan would take first."""
    found = []
    for i in range(len(text)):
        m = pattern.match(text, i)
        if m:
            found.append((i, m.end()))
    taken = [False] * len(text)
    chosen = []
    for s, e in sorted(found, key=lambda se: (se[0] - se[1], se[0])):
        if any(taken[s:e]):
            continue
        taken[s:e] = [True] * (e - s)
        chosen.append(Hit(s + offset, e + offset, text[s:e]))
    return sorted(chosen, key=lambda h: h.start)


def _subject_hits(norm: str, s: int, e: int) -> list[Hit]:
    text = norm[s:e]
    out = []
    for m in V.COMMODITY_PATTERN.finditer(text):
        w = m.group()
        a, b = m.start(), m.end()
        if len(w) == 1:
            nxt = text[b:b + 1]
            prv = text[a - 1:a] if a else ""
            if nxt and nxt in V.SINGLE_CHAR_BLOCK_AFTER.get(w, ""):
                continue
            if prv and prv in V.SINGLE_CHAR_BLOCK_BEFORE.get(w, ""):
                continue
        out.append(Hit(a + s, b + s, w))
    for p in V.PARTNERS:
        for m in re.finditer(re.escape(p), text):
            out.append(Hit(m.start() + s, m.end() + s, p))
    for m in V.FIRM_PATTERN.finditer(text):
        out.append(Hit(m.start() + s, m.end() + s, m.group()))
    for m in V.REGION_PATTERN.finditer(text):
        out.append(Hit(m.start() + s, m.end() + s, m.group()))
    for m in V.SEGMENT_PATTERN.finditer(text):
        seg = _segment(m.group())
        if seg:
            out.append(Hit(m.end() - len(seg) + s, m.end() + s, seg))
    out.sort(key=lambda h: (h.start, -(h.end - h.start)))
    return out


def _is_region(subject: str | None) -> bool:
    return bool(subject) and bool(V.REGION_SUFFIX.fullmatch(subject) or V.REGION_PATTERN.fullmatch(subject))


def _segment(phrase: str) -> str | None:
    """A segment of the industry or of trade (外资企业, 一般贸易) named by `phrase`: its tail after
    the last word boundary or keyword; None when it names the whole industry or is an indicator
    itself (货物贸易)."""
    if any(w in phrase for w in V.INDUSTRY_WIDE_WORDS):
        return None
    tail = V.SEGMENT_BOUNDARY.split(phrase)[-1]
    kws = list(V.INDICATOR_PATTERN.finditer(tail))
    if kws and kws[-1].end() < len(tail) - 2:
        tail = tail[kws[-1].end():]
    tail = V.SUBJECT_LEADING_FILLERS.sub("", tail)
    head = next((h for h in V.SEGMENT_HEADS if tail.endswith(h)), None)
    if head is None or len(tail) < len(head) + 2 or tail in V.INDICATORS:
        return None
    if any(w in tail for w in V.INDUSTRY_WIDE_WORDS):
        return None
    return tail


_LEADING_PERIOD = re.compile(
    r"^(?:\d{1,2}(?:-\d{1,2})?月份?|前\d{1,2}个月|[一二三四]季度|[上下]半年|全年|今年|去年|同期|\d{4}年|，|,|\s)+")
LEVEL_MEASURES = ("level", "target", "forecast")


def _part_opener(text: str) -> str | None:
    """The noun phrase a part clause opens with (独立矿山企业实现利润…, 工程机械增长…): what comes
    before its verb, indicator, change word or number; None when the clause opens with one."""
    text = V.SUBJECT_LEADING_FILLERS.sub("", _LEADING_PERIOD.sub("", V.SUBJECT_LEADING_FILLERS.sub("", text)))
    text = _LEADING_PERIOD.sub("", text)
    ends = [len(text)]
    for pattern in (V.INDICATOR_PATTERN, V.CHANGE_PATTERN, V.PART_OPENER_END, re.compile(r"[^\u4e00-\u9fff]")):
        m = pattern.search(text)
        if m:
            ends.append(m.start())
    opener = text[:min(ends)]
    if not 2 <= len(opener) <= 10 or opener in V.INDICATORS:
        return None
    if any(w in opener for w in V.INDUSTRY_WIDE_WORDS):
        return None
    return opener


# ---------------------------------------------------------------- reader ------------------

SIGNED_WORDS = re.compile(
    "|".join(re.escape(k) for k in sorted(
        {**V.CHANGE_WORDS, **{w: 0 for w in (
            "高达", "高于", "低于", "高位", "高点", "最高", "高端", "高技术", "高耗能", "高质量", "高新",
            "高效", "高水平", "高温", "高纯", "增速", "增幅", "增长率", "降幅", "跌幅", "涨幅", "增加值",
            "增量", "增长点", "降本", "降碳", "减排", "高性能", "高强", "提高到", "低空", "低碳", "低温",
            "降准", "升级", "升压", "多元", "多边", "增效", "增值", "高度", "升温", "降耗", "减量", "低成本",
            "多个", "多项", "多家", "多种", "多年", "提升至", "增长至", "上升至", "下降至", "回落至", "回升至",
            "跌至", "降至", "升至", "增至", "提高至", "扩大至", "达到", "创新高", "新高", "新低", "少量",
            "减少至", "低迷", "高企", "高速", "多增", "新增", "增强", "增收", "增产")}}, key=len, reverse=True))
)
_SIGN_OF = {**{w: 0 for w in ("高达", "高于", "低于")}, **V.CHANGE_WORDS}
_LEVEL_WORDS = ("提升至", "增长至", "上升至", "下降至", "回落至", "回升至", "跌至", "降至", "升至", "增至",
                "提高至", "扩大至", "减少至", "提高到", "达到")


_ADJACENT_TAIL = re.compile(
    r"^(?:了|约|近|近乎|超过|超|逾|分别|均|都|仍|又|再|共|大约|大幅|明显|小幅|继续|持续|累计|同比|环比|"
    r"更|达|将|可|还|也|已|再次)*$"
)
# Comparatives state a difference from another thing, not a change over time.
COMPARATIVES = ("高", "低", "高出", "低出", "更高", "更低")


@dataclass(frozen=True)
class Change:
    sign: int | None  # +1 / -1; 0 for a level reached (回落至); None when no change word
    word: str | None


def _change_in(window: str) -> Change:
    """The change word governing a number: the last change word of the window, which must sit
    right before the number (only adverbs like 了/约/分别 between)."""
    last = None
    for m in SIGNED_WORDS.finditer(window):
        w = m.group()
        if w == "多增":
            last = (1, m.end(), w)
        elif w in _LEVEL_WORDS:
            last = (0, m.end(), w)
        elif w in V.CHANGE_WORDS:
            last = (V.CHANGE_WORDS[w], m.end(), w)
        else:
            last = None  # a neutral word (增速, 高达) after the change word ends its reach
    if last is None:
        return Change(None, None)
    sign, end, word = last
    tail = window[end:]
    if sign and re.match(r"^(了)?(至|到|为|达到)", tail):
        return Change(0, word)
    if not _ADJACENT_TAIL.match(tail):
        # verb, short object, number: 降低渣中铜含量1.3%, 减少还原剂消耗1.6千克
        if not (sign and word in _OBJECT_VERBS and re.fullmatch(r"[\u4e00-\u9fffA-Za-z]{1,10}", tail)
                and not re.search(r"[的为是达占有在将]", tail)):
            return Change(None, None)
    return Change(sign, word)


_OBJECT_VERBS = ("降低", "减少", "提高", "提升", "增加", "节约", "缩短", "下降", "上升")


def _sign_in(window: str) -> int | None:
    return _change_in(window).sign


# Parenthetical remarks (含储量, 以WO3计) qualify a quantity; they do not name it.
_INDICATOR_MASKS = re.compile(
    r"按[^，。；,;]{0,14}计算|扣除物价因素|物价因素|不变价格?|可比价格?|价格因素|下同|[（(][^（）()，。]{1,12}[）)]")
# A quantity the clause names itself with a generic head (数控化率, 企业比例, 采购…金额): when no
# keyword lies inside it, it is an indicator the vocabulary does not know, not the keyword of an
# earlier clause. Not a growth rate, nor a contribution rate (贡献率), which belongs to the
# quantity whose growth it explains.
_OWN_QUANTITY = re.compile(r"[\u4e00-\u9fffA-Za-z]{1,12}?(?<!增长|贡献)(?:率|比例|金额|数量|人数|次数|面积)")
# Words right after a number that describe it rather than name what it measures (3000万辆以上规模).
_NOT_NAMING_AFTER = ("规模", "水平")
COUNT_KEEP_CATEGORY = ("辆", "台", "套", "艘", "架", "台（套）", "台(套)")
_CAPACITY_AFTER = re.compile(r"^[^，。；,;]{0,24}?(项目|生产线|产能|装机|规模|电解槽)")
# A capacity written as an attribute of the thing rated (800立方米浮选机, 120万千瓦项目).
_RATED_AFTER = re.compile(r"^[\u4e00-\u9fff]{0,4}?(?:" + "|".join(V.RATED_THINGS) + ")")
_RECENT_YEARS = re.compile(r"(?:近|过去|最近)(\d{1,2}|[一二三四五六七八九十]+)年")
# A clause ending in 从/由 + the number: the starting level of a change (从17%提升至24%).
_FROM_VALUE = re.compile(r"(?:从|由)[^，,；;至到]{0,14}$")
# A part clause that opens with its own indicator (其中，出口A；进口B) is a new part, not the
# growth of the part before it.
_CLAUSE_OPENS_PART = re.compile(r"^\s*(?:其中)?[，,\s]*(?:" + V.INDICATOR_PATTERN.pattern + ")")


class Reader:
    def __init__(self, view: View, doc_date: date | None, skip: list[tuple[int, int]]):
        self.view = view
        self.norm = view.norm
        # indicator keywords are read on a copy with adverbial phrases masked (按不变价格计算)
        self.ind_norm = _INDICATOR_MASKS.sub(lambda m: "□" * len(m.group()), view.norm)
        self.doc_date = doc_date
        self.skip = skip
        self.result = Result()
        self.periods = find_periods(self.norm)
        self.cands = find_candidates(view)
        self.sentences = split_sentences(view)
        self.ctx = Context()
        self.last_paragraph = -1
        self.paragraph_figures = 0
        self.previous_sentence_figures = 0
        self.sentence_start_orig = 0
        self.paragraph = -1
        self.present = present_period(self.norm, doc_date)
        # the paragraph extents, to read a headline as a whole and find the lead after it
        self.paragraph_spans: dict[int, tuple[int, int]] = {}
        for sent in self.sentences:
            a, b = self.paragraph_spans.get(sent.paragraph, (sent.start, sent.end))
            self.paragraph_spans[sent.paragraph] = (min(a, sent.start), max(b, sent.end))
        # a 目标 section: "pending" after its heading, then the target year its opening states
        self.target_section: str | Period | None = None
        # the open 其中 group: (view position of 其中, paragraph, its first part)
        self.group: tuple[int, int, Figure] | None = None

    # -- helpers
    def _in_skip(self, view_pos: int) -> bool:
        if not self.skip:
            return False
        o = self.view.index[view_pos] if view_pos < len(self.view.index) else len(self.view.original)
        return any(a <= o < b for a, b in self.skip)

    def _resolve(self, m: PeriodMention) -> Period | None:
        if m.kind == "now":
            return self.present
        if m.kind == "day" and m.year is None and self.doc_date is not None \
                and self.ctx.year_paragraph != self.paragraph:
            # a year stated in an earlier paragraph does not date a recent day of the news
            d = recent_day(m.args[0], m.args[1], self.doc_date)
            if d is not None:
                return instant(d)
        return m.resolve(self.ctx.year, self.doc_date)

    def _headline(self, paragraph: int) -> bool:
        """A short paragraph without a full stop or final punctuation: a title or headline."""
        a, b = self.paragraph_spans[paragraph]
        text = self.norm[a:b].strip()
        return 0 < len(text) <= 40 and "。" not in text and text[-1] not in "！？!?…；;：:"

    def _headline_period(self, paragraph: int, c: Candidate) -> Period | None:
        """A headline states its figure's period anywhere in it (45.47万亿元！2025年我国外贸…),
        else the lead sentence of the article after it does."""
        a, b = self.paragraph_spans[paragraph]
        own = [m for m in self.periods if a <= m.start < b and m.role in ("period", "deadline")
               and m.kind not in ("day", "now")]
        if own:
            return self._resolve(min(own, key=lambda m: abs(m.start - c.start)))
        for p in range(paragraph + 1, paragraph + 4):
            if p not in self.paragraph_spans:
                return None
            pa, pb = self.paragraph_spans[p]
            if pb - pa <= 15:
                continue  # a byline or section label between headline and article
            lead = next(s for s in self.sentences if s.paragraph == p)
            for m in self.periods:
                if lead.start <= m.start < lead.end and m.kind != "now" and (
                        m.role in ("period", "deadline") or m.kind == "year"):
                    return self._resolve(m)
            return None
        return None

    def run(self) -> Result:
        ci = 0
        cands = self.cands
        for sent in self.sentences:
            if sent.paragraph != self.last_paragraph:
                self._new_paragraph(sent)
            s_cands = []
            while ci < len(cands) and cands[ci].start < sent.end:
                if cands[ci].start >= sent.start:
                    s_cands.append(cands[ci])
                ci += 1
            mentions = [m for m in self.periods if sent.start <= m.start < sent.end]
            self.paragraph = sent.paragraph
            if self.target_section == "pending":
                self.target_section = self._target_year(mentions)
            if self._in_skip(sent.start) and self._in_skip(max(sent.start, sent.end - 1)):
                continue
            s_cands = [c for c in s_cands if not self._in_skip(c.start)]
            self._sentence(sent, s_cands, mentions)
        return self.result

    def _new_paragraph(self, sent: Sentence) -> None:
        self.last_paragraph = sent.paragraph
        text = self.norm[sent.start:sent.end]
        headline = len(text) <= 40 and not re.search(r"[。！？!?，,：:]", text)
        if headline and not re.match(r"^(图片来自|摘自|图为|▲|►|□)", text):
            # a heading naming targets (主要目标, 发展目标) opens a section of planned figures;
            # the next heading closes it
            self.target_section = "pending" if "目标" in text else None
        if re.match(r"^(图片来自|摘自|图为|▲|►|□|（|\()", text):
            return  # captions and credits inside an article do not end it
        # A headline starts a new article and forgets the context; a new paragraph keeps the
        # period but not the subject matter.
        self.group = None
        if headline:
            self.ctx = Context()
        else:
            self.ctx.indicator = self.ctx.category = self.ctx.flow = self.ctx.subject = None
        self.paragraph_figures = 0
        self.previous_sentence_figures = 0

    def _target_year(self, mentions: list[PeriodMention]) -> Period | str:
        """The year a 目标 section aims at, from the first sentence after its heading that states
        one: its deadline (到2020年, 到“十三五”末), else the last year of the plan period it names."""
        deadlines = [p for p in (self._resolve(m) for m in mentions if m.role == "deadline") if p]
        spans = [p for p in (self._resolve(m) for m in mentions if m.role == "period") if p]
        chosen = deadlines[-1] if deadlines else (spans[-1] if spans else None)
        if chosen is None:
            return "pending"
        return year_period(chosen.end.year)

    # -- the sentence
    def _sentence(self, sent: Sentence, cands: list[Candidate], mentions: list[PeriodMention]) -> None:
        norm = self.norm
        s0, s1 = sent.start, sent.end
        self.sentence_start_orig = self.view.index[s0]
        ind_hits = _hits(V.INDICATOR_PATTERN, self.ind_norm[s0:s1], s0)
        subj_hits = _subject_hits(norm, s0, s1)
        qizhong = [m.start() + s0 for m in re.finditer("其中", norm[s0:s1])]
        # an explicit year stated in this sentence sets the year of bare months that follow
        enum_plan = self._plan_enumerations(sent, cands, ind_hits, subj_hits, mentions)
        sentence_figs: list[tuple[Candidate, Figure]] = []
        grouped = False
        continued: int | None = None  # the 其中 group this sentence goes on with
        prev_end = s0
        prev_window_start = s0
        chain_head: Candidate | None = None
        for idx, c in enumerate(cands):
            gap = norm[prev_end:c.start]
            chained = idx > 0 and re.sub(r"[（）()\s]", "", gap) in ENUM_SEPARATORS
            window_start = prev_window_start if chained else prev_end
            if not chained:
                chain_head = c
            pairing = enum_plan.get(id(c))
            if pairing == "drop":
                prev_end = c.unit_end
                prev_window_start = window_start
                continue
            # members of an enumeration share the change word before the first member
            head_start = chain_head.start if chain_head is not None else c.start
            fig = self._figure(sent, c, window_start, ind_hits, subj_hits, mentions, pairing,
                               change_window=norm[window_start:head_start])
            prev_end = c.unit_end
            prev_window_start = window_start
            if fig is None:
                continue
            parent = None
            q = [p for p in qizhong if p < c.start]
            if not sentence_figs and not q:
                continued = self._continued_group(sent, c, fig, sentence_figs)
            group = q[-1] if q else continued
            if group is not None:
                grouped = True
                parent = self._parent_of(fig, group)
                if not isinstance(pairing, tuple):  # an enumeration pairs its own subjects
                    fig = self._part_subject(sent, c, group, fig, parent, subj_hits)
                if self.group is None or self.group[0] != group:
                    self.group = (group, sent.paragraph, fig)
            self.result.figures.append(fig)
            self.result.parents.append(parent)
            sentence_figs.append((c, fig))
        if not grouped:
            self.group = None  # a sentence outside the group closes it
        self._carry(sent, mentions, ind_hits, subj_hits, sentence_figs)

    def _future(self, p: Period) -> bool:
        return self.present is not None and p.start > self.present.end

    def _carry(self, sent, mentions, ind_hits, subj_hits, figs) -> None:
        for m in mentions:
            if m.role != "period" or m.kind in ("day", "now"):
                continue  # the present is a moment of its own sentence, not a reporting period
            if re.search(r"预计|预测|有望|目标|力争|将", self.norm[sent.start:m.start]):
                continue  # the year of a forecast or plan is not the report's period
            if re.search(r"^[^，,；;。]*?(目标|规划)", self.norm[m.end:sent.end]):
                continue  # nor is the year named in "…2030年…的目标"
            p = self._resolve(m)
            if p is None or self._future(p):
                continue
            if p.grain == "multi_year":
                self.ctx.span = p
            else:
                self.ctx.period = p
                if m.year is not None:
                    self.ctx.year, self.ctx.year_paragraph = m.year, sent.paragraph
        if figs:
            self.paragraph_figures += len(figs)
            last = figs[-1][1]
            if last.indicator_zh:
                self.ctx.indicator, self.ctx.category, self.ctx.flow = (
                    last.indicator_zh, last.category, last.flow)
            self.ctx.subject = last.subject_zh
            for _, f in figs:
                if f.period_start and f.period_grain not in ("multi_year", "instant") \
                        and f.measure not in ("cagr_pct", "target", "forecast") \
                        and not self._future(Period(f.period_start, f.period_end, f.period_grain)) \
                        and not re.search(r"预计|预测|有望|展望", f.source_text):
                    self.ctx.period = Period(f.period_start, f.period_end, f.period_grain)
        else:
            # a sentence without figures does not pass its subject matter on
            self.ctx.indicator = self.ctx.category = self.ctx.flow = None
        self.previous_sentence_figures = len(figs)

    # -- parent (其中)
    def _continued_group(self, sent, c: Candidate, fig: Figure, sentence_figs) -> int | None:
        """A 其中 group goes on into the next sentence of its paragraph (…其中，一般贸易进出口A。
        同期，加工贸易进出口B) while that sentence opens with a figure parallel to the group's
        first part: same category, flow, measure and unit."""
        if self.group is None or sentence_figs:
            return None
        qpos, paragraph, first = self.group
        clause_start = _clause_start(self.norm, sent.start, c.start)
        if _part_opener(self.norm[clause_start:c.start]) is None:
            return None  # a parallel part opens with its own name (同期，加工贸易进出口…)
        if paragraph != sent.paragraph:
            return None
        if (fig.category, fig.flow, fig.measure, fig.unit_base) != (
                first.category, first.flow, first.measure, first.unit_base):
            return None
        return qpos

    def _rating_in_name(self, f: Figure) -> bool:
        after = self.view.original[f.char_end:f.char_end + 16].lstrip()
        if f.unit and after.startswith(f.unit):
            after = after[len(f.unit):]
        return f.category == "capacity" and bool(_RATED_AFTER.match(after))

    @staticmethod
    def _same_family(whole: Figure, part: Figure) -> bool:
        """A whole measures what its part measures: the same category and unit; of trade, the
        same flow or the total of both flows."""
        if whole.category != part.category or whole.unit_base != part.unit_base:
            return False
        if part.category == "trade" and whole.flow not in (part.flow, "total"):
            return False
        return True

    def _parent_of(self, fig: Figure, qpos: int) -> int | None:
        """The whole a part stated after 其中 belongs to: the nearest figure before the 其中 of
        the same family and measure that is not itself a part of an earlier group (a sibling)
        and, for a level, is not smaller than the part. A growth rate of a part whose level was
        stated in the group links to the growth rate stated with that level's whole."""
        figs = self.result.figures
        parents = self.result.parents
        q_orig = self.view.index[qpos]
        if fig.measure not in LEVEL_MEASURES:
            level = next((i for i in range(len(figs) - 1, -1, -1)
                          if figs[i].char_start >= q_orig and figs[i].measure in LEVEL_MEASURES), None)
            if level is not None and parents[level] is not None:
                whole = parents[level]
                for j in range(whole + 1, len(figs)):
                    g = figs[j]
                    if g.char_start >= q_orig or g.measure in LEVEL_MEASURES:
                        break  # the whole's growth is stated before the next level
                    if g.measure == fig.measure and self._same_family(g, fig):
                        return j
        for i in range(len(figs) - 1, -1, -1):
            f = figs[i]
            if f.char_start >= q_orig:
                continue
            if q_orig - f.char_start > 600:
                break
            if parents[i] is not None:
                continue  # a part of an earlier group, a sibling of this part's whole at most
            if self._rating_in_name(f):
                continue  # 120万千瓦项目: the rating that names a project, not a total
            if f.measure != fig.measure or not self._same_family(f, fig):
                continue
            if fig.measure in LEVEL_MEASURES and f.value_base is not None and fig.value_base is not None \
                    and abs(fig.value_base) > abs(f.value_base):
                continue  # a part never exceeds its whole
            return i
        return None

    def _part_subject(self, sent, c: Candidate, qpos: int, fig: Figure, parent: int | None,
                      subj_hits) -> Figure:
        """A part is about what its clause opens with (其中，独立矿山企业实现利润…: 独立矿山企业), else
        a subject named in its clause after the 其中, else it goes on the part before it in the
        group (出口A，增长b), else it shares its whole's subject (其中，出口A: of 非洲 trade)."""
        norm = self.norm
        start = max(_clause_start(norm, sent.start, c.start), qpos + 2 if qpos >= sent.start else sent.start)
        subject = _part_opener(norm[start:c.start])
        if subject is None:
            subject = next((h.word for h in reversed(subj_hits) if start <= h.start and h.end <= c.start), None)
        if subject is None:
            q_orig = self.view.index[qpos]
            figs = self.result.figures
            if figs and figs[-1].char_start >= q_orig and not _CLAUSE_OPENS_PART.match(norm[start:c.start]):
                subject = figs[-1].subject_zh
            elif parent is not None:
                subject = figs[parent].subject_zh
            else:
                subject = fig.subject_zh
        if subject == fig.subject_zh:
            return fig
        scope = fig.scope
        if V.FIRM_PATTERN.fullmatch(subject or ""):
            scope = "firm"
        elif _is_region(subject):
            scope = "regional"
        return replace(fig, subject_zh=subject, scope=scope)

    # -- enumerations
    def _plan_enumerations(self, sent, cands, ind_hits, subj_hits, mentions) -> dict[int, object]:
        """Pair the members of 分别/各 enumerations with the list they refer to."""
        norm = self.norm
        plan: dict[int, object] = {}
        used_lists: list[list[tuple]] = []
        i = 0
        while i < len(cands):
            c = cands[i]
            clause_start = _clause_start(norm, sent.start, c.start)
            marker = _enum_marker(norm, clause_start, c.start)
            if marker is None:
                i += 1
                continue
            members = [c]
            j = i + 1
            while j < len(cands):
                gap = norm[members[-1].unit_end:cands[j].start]
                if re.sub(r"[（）()\s]", "", gap) in ENUM_SEPARATORS:
                    members.append(cands[j])
                    j += 1
                else:
                    break
            n = len(members)
            items = _list_before(norm, sent.start, marker, n)
            if items is None and used_lists:
                items = next((l for l in reversed(used_lists) if len(l) == n), None)
            if items is None and n > 1:
                items = _period_list(norm, sent.start, marker, n)
            if items is None and n > 1:
                # resolved when the figure is read: the statements before it in the sentence
                items = [("stmt_ref", k, n) for k in range(n)]
            if items is not None:
                if len(items) != n:
                    self.result.diagnostics.append(
                        f"enumeration not paired: {len(items)} items, {n} values: "
                        f"{self.view.text[max(sent.start, marker - 30):members[-1].unit_end]}")
                    for m in members:
                        plan[id(m)] = "drop"
                else:
                    used_lists.append(items)
                    texts = tuple(it[1] for it in items if it[0] == "item")
                    for m, item in zip(members, items):
                        plan[id(m)] = item + (texts,) if item[0] == "item" else item
            i = j
        return plan

    def _previous_statements(self, s0: int, n: int):
        """The level statements earlier in the sentence (X达到A，Y约B，年均分别增长c和d)."""
        stmts = []
        start = self.view.index[s0]
        for f in self.result.figures[::-1]:
            if f.char_start < start:
                break
            if f.measure in ("level", "share_pct", "rate_pct", "target", "forecast"):
                stmts.append(f)
        stmts.reverse()
        if len(stmts) == n and len({(f.indicator_zh, f.subject_zh) for f in stmts}) == n:
            return [("stmt", f.indicator_zh, f.subject_zh, f.category, f.flow) for f in stmts]
        return None

    def _trade_name(self, word: str, flow: str | None, unit_base: str | None) -> str:
        """出口 of a money figure is 出口额, of a mass 出口量; a growth rate takes the name of the level
        of the same flow stated before it in the sentence (出口10.67万亿元，增长7.2%)."""
        kind = {"CNY": "money", "USD": "money", "t": "mass"}.get(unit_base or "")
        if kind is None and unit_base in ("pct", "pp"):
            for f in reversed(self.result.figures):
                if f.char_start < self.sentence_start_orig:
                    break
                if f.category == "trade" and f.flow == flow and f.unit_base in ("CNY", "USD", "t"):
                    return f.indicator_zh or word
        return V.TRADE_NAMES.get((word, kind), word) if kind else word

    def _part_of_share(self, hit, ind_hits, clause_start: int, c: Candidate):
        """A share "A占B的x%" measures its part A, not its whole B: the keyword before 占 in the
        clause, else (a clause opening with 占) the figure stated just before in the sentence."""
        if hit is None or hit.start < clause_start:
            return hit
        zhan = self.ind_norm.rfind("占", clause_start, c.start)
        if zhan == -1 or hit.start < zhan:
            return hit
        part = next((h for h in reversed(ind_hits) if clause_start <= h.start and h.end <= zhan), None)
        if part is not None:
            return part
        if re.fullmatch(r"(?:约|均|分别|则|还|也|仅)*", self.norm[clause_start:zhan]):
            previous = self.result.figures[-1] if self.result.figures else None
            if previous is not None and self.sentence_start_orig <= previous.char_start:
                return previous
        return hit

    def _own_quantity(self, hit, clause_start: int, c: Candidate) -> str | None:
        """The quantity this clause names itself when the vocabulary has no word for it."""
        start = clause_start
        if isinstance(hit, Hit) and hit.end > start:
            start = hit.end
        seg = self.ind_norm[start:c.start]
        found = None
        for m in _OWN_QUANTITY.finditer(seg):
            found = m
        if found is None or "□" in found.group():
            return None
        if isinstance(hit, Hit) and hit.end > clause_start and found.start() == 0:
            return None  # 受污染土地面积: the keyword's own phrase goes on
        return re.sub(r"^(?:实现|其中|以及|和|与|的)+", "", found.group()) or None

    # -- one figure
    def _figure(self, sent, c: Candidate, window_start: int, ind_hits, subj_hits, mentions,
                pairing, change_window: str | None = None) -> Figure | None:
        norm = self.norm
        window = norm[window_start:c.start]
        clause_start = _clause_start(norm, sent.start, c.start)
        clause = norm[clause_start:c.start]
        sentence_before = norm[sent.start:c.start]
        clause_end = c.unit_end
        while clause_end < sent.end and norm[clause_end] not in CLAUSE_DELIMS:
            clause_end += 1
        after = norm[c.unit_end:clause_end]
        unit = c.unit
        unit_base = unit.unit_base if unit else None

        # indicator / category / flow: the keyword right after the number (25%进口关税), else the
        # last one before it in the sentence, else the one carried from the sentence before.
        hit = next((h for h in ind_hits if h.start == c.unit_end and h.word not in _NOT_NAMING_AFTER), None)
        if hit is None:
            hit = next((h for h in reversed(ind_hits) if h.end <= c.start), None)
            hit = self._part_of_share(hit, ind_hits, clause_start, c)
        if hit is None:
            hit = next((h for h in ind_hits if h.start >= c.unit_end and h.start - c.unit_end <= 6
                        and not re.search(f"[{CLAUSE_DELIMS}]", norm[c.unit_end:h.start])), None)
        if hit is None and self._headline(sent.paragraph):
            # a headline may name its figure after it: 45.47万亿元！2025年我国外贸规模再创新高
            a, b = self.paragraph_spans[sent.paragraph]
            hit = next((h for h in _hits(V.INDICATOR_PATTERN, self.ind_norm[c.unit_end:b], c.unit_end)), None)
        own = self._own_quantity(hit, clause_start, c)
        indicator, category, flow = None, None, None
        if own is not None:
            indicator, category = own, "other"
        elif isinstance(hit, Figure):
            indicator, category, flow = hit.indicator_zh, hit.category, hit.flow
        elif hit is not None:
            indicator = hit.word
            category, flow = V.INDICATORS[hit.word]
            # an environmental keyword in the same clause decides (清洁能源占比, 非化石能源消费)
            env = [h for h in ind_hits if clause_start <= h.start < c.start
                   and V.INDICATORS[h.word][0] == "energy_env"]
            if env and category in ("consumption", "output", "other"):
                category, flow = "energy_env", None
        elif self.ctx.indicator and self.previous_sentence_figures:
            indicator, category, flow = self.ctx.indicator, self.ctx.category, self.ctx.flow
        subject = next((h.word for h in reversed(subj_hits) if h.end <= c.start), None)

        # enumeration pairing
        period_override: Period | None = None
        item_text: str | None = None
        if isinstance(pairing, tuple) and pairing[0] == "stmt_ref":
            stmts = self._previous_statements(sent.start, pairing[2])
            pairing = stmts[pairing[1]] if stmts else None
        if isinstance(pairing, tuple):
            kind = pairing[0]
            if kind == "stmt":
                _, indicator, subject, category, flow = pairing
            elif kind == "item":
                text = item_text = pairing[1]
                list_start = pairing[2] if len(pairing) > 2 else None
                heads = [m for m in V.INDICATOR_PATTERN.finditer(text)]
                if heads and heads[-1].end() == len(text):
                    indicator = text
                    category, flow = V.INDICATORS[heads[-1].group()]
                else:
                    subject = text
                    if list_start is not None:
                        # keywords inside the list's names (服务消费机器人) are not the indicator
                        names = pairing[3] if len(pairing) > 3 else (text,)
                        outside = [h for h in ind_hits if h.end <= c.start and not (
                            list_start <= h.start < c.start and any(h.word in n for n in names))]
                        if outside:
                            indicator = outside[-1].word
                            category, flow = V.INDICATORS[indicator]
            elif kind == "period":
                period_override = pairing[1]

        category, flow = self._category(category, flow, indicator, unit, c, sentence_before, after)
        if category == "trade" and indicator in ("进口", "出口", "进出口"):
            indicator = self._trade_name(indicator, flow, unit_base)

        # sign, change and measure
        change = _change_in(change_window if change_window is not None else window)
        sign = change.sign
        if c.explicit_sign is not None:
            sign = c.explicit_sign
        if c.flat:
            sign = 0
        is_change = (sign not in (None, 0)) or c.flat
        value = c.value
        if is_change and sign == -1:
            value = -value
        if c.negative_level:
            value = -value
        # "增加3.64万亿元" of a flow with nothing to compare with is the level of that flow
        if is_change and sign == 1 and unit_base not in ("pct", "pp") and change.word in ("增加", "增") \
                and not re.search(r"同比|环比|比|较", clause):
            is_change = False

        measure = self._measure(c, unit_base, is_change, change, window, clause, sentence_before,
                                after, category, indicator)
        if measure in ("yoy_pct", "mom_pct") and not is_change and re.search(r"(跌幅|降幅)[^，,；;]*$", clause):
            value = -abs(value)  # 跌幅超过两成: a fall
        # 绿电占比提升0.2%: a share moves in points. A rate raised by x% (数字化率提高50%) is read
        # as the default relative change, as 50 points would rarely be meant.
        if measure in ("yoy_pct", "mom_pct") and is_change and c.explicit_sign is None and change.word \
                and re.search(r"(占比|比重|比例)$", window[:window.rfind(change.word)] if change.word in window else ""):
            measure = "pp_change"
        if measure == "pp_change" and sign == -1:
            value = -abs(c.value)

        # period
        period = period_override or self._period(sent, c, mentions, measure, is_change)
        own_period = any(m.role in ("period", "deadline", "from", "base") for m in mentions if m.end <= c.start) \
            or bool(_RECENT_YEARS.search(sentence_before))
        if unit_base == "count" and period is not None and period_override is None and not any(
                m.role in ("period", "deadline", "from", "base") for m in mentions) \
                and not _RECENT_YEARS.search(sentence_before) and not self.previous_sentence_figures:
            period = None  # a count in a narrative is not dated by an earlier paragraph
        if not own_period and period_override is None and V.PER_PERIOD_OR_POTENTIAL.search(sentence_before):
            period = None  # 每年可消纳150万吨: a rate or a potential, not a dated flow
        if _FROM_VALUE.search(clause) and not any(
                m.role == "from" for m in mentions if clause_start <= m.start < c.start):
            period = None  # 从17%提升至24%: the starting level of an undated change
        if not is_change and self._modality(measure, sentence_before, after, None, sent, c) in ("target", "forecast") \
                and not any(m.role in ("period", "deadline", "from", "base") for m in mentions if m.end <= c.start) \
                and not any(m.role == "period" for m in mentions if m.start >= c.end) \
                and not isinstance(self.target_section, Period):
            period = None
        if not own_period and period_override is None and self._headline(sent.paragraph):
            period = self._headline_period(sent.paragraph, c) or period
        if category == "capacity" and _RATED_AFTER.match(after):
            period = None  # the rating of a machine or a project is not a figure of a period
        if period is None:
            self.result.unresolved += 1
        if measure in ("level", "rate_pct", "share_pct") and not is_change:
            measure = self._modality(measure, sentence_before, after, period, sent, c)

        # a member of an enumeration is scoped by its own list item (LMEX指数 world, M2指数 not)
        scope = self._scope(subject, item_text, item_text) if item_text is not None \
            else self._scope(subject, clause, sentence_before)
        # decimal arithmetic, so 4.6亿 is exactly 460000000 (not 459999999.99999994)
        value_base = float(Decimal(repr(value)) * Decimal(repr(unit.multiplier))) if unit else value
        o_start, o_end = self.view.to_original(c.start, c.end)
        number_text = self.view.original[o_start:o_end]
        ss, se = self.view.to_original(sent.start, sent.end)
        return Figure(
            char_start=o_start, char_end=o_end, number_text=number_text,
            source_text=self.view.original[ss:se],
            category=category, indicator_zh=indicator, subject_zh=subject, measure=measure,
            value=value, unit=(c.unit_text or None), value_base=value_base, unit_base=unit_base,
            qualifier=c.qualifier,
            period_start=period.start if period else None,
            period_end=period.end if period else None,
            period_grain=period.grain if period else None,
            flow=flow if category == "trade" else None, scope=scope,
        )

    def _category(self, category, flow, indicator, unit, c, before, after):
        unit_base = unit.unit_base if unit else None
        if unit_base in ("USD/t", "CNY/t"):
            return "price", None
        if unit_base in ("kWh/t", "kgce/t", "tce"):
            return "energy_env", None
        if unit_base == "t/yr":
            return "capacity", None
        if unit_base == "index" and unit is not None and unit.written == "":
            return "index", None
        if unit_base == "count":
            base_word = (c.unit_text or "").lstrip("".join(SCALES))
            if base_word not in COUNT_KEEP_CATEGORY:
                return "other", None
        if unit_base in ("t", "kW", "m3"):
            capacity_word = _CAPACITY_AFTER.match(after)
            clause = re.split(f"[{CLAUSE_DELIMS}]", before)[-1]
            # 产量保持50万吨以上规模: the scale of a flow its clause names, not a capacity
            flow_scale = capacity_word is not None and capacity_word.group(1) == "规模" \
                and category in ("output", "consumption", "trade") \
                and any(V.INDICATORS[m.group()][0] == category for m in V.INDICATOR_PATTERN.finditer(clause))
            if (capacity_word or _RATED_AFTER.match(after)) and not flow_scale:
                return "capacity", None
        if indicator in ("工业增加值", "增加值"):
            if not re.search(r"有色|金属|矿|冶炼|铜|铝|铅|锌", before[-60:]):
                return "macro", None
        if category is None:
            if unit_base == "kW":
                return "capacity", None
            return "other", None
        return category, flow

    def _measure(self, c, unit_base, is_change, change, window, clause, before, after, category,
                 indicator):
        if unit_base == "pp":
            return "pp_change"
        percent = unit_base == "pct"
        mom = max((before.rfind(w) for w in V.MOM_WORDS), default=-1)
        yoy = max((before.rfind(w) for w in V.YOY_WORDS), default=-1)
        if percent:
            if is_change:
                if change.word in COMPARATIVES and re.search(r"比|较", window) and not c.explicit_sign:
                    return "rate_pct"
                if any(w in window or w in clause for w in V.CAGR_WORDS):
                    return "cagr_pct"
                if mom > yoy:
                    return "mom_pct"
                if yoy > mom:
                    return "yoy_pct"
                if category == "price" and self._monthly(before):
                    return "mom_pct"
                return "yoy_pct"
            if any(w in clause for w in V.CAGR_WORDS) and re.search("增|长|速", clause):
                return "cagr_pct"
            if any(w in window for w in V.SHARE_WORDS) or re.search(r"(占|比重|占比|份额|贡献率)", clause):
                return "share_pct"
            residue = re.sub(r"达到|提升至|提高到|提升到|上升至|升至|增至|为|是|达|至|到|约|超过|已|进一步|，|,", "", clause)
            if not residue and re.search(r"(占|比重|占比|份额)", before):
                return "share_pct"
            if re.match(r"^的?(增速|增幅|增长)", after) or any(w in clause for w in V.GROWTH_RATE_WORDS):
                if "年均" in clause:
                    return "cagr_pct"
                return "mom_pct" if mom > yoy else "yoy_pct"
            if c.unit is not None and c.unit.written == "成":
                return "share_pct"
            if category == "index":
                return "level"
            if re.match(r"^[\u4e00-\u9fff]", after) and not re.match(
                    r"^(的|以|左右|之|和|及|与|或|达|为|是|跌|涨|升|降|增|减|提|回|下|上|至|到|占|居|位|超|高|低|仍|已|将|均|分别|，)", after):
                return "share_pct"  # 8.53%员工, 90%大型矿山: a share of a population
            return "rate_pct"
        if is_change:
            return "abs_change"
        return "level"

    def _monthly(self, before: str) -> bool:
        per = self.ctx.period
        return bool(re.search(r"(\d{1,2})月份?|单月|月内|本月", before)) or (
            per is not None and per.grain in ("month", "instant"))

    def _modality(self, measure, before, after, period, sent, c) -> str:
        """Levels stated as plans are targets; as predictions, forecasts."""
        if re.search(r"预计|预测|有望|估计|将达", before):
            return "forecast"
        if _FROM_VALUE.search(before[_clause_start(self.norm, sent.start, c.start) - sent.start:]):
            return measure  # the starting level of 从A提升至B is where things stand, not the aim
        future = period is not None and self.present is not None and (
            period.start > self.present.end
            # a multi-year period not over yet, in a text that does not report it as done
            or (period.grain == "multi_year" and period.end > self.present.end
                and not re.search(r"累计|已|以来", before)))
        in_target_section = isinstance(self.target_section, Period)
        deadline = any(m.role == "deadline" for m in self.periods if sent.start <= m.start < c.start)
        plan_before = re.search(r"(目标|力争|建成后|达产后|投产后|全部建成|控制在|将(?:达到|形成|接入|发行|新增|突破|超过|实现))", before)
        plan_after = re.match(r"^(以上|以内)?的?目标", after)
        reach = before.endswith("达到") and c.qualifier == "over" and (
            period is None or self.doc_date is None or period.end >= self.doc_date)
        if future or deadline or plan_before or plan_after or reach or in_target_section:
            return "target"
        return measure

    def _scope(self, subject: str | None, clause: str, sentence_before: str) -> str:
        if subject and V.FIRM_PATTERN.fullmatch(subject):
            return "firm"
        # a region counts outside firm names only (江西铜业集团 is a firm, not Jiangxi)
        if _is_region(subject) or V.REGION_PATTERN.search(V.FIRM_PATTERN.sub("", clause)):
            return "regional"
        if any(w in clause for w in V.WORLD_WORDS):
            return "world"
        # the sentence's own topic, when nothing after it brings the figure back home:
        # 伦敦金属交易所主要品种普遍上行：铜价…上涨373美元/吨; 金川集团…生产…72864吨
        last_national = max((sentence_before.rfind(w) for w in V.NATIONAL_WORDS), default=-1)
        world = max((sentence_before.rfind(w) for w in V.WORLD_WORDS), default=-1)
        firm = max((m.start() for m in V.FIRM_PATTERN.finditer(sentence_before)), default=-1)
        if world > last_national and world > firm:
            return "world"
        if firm > last_national:
            return "firm"
        return "national"

    def _carried_period(self) -> Period | None:
        """The period a figure without its own takes: a 目标 section's target year, else the
        period carried from the sentences before."""
        if isinstance(self.target_section, Period):
            return self.target_section
        return self.ctx.period

    def _period(self, sent, c, mentions, measure, is_change) -> Period | None:
        norm = self.norm
        before = [m for m in mentions if m.end <= c.start]
        # the year context: an explicit year stated earlier in this paragraph's sentence
        years = [m.year for m in before if m.year is not None and m.role in ("period", "from") and m.kind != "years"]
        saved_year = self.ctx.year, self.ctx.year_paragraph
        if years:
            self.ctx.year, self.ctx.year_paragraph = years[-1], sent.paragraph
        try:
            return self._period_inner(sent, c, before, mentions, measure, is_change)
        finally:
            self.ctx.year, self.ctx.year_paragraph = saved_year

    def _period_inner(self, sent, c, before, mentions, measure, is_change) -> Period | None:
        norm = self.norm
        current: PeriodMention | None = None
        base: PeriodMention | None = None
        since = False
        for m in before:
            if m.role in ("period", "deadline", "from"):
                current, base, since = m, None, False
            elif m.role == "base":
                base = m
            elif m.role == "since":
                current, base, since = None, None, True
        # a phrase right before the number is the number's own period (去年全年5%的增速)
        if before and before[-1].end >= c.start - 1 and before[-1].role in ("base", "since"):
            current, base, since = before[-1], None, False
        period: Period | None = None
        if current is not None and current.role == "from":
            between = norm[current.end:c.start]
            if re.search(r"(至|到)", between):
                earlier = [m for m in before if m.role in ("period", "deadline") and m.end <= current.start]
                period = self._resolve(earlier[-1]) if earlier else self._carried_period()
            else:
                period = self._resolve(current)
        elif current is not None and current.kind == "now" and measure in ("yoy_pct", "mom_pct", "pp_change") \
                and self.ctx.period is not None:
            period = self.ctx.period  # a growth rate "now" is that of the latest period reported
        elif current is not None:
            period = self._resolve(current)
        elif not since:
            later = [m for m in mentions if m.start >= c.end and m.role == "period" and m.kind != "day"]
            if later and not re.search(r"[，,；;]", norm[c.end:later[0].start]):
                period = self._resolve(later[0])
            elif not _RECENT_YEARS.search(norm[sent.start:c.start]):
                period = self._carried_period()  # else 近5年 is read below
        if measure == "cagr_pct" and (period is None or period.grain != "multi_year"):
            multi = [self._resolve(m) for m in before if m.role in ("period", "deadline")]
            multi = [p for p in multi if p and p.grain == "multi_year"]
            if multi:
                period = multi[-1]
            else:
                m = re.search(r"(?:^|[^\d])(\d{1,2}|[一二三四五六七八九十]+)年(?:年均|来|间|内)", norm[max(sent.start, c.start - 20):c.start])
                if m and period is not None:
                    n = _small_int(m.group(1))
                    if n and 1 < n <= 30:
                        end_year = period.end.year
                        period = Period(date(end_year - n + 1, 1, 1), date(end_year, 12, 31), "multi_year")
                elif self.ctx.span is not None and current is None:
                    period = self.ctx.span
        if period is None:
            m = _RECENT_YEARS.search(norm[sent.start:c.start])
            if m and self.doc_date is not None:
                n = _small_int(m.group(1))
                if n and 1 < n <= 30:
                    y = self.doc_date.year - 1
                    period = Period(date(y - n + 1, 1, 1), date(y, 12, 31), "multi_year")
        if period is not None and base is not None and is_change and measure != "cagr_pct":
            if base.year is not None and base.relative is None and not norm[base.end:base.end + 2].startswith("同期"):
                bp = self._resolve(base)
                if bp is not None and bp.start < period.start:
                    period = Period(bp.start, period.end, "multi_year")
        return period


def _small_int(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    from .numbers import parse_chinese
    v = parse_chinese(text)
    return int(v) if v else None


def _period_list(norm: str, s0: int, marker: int, n: int):
    """A list of periods earlier in the sentence (2025年、2026年…分别下调…)."""
    seg = norm[s0:marker]
    lists = list(re.finditer(r"(\d{4})年(?:[、和与及](\d{4})年)+", seg))
    if not lists:
        return None
    years = re.findall(r"(\d{4})年", lists[-1].group())
    from .periods import year_period
    return [("period", year_period(int(y))) for y in years]


def _clause_start(norm: str, s0: int, pos: int) -> int:
    i = pos - 1
    while i >= s0 and norm[i] not in CLAUSE_DELIMS:
        i -= 1
    return i + 1


def _enum_marker(norm: str, clause_start: int, pos: int) -> int | None:
    """Position of 分别/各 governing the number at `pos`, if in its clause."""
    seg = norm[clause_start:pos]
    m = None
    for m_ in re.finditer(r"分别|各(?=占|为|是|增长|下降|达|约)", seg):
        m = m_
    if m is None:
        return None
    return clause_start + m.start()


def _trim_item(item: str) -> str:
    item = re.sub(r"^(\d+月份?|[一二三四]季度|前\d+个月|\d{4}年|今年|去年|同期)+", "", item)
    item = re.sub(r"^(其中|以及|包括|是|为|有|对|在|从|和|与|及|中|我国|全国|，|,)+", "", item)
    return item.strip("“”\"' ")


def _list_before(norm: str, s0: int, marker: int, n: int):
    """The list of items (A、B和C) closest before the enumeration marker in the sentence, as
    ('item', text) or ('period', Period) tuples; None when there is none."""
    clause_start = _clause_start(norm, s0, marker)
    seg = norm[clause_start:marker]
    paired = re.search("(" + "|".join(sorted(V.PAIRED_INDICATORS, key=len, reverse=True)) + r")(?:均|同比)?$", seg)
    if paired and n == 2:
        return [("item", word, clause_start) for word in V.PAIRED_INDICATORS[paired.group(1)]]
    if "、" not in seg and not re.search(r"[和与及]", seg):
        # the list may be in the clause before: "分别是A、B、C，增幅分别是…"
        prev_end = clause_start - 1
        if prev_end <= s0:
            return None
        prev_start = _clause_start(norm, s0, prev_end)
        prev = norm[prev_start:prev_end]
        mm = re.search(r"分别(?:是|为)(.+)$", prev)
        if mm and re.search(r"、|和|及", mm.group(1)):
            items = re.split(r"、|和|及|以及", mm.group(1))
            return [("item", _trim_item(x), prev_start) for x in items if _trim_item(x)]
        return None
    # period lists: 2025年、2026年
    years = re.findall(r"(\d{4})年", seg)
    if len(years) >= 2 and re.search(r"\d{4}年[、和与及]\d{4}年", seg):
        from .periods import year_period
        return [("period", year_period(int(y))) for y in years]
    if "、" not in seg:
        parts = re.split(r"和|与|及", seg)
        if len(parts) != 2:
            return None
        first = parts[0]
        # first item: the tail of the text before 和 after the last boundary
        first = re.split(r"[的对是为在从有]", first)[-1]
        last = _cut_last(parts[1])
        items = [_trim_item(first)[-8:], last]
        if not all(items):
            return None
        return [("item", x, clause_start) for x in items]
    pieces = re.split(r"、", seg)
    # the last piece may contain the final 和/及
    tail = pieces[-1]
    tail_split = re.split(r"和|及|以及|与", tail)
    body = pieces[:-1] + tail_split
    first = body[0]
    first = re.split(r"[的对是为在从有，]|其中", first)[-1]
    sh = list(V.COMMODITY_PATTERN.finditer(first))
    if len(first) > 8 and sh:
        first = first[sh[-1].start():]
    body[0] = first
    body[-1] = _cut_last(body[-1])
    items = [_trim_item(x) for x in body]
    if not all(items):
        return None
    return [("item", x, clause_start) for x in items]


def _list_end(norm: str, list_start: int, limit: int) -> int:
    m = re.search(r"分别|各", norm[list_start:limit])
    return list_start + m.start() if m else limit


def _cut_last(item: str) -> str:
    """The last list member ends where the shared predicate begins (…锌等主要金属产量分别)."""
    for m in re.finditer(r"等|同比|环比|的|均|分别|各|年均|比|较|占|实现|完成|进出口|出口|进口|产量|"
                         r"销售收入|综合能耗|能耗|冶炼产能|产能|外采率|依存度|增速|销量|产销|价格|进口均价",
                         item):
        if m.start() > 0:
            return item[:m.start()]
    return item
