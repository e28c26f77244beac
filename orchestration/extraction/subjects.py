"""What a figure is about: its subject, read from the grammar of its clause.

A Chinese statistical clause opens with what it speaks of, then names the quantity and states
the number: [period] [subject] [indicator] [verb or change word] [number] (一季度，高技术产业投资
增长6.5%). The subject is that opening noun phrase (`opening_phrase`) when it names something a
figure can be about — a commodity, a firm, a region, a trade partner, a sector or class of goods
(制造业, 机电产品) — or what a trade verb takes (进口原油2.25亿吨), or the partner of 对/与/从/自
(对东盟出口); never the noun nearest the number. A clause opening with its verb (…，增长7.2%)
goes on with the figure before it in its sentence; a section head over a numbered list gives its
items theirs; 公司 and 该公司 stand for the firm the document named last. Industry-wide and
national aggregates (全国…, 规模以上工业…, 有色金属行业…) have no subject.

The subject is decided by the ordered rules of `SUBJECT` (subject_rules.py) once the category is
known: a quantity or price of a named good is about the good even when a firm produces it; a
firm's results are about the firm.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field, replace

from . import lexicon
from .keywords import (CHANGE_WORDS, COMMODITIES, FIRM_PATTERN, FIRM_SUFFIX, INDICATORS, INDUSTRY_WIDE_WORDS,
                       MATERIAL_KEYWORDS, NATIONAL_WORDS, PARTNERS, REGION_PATTERN, WORLD_WORDS, category_of, is_firm, is_region)
from .matcher import Hit, PhraseMatcher

HAN = "\u4e00-\u9fff"


def words(kind: str) -> tuple[str, ...]:
    return lexicon.words("subjects", kind=kind)


# The opening phrase ends at its verb, a comparison, a change word, a number or a delimiter. The
# stop words are found together with the keywords and names that contain them (有色金属 holds 有,
# 共建“一带一路”国家 holds 共, 均价 holds 均): a stop counts only where no longer word covers it.
_GROWTH_WORDS = lexicon.words("markers", marker="growth_rate")
STOPS = frozenset((*words("clause_verb"), *lexicon.words("markers", marker="yoy"),
                    *lexicon.words("markers", marker="mom"), *lexicon.words("markers", marker="share"),
                    *lexicon.words("markers", marker="cagr"),
                    *(w for w in CHANGE_WORDS.phrases if len(w) > 1 or w in "涨跌")))
QUANTITY_WORDS = PhraseMatcher((*INDICATORS.phrases, *_GROWTH_WORDS))
OPENING_WORDS = PhraseMatcher((*STOPS, *QUANTITY_WORDS.phrases, *COMMODITIES.phrases, *PARTNERS.phrases,
                                *words("region"), *words("holds_stop")))
# “绿星链通”2.0: a version written right after a quoted name is part of the name, no number
VERSION = r"(?<=”)[0-9]+(?:\.[0-9]+)+(?![0-9.%万亿千百])"
HARD_STOP = re.compile(rf"(?<![A-Za-z0-9])(?<![A-Za-z]-)(?<![0-9]\.)(?!{VERSION})[0-9]|[，,；;：:。！？!?\n（(]")
_FILLER_WORDS = frozenset(words("leading_filler"))
_SCOPE_WORDS = frozenset((*NATIONAL_WORDS, *words("world_subject")))
_LEAD_WORDS = PhraseMatcher((*_FILLER_WORDS, *_SCOPE_WORDS, *OPENING_WORDS.phrases))
LEADING = PhraseMatcher((*_FILLER_WORDS, *_SCOPE_WORDS))
# Words a quantity's name takes between its subject and its keyword (SQM的总收入, 锂产品的平均售价).
_NAME_MODIFIERS = re.compile("(?:" + "|".join(map(re.escape, words("name_modifier"))) + ")+$")
_NOT_TOPIC_HEAD = re.compile("(?:" + "|".join(map(re.escape, words("not_topic_head"))) + ")$")
NOT_TOPIC = re.compile("|".join(map(re.escape, words("not_topic"))) + "|" + _NOT_TOPIC_HEAD.pattern)
_COORDINATED = re.compile("[和及与、]")
_COMPARISON_OPENER = re.compile("|".join(map(re.escape, sorted(words("comparison_opener"), key=len, reverse=True))))
# a clause opening with where its figure comes from (根据…的预测) or with whom its verb deals (向天齐集团购买…)
_SOURCE_OPENER = re.compile("|".join(map(re.escape, sorted((*words("source_opener"), *words("counterparty_opener")),
                                                           key=len, reverse=True))))
_INDUSTRY_WIDE = re.compile("|".join(map(re.escape, INDUSTRY_WIDE_WORDS)))
_SUBJECT_HEAD = re.compile("(?:" + "|".join(map(re.escape, sorted(words("subject_head"), key=len, reverse=True)))
                           + ")$")
_SECTOR_SUFFIX = re.compile("(?:" + "|".join(map(re.escape, words("sector_suffix"))) + ")$")
_HEAD_WORDS = frozenset(words("subject_head"))
_EVENT = re.compile(rf"([{HAN}A-Za-z]{{2,8}}?)(?:" + "|".join(map(re.escape, words("event_head"))) + ")")
_CLASS_LIST = re.compile(rf"[{HAN}A-Za-z0-9“”]{{2,}}(?:、[{HAN}A-Za-z0-9“”]{{2,}})+等[{HAN}]{{0,8}}?(?:"
                         + "|".join(map(re.escape, sorted(words("subject_head"), key=len, reverse=True))) + ")")
# the name of a body of an organisation, after the region its name opens with (山西华兴|团委)
_BODY = re.compile(rf"[{HAN}A-Za-z]{{1,8}}(?:" + "|".join(map(re.escape, words("body_head"))) + ")")
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9&.\- ]{1,11}")
# a machine or product named by its model code and what it is (HXT-600破碎机, ZQ-350型掘进机, C929客机)
_MODEL_NAME = re.compile(rf"[A-Za-z]{{1,6}}-?[0-9]{{2,5}}[A-Za-z]?型?(?:(?!的)[{HAN}]){{1,5}}")
GENERIC_FIRMS = frozenset(words("generic_firm"))
_TRADE_KEYWORDS = frozenset(w for w in INDICATORS.phrases if category_of(w)[0] == "trade")
# The partner of a trade figure: 对东盟出口, 与东盟贸易额, 从智利进口, 自美国进口, 对中东欧16国进出口; the
# good traded may stand between it and the trade word (来自于美国的废铜进口量).
_PARTNER = re.compile(rf"(?:对|与|同|从|自|向|来自于|来自)([{HAN}A-Za-z0-9“”\"·]{{1,16}}?)的?"
                      rf"(?:{'|'.join(sorted(map(re.escape, COMMODITIES.phrases), key=len, reverse=True))})?"
                      r"(?=进出口|出口|进口|贸易|外贸|双边)")
# 中美双边贸易, 中欧贸易: China's trade with the partner its one-character name stands for
_PARTNER_ABBREVIATIONS = lexicon.meanings("partner_abbreviations", "partner")
_BILATERAL = re.compile("中(" + "|".join(map(re.escape, _PARTNER_ABBREVIATIONS)) + ")(?=双边|贸易|经贸|进出口)")
_PARTNER_TAIL = re.compile("(?:国家|地区|国家和地区)$")
_PLACE_TAIL = re.compile("(?:国|国家|地区|洲|盟|省|市|省市)$")
_EDGE_NOISE = " $@#*·-_“”\"'《》的"
MAX_TOPIC = 20
# A name written in quotes, maybe with its head after it (“奋进一号”盾构机), standing alone before the clause's
# verb: a thing the text names for itself (a coin, a machine, a system), whatever the lexicon knows.
QUOTED_NAME = re.compile(rf"\s*(“[^“”，,。；;：:]{{2,12}}”(?:{VERSION})?[{HAN}]{{0,4}})\s*")
# A numbered list item's ordinal (1、, （2）, （二）): structure, not part of the clause.
LIST_ITEM = re.compile(r"\s*(?:\d{1,2}(?:、|[.．](?!\d))|[（(]\d{1,2}[)）]|[（(][一二三四五六七八九十][)）]|第?[一二三四五六七八九十]{1,2}、)")
MAIN_FIRM_MENTIONS = 3

# Firms a document names for itself: 四川天齐锂业股份有限公司（以下简称“天齐锂业”）, 天齐锂业(SZ002466),
# 智利矿业化工(SQM).
_SHORT_NAME = re.compile(r"简称[:：]?[“\"]([^”\"]{1,16})[”\"]")
_STOCK_CODE = re.compile(r"[（(](?:SZ|SH|HK)?\d{6}[)）]")
_NAME_BEFORE = re.compile(rf"[{HAN}A-Za-z]{{2,10}}\Z")
_ACRONYM = re.compile(rf"(?<=[{HAN}])[（(]([A-Z][A-Za-z]{{1,9}})[)）]")
# words holding a firm suffix that end no firm's name (矿业权 holds 矿业): found with the suffixes, longest first
_NOT_FIRM_WORDS = frozenset(words("not_firm_word"))
_FIRM_SUFFIXES = PhraseMatcher((*words("firm_suffix"), *_NOT_FIRM_WORDS))
# \Z, not $: a name ends where the suffix begins, also after a line break ($ would match before it)
_NAME_BEFORE_SUFFIX = re.compile(rf"[{HAN}A-Za-z（）()]{{2,}}\Z")
MAX_FIRM_NAME = 16
MIN_FIRM_NAME = 3
_BOUNDARY_BEFORE = re.compile(r"[\s，,。；;：:、（(“\"$]")
_FIRM_LEAD = re.compile(r"^.*(?:的|了|在|由|对|与|和|及|向|从|把|被|通过|当|将|是|为|、|年|月|日|期|度|据|于|等|家|些|各|这|"
                        + "|".join(map(re.escape, words("acquire_verb"))) + rf")(?=[{HAN}A-Za-z])")
# a negation (not the 不 of 不锈钢) or a verb opening the words before a suffix makes them a clause, no name (H股股数不超过发行后公司,
# 凸显优质矿业)
_NOT_IN_NAME = re.compile("不(?!锈)|^(?:" + "|".join(map(re.escape, words("not_topic"))) + ")")
_NEWSPAPER_AFTER = re.compile(r"报(?:社|讯|[》”\s]|$)")
_LEGAL_FORMS = "(?:" + "|".join(map(re.escape, words("legal_form"))) + ")"
_LEGAL_FORM = re.compile(_LEGAL_FORMS + "$")
_GENERIC_FIRM_TAIL = re.compile("(?:" + "|".join(map(re.escape, words("generic_firm_tail"))) + ")$")
# A project named with its rating (达茂旗120万千瓦项目, 首期90万千瓦风电项目) is named as a whole: the opening
# goes on past its number, and the goods and firms it holds are parts of its name.
_PROJECT_HEADS = "|".join(map(re.escape, sorted(words("project_head"), key=len, reverse=True)))
RATED_NAME = re.compile(rf"[0-9][0-9.]*[万亿]?(?:{'|'.join(map(re.escape, sorted(words('rating_unit'), key=len, reverse=True)))})"
                        rf"[{HAN}“”\"A-Za-z]{{0,16}}?(?:{_PROJECT_HEADS})")
PROJECT_NAME = re.compile(rf"[{HAN}“”\"A-Za-z0-9.\-]+(?:{_PROJECT_HEADS})$")
# where a name begins: after a delimiter, 的, a preposition, conjunction or copula, or a verb building or
# naming it (替代|达茂旗120万千瓦项目, 由|包头铝业…项目和|包头市…项目组成, 计划是对|现有碳酸锂工厂进行升级)
NAME_START = re.compile(r"(?:[，,。；;：:、！？!?\n\s（）()《》]|的|由|和|与|及|对|是|"
                        + "|".join(map(re.escape, sorted(words("antecedent_verb"), key=len, reverse=True)))
                        + ")(?:出|了|的)*")
# known names a phrase may open with: goods, trade partners, the world, generic firms
NAMES = PhraseMatcher((*COMMODITIES.phrases, *PARTNERS.phrases, *WORLD_WORDS, *words("generic_firm")))
# 西部12省市, 中东欧16国: a name holding a count of places
COUNTED_PLACES = re.compile(rf"[{HAN}]{{1,6}}[0-9]{{1,2}}个?(?:省区市|省市区|省市|省区|省|市|国|地区|城市)")
COUNTED_PLACE = re.compile(r"[0-9]{1,2}个?(?:省区市|省市区|省市|省区|省|市|国|地区|城市)")


@dataclass
class DocumentFirms:
    """The firms a document names: those it defines short names for (short names, stock names,
    acronyms) and names with a firm suffix; every mention in text order, and the firm it names
    most often (what a company report is about)."""
    matcher: PhraseMatcher
    mentions: list[Hit] = field(default_factory=list)
    main: str | None = None
    acquired: str | None = None  # the company the document's deal buys (收购泰利森), named most often so
    _ends: list[int] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)
    _written: list[str] | None = None  # the names written, longest first

    @classmethod
    def read(cls, norm: str) -> "DocumentFirms":
        names = [m.group(1) for pattern in (_SHORT_NAME, _ACRONYM) for m in pattern.finditer(norm)]
        for m in _STOCK_CODE.finditer(norm):  # 天齐锂业(SZ002466): the name before the code
            before = _NAME_BEFORE.search(norm, max(0, m.start() - 10), m.start())
            if before:
                names.append(before.group())
        defined: list[str] = []
        for name in (n.strip() for n in names):
            if name and name not in GENERIC_FIRMS and name not in defined:
                defined.append(name)
        firms = cls(PhraseMatcher(defined))
        firms.mentions = firms._mentions(norm)
        firms._ends = [h.end for h in firms.mentions]
        firms._starts = [h.start for h in firms.mentions]
        counts = Counter(h.word for h in firms.mentions)
        if counts:
            name, n = counts.most_common(1)[0]
            # a company document is about one firm; a newspaper page names many
            if n >= MAIN_FIRM_MENTIONS and n * 2 >= sum(counts.values()):
                firms.main = name
            # ... and the firm its title names is the one it is about, however often it names others
            # (快速浏览天齐发布的一系列公告 is 天齐锂业's, though SQM, the firm it buys, is named more)
            firms.main = _report_title_firm(norm, firms.mentions) or _title_firm(norm, counts) or firms.main
        bought = Counter(h.word for h in firms.mentions if _ACQUIRED_BEFORE.search(norm, max(0, h.start - 8), h.start))
        firms.acquired = bought.most_common(1)[0][0] if bought else None
        return firms

    def _mentions(self, norm: str) -> list[Hit]:
        """The firms the document names: its defined names, then names ending with a firm suffix
        (集团, 公司, 矿业 …) that do not overlap them. Where a name begins is read from the
        document itself: of the names a suffix could end (围绕金川集团, 金川集团, 川集团), the one it
        writes most often; a name written once is trimmed of the words before it (2021年, 通过)."""
        defined = self.matcher.leftmost_longest(norm)
        taken = 0
        spans: list[tuple[int, int]] = []  # (start of the longest possible name, end of its suffix)
        for suffix in _FIRM_SUFFIXES.leftmost_longest(norm):
            if suffix.word in _NOT_FIRM_WORDS:
                continue
            name = _NAME_BEFORE_SUFFIX.search(norm, max(taken, suffix.start - MAX_FIRM_NAME), suffix.start)
            if name is not None:
                spans.append((name.start(), suffix.end))
                taken = suffix.end
        hits = list(defined)
        defined_ends = [h.end for h in defined]  # the defined names do not overlap: ends rise with starts
        for s, e in spans:
            # a name holds words before its legal form: 有限公司 written twice (五矿资源有限公司 and
            # 于香港注册成立之有限公司) is no firm written often
            legal = _LEGAL_FORM.search(norm, s, e)
            last_start = min(e - MIN_FIRM_NAME, legal.start() - 2 if legal else e)
            often = next((norm[a:e] for a in range(s, last_start + 1) if _written_elsewhere(norm, a, e)), None)
            if often is not None:
                found = _trim_firm(Hit(e - len(often), e, often))
            else:  # written once: a name only where a word boundary or a particle starts it
                found = _trim_firm(Hit(s, e, norm[s:e]))
                if found is not None and found.start == s and s > 0 and not _BOUNDARY_BEFORE.match(norm, s - 1):
                    found = None
            if found is not None and _NEWSPAPER_AFTER.match(norm, found.end):
                continue  # 中国铝业报, 《中国有色金属报》: a newspaper's name, not its firm
            if found is None:
                continue
            k = bisect_right(defined_ends, found.start)  # the first defined name ending after it starts
            if k == len(defined) or defined[k].start >= found.end:
                hits.append(found)
        hits.sort(key=lambda h: h.start)
        return hits

    def between(self, start: int, end: int) -> list[Hit]:
        """The mentions within norm[start:end]."""
        return self.mentions[bisect_left(self._starts, start):bisect_left(self._starts, end)]

    def named_before(self, position: int) -> str | None:
        """The firm named last before `position`: what 公司, 该公司 stand for there."""
        k = bisect_right(self._ends, position)
        return self.mentions[k - 1].word if k else None

    def is_defined(self, name: str) -> bool:
        return name in self.matcher

    def written_name_ending(self, text: str) -> str | None:
        """The longest firm name the document writes that `text` ends with, shorter than it."""
        if self._written is None:
            self._written = sorted({h.word for h in self.mentions if not FIRM_SUFFIX.fullmatch(h.word)},
                                   key=len, reverse=True)
        return next((w for w in self._written if len(w) < len(text) and text.endswith(w)), None)

    def names_firm(self, name: str) -> bool:
        """A firm's name: defined by the document, with a firm suffix, or a Latin name (SQM)."""
        return self.is_defined(name) or is_firm(name) or bool(_LATIN_NAME.fullmatch(name))


# a buy verb right before a firm's name, maybe with what part of it is bought (全面收购泰利森, 收购剩余的)
_ACQUIRED_BEFORE = re.compile("(?:" + "|".join(map(re.escape, words("acquire_verb"))) + r")(?:全面|剩余|全部|了|的)*$")
_TITLE = re.compile(r"\s*([^\n]{4,40})\n")
TITLE_PREFIX = 2  # a title may shorten a firm's name to its first characters (天齐 for 天齐锂业)


def _title_firm(norm: str, counts: Counter) -> str | None:
    """The firm a document's title line names, in full or by the start of its name, among the
    firms the document names often; of several, the one it names first."""
    title = _TITLE.match(norm)
    if title is None:
        return None
    line = title.group(1)
    named = [(line.find(w if w in line else w[:TITLE_PREFIX]), -n, w) for w, n in counts.items()
             if n >= MAIN_FIRM_MENTIONS and len(w) > TITLE_PREFIX and (w in line or w[:TITLE_PREFIX] in line)
             and not (w in line and _NEWSPAPER_AFTER.match(line + "\n", line.find(w) + len(w)))]
    return min(named)[2] if named else None


_REPORT_TITLE = re.compile("|".join(map(re.escape, sorted(words("report_title"), key=len, reverse=True))))
_LEGAL_FORM_AFTER = re.compile("(?:集团|控股)*" + _LEGAL_FORMS)
_TITLE_SPAN = 80  # characters of the layout-free text that hold a title and a name line above it


def _report_title_firm(norm: str, mentions: list[Hit]) -> str | None:
    """A periodic report or results announcement is its firm's, however seldom its text names the
    firm again: the firm named first in its title, before the report's name (…股份有限公司2023年
    年度报告; 江西铜业股份有限公司 / 截至…止年度业绩公告)."""
    report = _REPORT_TITLE.search(norm, 0, _TITLE_SPAN)
    if report is None:
        return None
    # the filer writes its full name with its legal form; an article about a report does not
    return next((h.word for h in mentions
                 if h.end <= report.start() and _LEGAL_FORM_AFTER.match(norm, h.end, report.start())), None)


def _written_elsewhere(norm: str, start: int, end: int) -> bool:
    """Whether norm[start:end] is also written somewhere else in the text (overlaps counting)."""
    name = norm[start:end]
    return norm.find(name) != start or norm.find(name, start + 1) != -1


def _trim_firm(h: Hit) -> Hit | None:
    """A firm-suffix match may start inside the words before the name (2021年金川公司, 通过天齐集团,
    三季度公司); a generic firm (上市公司, 母公司) is no name."""
    word = h.word
    lead = _FIRM_LEAD.match(word)
    if lead:
        word = word[lead.end():]
    while True:  # 不过公司, 此外该公司: words before the name
        filler = LEADING.match_at(word, 0)
        if filler is None or len(word) - len(filler) < 2 or len(_LEAD_WORDS.match_at(word, 0)) > len(filler):
            break  # 中国有色矿业: 有色 holds 有, which is no filler there
        if filler in _SCOPE_WORDS and FIRM_SUFFIX.fullmatch(word, len(filler)):
            break  # 中国铝业, 中国五矿: the place is the name's own start
        word = word[len(filler):]
    if word in GENERIC_FIRMS or len(word) < 3 or "的" in word or _GENERIC_FIRM_TAIL.search(word) \
            or _NOT_IN_NAME.search(word):
        return None
    legal = _LEGAL_FORM.search(word)
    if legal is not None:  # 金川集团股份有限公司 is 金川集团
        if legal.start() < 2 or word[legal.start() - 1] == "之":
            return None  # 于香港注册成立之有限公司: what kind of company the filer is, not a name
        start = h.end - len(word)
        word = word[:legal.start()]
        return Hit(start, start + len(word), word)
    return Hit(h.end - len(word), h.end, word)


# ------------------------------------------------------------------ the opening phrase ----------
@dataclass(frozen=True, slots=True)
class Opening:
    """What a clause opens with."""
    text: str | None  # None: the whole country or industry, or nothing named
    kind: str  # "topic", "object" (of a trade verb), "partner", "national", "none" (names nothing)
    span: tuple[int, int] = (0, 0)  # the opening phrase, to find the goods it names
    in_china: bool = False  # the clause places itself in China (全国, 我国, 国内)
    prefix: bool = False  # the text is a name the phrase opens with (上海|电解铜现货), not all of it


NATIONAL = Opening(None, "national", in_china=True)


def opening_phrase(norm: str, start: int, end: int, periods: dict[int, int], period_starts: list[int],
                   firms: DocumentFirms) -> Opening:
    opening, scope_word = _opening_phrase(norm, start, end, periods, period_starts, firms)
    if scope_word in NATIONAL_WORDS and not opening.in_china:
        opening = replace(opening, in_china=True)
    return opening


def _opening_phrase(norm: str, start: int, end: int, periods: dict[int, int], period_starts: list[int],
                    firms: DocumentFirms) -> tuple[Opening, str | None]:
    """What the clause norm[start:end] opens with, before its verb, change word or number:
    leading fillers, period phrases and national words skipped, the quantity's keyword cut off;
    kind "none" when it opens with its verb or with words that name nothing a figure is about."""
    i, scope_word = skip_lead(norm, start, end, periods)
    whole = NATIONAL if scope_word in (None, "") or scope_word in NATIONAL_WORDS else Opening(scope_word, "topic")
    if _COMPARISON_OPENER.match(norm, i, end) and not QUANTITY_WORDS.match_at(norm, i):
        return Opening(None, "none", (i, i)), scope_word  # 比全国工业投资增幅高…: the base compared with
    bilateral = _BILATERAL.match(norm, i, end)
    if bilateral:
        return Opening(_PARTNER_ABBREVIATIONS[bilateral.group(1)], "partner", (i, i)), scope_word
    partner = _PARTNER.match(norm, i, end)
    if partner:
        name = _partner_name(partner.group(1), firms)
        if is_known(name, firms) or _PLACE_TAIL.search(name):
            return Opening(name, "partner", (i, i)), scope_word
    if _SOURCE_OPENER.match(norm, i, end):
        return Opening(None, "none", (i, i)), scope_word  # 根据波士顿咨询集团的预测, 向天齐集团购买: no subject
    hard = HARD_STOP.search(norm, i, end)
    counted = COUNTED_PLACE.match(norm, hard.start()) if hard and hard.start() > i else None
    rated = RATED_NAME.match(norm, hard.start()) if hard and hard.start() > i else None
    if counted:  # a name holding a count of places (西部12省市) goes on past its number
        hard = HARD_STOP.search(norm, counted.end(), end)
    # a project named with its rating ends with its head (首期90万千瓦风电项目|建设内容包括…)
    j = rated.end() if rated else hard.start() if hard else end
    stop = next((h for h in OPENING_WORDS.leftmost_longest(norm, i, j)
                 if h.word in STOPS and not (rated and h.start < rated.end())), None)
    if stop is not None:
        j = stop.start
    k = bisect_right(period_starts, i)  # a period after the subject ends it (西南铜业上半年阴极铜产量)
    if k < len(period_starts) and period_starts[k] < j:
        j = period_starts[k]
    nothing = Opening(None, "none", (i, j))
    quote = i - 1 if i > start and norm[i - 1] == "“" else i  # skip_lead steps over the quote opening it
    quoted = QUOTED_NAME.fullmatch(norm, quote, j) if stop is not None else None
    if quoted is not None:  # “金鼎”为青铜方鼎: a quoted name the clause's verb speaks of
        return Opening(quoted.group(1), "topic", (i, j)), scope_word
    quantities = QUANTITY_WORDS.longest_first(norm, i, j)
    if quantities and quantities[0].start == i:
        if quantities[0].word in _TRADE_KEYWORDS:
            # 进口原油2.25亿吨, 出口电动汽车增长19%: what the trade verb takes
            following = quantities[1:]
            obj = _leading_name(clean(norm[quantities[0].end:following[0].start if following else j]) or "", firms)
            if obj:
                return Opening(obj, "object", (i, j)), scope_word
        if not clean(norm[quantities[-1].end:j]):
            return whole if scope_word is not None else nothing, scope_word
    # the subject ends where the quantity's name begins: at the first keyword before which the
    # phrase names something (外资企业|进出口平稳向好, 高技术制造业|投资); a keyword inside a longer
    # name is part of it (电力、热力、燃气及水生产和供应业); a quantity may also come first
    # (新增资源储量|铜矿800万吨); a relative clause ends at its 的 (有进出口实绩的|外资企业数量)
    # (工业|固废累计堆存: a keyword naming a material closes the name its modifier opens: 工业固废)
    candidates = [norm[i:h.start + len(MATERIAL_KEYWORDS.match_at(h.word, 0) or "")]
                  for h in quantities if h.start > i] + [norm[i:j]]
    if quantities:
        candidates.append(norm[quantities[-1].end:j])
    relative = norm.rfind("的", i, j)
    if relative > i:
        candidates.append(norm[relative + 1:j])
    for text in map(clean, candidates):
        if not text:
            continue
        if industry_wide(text):
            return NATIONAL, scope_word
        named = _leading_name(text, firms)
        if named is not None:
            return Opening(named, "topic", (i, j), prefix=not text.startswith(named) or len(named) < len(
                _subject_name(text))), scope_word
    if any(category_of(h.word)[0] == "index" for h in quantities if h.word in INDICATORS):
        return NATIONAL, scope_word  # 费城半导体指数回升: a named index, about nothing else
    if scope_word is not None and not clean(norm[i:j]):
        return whole, scope_word
    return nothing, scope_word


def clean(text: str) -> str:
    return _NAME_MODIFIERS.sub("", text.strip(_EDGE_NOISE)).strip(_EDGE_NOISE)


def skip_lead(norm: str, i: int, end: int, periods: dict[int, int]) -> tuple[int, str | None]:
    """Past the words a clause may open with before its subject: fillers, periods, and the words
    placing it in China or in the world, the last of which is returned ("" for none)."""
    scope_word = None
    while i < end:
        if norm[i] in " ，,、“”\"":
            i += 1
            continue
        if i in periods:
            i = max(periods[i], i + 1)
            continue
        ordinal = LIST_ITEM.match(norm, i)
        if ordinal:
            i = ordinal.end()  # 1、, （二）
            continue
        if _PARTNER.match(norm, i, end):
            break
        # the longest word here decides: not the 有 of 有色金属, not the 国内 of 国内生产总值
        word = _LEAD_WORDS.match_at(norm, i)
        if word in _FILLER_WORDS:
            i += len(word)
        elif word in _SCOPE_WORDS:
            i += len(word)
            scope_word = word
        else:
            break
    return i, scope_word


def industry_wide(text: str) -> bool:
    if text in COMMODITIES:
        return False  # 十种常用有色金属 is a group of commodities, not the industry
    return text in NATIONAL_WORDS or _INDUSTRY_WIDE.search(text) is not None


def _leading_name(text: str, firms: DocumentFirms) -> str | None:
    """What `text` names: itself when it is a name; else the firm, place or good it opens with
    (中铝集团|所属企业, 新能源汽车|国内新车, 铁矿石|期货), unless what follows is a bare head word
    (锂|业务 is 锂业务); the head of a relative clause (有进出口实绩的|外资企业)."""
    if is_known(text, firms):
        return _short_name(_subject_name(text), firms)
    event = _EVENT.fullmatch(text)
    if event is not None:
        return _leading_name(event.group(1), firms) or event.group(1)  # 株冶事件: the party the event is named by
    project = project_name(text)
    if project is not None:
        return project
    relative = text.rfind("的")
    if 0 < relative < len(text) - 1:
        named = _leading_name(text[relative + 1:], firms)
        if named is not None:
            return named
        if _NOT_TOPIC_HEAD.search(text):  # 锂业务的更多信息: what the information is about
            return _leading_name(text[:relative], firms)
        project = project_name(text[:relative])
        if project is not None:  # 铜矿项目的建设周期: the project's
            return project
    parts = _COORDINATED.split(text)
    if len(parts) > 1 and all(_names_something(p, firms) or p in COMMODITIES for p in parts):
        return text  # 氯化钾和硫酸钾, 碘及衍生物
    if _CLASS_LIST.fullmatch(text) and not NOT_TOPIC.search(text):
        return text  # 零售业、铁路运输业…、互联网及软件信息技术服务等行业: a list closed by its class, named whole
    lead = _known_prefix(text, firms)
    if lead is not None:
        head = _SUBJECT_HEAD.search(text)
        if head is not None and 0 < head.start() < len(lead) < head.end():
            return text  # 锂材|料: a name does not end inside the head word (材料) its phrase ends with
        rest = text[len(lead):]
        if _BODY.fullmatch(rest) and is_region(lead):
            return text  # 山西华兴团委: the region opens the body's name
        if _SECTOR_SUFFIX.fullmatch(rest):
            return lead if lead in COMMODITIES else text
        if rest not in _HEAD_WORDS:
            return _short_name(lead, firms)
    return text if _names_something(text, firms) else None


def project_name(text: str) -> str | None:
    """The project or works `text` ends with, from where its name begins (规划并建成…替代|达茂旗120万千瓦项目);
    None when it names none, or only the head itself (项目)."""
    if not PROJECT_NAME.search(text) or NOT_TOPIC.search(text):
        return None  # 开展…等科研项目: a clause, not a name
    starts = [m.end() for m in NAME_START.finditer(text)]
    name = _NAME_ADVERB.sub("", text[starts[-1]:] if starts else text)
    if "”" in name and "“" not in name:
        name = "“" + name  # “空间光伏化”项目: the quote opening its title was cut as edge noise
    if not PROJECT_NAME.fullmatch(name) or _HEAD_ONLY.fullmatch(name) or _ANAPHORIC.match(name) or "等" in name:
        return None  # 项目 alone, 该项目, 锗材料等科研项目 (a class of projects)
    return name


_HEAD_ONLY = re.compile(f"(?:{_PROJECT_HEADS})")
_NAME_ADVERB = re.compile("^(?:" + "|".join(map(re.escape, words("name_adverb"))) + ")")
_ANAPHORIC = re.compile("该|此|这|本|其")


def _short_name(name: str, firms: DocumentFirms) -> str:
    """A firm in the short form the document defines (四川天齐锂业股份有限公司: 天齐锂业), without
    the words a suffix match takes before it (刺猬偷腥解读天齐锂业)."""
    if not is_firm(name):
        return name
    defined = firms.matcher.leftmost_longest(name)
    if defined:
        return defined[-1].word
    mentioned = firms.written_name_ending(name)
    if mentioned is not None:  # 市县级分享金川公司: the 金川公司 the document writes
        return mentioned
    trimmed = _trim_firm(Hit(0, len(name), name))
    return trimmed.word if trimmed is not None else name


def is_known(text: str, firms: DocumentFirms) -> bool:
    """A commodity, partner, place, firm or a word standing for a firm, as the lexicon or the
    document knows them."""
    return (text in COMMODITIES or text in PARTNERS or firms.is_defined(text) or text in GENERIC_FIRMS
            or text in WORLD_WORDS or is_firm(text) or bool(REGION_PATTERN.fullmatch(text)))


def _known_prefix(text: str, firms: DocumentFirms) -> str | None:
    """The longest known name of two characters or more that `text` opens with, shorter than it."""
    found = [NAMES.match_at(text, 0), firms.matcher.match_at(text, 0)]
    for pattern in (REGION_PATTERN, FIRM_PATTERN):
        m = pattern.match(text)
        found.append(m.group() if m else None)
    found = [f for f in found if f and 2 <= len(f) < len(text)]
    return max(found, key=len) if found else None


def _names_something(text: str, firms: DocumentFirms) -> bool:
    """Whether a phrase names something a figure can be about: a commodity, a firm, a region, a
    partner, a segment (外资企业, 一般贸易) or a sector or class (制造业, 机电产品, 纺织类), or is a
    Latin name (SQM, VD3); not a quantity, an event or a clause."""
    if len(text) > MAX_TOPIC or NOT_TOPIC.search(text):
        return False
    if is_known(text, firms) or is_region(text) or _LATIN_NAME.fullmatch(text) or COUNTED_PLACES.fullmatch(text) \
            or _MODEL_NAME.fullmatch(text):
        return True
    head = _SUBJECT_HEAD.search(text)
    return head is not None and head.start() > 0  # a bare head word (企业, 业务) names nothing


def _subject_name(text: str) -> str:
    """A sector of one commodity is the commodity (电解铝行业: 电解铝)."""
    sector = _SECTOR_SUFFIX.search(text)
    if sector and text[:sector.start()] in COMMODITIES:
        return text[:sector.start()]
    return text


def _partner_name(text: str, firms: DocumentFirms) -> str:
    """The partner as named (共建“一带一路”国家), without a tail the known name does not need
    (非洲国家: 非洲; 美国直接及间接: 美国)."""
    text = text.strip(_EDGE_NOISE)
    if is_known(text, firms):
        return text
    tail = _PARTNER_TAIL.search(text)
    if tail and is_known(text[:tail.start()], firms):
        return text[:tail.start()]
    return _known_prefix(text, firms) or text


