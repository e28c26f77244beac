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

The subject is decided by the ordered rules of `SUBJECT` (rules.py) once the figure's category is
known: a quantity or price of a named good is about the good even when a firm produces it; a
firm's results are about the firm.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field, replace

from . import lexicon
from .keywords import (CHANGE_WORDS, COMMODITIES, INDICATORS, INDUSTRY_WIDE_WORDS, NATIONAL_WORDS, PARTNERS,
                       FIRM_PATTERN, FIRM_SUFFIX, REGION_PATTERN, WORLD_WORDS, category_of, commodity_hits, is_firm,
                       is_region)
from .enumerations import clause_start
from .matcher import Hit, PhraseMatcher
from .naming import COMPOUND_KEYWORDS, CONTRIBUTIONS, NAME_BEFORE
from .rules import EMPTY, RuleList

HAN = "\u4e00-\u9fff"


def _words(kind: str) -> tuple[str, ...]:
    return lexicon.words("subjects", kind=kind)



# The opening phrase ends at its verb, a comparison, a change word, a number or a delimiter. The
# stop words are found together with the keywords and names that contain them (有色金属 holds 有,
# 共建“一带一路”国家 holds 共, 均价 holds 均): a stop counts only where no longer word covers it.
_GROWTH_WORDS = lexicon.words("markers", marker="growth_rate")
_STOPS = frozenset((*_words("clause_verb"), *lexicon.words("markers", marker="yoy"),
                    *lexicon.words("markers", marker="mom"), *lexicon.words("markers", marker="share"),
                    *lexicon.words("markers", marker="cagr"),
                    *(w for w in CHANGE_WORDS.phrases if len(w) > 1 or w in "涨跌")))
_QUANTITY_WORDS = PhraseMatcher((*INDICATORS.phrases, *_GROWTH_WORDS))
_OPENING_WORDS = PhraseMatcher((*_STOPS, *_QUANTITY_WORDS.phrases, *COMMODITIES.phrases, *PARTNERS.phrases,
                                *_words("region")))
_HARD_STOP = re.compile(r"(?<![A-Za-z])[0-9]|[，,；;：:。！？!?\n（(]")
_FILLER_WORDS = frozenset(_words("leading_filler"))
_SCOPE_WORDS = frozenset((*NATIONAL_WORDS, *_words("world_subject")))
_LEAD_WORDS = PhraseMatcher((*_FILLER_WORDS, *_SCOPE_WORDS, *_OPENING_WORDS.phrases))
_LEADING = PhraseMatcher((*_FILLER_WORDS, *_SCOPE_WORDS))
# Words a quantity's name takes between its subject and its keyword (SQM的总收入, 锂产品的平均售价).
_NAME_MODIFIERS = re.compile("(?:" + "|".join(map(re.escape, _words("name_modifier"))) + ")+$")
_NOT_TOPIC_HEAD = re.compile("(?:" + "|".join(map(re.escape, _words("not_topic_head"))) + ")$")
_NOT_TOPIC = re.compile("|".join(map(re.escape, _words("not_topic"))) + "|" + _NOT_TOPIC_HEAD.pattern)
_COORDINATED = re.compile("[和及与、]")
_INDUSTRY_WIDE = re.compile("|".join(map(re.escape, INDUSTRY_WIDE_WORDS)))
_SUBJECT_HEAD = re.compile("(?:" + "|".join(map(re.escape, sorted(_words("subject_head"), key=len, reverse=True)))
                           + ")$")
_SECTOR_SUFFIX = re.compile("(?:" + "|".join(map(re.escape, _words("sector_suffix"))) + ")$")
_HEAD_WORDS = frozenset(_words("subject_head"))
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9&.\- ]{1,11}")
GENERIC_FIRMS = frozenset(_words("generic_firm"))
_TRADE_KEYWORDS = frozenset(w for w in INDICATORS.phrases if category_of(w)[0] == "trade")
# The partner of a trade figure: 对东盟出口, 与东盟贸易额, 从智利进口, 自美国进口, 对中东欧16国进出口; the
# good traded may stand between it and the trade word (来自于美国的废铜进口量).
_PARTNER = re.compile(rf"(?:对|与|同|从|自|向|来自于|来自)([{HAN}A-Za-z0-9“”\"·]{{1,16}}?)的?"
                      rf"(?:{'|'.join(sorted(map(re.escape, COMMODITIES.phrases), key=len, reverse=True))})?"
                      r"(?=进出口|出口|进口|贸易|外贸|双边)")
_PARTNER_TAIL = re.compile("(?:国家|地区|国家和地区)$")
_PLACE_TAIL = re.compile("(?:国|国家|地区|洲|盟|省|市|省市)$")
_EDGE_NOISE = " $@#*·-_“”\"'《》的"
MAX_TOPIC = 20
# A numbered list item's ordinal (1、, （2）, （二）): structure, not part of the clause.
_LIST_ITEM = re.compile(r"\s*(?:\d{1,2}(?:、|[.．](?!\d))|[（(]\d{1,2}[)）]|[（(][一二三四五六七八九十][)）])")
MAIN_FIRM_MENTIONS = 3

# Firms a document names for itself: 四川天齐锂业股份有限公司（以下简称“天齐锂业”）, 天齐锂业(SZ002466),
# 智利矿业化工(SQM).
_SHORT_NAME = re.compile(r"简称[:：]?[“\"]([^”\"]{1,16})[”\"]")
_STOCK_CODE = re.compile(r"[（(](?:SZ|SH|HK)?\d{6}[)）]")
_NAME_BEFORE = re.compile(rf"[{HAN}A-Za-z]{{2,10}}$")
_ACRONYM = re.compile(rf"(?<=[{HAN}])[（(]([A-Z][A-Za-z]{{1,9}})[)）]")
_FIRM_SUFFIXES = PhraseMatcher(_words("firm_suffix"))
_NAME_BEFORE_SUFFIX = re.compile(rf"[{HAN}A-Za-z（）()]{{2,}}$")
MAX_FIRM_NAME = 16
MIN_FIRM_NAME = 3
_BOUNDARY_BEFORE = re.compile(r"[\s，,。；;：:、（(“\"$]")
_FIRM_LEAD = re.compile(rf"^.*(?:的|在|由|对|与|和|及|向|从|把|被|通过|当|将|是|为|、|年|月|日|期|度|据|于|等|家|些|各|这)(?=[{HAN}A-Za-z])")
_GENERIC_FIRM_TAIL = re.compile("(?:" + "|".join(map(re.escape, _words("generic_firm_tail"))) + ")$")


@dataclass
class DocumentFirms:
    """The firms a document names: those it defines short names for (short names, stock names,
    acronyms) and names with a firm suffix; every mention in text order, and the firm it names
    most often (what a company report is about)."""
    matcher: PhraseMatcher
    mentions: list[Hit] = field(default_factory=list)
    main: str | None = None
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
            name = _NAME_BEFORE_SUFFIX.search(norm, max(taken, suffix.start - MAX_FIRM_NAME), suffix.start)
            if name is not None:
                spans.append((name.start(), suffix.end))
                taken = suffix.end
        options = {norm[a:e]: None for s, e in spans for a in range(s, e - MIN_FIRM_NAME + 1)}
        written = Counter(h.word for h in PhraseMatcher(options).all_hits(norm)) if options else Counter()
        hits = list(defined)
        for s, e in spans:
            often = next((norm[a:e] for a in range(s, e - MIN_FIRM_NAME + 1) if written[norm[a:e]] > 1), None)
            if often is not None:
                found = _trim_firm(Hit(e - len(often), e, often))
            else:  # written once: a name only where a word boundary or a particle starts it
                found = _trim_firm(Hit(s, e, norm[s:e]))
                if found is not None and found.start == s and s > 0 and not _BOUNDARY_BEFORE.match(norm, s - 1):
                    found = None
            if found is not None and not any(a.start < found.end and found.start < a.end for a in defined):
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


def _trim_firm(h: Hit) -> Hit | None:
    """A firm-suffix match may start inside the words before the name (2021年金川公司, 通过天齐集团,
    三季度公司); a generic firm (上市公司, 母公司) is no name."""
    word = h.word
    lead = _FIRM_LEAD.match(word)
    if lead:
        word = word[lead.end():]
    while True:  # 不过公司, 此外该公司: words before the name
        filler = _LEADING.match_at(word, 0)
        if filler is None or len(word) - len(filler) < 2:
            break
        word = word[len(filler):]
    if word in GENERIC_FIRMS or len(word) < 3 or "的" in word or _GENERIC_FIRM_TAIL.search(word):
        return None
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
    i, scope_word = _skip_lead(norm, start, end, periods)
    whole = NATIONAL if scope_word in (None, "") or scope_word in NATIONAL_WORDS else Opening(scope_word, "topic")
    partner = _PARTNER.match(norm, i, end)
    if partner:
        name = _partner_name(partner.group(1), firms)
        if _is_known(name, firms) or _PLACE_TAIL.search(name):
            return Opening(name, "partner", (i, i)), scope_word
    hard = _HARD_STOP.search(norm, i, end)
    counted = _COUNTED_PLACE.match(norm, hard.start()) if hard and hard.start() > i else None
    if counted:  # a name holding a count of places (西部12省市) goes on past its number
        hard = _HARD_STOP.search(norm, counted.end(), end)
    j = hard.start() if hard else end
    stop = next((h for h in _OPENING_WORDS.leftmost_longest(norm, i, j) if h.word in _STOPS), None)
    if stop is not None:
        j = stop.start
    k = bisect_right(period_starts, i)  # a period after the subject ends it (西南铜业上半年阴极铜产量)
    if k < len(period_starts) and period_starts[k] < j:
        j = period_starts[k]
    nothing = Opening(None, "none", (i, j))
    quantities = _QUANTITY_WORDS.longest_first(norm, i, j)
    if quantities and quantities[0].start == i:
        if quantities[0].word in _TRADE_KEYWORDS:
            # 进口原油2.25亿吨, 出口电动汽车增长19%: what the trade verb takes
            following = quantities[1:]
            obj = _leading_name(_clean(norm[quantities[0].end:following[0].start if following else j]) or "", firms)
            if obj:
                return Opening(obj, "object", (i, j)), scope_word
        if not _clean(norm[quantities[-1].end:j]):
            return whole if scope_word is not None else nothing, scope_word
    # the subject ends where the quantity's name begins: at the first keyword before which the
    # phrase names something (外资企业|进出口平稳向好, 高技术制造业|投资); a keyword inside a longer
    # name is part of it (电力、热力、燃气及水生产和供应业); a quantity may also come first
    # (新增资源储量|铜矿800万吨); a relative clause ends at its 的 (有进出口实绩的|外资企业数量)
    candidates = [norm[i:h.start] for h in quantities if h.start > i] + [norm[i:j]]
    if quantities:
        candidates.append(norm[quantities[-1].end:j])
    relative = norm.rfind("的", i, j)
    if relative > i:
        candidates.append(norm[relative + 1:j])
    for text in map(_clean, candidates):
        if not text:
            continue
        if _industry_wide(text):
            return NATIONAL, scope_word
        named = _leading_name(text, firms)
        if named is not None:
            return Opening(named, "topic", (i, j), prefix=not text.startswith(named) or len(named) < len(
                _subject_name(text))), scope_word
    if any(category_of(h.word)[0] == "index" for h in quantities if h.word in INDICATORS):
        return NATIONAL, scope_word  # 费城半导体指数回升: a named index, about nothing else
    if scope_word is not None and not _clean(norm[i:j]):
        return whole, scope_word
    return nothing, scope_word


def _clean(text: str) -> str:
    return _NAME_MODIFIERS.sub("", text.strip(_EDGE_NOISE)).strip(_EDGE_NOISE)


def _skip_lead(norm: str, i: int, end: int, periods: dict[int, int]) -> tuple[int, str | None]:
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
        ordinal = _LIST_ITEM.match(norm, i)
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


def _industry_wide(text: str) -> bool:
    if text in COMMODITIES:
        return False  # 十种常用有色金属 is a group of commodities, not the industry
    return text in NATIONAL_WORDS or _INDUSTRY_WIDE.search(text) is not None


def _leading_name(text: str, firms: DocumentFirms) -> str | None:
    """What `text` names: itself when it is a name; else the firm, place or good it opens with
    (中铝集团|所属企业, 新能源汽车|国内新车, 铁矿石|期货), unless what follows is a bare head word
    (锂|业务 is 锂业务); the head of a relative clause (有进出口实绩的|外资企业)."""
    if _is_known(text, firms):
        return _short_name(_subject_name(text), firms)
    relative = text.rfind("的")
    if 0 < relative < len(text) - 1:
        named = _leading_name(text[relative + 1:], firms)
        if named is not None:
            return named
        if _NOT_TOPIC_HEAD.search(text):  # 锂业务的更多信息: what the information is about
            return _leading_name(text[:relative], firms)
    parts = _COORDINATED.split(text)
    if len(parts) > 1 and all(_names_something(p, firms) or p in COMMODITIES for p in parts):
        return text  # 氯化钾和硫酸钾, 碘及衍生物
    lead = _known_prefix(text, firms)
    if lead is not None:
        rest = text[len(lead):]
        if _SECTOR_SUFFIX.fullmatch(rest):
            return lead if lead in COMMODITIES else text
        if rest not in _HEAD_WORDS:
            return _short_name(lead, firms)
    return text if _names_something(text, firms) else None


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


def _is_known(text: str, firms: DocumentFirms) -> bool:
    """A commodity, partner, place, firm or a word standing for a firm, as the lexicon or the
    document knows them."""
    return (text in COMMODITIES or text in PARTNERS or firms.is_defined(text) or text in GENERIC_FIRMS
            or text in WORLD_WORDS or is_firm(text) or bool(REGION_PATTERN.fullmatch(text)))


def _known_prefix(text: str, firms: DocumentFirms) -> str | None:
    """The longest known name of two characters or more that `text` opens with, shorter than it."""
    found = [_NAMES.match_at(text, 0), firms.matcher.match_at(text, 0)]
    for pattern in (REGION_PATTERN, FIRM_PATTERN):
        m = pattern.match(text)
        found.append(m.group() if m else None)
    found = [f for f in found if f and 2 <= len(f) < len(text)]
    return max(found, key=len) if found else None


def _names_something(text: str, firms: DocumentFirms) -> bool:
    """Whether a phrase names something a figure can be about: a commodity, a firm, a region, a
    partner, a segment (外资企业, 一般贸易) or a sector or class (制造业, 机电产品, 纺织类), or is a
    Latin name (SQM, VD3); not a quantity, an event or a clause."""
    if len(text) > MAX_TOPIC or _NOT_TOPIC.search(text):
        return False
    if _is_known(text, firms) or is_region(text) or _LATIN_NAME.fullmatch(text) or _COUNTED_PLACES.fullmatch(text):
        return True
    head = _SUBJECT_HEAD.search(text)
    return head is not None and head.start() > 0  # a bare head word (企业, 业务) names nothing


def _subject_name(text: str) -> str:
    """A sector of one commodity is the commodity (电解铝行业: 电解铝)."""
    sector = _SECTOR_SUFFIX.search(text)
    if sector and text[:sector.start()] in COMMODITIES:
        return text[:sector.start()]
    return text


def _names_region(text: str) -> bool:
    return is_region(text) or bool(REGION_PATTERN.fullmatch(text)) or bool(_PROVINCES_COUNTED.search(text))


def _partner_name(text: str, firms: DocumentFirms) -> str:
    """The partner as named (共建“一带一路”国家), without a tail the known name does not need
    (非洲国家: 非洲; 美国直接及间接: 美国)."""
    text = text.strip(_EDGE_NOISE)
    if _is_known(text, firms):
        return text
    tail = _PARTNER_TAIL.search(text)
    if tail and _is_known(text[:tail.start()], firms):
        return text[:tail.start()]
    return _known_prefix(text, firms) or text


# ------------------------------------------------------------------ one document ---------------


class SubjectReader:
    """What a document's figures are about: its firms, the openings of its clauses (read once
    each), the section head over a numbered list, the firm whose results it reports."""

    def __init__(self, norm: str, period_spans: dict[int, int], number_starts: list[int]):
        self.norm = norm
        self.periods = period_spans
        self.numbers = number_starts  # sorted: where the document's numbers begin
        self._period_starts = sorted(period_spans)
        self.firms = DocumentFirms.read(norm)
        self.reporting_firm: str | None = None
        self._openings: dict[int, Opening] = {}
        self._section: tuple[int, int] | None = None  # the head paragraph over the list read now
        self._section_subject: str | None | bool = False  # False: not read yet
        self.paragraph_start = 0

    def opening(self, start: int, end: int) -> Opening:
        """What the clause (or list member) norm[start:end] opens with; the figures of one
        clause share it."""
        if start not in self._openings:
            k = bisect_left(self.numbers, start)
            if k < len(self.numbers):
                end = min(end, self.numbers[k])  # an opening ends at the clause's first number
            self._openings[start] = opening_phrase(self.norm, start, end, self.periods, self._period_starts,
                                                   self.firms)
        return self._openings[start]

    def new_paragraph(self, start: int, end: int, headline: bool) -> None:
        """A short head paragraph opens a section; numbered items stay in it; prose ends it."""
        self.paragraph_start = start
        if _LIST_ITEM.match(self.norm, start):
            return
        self._section = (start, end) if headline else None
        self._section_subject = False

    def section_subject(self) -> str | None:
        if self._section_subject is False:
            opening = self.opening(*self._section) if self._section else None
            self._section_subject = opening.text if opening is not None and opening.kind == "topic" else None
        return self._section_subject

    def item_start(self, paragraph_start: int, sentence_start: int) -> int:
        """Where the list item (1、…) or else the sentence holding a figure begins."""
        return paragraph_start if _LIST_ITEM.match(self.norm, paragraph_start) else sentence_start

    def decide(self, clues: "SubjectClues") -> tuple[str | None, str, str | None]:
        """The subject, the rule that decided it, and what the figure is about beyond its
        subject, which decides its scope: "firm" when the subject names a firm, the clause opens
        with one, the subject came from the firm or the company section the text is about, or
        from a firm's figure before it; "region" when the clause opens with a region of China,
        or the sentence does with one standing alone (云南：1-5月电解铝产量增长12%), and the
        clause does not speak of the whole country or a partner; else None."""
        subject, rule = SUBJECT.decide(clues, None)
        if clues.category in _RESULTS and subject is not None and self.firms.names_firm(subject):
            self.reporting_firm = subject
        if rule == "subject:figure_before":  # it goes on with the figure before it
            return subject, rule, _ABOUT_OF_SCOPE.get(clues.previous.scope)
        opening = clues.opening
        # a name an item or part opens with is a firm's only by the document or a suffix (VD3 is a good)
        unknown_name = rule in _UNKNOWN_NAME_RULES
        names_firm = subject is not None and (
            self.firms.is_defined(subject) or is_firm(subject) if unknown_name else self.firms.names_firm(subject))
        if (rule in _FIRM_CONTEXT_RULES or names_firm
                or (opening.text is not None and (opening.text in GENERIC_FIRMS or self.firms.names_firm(opening.text)))):
            return subject, rule, "firm"
        member = clues.reader.opening(clues.window_start, clues.clause_end) if clues.window_start > clues.clause_start \
            else opening
        if unknown_name and subject is not None and (_names_region(subject) or _PROVINCES_COUNTED.search(subject)):
            return subject, rule, "region"  # 东部10省市
        if opening.kind in ("national", "partner") or opening.in_china or member.in_china:
            return subject, rule, None
        if opening.kind == "topic" and opening.text is not None and not opening.prefix \
                and _names_region(opening.text):
            return subject, rule, "region"
        # a region standing alone before the sentence's statement (云南：1-5月电解铝产量增长12%)
        earlier = list(clues.earlier_openings())
        if earlier and not any(o.in_china for o in earlier):
            heading = earlier[-1]
            if heading.kind == "topic" and heading.text is not None and not heading.prefix \
                    and _names_region(heading.text) and self.norm[heading.span[0]:heading.span[1]] == heading.text:
                return subject, rule, "region"
        return subject, rule, None


@dataclass(slots=True)
class SubjectClues:
    """What the subject rules read about one number; openings are read when a rule asks."""
    reader: SubjectReader
    sentence_start: int
    list_item_start: int  # where its numbered list item, else its sentence, begins
    clause_start: int
    clause_end: int
    window_start: int  # where its member of a list begins (…铜矿800万吨、|铝土矿6亿吨)
    number_start: int
    unit_end: int
    category: str
    unit_base: str | None
    keyword: Hit | None  # the indicator keyword naming the figure, when it is in the text
    indicator: str | None  # the figure's indicator as named
    previous: object | None  # the figure before it in its sentence (a Figure)
    _opening: Opening | bool = False
    _earlier: list | None = None
    _before: int = 0

    @property
    def norm(self) -> str:
        return self.reader.norm

    @property
    def opening(self) -> Opening:
        """What the figure's list member, else its clause, opens with."""
        if self._opening is False:
            opening = None
            if self.window_start > self.clause_start:
                opening = self.reader.opening(self.window_start, self.clause_end)
            if opening is None or opening.kind in ("national", "none"):
                opening = self.reader.opening(self.clause_start, self.clause_end)
            self._opening = opening
        return self._opening

    def earlier_openings(self):
        """The openings of the earlier clauses of the sentence, nearest first, read as asked."""
        if self._earlier is None:
            self._earlier, self._before = [], self.clause_start - 1  # the delimiter ending the clause before
        yield from self._earlier
        while self._before > self.sentence_start:
            begin = clause_start(self.norm, self.sentence_start, self._before)
            opening = self.reader.opening(begin, self._before)
            self._earlier.append(opening)
            self._before = begin - 1
            yield opening

    @property
    def firms(self) -> list[Hit]:
        """The firms named in the sentence (or list item) before the number."""
        return self.reader.firms.between(self.list_item_start, self.number_start)

    @property
    def anaphor(self) -> str | None:
        """What 公司, 该公司, 该业务 stand for: the section's subject, else the firm named last."""
        return self.reader.section_subject() or self.reader.firms.named_before(self.number_start)


SUBJECT = RuleList("subject")
# Categories of quantities and prices of goods: about the good when one is named.
QUANTITY_CATEGORIES = ("output", "trade", "consumption", "capacity", "price", "other", "energy_env")
# Categories of a firm's results: about the firm when no good is named.
GOODS_CATEGORIES = ("output", "trade", "consumption", "capacity", "price")
FIRM_RESULT_CATEGORIES = ("profit", "investment", "other")
_RESULTS = ("profit", "investment")
_ABOUT_OF_SCOPE = {"firm": "firm"}
_FIRM_CONTEXT_RULES = frozenset(f"subject:{name}" for name in (
    "section_head", "firm_of_sentence", "reporting_firm", "document_firm", "stake_target"))
_UNKNOWN_NAME_RULES = frozenset(("subject:item_name", "subject:breakdown_part"))
_REGIONS = PhraseMatcher(_words("region"))
_NAMES = PhraseMatcher((*COMMODITIES.phrases, *PARTNERS.phrases, *WORLD_WORDS, *_words("generic_firm")))
COMMODITY_WORDS = tuple(COMMODITIES.phrases)
_AFTER_SINGLE_METAL = frozenset("锭材矿粉")


def _goods(clues: SubjectClues, start: int, end: int) -> list[Hit]:
    """The goods named in norm[start:end], not the metal in a firm's name (天齐锂业, 易门铜业)."""
    firms = clues.reader.firms.between(max(0, start - MAX_FIRM_NAME), end)
    return [h for h in commodity_hits(clues.norm, start, end) if not any(f.start <= h.start < f.end for f in firms)]


def _measures_goods(clues: SubjectClues) -> bool:
    """Output, trade, demand, capacity, prices, and other quantities in tonnes, as opposed to
    counts, money and rates of other things."""
    return clues.category in GOODS_CATEGORIES or (clues.category in QUANTITY_CATEGORIES and clues.unit_base == "t")


def _resolve(opening: Opening, clues: SubjectClues):
    """The subject an opening gives: none for the whole country or industry; what 公司 stands for."""
    if opening.kind == "none":
        return None
    if opening.text is None:
        return EMPTY
    if opening.text in GENERIC_FIRMS:
        return clues.anaphor
    return opening.text


# A stake is about the company (or project) whose shares it is (gold guide, Subjects): the name
# written right before the percentage, after the verb or preposition that opens it (持有的泰利森
# 19.99%的股份, 将文菲尔德49%股权转让, 对洛克伍德德国锂业（GmbH）20%权益).
_STAKE_INDICATORS = frozenset(e["indicator"] for e in lexicon.entries("stakes", kind="verb"))
_STAKE_OPENER = re.compile("(?:" + "|".join(sorted(map(re.escape, (*lexicon.words("stakes", kind="verb"),
                                                                    *_words("stake_opener"))),
                                                   key=len, reverse=True))
                           + r"|[，,；;：:。、“”\"\s\d%])了?的?")
# between the name and the percentage: a bracketed gloss, 的, what part of the stake it is (余下的,
# 另外), an approximation, and earlier members of a list of stakes (14%和|35%)
_STAKE_TAIL = re.compile(r"(?:[（(][^（()）]{1,16}[)）])?的?(?:" + "|".join(map(re.escape, _words("stake_part")))
                         + r")?的?(?:[\d.]+%?(?:至|到|-|和|、))*$")
_BARE_COMPANY = re.compile(r"(?<!有限|股份)公司$")  # 银河锂业国际公司 is 银河锂业国际; 有限公司 stays


@SUBJECT.rule("stake_target")
def _(clues: SubjectClues):
    if clues.indicator not in _STAKE_INDICATORS:
        return None
    before = clues.norm[clues.clause_start:clues.number_start]
    before = before[:_STAKE_TAIL.search(before).start()]
    openers = list(_STAKE_OPENER.finditer(before))
    name = before[openers[-1].end():] if openers else before
    lead = _LEADING.match_at(name, 0)  # 全球锂资源: 锂资源
    name = _BARE_COMPANY.sub("", name[len(lead):] if lead else name)
    if not name:  # 另外35%: the company of the stake before it
        previous = clues.previous
        return previous.subject_zh if previous is not None and previous.indicator_zh in _STAKE_INDICATORS else None
    if len(name) < 2 or name in GENERIC_FIRMS:
        return None
    return name


@SUBJECT.rule("contributor")
def _(clues: SubjectClues):
    """A contribution to growth is about what contributes, the phrase its clause opens with
    (电解镍对镍产量增长的贡献率为64%: 电解镍)."""
    if clues.indicator not in CONTRIBUTIONS or clues.opening.kind not in ("topic", "national"):
        return None
    return _resolve(clues.opening, clues)


@SUBJECT.rule("trade_partner")
def _(clues: SubjectClues):
    if clues.category != "trade":
        return None
    openings = [clues.opening, next(clues.earlier_openings(), None)]
    return next((o.text for o in openings if o is not None and o.kind == "partner"), None)


# The metal prices a sentence quotes after naming the London Metal Exchange are its contracts'
# (伦敦金属交易所（LME）主要品种普遍上行：铜价…, 铝价…: LME铜, LME铝), until the sentence turns home.
_LME_MARKET = re.compile("|".join(map(re.escape, _words("lme_market"))))
_HOME_MARKET = re.compile("|".join(map(re.escape, (*_words("home_market"),
                                                   *(w for w in COMPOUND_KEYWORDS if w.startswith("沪"))))))


@SUBJECT.rule("lme_contract")
def _(clues: SubjectClues):
    if clues.category != "price":
        return None
    market = None
    for market in _LME_MARKET.finditer(clues.norm, clues.sentence_start, clues.number_start):
        pass
    if market is None or _HOME_MARKET.search(clues.norm, market.end(), clues.number_start):
        return None
    keyword = clues.keyword
    if keyword is not None and keyword.word in COMPOUND_KEYWORDS:
        good = COMPOUND_KEYWORDS[keyword.word][1]
    else:
        named = _goods(clues, max(market.end(), clues.clause_start), clues.number_start)
        good = named[-1].word if named else None
    contract = f"LME{good}"
    return contract if good is not None and contract in COMMODITIES.phrases else None


@SUBJECT.rule("compound_keyword")
def _(clues: SubjectClues):
    """铜价, 沪铜: the keyword names the good, unless a list member names its own (产金41吨、铜20万吨)."""
    if clues.window_start > clues.clause_start and _goods(clues, clues.window_start, clues.number_start):
        return None
    if clues.keyword is not None and clues.keyword.word in COMPOUND_KEYWORDS:
        return COMPOUND_KEYWORDS[clues.keyword.word][1]
    return None


_AFTER_UNIT = re.compile(r"(?:的)?")


@SUBJECT.rule("good_after_unit")
def _(clues: SubjectClues):
    """N吨X: a quantity of the good written right after its unit (2.75万吨氢氧化锂项目)."""
    if clues.category not in QUANTITY_CATEGORIES:
        return None
    start = clues.unit_end + len(_AFTER_UNIT.match(clues.norm, clues.unit_end).group())
    found = COMMODITIES.match_at(clues.norm, start)
    if found is None or not any(h.start == start for h in commodity_hits(clues.norm, start, start + len(found))):
        return None
    if len(found) == 1 and clues.norm[start + 1:start + 2] not in _AFTER_SINGLE_METAL:
        return None
    return found


@SUBJECT.rule("good_before_keyword")
def _(clues: SubjectClues):
    """A quantity of a named good: the good written right before the keyword (钼精矿产量,
    5000吨氢氧化锂产能), even when a firm produces it."""
    keyword = clues.keyword
    if clues.category not in QUANTITY_CATEGORIES or keyword is None \
            or not clues.clause_start <= keyword.start < clues.clause_end:
        return None
    named = _goods(clues, max(clues.clause_start, keyword.start - 12), keyword.start)
    if named and named[-1].end == keyword.start:
        return named[-1].word
    return None


@SUBJECT.rule("good_opening")
def _(clues: SubjectClues):
    """A quantity of the good the clause opens with or its trade verb takes."""
    opening = clues.opening
    if clues.category not in QUANTITY_CATEGORIES:
        return None
    if opening.kind == "object":
        return opening.text
    if opening.text is not None and opening.text.endswith(COMMODITY_WORDS) and not is_firm(opening.text):
        return opening.text  # 高纯铝, 锂精矿
    if opening.kind not in ("topic", "none"):
        return None
    goods = _goods(clues, *opening.span)  # the good a phrase names (上海电解铜现货: 电解铜)
    return goods[-1].word if goods else None


@SUBJECT.rule("good_in_item")
def _(clues: SubjectClues):
    """A member of a list names its own good (煤炭探矿权38个、锑矿探矿权6个)."""
    if clues.category not in QUANTITY_CATEGORIES or clues.window_start <= clues.clause_start:
        return None
    named = _goods(clues, clues.window_start, clues.number_start)
    return named[-1].word if named else None


@SUBJECT.rule("good_in_clause")
def _(clues: SubjectClues):
    """A quantity of a good the clause names before the number, even when a firm opens it
    (公司预计…碳酸锂工厂能实现80%的名义产能)."""
    if not _measures_goods(clues):
        return None
    named = _goods(clues, clues.clause_start, clues.number_start)
    return named[-1].word if named else None


# A breakdown (分类别看，…; 按经营单位所在地分，…; 在食品烟酒价格中，…) lists parts, each clause
# opening with its part's name, whatever words it is written in (衣着上涨1.3%, 城镇消费品零售额…).
BREAKDOWN = re.compile(rf"(?:分|按)[{HAN}]{{1,8}}?(?:看|分|划分)[，,：:]|在[^，,；;。]{{1,12}}中[，,]")
MAX_PART_NAME = 12


@SUBJECT.rule("breakdown_part")
def _(clues: SubjectClues):
    if clues.opening.kind not in ("none", "national") \
            or not BREAKDOWN.search(clues.norm, clues.sentence_start, clues.clause_start):
        return None
    return _unknown_name(clues, breakdown=True)


# Items of a list written as statements apart (；VD3周涨24.1%；甲醇 -4.72%; 化工：涤纶POY周涨幅-2.03%)
# open with their own name, known or not; the item before does not lend its subject.
_ITEM_BOUNDARY = frozenset("；;：:")


@SUBJECT.rule("item_name")
def _(clues: SubjectClues):
    if clues.opening.kind != "none" or clues.clause_start <= clues.sentence_start \
            or clues.norm[clues.clause_start - 1] not in _ITEM_BOUNDARY:
        return None
    return _unknown_name(clues, breakdown=False)


def _unknown_name(clues: SubjectClues, breakdown: bool) -> str | None:
    """The words a clause opens with before its quantity, verb or change word, as a name the
    lexicon need not know. A part of a breakdown is such a name by its place, so a one-character
    verb inside it is part of it (居住, 国有企业); one ending it is not (乡村为…)."""
    norm, end = clues.norm, clues.number_start
    i, _ = _skip_lead(norm, clues.clause_start, end, clues.reader.periods)
    hard = _HARD_STOP.search(norm, i, end)
    counted = _COUNTED_PLACE.match(norm, hard.start()) if hard else None
    if counted:  # a name holding a count of places (中部6省市)
        hard = _HARD_STOP.search(norm, counted.end(), end)
    j = hard.start() if hard else end
    stop = next((h for h in _OPENING_WORDS.leftmost_longest(norm, i, j)
                 if h.word in _STOPS and (len(h.word) > 1 or (not breakdown and h.start > i))), None)
    if stop is not None:
        j = stop.start
    while j > i + 1 and norm[j - 1] in _STOPS:
        j -= 1
    keyword = next((h for h in _QUANTITY_WORDS.leftmost_longest(norm, i, j)), None)
    if keyword is not None:
        if keyword.start == i:
            return None  # the clause opens with its quantity: no part named
        j = keyword.start
    name = _NAME_TAIL.sub("", _clean(norm[i:j])).strip()
    part = next((w for w in _NAME_PARTS_LONGEST_FIRST if name.endswith(w) and len(w) < len(name)), None)
    if part is not None:  # a word of the quantity's name (一线城市|商品房成交面积)
        name = name[:-len(part)]
    if len(name) < 2 or len(name) > MAX_PART_NAME or _NOT_TOPIC.search(name) or _industry_wide(name) \
            or _NOT_A_NAME.search(name) or name in NAME_BEFORE:
        return None
    return name


# what may stand between a name and its quantity: a period word, an adverb (VD3大幅上涨, 尿素本周)
_NAME_TAIL = re.compile(r"(?:本周|上周|近一周|当周|当日|本月|周|日|月|近|大幅|小幅|明显|继续|持续|仍|也|均|都|[/／])+$")
_COUNTED_PLACES = re.compile(rf"[{HAN}]{{1,6}}[0-9]{{1,2}}个?(?:省区市|省市区|省市|省区|省|市|国|地区|城市)")
_PROVINCES_COUNTED = re.compile(r"[0-9]{1,2}个?(?:省区市|省市区|省市|省区|省)$")
_COUNTED_PLACE = re.compile(r"[0-9]{1,2}个?(?:省区市|省市区|省市|省区|省|市|国|地区|城市)")
_NAME_PARTS_LONGEST_FIRST = sorted(NAME_BEFORE, key=len, reverse=True)
# a clause, not a name: a relative clause (侯少栋的装置), a demonstrative, a negation, an ordinal's
# 是 (三是…)
_NOT_A_NAME = re.compile(r"的|^[这该此其那]|不|^[一二三四五六七八九十]是")


# A futures report's 主力合约, 全部合约 are those of the contract its paragraph quotes (上海期铜价格小幅
# 下跌。主力6月合约，以43310元/吨收盘: 上海期铜).
_CONTRACTS = PhraseMatcher(tuple(phrase for phrase, (_, subject) in COMPOUND_KEYWORDS.items() if phrase == subject))
_CONTRACT_WORD = "合约"


@SUBJECT.rule("contract_of_paragraph")
def _(clues: SubjectClues):
    if clues.category not in QUANTITY_CATEGORIES \
            or clues.norm.find(_CONTRACT_WORD, clues.sentence_start, clues.number_start) < 0:
        return None
    start = min(clues.reader.paragraph_start, clues.sentence_start)
    named = _CONTRACTS.leftmost_longest(clues.norm, start, clues.number_start)
    return named[-1].word if named else None


@SUBJECT.rule("clause_opening")
def _(clues: SubjectClues):
    return _resolve(clues.opening, clues)


@SUBJECT.rule("figure_before")
def _(clues: SubjectClues):
    """A clause opening with its verb goes on with the figure before it in the sentence."""
    previous = clues.previous
    if previous is None:
        return None
    return previous.subject_zh if previous.subject_zh is not None else EMPTY


@SUBJECT.rule("sentence_opening")
def _(clues: SubjectClues):
    opening = next((o for o in clues.earlier_openings() if o.kind != "none"), None)
    return _resolve(opening, clues) if opening is not None else None


@SUBJECT.rule("good_in_sentence")
def _(clues: SubjectClues):
    """A quantity of a good named earlier in its sentence (现货对当月合约报升水50元/吨 of 电解铜)."""
    if not _measures_goods(clues):
        return None
    named = _goods(clues, clues.sentence_start, clues.number_start)
    return named[-1].word if named else None


@SUBJECT.rule("section_head")
def _(clues: SubjectClues):
    return clues.reader.section_subject()


@SUBJECT.rule("place_in_clause")
def _(clues: SubjectClues):
    """A region or partner the clause names before the number (中国长江经济带11个省市)."""
    places = [h for h in PARTNERS.leftmost_longest(clues.norm, clues.clause_start, clues.number_start)]
    places += [h for h in _REGIONS.leftmost_longest(clues.norm, clues.clause_start, clues.number_start)]
    if not places:
        return None
    last = max(places, key=lambda h: h.end)
    match = REGION_PATTERN.match(clues.norm, last.start)
    return match.group() if match and match.end() >= last.end else last.word


@SUBJECT.rule("firm_of_sentence")
def _(clues: SubjectClues):
    """A firm's result is the firm's its clause names; a firm in an earlier clause is a cause or an
    object there (由于SQM的分红增加，投资收益增加了1768万: the reporter's), not the reporter."""
    if clues.category not in FIRM_RESULT_CATEGORIES:
        return None
    in_clause = [f for f in clues.firms if f.start >= clues.clause_start]
    return in_clause[-1].word if in_clause else None


@SUBJECT.rule("reporting_firm")
def _(clues: SubjectClues):
    """A firm's results go on with the firm whose results came before (1、SQM的总收入…；2、盈利…)."""
    return clues.reader.reporting_firm if clues.category in _RESULTS else None


@SUBJECT.rule("document_firm")
def _(clues: SubjectClues):
    """A company document's results are its firm's, and so are its other money figures and ratios
    (有息债务, 资产负债率, 市值: gold guide, a firm's financial and other results)."""
    if clues.category in _RESULTS or (clues.category == "other" and clues.unit_base in _FIRM_MEASURE_UNITS):
        return clues.reader.firms.main
    return None


_FIRM_MEASURE_UNITS = frozenset(("CNY", "USD", "EUR", "HKD", "AUD", "CAD", "pct", "times"))


