"""The subjects of one document's figures: `SubjectReader` reads the document's firms, section
heads and list items once; the subject of each figure is decided by the ordered named rules of
`SUBJECT` (rules.py, first match wins), reading its `SubjectClues` once its category is known."""

from __future__ import annotations

import os
import re
from bisect import bisect_left
from dataclasses import dataclass

from . import lexicon
from .enumerations import clause_start
from .keywords import (CHANGE_WORDS, COMMODITIES, INDICATORS, INDUSTRY_WIDE_WORDS, PARTNERS, REGION_PATTERN, category_of,
                       commodity_hits, is_firm, is_region)
from .matcher import Hit, PhraseMatcher
from .naming import COMPOUND_KEYWORDS, CONTRIBUTIONS, NAME_BEFORE, content_stated
from .rules import EMPTY, RuleList
from .units import CURRENCIES
from .subjects import (COUNTED_PLACE, GENERIC_FIRMS, HAN, HARD_STOP, LEADING, LIST_ITEM, MAX_FIRM_NAME, NAME_START,
                       NOT_TOPIC, OPENING_WORDS, QUANTITY_WORDS, QUOTED_NAME, RATED_NAME, STOPS, TITLE_PREFIX, VERSION, DocumentFirms, Opening, clean,
                       industry_wide, is_known, opening_phrase, project_name, skip_lead, words)


_VERSION = re.compile(VERSION)
# A newspaper's masthead (its web address, its issue number) run into the headline after it in the view.
_MASTHEAD = re.compile(r"https?://[A-Za-z0-9./_\-]+|总第\s*\d+\s*期")


def _names_region(text: str) -> bool:
    return is_region(text) or bool(REGION_PATTERN.fullmatch(text)) or bool(_PROVINCES_COUNTED.search(text))


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
        self.article_start = 0  # where the text after the last headline begins

    def opening(self, start: int, end: int) -> Opening:
        """What the clause (or list member) norm[start:end] opens with; the figures of one
        clause share it."""
        if start not in self._openings:
            k = bisect_left(self.numbers, start)
            while k < len(self.numbers) and (RATED_NAME.match(self.norm, self.numbers[k])
                                             or _VERSION.match(self.norm, self.numbers[k])):
                k += 1  # the rating inside a project's name (达茂旗120万千瓦项目总规模为…), a version (“…”2.0)
            if k < len(self.numbers):
                end = min(end, self.numbers[k])  # an opening ends at the clause's first number
            begin = start
            for masthead in _MASTHEAD.finditer(self.norm, start, end):
                begin = masthead.end()  # …总第1330期中铝集团新增两家…: a headline run into its masthead opens after it
            self._openings[start] = opening_phrase(self.norm, begin, end, self.periods, self._period_starts,
                                                   self.firms)
        return self._openings[start]

    def new_paragraph(self, start: int, end: int, headline: bool) -> None:
        """A short head paragraph opens a section; numbered items stay in it; prose ends it."""
        self.paragraph_start = start
        if headline:
            self.article_start = end
        if LIST_ITEM.match(self.norm, start):
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
        return paragraph_start if LIST_ITEM.match(self.norm, paragraph_start) else sentence_start

    def decide(self, clues: "SubjectClues") -> tuple[str | None, str, str | None]:
        """The subject, the rule that decided it, and what the figure is about beyond its
        subject, which decides its scope: "firm" when the subject names a firm, the clause opens
        with one, the subject came from the firm or the company section the text is about, or
        from a firm's figure before it; "region" when the clause opens with a region of China,
        or the sentence does with one standing alone (云南：1-5月电解铝产量增长12%), and the
        clause does not speak of the whole country or a partner; else None."""
        subject, rule = SUBJECT.decide(clues, None)
        main = self.firms.main
        if subject is not None and main is not None and len(subject) >= TITLE_PREFIX and main.startswith(subject) \
                and subject != main and not is_known(subject, self.firms):
            subject = main  # 天齐的市值…: the document's firm written by the start of its name, as titles write it
        if clues.category in _RESULTS and subject is not None and rule not in _BOUGHT_RULES \
                and self.firms.names_firm(subject):  # a stake's company is bought, it reports nothing
            self.reporting_firm = subject
        if rule == "subject:good_of_paragraph" and self.firms.between(self.paragraph_start, clues.number_start):
            return subject, rule, "firm"  # a firm's good, named earlier in the paragraph
        if self._section is not None and self.reporting_firm is not None \
                and LIST_ITEM.match(self.norm, self.paragraph_start):
            return subject, rule, "firm"  # an item of a section of a firm's results (工业化学品 / 3、…销售熔盐4.8万吨)
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
        if subject is not None and self.firms.main is not None and _RESOURCE.search(subject):
            return subject, rule, "firm"  # a company document's salt lake or mine is the firm's
        if subject is not None and _BODY.search(subject):
            return subject, rule, "firm"  # 山西华兴团委: a body of a firm
        if subject is not None and QUOTED_NAME.fullmatch(subject):
            return subject, rule, "firm"  # “绿星链通”2.0, “坤安”大模型: a name a firm gives its own system or product
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
    previous_end: int  # where that figure's number ends, else where the sentence begins
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
            clause = self.reader.opening(self.clause_start, self.clause_end)
            # a project named with its rating is no list (首期90万千瓦|风电项目建设内容…)
            if self.window_start > self.clause_start and not (
                    _opens_with_project(clause) and self.window_start <= clause.span[1]):
                opening = self.reader.opening(self.window_start, self.clause_end)
            if opening is None or opening.kind in ("national", "none"):
                opening = clause
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
    "section_head", "firm_of_sentence", "reporting_firm", "document_firm", "listed_firm_quantity", "stake_target",
    "deal_target", "document_firm_quantity"))
_BOUGHT_RULES = frozenset(("subject:stake_target", "subject:deal_target"))  # the company bought reports nothing
_UNKNOWN_NAME_RULES = frozenset(("subject:item_name", "subject:breakdown_part"))
_REGIONS = PhraseMatcher(words("region"))
_RESOURCE = re.compile("(?:" + "|".join(map(re.escape, words("resource_head"))) + ")$")
_BODY = re.compile("(?:" + "|".join(map(re.escape, words("body_head"))) + ")$")
COMMODITY_WORDS = tuple(COMMODITIES.phrases)
_AFTER_SINGLE_METAL = frozenset("锭材矿粉")


def _goods(clues: SubjectClues, start: int, end: int) -> list[Hit]:
    """The goods named in norm[start:end], not the metal in a firm's name (天齐锂业, 易门铜业); a
    count of kinds before a good is part of its name (6种精矿)."""
    firms = clues.reader.firms.between(max(0, start - MAX_FIRM_NAME), end)
    return [_of_metal(clues, _graded(clues.norm, start, _counted(clues.norm, start, _headed(clues.norm, end, h))))
            for h in commodity_hits(clues.norm, start, end)
            if not any(f.start <= h.start < f.end for f in firms)
            and not (h.word in INDUSTRY_WIDE_WORDS and _SECTOR_AFTER.match(clues.norm, h.end))
            and not _CONVERSION_BASIS.search(clues.norm, max(0, h.start - MAX_BASIS_LEAD), h.start)
            and not _in_quoted_title(clues.norm, h)]


# “煤下铝土矿…精准脱除”3项成果: a good written inside a quoted title is a word of the title, not a good measured
_QUOTED_TITLE = re.compile(r"“[^“”\n]{2,40}”")
MAX_QUOTED_TITLE = 42


def _in_quoted_title(norm: str, good: Hit) -> bool:
    return any(q.start() < good.start and good.end < q.end()
               for q in _QUOTED_TITLE.finditer(norm, max(0, good.start - MAX_QUOTED_TITLE), good.end + MAX_QUOTED_TITLE))


_GENERIC_GOODS = frozenset(words("generic_good"))


def _of_metal(clues: SubjectClues, good: Hit) -> Hit:
    """精矿 (矿) written alone is the concentrate (ore) of the metal its paragraph names last (锂矿生产商银河资源…
    精矿生产量环比下降了35%: 锂精矿), else of the metal the text named last before the paragraph. A good of the
    metal (锂矿) is a surer name than the metal's one character, which may begin another name (银河资源)."""
    if good.word not in _GENERIC_GOODS:
        return good
    for start, shortest in ((clues.reader.paragraph_start, 2), (clues.reader.paragraph_start, 1), (0, 2)):
        named = (h.word[:k] + good.word  # 锂矿生产商: 锂
                 for h in reversed(commodity_hits(clues.norm, start, good.start))
                 if h.end <= good.start and len(h.word) >= shortest for k in range(len(h.word), 0, -1))
        found = next((Hit(good.start, good.end, name) for name in named if name in COMMODITIES), None)
        if found is not None:
            return found
    return good


# 公司的矿挖掘量: a generic good (矿, 精矿) right before the keyword is that good of the metal named before
_GENERIC_BEFORE_KEYWORD = re.compile("(?:" + "|".join(map(re.escape, sorted(_GENERIC_GOODS, key=len, reverse=True)))
                                     + ")$")


# 钴资源, 铜电缆, 锂材料: a head noun written right after a good closes the name of a class of goods made of it or
# holding it, which is what the figure is about; the good alone would be another series
_GOODS_HEAD = PhraseMatcher(words("goods_head"))


def _headed(norm: str, end: int, good: Hit) -> Hit:
    """The good with the head noun after it, when the quantity's keyword follows the head (铜电缆|发货量, 锂材料|的成本;
    not 铜资源|储量, where the head begins the keyword, nor …相当于中国铜资源总量的40%, where no keyword names what
    the compound measures); a head may begin inside the good's name (锂材|料: 锂材料)."""
    for at in range(good.end, good.start, -1):
        head = _GOODS_HEAD.match_at(norm, at)
        if head is None or not good.end < at + len(head) <= end:
            continue
        keyword = QUANTITY_WORDS.match_at(norm, at)
        after = at + len(head) + (norm.startswith("的", at + len(head)))
        if (keyword is None or len(keyword) <= len(head)) and QUANTITY_WORDS.match_at(norm, after):
            return Hit(good.start, at + len(head), norm[good.start:at + len(head)])
    return good


# 电池级氢氧化锂, 水溶性硝酸钾: a grade or form written right before a good is part of its name
_GRADE = re.compile("(?:" + "|".join(map(re.escape, sorted(words("grade_prefix"), key=len, reverse=True))) + ")$")


def _graded(norm: str, start: int, good: Hit) -> Hit:
    grade = _GRADE.search(norm, start, good.start)
    return Hit(grade.start(), good.end, grade.group() + good.word) if grade is not None else good


# 6 种精矿, 10种有色金属: a group of goods named by their count, which is part of its name
_COUNT_OF_KINDS = re.compile(r"(?:[0-9]{1,2}|[一二两三四五六七八九十]{1,3})\s?种\s?$")
MAX_COUNT_OF_KINDS = 6


def _counted(norm: str, start: int, good: Hit) -> Hit:
    count = _COUNT_OF_KINDS.search(norm, max(start, good.start - MAX_COUNT_OF_KINDS), good.start)
    if count is None:
        return good
    return Hit(count.start(), good.end, "".join(count.group().split()) + good.word)


# （折合碳酸锂）: the good a quantity is counted in, not the one it is about
_CONVERSION_BASIS = re.compile("[（(](?:" + "|".join(map(re.escape, words("conversion_basis"))) + r")[^（()）]{0,4}$")
MAX_BASIS_LEAD = 8


def _industry_as_whole(clues: SubjectClues, opening: Opening) -> bool:
    """有色金属 opening 有色金属工业增加值: the industry, not a good."""
    if opening.text not in INDUSTRY_WIDE_WORDS:
        return False
    at = clues.norm.find(opening.text, opening.span[0], clues.number_start)
    return at >= 0 and bool(_SECTOR_AFTER.match(clues.norm, at + len(opening.text)))


# 有色金属工业增加值, 规模以上有色金属企业: the industry as a whole, no good (gold guide: industry-wide -> null)
_SECTOR_AFTER = re.compile("|".join(map(re.escape, words("sector_suffix"))))


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
                                                                    *words("stake_opener"))),
                                                   key=len, reverse=True))
                           + r"|[，,；;：:。、“”\"\s\d%])了?的?")
# between the name and the percentage: a bracketed gloss, 的, what part of the stake it is (余下的,
# 另外), an approximation, and earlier members of a list of stakes (14%和|35%)
_STAKE_TAIL = re.compile(r"(?:[（(][^（()）]{1,16}[)）])?的?(?:" + "|".join(map(re.escape, words("stake_part")))
                         + r")?的?(?:[\d.]+%?(?:至|到|-|和|、))*$")
_BARE_COMPANY = re.compile(r"(?<!有限|股份)公司$")  # 银河锂业国际公司 is 银河锂业国际; 有限公司 stays
# A percentage of equity is a stake whatever names it (对洛克伍德德国锂业（GmbH）20%至30%权益的认股期权): the
# equity word after it, or the company and the equity word before it (持有泰利森股权达到19.99%).
_EQUITY = "|".join(map(re.escape, sorted(words("equity_word"), key=len, reverse=True)))
_STAKE_WORDS = "|".join(sorted(map(re.escape, (*lexicon.words("stakes", kind="verb"), *words("stake_opener"))),
                               key=len, reverse=True))
_EQUITY_AFTER = re.compile(rf"(?:(?:和|、|至|到|-|～)[\d.]+%?)*(?:[（(][^（()）]{{1,12}}[)）])?的?(?:{_EQUITY})")
_OPENED_BY_WORD = re.compile(f"(?:{_STAKE_WORDS})")
_EQUITY_BEFORE = re.compile(rf"(?:{_STAKE_WORDS})(?:了|的)*([{HAN}A-Za-z]{{2,12}}?)的?(?:{_EQUITY})(?:比例)?"
                            rf"(?:已经|已|将)?(?:达到|达|为|升至|增至|超过)?$")
# 完成对泰利森的全面收购后: the company a sentence's deal buys, named as the object of the buy
_BUY_OF = re.compile(rf"对([{HAN}A-Za-z]{{2,12}}?)的?(?:全面|全部)?(?:" + "|".join(map(re.escape, words("acquire_verb"))) + ")")


def _company_of_stake(before: str) -> str:
    """The name written before a stake's percentage, after the verb or preposition opening it."""
    before = before[:_STAKE_TAIL.search(before).start()]
    openers = list(_STAKE_OPENER.finditer(before))
    name = before[openers[-1].end():] if openers else before
    lead = LEADING.match_at(name, 0)  # 全球锂资源: 锂资源
    return _BARE_COMPANY.sub("", name[len(lead):] if lead else name)


@SUBJECT.rule("stake_target")
def _(clues: SubjectClues):
    before = clues.norm[clues.clause_start:clues.number_start]
    if clues.indicator not in _STAKE_INDICATORS:
        if clues.unit_base != "pct":
            return None
        held = _EQUITY_BEFORE.search(before)
        if held is not None:
            return held.group(1) if held.group(1) not in GENERIC_FIRMS else None
        if not _EQUITY_AFTER.match(clues.norm, clues.unit_end, clues.clause_end) or not _OPENED_BY_WORD.search(before):
            return None
    name = _company_of_stake(before)
    if not name:  # 另外35%: the company of the stake before it
        previous = clues.previous
        if previous is not None and previous.indicator_zh in _STAKE_INDICATORS:
            return previous.subject_zh
        bought = _bought_before(clues)
        if bought is not None:
            return bought
        # 完成对泰利森的全面收购后（天齐集团间接持有65%股权）: the company the document's deal buys, named before
        acquired = clues.reader.firms.acquired
        named = clues.reader.firms.between(clues.sentence_start, clues.number_start)
        return acquired if acquired is not None and any(h.word == acquired for h in named) else None
    if len(name) < 2 or name in GENERIC_FIRMS:
        return None
    return name


def _bought_before(clues: SubjectClues) -> str | None:
    """The company the sentence says is bought before the number (完成对泰利森的全面收购后, 收购泰利森后)."""
    norm = clues.norm
    buys = list(_BUY_OF.finditer(norm, clues.sentence_start, clues.number_start))
    found = [(m.start(), m.group(1)) for m in buys]
    found += [(m.start(), _bought(clues, m.end(), clues.number_start))
              for m in _ACQUIRED_IN_SENTENCE.finditer(norm, clues.sentence_start, clues.number_start)
              if not any(b.start() < m.start() < b.end() for b in buys)]  # the 收购 of 对泰利森的全面收购
    named = [(at, name) for at, name in found if name is not None and name not in GENERIC_FIRMS]
    return max(named)[1] if named else None


# A deal's price, consideration and premium are about the company bought (gold guide, Subjects): the
# one its sentence says is bought, else the one the document's deal buys.
_DEAL_TERMS = tuple(words("deal_term"))
_ACQUIRED_IN_SENTENCE = re.compile("(?:" + "|".join(map(re.escape, words("acquire_verb"))) + r")(?:全面|剩余|全部|了|的)*")


# the company whose shares a deal takes, written before them (…持有的文菲尔德65%的股权)
_SHARES_OF = re.compile(r"(?:[\d.]+%)?的?(?:股权|股份)")
# a stake a buy verb takes (受让了…持有的文菲尔德14%和35%（合计49%）的股权): its first percentage
_STAKE_BOUGHT = re.compile(r"[\d.]+%(?:(?:和|、|至|到)[\d.]+%)*(?:[（(][^（()）]{1,12}[)）])?的?(?:股权|股份)")
_CLAUSE_END = re.compile("[，,；;：:]")
# 以5.2亿美元受让了…, 出资3.11亿元收购了…, 以每股现金价格7.5加元…: the money a buyer pays, before its buy verb
_PAID_WITH = re.compile("(?:" + "|".join(map(re.escape, words("payment_word"))) + r")[^，,；;。\d]{0,6}$")
# a company the lexicon does not know, named by the buy verb alone up to its clause's end (全面收购泰利森，)
_NAME_TO_CLAUSE_END = re.compile(rf"[{HAN}A-Za-z][{HAN}A-Za-z0-9 ]{{1,11}}(?=[，,。；;]|$)")
_NOT_A_COMPANY = re.compile("(?:" + "|".join(map(re.escape, (*words("equity_word"), *words("not_bought_company"))))
                            + ")$")


def _bought(clues: SubjectClues, verb_end: int, sentence_end: int) -> str | None:
    """What a buy verb buys: the company whose shares its clause takes, named as written, the firm
    right after it, else the name it takes up to its clause's end."""
    norm, firms = clues.norm, clues.reader.firms
    end = _CLAUSE_END.search(norm, verb_end, sentence_end)
    end = end.start() if end is not None else sentence_end
    stake = _STAKE_BOUGHT.search(norm, verb_end, end)
    if stake is not None:
        company = _company_of_stake(norm[verb_end:stake.start()])
        if len(company) >= 2 and company not in GENERIC_FIRMS:
            return company
    bought = firms.between(verb_end, verb_end + 1)
    if bought:
        return bought[0].word
    named = _NAME_TO_CLAUSE_END.match(norm, verb_end, end)
    if named is None or "的" in named.group() or NOT_TOPIC.search(named.group()) \
            or _NOT_A_COMPANY.search(named.group()):
        return None
    return named.group().strip()


@SUBJECT.rule("deal_target")
def _(clues: SubjectClues):
    if clues.category != "investment":
        return None
    firms, norm = clues.reader.firms, clues.norm
    sentence_end = norm.find("。", clues.number_start)
    sentence_end = sentence_end if sentence_end >= 0 else len(norm)
    verb = _ACQUIRED_IN_SENTENCE.search(norm, clues.unit_end, sentence_end)
    paid = verb is not None and not _CLAUSE_END.search(norm, clues.unit_end, verb.start())
    if paid and (clues.indicator is None or _PAID_WITH.search(norm, clues.clause_start, clues.number_start)):
        # money the clause pays before its buy verb (以每股现金价格7.5加元…收购泰利森余下的股权, 出资3.11亿元
        # 收购了…), however its indicator is named: the price of what the verb buys
        bought = _bought(clues, verb.end(), sentence_end)
        if bought is not None or clues.indicator is None:
            return bought
    if clues.indicator is None or not clues.indicator.endswith(_DEAL_TERMS):
        return None
    term = next(t for t in _DEAL_TERMS if clues.indicator.endswith(t))
    if clues.norm.find(term, clues.sentence_start, clues.clause_end) < 0:
        return None  # a name carried from another sentence may be no deal's
    named = firms.between(clues.sentence_start, sentence_end)
    shares = next((f.word for f in named if _SHARES_OF.match(norm, f.end, sentence_end)), None)
    if shares is not None:  # …购买…持有的文菲尔德65%的股权，交易价格为…
        return shares
    for verb in _ACQUIRED_IN_SENTENCE.finditer(norm, clues.sentence_start, sentence_end):
        bought = firms.between(verb.end(), verb.end() + 1)
        if bought:
            return bought[0].word
    return firms.acquired


# A value bracketed right after a name is that name's (上调幅度前五的为建材（+0.59%）、地产（+0.27%）).
_BRACKETED_VALUE = re.compile(r"[（(]\s*[+\-−]?$")
_BEFORE_BRACKETED_NAME = re.compile(r"包括|包含|[为是和及与的、，,：:；;]")
MAX_BRACKETED_NAME = 10


@SUBJECT.rule("bracketed_value")
def _(clues: SubjectClues):
    norm = clues.norm
    bracket = _BRACKETED_VALUE.search(norm, max(clues.clause_start, clues.number_start - 3), clues.number_start)
    if bracket is None:
        return None
    start = max(clues.clause_start, bracket.start() - MAX_BRACKETED_NAME)
    boundaries = list(_BEFORE_BRACKETED_NAME.finditer(norm, start, bracket.start()))
    if boundaries:
        start = boundaries[-1].end()
    elif start > clues.clause_start:
        return None  # a longer phrase than a name
    name = norm[start:bracket.start()].strip()
    if len(name) < 2 or not re.fullmatch(rf"[{HAN}A-Za-z0-9]+", name) or NOT_TOPIC.search(name) \
            or QUANTITY_WORDS.leftmost_longest(name):
        return None
    return name


@SUBJECT.rule("material_of_content")
def _(clues: SubjectClues):
    """A content (含铜90.81%) is the material's that holds it, not the element's, which the indicator
    names (含铜量): the material the clause opens with (粗铅含铅96.2%), else the one an earlier clause
    of the sentence opens with (“金鼎”为青铜方鼎，…含锡12.5%), else none named."""
    clause = clues.norm[clues.clause_start:clues.number_start]
    content = content_stated(clause)
    if content is None:
        return None
    if content.start() > 0:
        own = clues.reader.opening(clues.clause_start, clues.clause_start + content.start())
        goods = _goods(clues, *own.span)
        if goods:
            return goods[-1].word
        if own.kind == "topic" and own.text is not None:
            return own.text
    previous = clues.previous
    if previous is not None and "subject:material_of_content" in previous.rules:
        return previous.subject_zh if previous.subject_zh is not None else EMPTY  # …含锡12.5%，含铅3.2%
    earlier = next((o for o in clues.earlier_openings() if o.kind == "topic" and o.text is not None), None)
    return earlier.text if earlier is not None else EMPTY


# A total of the members a sentence listed (我国对欧盟、美国和东盟进出口分别增长…，3者合计占…41%) is about
# them together, written as a list (欧盟、美国、东盟).
_MEMBERS_TOGETHER = re.compile(r"([2-9两二三四五六七八九])者(?:合计|共计|总计|共)")
_COUNT_OF_MEMBERS = {**{str(n): n for n in range(2, 10)}, **dict(zip("两二三四五六七八九", (2, 2, 3, 4, 5, 6, 7, 8, 9)))}
_NAMED_MEMBERS = PhraseMatcher((*PARTNERS.phrases, *words("region"), *COMMODITIES.phrases))


@SUBJECT.rule("members_together")
def _(clues: SubjectClues):
    together = _MEMBERS_TOGETHER.search(clues.norm, clues.clause_start, clues.number_start)
    if together is None:
        return None
    count = _COUNT_OF_MEMBERS[together.group(1)]
    runs: list[list[Hit]] = []
    for hit in _NAMED_MEMBERS.leftmost_longest(clues.norm, clues.sentence_start, clues.clause_start):
        if runs and _GOODS_JOINED.fullmatch(clues.norm, runs[-1][-1].end, hit.start):
            runs[-1].append(hit)
        else:
            runs.append([hit])
    listed = [run for run in runs if len(run) == count]
    return "、".join(h.word for h in listed[-1]) if listed else None


# A valuation is the valued company's (gold guide: the target's own valuation -> the target): 对SQM公司股东全部
# 权益价值进行测算，测算结果为21,198百万美元.
_VALUED = re.compile(rf"对\s*([{HAN}A-Za-z][{HAN}A-Za-z0-9 ]{{1,15}}?)\s*(?:公司)?\s*(?:股东全部权益|全部股东权益|全部股权|股权|股东权益)?"
                     r"\s*的?\s*(?:价值|市场价值)\s*进行(?:了)?(?:测算|评估|估值)")


@SUBJECT.rule("valued_company")
def _(clues: SubjectClues):
    if clues.unit_base not in _FIRM_MEASURE_UNITS or clues.unit_base in ("pct", "times"):
        return None
    found = None
    for found in _VALUED.finditer(clues.norm, clues.sentence_start, clues.number_start):
        pass
    return found.group(1).strip() if found is not None and not NOT_TOPIC.search(found.group(1)) else None


# An exchange rate (1美元兑人民币6.3679元) is the rate of the currency one unit of which it prices.
_RATE_OF = re.compile(r"[1一]\s*(" + "|".join(map(re.escape, sorted((c for c in CURRENCIES if c != "元"), key=len, reverse=True)))
                      + r")\s*兑换?\s*(?:人民币)?\s*$")
MAX_RATE_LEAD = 16


@SUBJECT.rule("currency_of_rate")
def _(clues: SubjectClues):
    rate = _RATE_OF.search(clues.norm, max(clues.clause_start, clues.number_start - MAX_RATE_LEAD), clues.number_start)
    return rate.group(1) if rate is not None else None


# Percentages each written right after a short name of its own, in a list (分享比例为中央60%，省级40%; 按照中央60%,
# 省级20%，市州20%比例分享): each is its name's. A name is no keyword, change word, verb or period.
_NAMED_VALUE_BEFORE = re.compile(rf"(?:[，,、；;：:]|为|是|按照|按)([{HAN}]{{2,4}})\s*$")
_NAMED_VALUE_AFTER = re.compile(rf"\s*[，,、；;]\s*([{HAN}]{{2,4}})\s*[0-9]")
_VALUE_END = re.compile(r"[0-9%]$")


def _plain_name(name: str) -> bool:
    return not (OPENING_WORDS.leftmost_longest(name) or CHANGE_WORDS.leftmost_longest(name) or NOT_TOPIC.search(name)
                or _NOT_A_NAME.search(name))


@SUBJECT.rule("named_value")
def _(clues: SubjectClues):
    if clues.unit_base != "pct":
        return None  # shares split between names; a verb before an amount (失守3万美元, 融资100亿) is no name
    norm = clues.norm
    before = _NAMED_VALUE_BEFORE.search(norm, max(clues.sentence_start, clues.number_start - 6), clues.number_start)
    if before is None or not _plain_name(before.group(1)):
        return None
    after = _NAMED_VALUE_AFTER.match(norm, clues.unit_end)
    listed = (after is not None and _plain_name(after.group(1))) or (
        norm[before.start()] in "，,、；;" and _VALUE_END.search(norm, clues.sentence_start, before.start()) is not None)
    return before.group(1) if listed else None


# 涤纶POY-PTA-MEG价差, 螺纹钢-铁矿石价差: a spread is between the goods its name joins with hyphens, the whole chain
# being its subject, not the first good nor a figure before it.
_SPREAD = re.compile(rf"([{HAN}A-Za-z0-9]+(?:-[{HAN}A-Za-z0-9]+)+)(?<!的)的?(?:"
                     + "|".join(map(re.escape, words("spread_keyword"))) + ")$")
MAX_SPREAD_NAME = 30


@SUBJECT.rule("spread_chain")
def _(clues: SubjectClues):
    keyword = clues.keyword
    if keyword is None or keyword.word not in _SPREAD_KEYWORDS or keyword.start < clues.clause_start:
        return None  # …价差继续缩窄8.86%；甲醇 -4.72%: a later clause names its own good
    lead, _ = skip_lead(clues.norm, max(clues.clause_start, keyword.start - MAX_SPREAD_NAME), keyword.start,
                        clues.reader.periods)
    chain = _SPREAD.search(clues.norm, lead, keyword.end)
    return chain.group(1) if chain is not None else None


_SPREAD_KEYWORDS = frozenset(words("spread_keyword"))


# …大约电池成本的10%，整车的4%: a clause that is only a whole and a percentage (X的N%) after a share written the same
# way is the same thing's share of another whole, not a share of X's own.
_ELLIPTIC_SHARE = re.compile(rf"\s*[{HAN}]{{1,8}}的\s*")
_SHARE_WRITTEN_BEFORE = re.compile(r"的\s*[0-9][0-9.]*\s*%\s*[，,]\s*$")


@SUBJECT.rule("elliptic_share")
def _(clues: SubjectClues):
    previous = clues.previous
    if clues.unit_base != "pct" or previous is None or previous.unit_base != "pct" \
            or clues.clause_start <= clues.sentence_start \
            or not _ELLIPTIC_SHARE.fullmatch(clues.norm, clues.clause_start, clues.number_start) \
            or not _SHARE_WRITTEN_BEFORE.search(clues.norm, clues.sentence_start, clues.clause_start):
        return None
    return previous.subject_zh if previous.subject_zh is not None else EMPTY


# 持证在产的90%大型矿山、80%中型矿山要达到…; 实现30%的挂车、半挂车采用铝合金车体: a percentage written before a
# noun is the share of those things that do what the clause goes on to say, and they are its subject, with the
# relative clause the list opens with (持证在产的) as part of every member's name.
# 80%的企业实现盈利, 8%员工实现…: a bare head or a firm's staff names no things of their own
_NOT_COUNTED_THINGS = frozenset((*words("subject_head"), *words("staff_noun")))
_SHARE_PREDICATE = "|".join(map(re.escape, sorted(words("share_predicate"), key=len, reverse=True)))
_SHARED_THINGS = re.compile(rf"\s*的?([{HAN}、]{{2,24}}?)(?:、(?=[0-9])|(?={_SHARE_PREDICATE}))")
_SHARE_LEAD = re.compile(rf"(?:(?P<modifier>[{HAN}]{{2,8}})的|{'|'.join(map(re.escape, words('share_lead')))})?"
                         rf"(?:[0-9.]+\s*%\s*[{HAN}]{{2,12}}、)*\s*$")


@SUBJECT.rule("share_of_things")
def _(clues: SubjectClues):
    if clues.unit_base != "pct":
        return None
    norm = clues.norm
    things = _SHARED_THINGS.match(norm, clues.unit_end)
    if things is None or things.end() > clues.clause_end:
        return None
    lead, _ = skip_lead(norm, clues.clause_start, clues.number_start, clues.reader.periods)
    opened = _SHARE_LEAD.fullmatch(norm, lead, clues.number_start)
    name = things.group(1)
    if opened is None or NOT_TOPIC.search(name) or QUANTITY_WORDS.leftmost_longest(name) or name in _NOT_COUNTED_THINGS \
            or CHANGE_WORDS.leftmost_longest(norm, clues.clause_start, clues.number_start):
        return None
    return (opened.group("modifier") or "") + name


# 瑞信给予赣锋50元的目标价: what is given a price, a rating or a quota is what the figure is about
_GIVEN_TO = re.compile(rf"给予([{HAN}A-Za-z]{{2,8}})$")


@SUBJECT.rule("given_to")
def _(clues: SubjectClues):
    found = _GIVEN_TO.search(clues.norm, clues.clause_start, clues.number_start)
    return found.group(1) if found is not None and not NOT_TOPIC.search(found.group(1)) \
        and not _NOT_A_NAME.search(found.group(1)) else None


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


# A tariff is about the partner whose goods it taxes (gold guide, Categories: tariff lists and rates):
# 对美国大豆、飞机等500亿美元商品加征25%的关税: 美国.
_TARIFF_WORDS = tuple(words("tariff_word"))
_TAXED_PARTNER = re.compile("(?<!应)对(" + "|".join(sorted(map(re.escape, PARTNERS.phrases), key=len, reverse=True)) + ")")


@SUBJECT.rule("tariff_partner")
def _(clues: SubjectClues):
    if clues.category != "trade" or clues.indicator is None or not clues.indicator.endswith(_TARIFF_WORDS):
        return None
    sentence_end = clues.norm.find("。", clues.number_start)
    found = None
    for found in _TAXED_PARTNER.finditer(clues.norm, clues.sentence_start,
                                        sentence_end if sentence_end >= 0 else len(clues.norm)):
        if found.start() > clues.number_start:
            break
    return found.group(1) if found is not None else None


# A count in a clause about a document is the document's (GUIDE: the clause's own grammar): the title its
# clause opens with (《若干措施》共提出14项具体举措), the title the counted issuers publish (八部门联合印发
# 《…若干措施》), the title the count follows (赠送《…志》65部). Counts only: a plan's target for a good stays the good's.
_TITLE = r"《[^《》]{1,60}》"
_TITLE_OPENING = re.compile(rf"[\s◆●■□▲►•·]*({_TITLE})")
_TITLE_ISSUED = re.compile(rf"[^，,；;。《]{{1,6}}?(?:部门|部委)[^，,；;。《]{{0,12}}?(?:{'|'.join(map(re.escape, words('issue_verb')))})(?:了|的)*({_TITLE})")
_TITLE_BEFORE = re.compile(rf"({_TITLE})\s*$")


@SUBJECT.rule("document_title")
def _(clues: SubjectClues):
    if clues.unit_base != "count":
        return None
    norm = clues.norm
    before = _TITLE_BEFORE.search(norm, max(clues.clause_start, clues.number_start - 62), clues.number_start)
    if before is not None:
        return before.group(1)
    issued = _TITLE_ISSUED.match(norm, clues.number_start)
    if issued is not None:
        return issued.group(1)
    lead, _ = skip_lead(norm, clues.clause_start, clues.number_start, clues.reader.periods)
    opening = _TITLE_OPENING.match(norm, lead, clues.number_start)
    return _full_title(norm, opening.group(1), opening.start(1)) if opening is not None else None


# A count of the components of an index (构成沪深300指数的300只成分股; …等11项指标位于“正常”区间) is the index's:
# the one the text last said they make up (构成|X的, X由…组成), within the stretch of text that goes on about it.
_COMPONENTS = tuple(words("index_component"))
_COMPOSE_VERBS = "|".join(map(re.escape, words("compose_verb")))
_COMPOSED_INDEX = re.compile(rf"(?:{_COMPOSE_VERBS})([{HAN}A-Za-z0-9“”]{{2,20}}?指数)的"
                             rf"|([{HAN}A-Za-z0-9“”]{{2,20}}?指数)由[^，,；;。]{{0,12}}?(?:{_COMPOSE_VERBS})")
MAX_COMPONENT_BACK = 800
_ANAPHORIC_STARTS = ("该", "此", "这", "本", "其")


@SUBJECT.rule("index_components")
def _(clues: SubjectClues):
    if clues.unit_base != "count" or clues.indicator is None or not any(w in clues.indicator for w in _COMPONENTS):
        return None
    named = [m.group(1) or m.group(2) for m in _COMPOSED_INDEX.finditer(
        clues.norm, max(0, clues.number_start - MAX_COMPONENT_BACK), clues.clause_end) if m.start() < clues.number_start]
    if not named or named[-1].startswith(_ANAPHORIC_STARTS):
        return None  # 该指数由…组成: the index named before, which other rules find
    return named[-1]


# A count of the members that form a team is the team's (带领10余人组成接管组; 由…及7家参建单位组成的“攻坚联合体”):
# the name after 组成 or 构成, quoted or ending with a team's head.
_TEAM_HEADS = "|".join(map(re.escape, sorted(words("team_head"), key=len, reverse=True)))
_FORMS_TEAM = re.compile(rf"[{HAN}]{{0,10}}?(?:组成|构成|组建)的?(“[^“”，,。；;]{{2,16}}”|[{HAN}]{{0,6}}?(?:{_TEAM_HEADS}))")


@SUBJECT.rule("formed_team")
def _(clues: SubjectClues):
    if clues.unit_base != "count":
        return None
    team = _FORMS_TEAM.match(clues.norm, clues.unit_end)
    return team.group(1) if team is not None else None


# 《行动方案》提出了四方面…: a short title stands for the full one the text wrote before it (…印发《推动工业互联网平台
# 高质量发展行动方案（2026—2028年）》), as an anaphor stands for its antecedent
_FULL_TITLE = re.compile(r"《([^《》]{2,60}?)(?:[（(][^（()）《》]{1,16}[)）])?》")
MAX_TITLE_BACK = 3000


def _full_title(norm: str, title: str, at: int) -> str:
    short = title[1:-1]
    earlier = [m.group() for m in _FULL_TITLE.finditer(norm, max(0, at - MAX_TITLE_BACK), at)
               if m.group(1).endswith(short) and len(m.group(1)) > len(short)]
    return earlier[-1] if earlier else title


# The metal prices a paragraph quotes after naming the London Metal Exchange are its contracts'
# (伦敦金属交易所（LME）主要品种普遍上行：铜价…, 铝价…: LME铜, LME铝), until the text turns home.
_LME_MARKET = re.compile("|".join(map(re.escape, words("lme_market"))))
_HOME_MARKET = re.compile("|".join(map(re.escape, (*words("home_market"),
                                                   *(w for w in COMPOUND_KEYWORDS if w.startswith("沪"))))))


@SUBJECT.rule("lme_contract")
def _(clues: SubjectClues):
    if clues.category != "price":
        return None
    market = None  # named in its sentence or earlier in its paragraph (…LME主要品种普遍上行…。…锡价重挫3.0%)
    for market in _LME_MARKET.finditer(clues.norm, min(clues.reader.paragraph_start, clues.sentence_start),
                                       clues.number_start):
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


@SUBJECT.rule("region_share")
def _(clues: SubjectClues):
    """A region's share of a whole (西部地区电解铝产量占全国比重达到67%) is the region's, the part whose
    share it is; the good stays in the indicator, as a partner's share of trade keeps its good."""
    if _SHARE_OF.search(clues.norm, clues.clause_start, clues.number_start) is None:
        return None
    opening = clues.opening
    if opening.kind != "topic" or opening.text is None or not _names_region(opening.text):
        return None
    return opening.text


_SHARE_OF = re.compile("占")
_COMPOUND_WORDS = PhraseMatcher(tuple(COMPOUND_KEYWORDS))


@SUBJECT.rule("compound_keyword")
def _(clues: SubjectClues):
    """铜价, 沪铜: the keyword names the good, unless a list member or a later clause names its own
    (产金41吨、铜20万吨)."""
    if clues.window_start > clues.clause_start and _goods(clues, clues.window_start, clues.number_start):
        return None
    keyword = clues.keyword
    if keyword is None or keyword.word not in COMPOUND_KEYWORDS:
        # 6大发电集团日耗煤周涨幅+9.33%: a compound keyword earlier in the clause names the quantity that moves
        # (not the 产钼 of 生产钼精矿: a good going on past it is named by the other rules)
        named = [h for h in _COMPOUND_WORDS.leftmost_longest(clues.norm, clues.clause_start, clues.number_start)
                 if h.word in INDICATORS and category_of(h.word)[0] == clues.category
                 and not any(g.start < h.end < g.end for g in _goods(clues, h.start, h.end + MAX_FIRM_NAME))]
        if not named:
            return None
        keyword = named[-1]
    if keyword.start < clues.clause_start and _goods(clues, clues.clause_start, clues.number_start):
        return None  # 黄金价格为…，白银为23.5美元/盎司: the later clause names its own good
    # 氧化铝价格: the keyword's good is the end of a longer good's name, which the price is of
    longer = [h for h in _goods(clues, max(0, keyword.start - MAX_FIRM_NAME), keyword.end)
              if h.start < keyword.start < h.end]
    return longer[-1].word if longer else COMPOUND_KEYWORDS[keyword.word][1]


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
    # 4万吨/年的碳酸锂和氢氧化锂产能: goods coordinated after the unit are its subject together, as written
    end = start + len(found)
    while (joined := _GOODS_JOINED.match(clues.norm, end)) is not None \
            and (more := COMMODITIES.match_at(clues.norm, joined.end())) is not None and len(more) > 1:
        end = joined.end() + len(more)
    return clues.norm[start:end]


@SUBJECT.rule("good_before_keyword")
def _(clues: SubjectClues):
    """A quantity of a named good: the good written right before the keyword (钼精矿产量,
    5000吨氢氧化锂产能), even when a firm produces it."""
    keyword = clues.keyword
    if clues.category not in QUANTITY_CATEGORIES or keyword is None \
            or not clues.clause_start <= keyword.start < clues.clause_end:
        return None
    named = _goods(clues, max(clues.clause_start, keyword.start - 12), keyword.start)
    if not named or named[-1].end != keyword.start:
        generic = _GENERIC_BEFORE_KEYWORD.search(clues.norm, max(clues.clause_start, keyword.start - 4), keyword.start)
        if generic is None:
            return None
        good = _of_metal(clues, Hit(generic.start(), generic.end(), generic.group()))
        return good.word if good.word != generic.group() else None
    # goods coordinated before one keyword are its subject together (锂、镍外采率), unless 分别 pairs
    # each value with its own (分别拉动铜、铝消费年均增长3%和2.5%)
    first = len(named) - 1
    if clues.norm.find(_RESPECTIVELY, clues.sentence_start, clues.clause_end) < 0:
        while first > 0 and _GOODS_JOINED.fullmatch(clues.norm, named[first - 1].end, named[first].start):
            first -= 1
    if first < len(named) - 1:
        return clues.norm[named[first].start:keyword.start]
    return _with_class(clues, named[-1])


def _with_class(clues: SubjectClues, good: Hit) -> str:
    """The good with the words before it naming a class of it by origin or make (中国品牌|乘用车销量占有率: the
    share of those cars, not of all cars); the place word of such a class is part of its name."""
    found = _CLASS_BEFORE.search(clues.norm, max(clues.clause_start, good.start - MAX_CLASS), good.start)
    return found.group() + good.word if found else good.word


_CLASS_BEFORE = re.compile("(?:" + "|".join(map(re.escape, sorted(words("class_compound"), key=len, reverse=True))) + ")$")
MAX_CLASS = max(map(len, words("class_compound")))


_GOODS_JOINED = re.compile("[、和及与]")
_RESPECTIVELY = "分别"


# 出口电动汽车增长19%、工程机械增长10.7%、船舶增长18.9%: a member of a list of statements that repeats the change word
# the member before it wrote is its own statement, opening with its own name, known to the lexicon or not; the
# object of the trade verb that opened the list was the first member's.
_MEMBER_STATEMENT = re.compile(rf"[\s、和及与]*([{HAN}]{{2,8}}?)\s*")
_JOINER = re.compile(r"[\s、和及与]*")
_NAMED_MEMBER_BEFORE = re.compile(rf"[{HAN}]\s*[0-9][0-9.]*\s*(?:万|亿)?[{HAN}A-Za-z/%]{{0,4}}\s*[、和及与]\s*$")


@SUBJECT.rule("list_member_statement")
def _(clues: SubjectClues):
    previous = clues.previous
    if previous is None or clues.window_start <= clues.clause_start \
            or clues.reader.opening(clues.window_start, clues.clause_end).kind == "topic":
        return None  # a name the lexicon knows the member opens with is member_name's
    norm = clues.norm
    change = next((h for h in CHANGE_WORDS.leftmost_longest(norm, clues.window_start, clues.number_start)
                   if h.end == clues.number_start), None)
    if change is None:  # 副产硫酸150万吨、氯碱化工废电石渣100万吨: a name written right before its value, as the member before
        joined = _JOINER.match(norm, clues.window_start).end()  # the window may begin before or after the 、
        if not _NAMED_MEMBER_BEFORE.search(norm, clues.clause_start, joined):
            return None
        name = _MEMBER_STATEMENT.fullmatch(norm, clues.window_start, clues.number_start)
    elif re.search(re.escape(change.word) + r"\s*[+\-−]?[0-9][0-9.]*\s*%?[\s、和及与]*$",
                   norm[clues.clause_start:clues.window_start]):
        name = _MEMBER_STATEMENT.fullmatch(norm, clues.window_start, change.start)
    else:
        return None
    return name.group(1) if name is not None and _plain_name(name.group(1)) else None


@SUBJECT.rule("good_opening")
def _(clues: SubjectClues):
    """A quantity of the good the clause opens with or its trade verb takes; not a good a project's
    name holds (锂矿项目的产能爬坡需要2-3年)."""
    opening = clues.opening
    if clues.category not in QUANTITY_CATEGORIES or _project_not_goods(clues):
        return None
    if opening.kind == "object":
        return opening.text
    if opening.text is not None and opening.text.endswith(COMMODITY_WORDS) and not is_firm(opening.text) \
            and not _industry_as_whole(clues, opening):
        return opening.text  # 高纯铝, 锂精矿
    if opening.kind not in ("topic", "none") or _names_itself(opening):
        return None
    goods = _goods(clues, *opening.span)  # the good a phrase names (上海电解铜现货: 电解铜)
    return goods[-1].word if goods else None


def _names_itself(opening: Opening) -> bool:
    """A quoted name (“锌云通”平台) is a thing of its own, not the good its name holds."""
    return opening.kind == "topic" and opening.text is not None and QUOTED_NAME.fullmatch(opening.text) is not None


def _opens_with_project(opening: Opening) -> bool:
    return opening.kind == "topic" and opening.text is not None and project_name(opening.text) == opening.text


_MASS_UNITS = frozenset(("t", "t/yr"))


def _project_not_goods(clues: SubjectClues) -> bool:
    """The clause opens with a project's name and the figure is no mass of the good the name holds
    (锂矿项目的产能爬坡需要2-3年; but 碳酸锂扩建项目…产能达到7万吨/年 is 碳酸锂's)."""
    return clues.unit_base not in _MASS_UNITS and _opens_with_project(clues.opening)


@SUBJECT.rule("good_in_item")
def _(clues: SubjectClues):
    """A member of a list names its own good (煤炭探矿权38个、锑矿探矿权6个); a project's name holding a
    rating is no list (首期90万千瓦风电项目建设内容包括…)."""
    if clues.category not in QUANTITY_CATEGORIES or clues.window_start <= clues.clause_start \
            or _project_not_goods(clues):
        return None
    named = _goods(clues, clues.window_start, clues.number_start)
    return named[-1].word if named else None


@SUBJECT.rule("member_name")
def _(clues: SubjectClues):
    """A member of a list of statements names its own subject before its change word, known to the
    lexicon or not (出口电动汽车增长19%、工程机械增长10.7%: 工程机械)."""
    if clues.category not in QUANTITY_CATEGORIES or clues.window_start <= clues.clause_start \
            or _project_not_goods(clues):
        return None
    member = clues.reader.opening(clues.window_start, clues.clause_end)
    return _resolve(member, clues) if member.kind == "topic" else None


@SUBJECT.rule("good_in_clause")
def _(clues: SubjectClues):
    """A quantity of a good the clause names before the number, even when a firm opens it
    (公司预计…碳酸锂工厂能实现80%的名义产能)."""
    if not _measures_goods(clues) or _project_not_goods(clues):
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


# The first of such items names its own too: the sentence's first figure, whose quantity the next item, after
# ；, names again (3月末，普惠小微贷款余额为34.81万亿元，…；制造业中长期贷款余额为14.8万亿元).
_ITEM_END = re.compile("[；;。！？!?]")


@SUBJECT.rule("first_item_name")
def _(clues: SubjectClues):
    keyword = clues.keyword
    if clues.opening.kind != "none" or clues.previous is not None or keyword is None \
            or not clues.clause_start <= keyword.start < clues.number_start:
        return None
    norm = clues.norm
    end = _ITEM_END.search(norm, clues.number_start)
    if end is None or end.group() not in "；;":
        return None
    after = _ITEM_END.search(norm, end.end())
    following = norm[end.end():after.start() if after else len(norm)]
    number = HARD_STOP.search(following)
    if keyword.word not in following[:number.start() if number else None]:
        return None
    name = _unknown_name(clues, breakdown=False)
    return name if name not in _BARE_HEADS else None  # 企业完成投资…；压铸件完成投资…: a bare head names nothing


_BARE_HEADS = frozenset(words("collective_head"))


# A clause of a contrast or of a parallel list names its own member, known to the lexicon or not: the name
# before 则 (一般锂矿项目需要2-3年，盐湖则需8-10年), or right before its signed value (一线城市…-6.99%，二线+7.72%).
# A member written short takes the head of the member before it (二线 after 一线城市: 二线城市).
_CONTRAST = re.compile(rf"((?:[{HAN}]|[A-Za-z][A-Za-z0-9]*){{2,8}}?)(?:则|[+\-−]$)")


@SUBJECT.rule("contrast_member")
def _(clues: SubjectClues):
    if clues.clause_start <= clues.sentence_start:
        return None
    norm = clues.norm
    lead, _ = skip_lead(norm, clues.clause_start, clues.number_start, clues.reader.periods)
    found = _CONTRAST.match(norm, lead, clues.number_start)
    if found is None or not _plain_name(found.group(1)) or found.group(1) in NAME_BEFORE:
        return None  # 螺纹钢期货价…，现货+0.23%: the spot price of the same good, no member
    name = found.group(1)
    before = clues.previous.subject_zh if clues.previous is not None else None
    if before is not None and len(name) < len(before) and before[len(name) - 1] == name[-1] \
            and before[:len(name)] != name:
        return name + before[len(name):]
    return name


# 天齐锂业一季度赚6.6亿，华菱钢铁一季度赚15亿; 港股通近5日日均净买入…，陆股通近5日日均净卖出…: a clause that
# repeats the words the figure before it wrote after its subject names its own member with what comes before them
MIN_REPEATED = 2
MAX_MEMBER_NAME = 8


@SUBJECT.rule("parallel_member")
def _(clues: SubjectClues):
    previous = clues.previous
    if previous is None or previous.subject_zh is None or clues.clause_start <= clues.sentence_start:
        return None
    norm = clues.norm
    at = norm.rfind(previous.subject_zh, clues.sentence_start, clues.clause_start)
    if at < 0:
        return None
    written_after = norm[at + len(previous.subject_zh):clues.clause_start]
    lead, _ = skip_lead(norm, clues.clause_start, clues.number_start, clues.reader.periods)
    for name_end in range(lead + 2, min(lead + MAX_MEMBER_NAME, clues.number_start - MIN_REPEATED) + 1):
        if len(os.path.commonprefix([norm[name_end:clues.number_start], written_after])) >= MIN_REPEATED:
            name = norm[lead:name_end]
            # (公司缴纳税收 after 金川公司税收收入: 公司 is the same firm; 较…: the base of a comparison)
            return name if name != previous.subject_zh and _plain_name(name) \
                and not name.startswith(_NOT_MEMBER_START) else None
    return None


_NOT_MEMBER_START = tuple((*GENERIC_FIRMS, *words("comparison_opener")))


def _unknown_name(clues: SubjectClues, breakdown: bool) -> str | None:
    """The words a clause opens with before its quantity, verb or change word, as a name the
    lexicon need not know. A part of a breakdown is such a name by its place, so a one-character
    verb inside it is part of it (居住, 国有企业); one ending it is not (乡村为…)."""
    norm, end = clues.norm, clues.number_start
    i, _ = skip_lead(norm, clues.clause_start, end, clues.reader.periods)
    hard = HARD_STOP.search(norm, i, end)
    counted = COUNTED_PLACE.match(norm, hard.start()) if hard else None
    if counted:  # a name holding a count of places (中部6省市)
        hard = HARD_STOP.search(norm, counted.end(), end)
    j = hard.start() if hard else end
    stop = next((h for h in OPENING_WORDS.leftmost_longest(norm, i, j)
                 if h.word in STOPS and (len(h.word) > 1 or (not breakdown and h.start > i))), None)
    if stop is not None:
        j = stop.start
    while j > i + 1 and norm[j - 1] in STOPS:
        j -= 1
    keyword = next((h for h in QUANTITY_WORDS.leftmost_longest(norm, i, j)), None)
    if keyword is not None:
        if keyword.start == i:
            # the clause opens with its quantity: no part named, unless the part is a quantity of its own
            # name (按消费类型分，餐饮收入2886亿元: a part of 消费品零售额)
            # (从分项看，新订单指数…: a sub-index is the sector's, not a part of it)
            return clues.indicator if breakdown and clues.indicator is not None and clues.category != "index" \
                and norm.startswith(clues.indicator, i) else None
        j = keyword.start
    name = _NAME_TAIL.sub("", clean(norm[i:j])).strip()
    part = next((w for w in _NAME_PARTS_LONGEST_FIRST if name.endswith(w) and len(w) < len(name)), None)
    if part is not None:  # a word of the quantity's name (一线城市|商品房成交面积)
        name = name[:-len(part)]
    if len(name) < 2 or len(name) > MAX_PART_NAME or NOT_TOPIC.search(name) or industry_wide(name) \
            or _NOT_A_NAME.search(name) or name in NAME_BEFORE:
        return None
    return name


# what may stand between a name and its quantity: a period word, an adverb (VD3大幅上涨, 尿素本周)
_NAME_TAIL = re.compile(r"(?:本周|上周|近一周|当周|当日|本月|周|日|月|近|大幅|小幅|明显|继续|持续|仍|也|均|都|[/／])+$")
_PROVINCES_COUNTED = re.compile(r"[0-9]{1,2}个?(?:省区市|省市区|省市|省区|省)$")
_NAME_PARTS_LONGEST_FIRST = sorted(NAME_BEFORE, key=len, reverse=True)
# a clause, not a name: a relative clause (侯少栋的装置), a demonstrative (not the 其 of 其他用品和服务,
# the rest of a breakdown), a negation, an ordinal's 是 (三是…)
_NOT_A_NAME = re.compile(r"的|^[这该此那]|^其(?!他)|不|^[一二三四五六七八九十]是")


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


# An anaphor (该项目, 该设备, 该技术, 该产业集群; 项目 alone opening its clause: 项目建成后) stands for the
# thing its paragraph named before with the same head, as written there (…合作的1万吨…生产线项目在兰州新区开工。
# 该项目是…: 1万吨…生产线项目). The name begins after the delimiter, 的 or verb before it; a quoted title
# is part of it (“…精准脱除”技术).
_ANAPHOR_HEADS = sorted(words("anaphor_head"), key=len, reverse=True)
# 第一台改进型装置, 首套…系统: the first unit of the thing named before, which it stands for like 该装置
_FIRST_UNIT = rf"(?:第一|首)[台套座条部](?!套)[{HAN}]{{0,4}}?"  # not 首台套: a first-of-its-kind, no unit
_ANAPHOR = re.compile(f"(?P<mark>该|此|这一?|本|{_FIRST_UNIT})?(" + "|".join(map(re.escape, _ANAPHOR_HEADS)) + ")")
_ANAPHOR_MARK = re.compile("(?:该|此|这一?|本)$")
# 一套, 一种, 两个: a count opening the name is no part of it
_COUNT_BEFORE_NAME = re.compile("^[一两二三四五六七八九十几]+[套种个批座条台项家处]")
MAX_ANTECEDENT = 30
_NAMED_IN_LATIN = re.compile("[A-Za-z]{2,}")
_SENTENCE_END = re.compile("[。！？!?]")


def _anaphor_at(clues: SubjectClues, begin: int, end: int) -> str | None:
    """What the anaphor a clause norm[begin:end] opens with stands for; None when it opens with none
    or its paragraph names nothing before it with the anaphor's head."""
    norm = clues.norm
    if _ANAPHOR.search(norm, begin, end) is None:
        return None  # most clauses hold no anaphor: spare them the reading of their lead
    lead, _ = skip_lead(norm, begin, end, clues.reader.periods)
    anaphor = _ANAPHOR.match(norm, lead, end)
    if anaphor is None:
        return None
    head = anaphor.group(2)
    paragraph = min(clues.reader.paragraph_start, clues.sentence_start)
    # the paragraph's own name first; else, for a marked anaphor (该方法, not 项目组 opening a clause), the one
    # its article wrote before (a story names its “一种…浇筑方法” once, then says 该方法 paragraphs later),
    # never across a headline
    spans = [(paragraph, lead)]
    if anaphor.group("mark"):
        spans.append((min(clues.reader.article_start, paragraph), paragraph))
    for floor, ceiling in spans:
        at = norm.rfind(head, floor, ceiling)
        while at >= 0:
            antecedent = _antecedent(norm, max(floor, at - MAX_ANTECEDENT), at, at + len(head))
            if antecedent is not None:
                return antecedent
            at = norm.rfind(head, floor, at)
    return None


def _antecedent(norm: str, floor: int, head_start: int, head_end: int) -> str | None:
    """The name ending with the head at norm[head_start:head_end], unless the head is itself an
    anaphor (该项目) or stands alone."""
    starts = [m.end() for m in NAME_START.finditer(norm, floor, head_start)]
    begin = starts[-1] if starts else floor
    written = norm[begin:head_end].strip()
    name = written if written.startswith("“") and "”" in written else clean(written)  # “…”技术 keeps its quotes
    name = name[len(count.group()):] if (count := _COUNT_BEFORE_NAME.match(name)) else name
    if len(name) <= head_end - head_start or _ANAPHOR_MARK.search(norm, begin, head_start):
        return None
    return name


# 中国制造业景气度呈现…，整体PMI…回升0.5个百分点至49.5%。…生产指数大幅上升0.9个百分点: a purchasing managers'
# index or sub-index whose clause names no sector of its own is the sector's its paragraph named last, as a
# name of its own (制造业, not the 制造业 of 高技术制造业), unless the index's name holds a sector
_SURVEY_INDICES = frozenset(words("survey_index"))
_SURVEY_SECTORS = tuple(words("survey_sector"))
_SURVEY_SECTOR = re.compile(rf"(?<![{HAN}])(?:(?:中国|我国|全国|国内))?(" + "|".join(map(re.escape, sorted(_SURVEY_SECTORS, key=len, reverse=True))) + ")")


@SUBJECT.rule("survey_sector")
def _(clues: SubjectClues):
    indicator = clues.indicator
    if clues.category != "index" or indicator not in _SURVEY_INDICES or clues.opening.kind not in ("national", "none"):
        return None
    found = None
    for found in _SURVEY_SECTOR.finditer(clues.norm, min(clues.reader.paragraph_start, clues.sentence_start),
                                         clues.number_start):
        pass
    return found.group(1) if found is not None else None


# 选冶、加工环节关键工艺数控化率超过80%, 冶炼及加工领域智能工厂普及率达到30%: a rate the clause names itself, right after
# the field it is measured in, is that field's; the clauses after it speak of their own things again.
_FIELD = re.compile("(?:" + "|".join(map(re.escape, words("field_head"))) + ")$")


@SUBJECT.rule("field_of_quantity")
def _(clues: SubjectClues):
    indicator = clues.indicator
    if not indicator:
        return None
    norm = clues.norm
    at = norm.rfind(indicator, clues.clause_start, clues.number_start)
    if at < 0 or not _FIELD.search(norm, clues.clause_start, at):
        return None
    lead, _ = skip_lead(norm, clues.clause_start, at, clues.reader.periods)
    field = clean(norm[lead:at])
    return field if len(field) > 2 and not NOT_TOPIC.search(field) and not _NOT_A_NAME.search(field) else None


@SUBJECT.rule("anaphor_opening")
def _(clues: SubjectClues):
    return _anaphor_at(clues, clues.clause_start, clues.number_start)


@SUBJECT.rule("clause_opening")
def _(clues: SubjectClues):
    opening = clues.opening
    if clues.category in FIRM_RESULT_CATEGORIES and _names_held_firm(clues, *opening.span):
        return None  # 因购买北岭矿业股权而新增的财务费用: not 北岭矿业's result
    if _industry_as_whole(clues, opening):
        return EMPTY
    return _resolve(opening, clues)


def _names_held_firm(clues: SubjectClues, start: int, end: int) -> bool:
    """Whether norm[start:end] names a firm as what another buys or receives from (…北岭矿业股权)."""
    return any(_HELD_BY_OTHER.match(clues.norm, f.end, clues.number_start)
               for f in clues.reader.firms.between(start, end) if f.end <= end + 1)


# 对跨国企业的调查显示，超九成受访企业表示…: a figure of a survey's respondents is about the population surveyed,
# not the viewpoint or the firm opening the sentence
_SURVEYED = re.compile(rf"对([{HAN}A-Za-z“”]{{2,12}}?)的?(?:{'|'.join(map(re.escape, sorted(words('survey_word'), key=len, reverse=True)))})"
                       r"(?:结果)?(?:显示|表明|发现)")
_RESPONDENTS = re.compile("|".join(map(re.escape, words("respondent_word"))))
MAX_RESPONDENT_GAP = 4


@SUBJECT.rule("surveyed_group")
def _(clues: SubjectClues):
    if not _RESPONDENTS.search(clues.norm, clues.unit_end, clues.unit_end + MAX_RESPONDENT_GAP):
        return None  # 超九成受访企业, 65%的受访企业
    found = None
    for found in _SURVEYED.finditer(clues.norm, clues.sentence_start, clues.number_start):
        pass
    return found.group(1) if found is not None else None


# 从民营企业看，…进出口26.04万亿元: the part of a breakdown its sentence names as its viewpoint
_VIEWPOINT = re.compile(rf"从([{HAN}A-Za-z“”]{{2,12}}?)来?看[，,：:]")


@SUBJECT.rule("viewpoint_part")
def _(clues: SubjectClues):
    found = None
    for found in _VIEWPOINT.finditer(clues.norm, clues.sentence_start, clues.number_start):
        pass
    if found is None:
        return None
    named = clues.reader.opening(found.start(1), found.end(1))
    return named.text if named.kind == "topic" and named.text == found.group(1) else None


@SUBJECT.rule("figure_before")
def _(clues: SubjectClues):
    """A clause opening with its verb goes on with the figure before it in the sentence."""
    previous = clues.previous
    if previous is None:
        return None
    # …天然橡胶-4.87%；…尿素继续走高，周涨幅3.40%: a clause between them naming something is nearer
    # (公司 stands for a firm named before: no new name)
    if any(o.kind == "topic" and o.span[0] >= clues.previous_end and o.text not in GENERIC_FIRMS
           for o in clues.earlier_openings()):
        return None
    if "subject:field_of_quantity" in previous.rules:
        return None  # …领域智能工厂普及率达到30%，促进企业运营成本降低30%: the field was the rate's alone
    if "subject:index_components" in previous.rules and clues.unit_base != "count":
        return EMPTY  # 指标有9项，…增幅分别是5.1%、…: each component's change is its own index's, no part of the count
    if "subject:stake_target" in previous.rules and clues.indicator not in _STAKE_INDICATORS \
            and not (clues.indicator or "").endswith(_DEAL_TERMS):
        return None  # …购买…文菲尔德51%的股权，募集资金总额…33亿元: a stake's company raises no money
    if "subject:currency_of_rate" in previous.rules:
        return None  # 按1美元兑人民币6.3679元计算，新增的35亿美元有息债务: the currency priced is no debtor
    return previous.subject_zh if previous.subject_zh is not None else EMPTY


@SUBJECT.rule("anaphor_of_sentence")
def _(clues: SubjectClues):
    """An earlier clause of the sentence opening with an anaphor (该设备在…试点应用时，连续稳定运行超7200小时)."""
    before = clues.clause_start - 1
    while before > clues.sentence_start:
        begin = clause_start(clues.norm, clues.sentence_start, before)
        found = _anaphor_at(clues, begin, before)
        if found is not None:
            return found
        before = begin - 1
    return None


# 比它更早落户的是华友钴业，已投资3亿元: the name a cleft clause ends with is what the sentence goes on about
_CLEFT = re.compile(rf"的是([{HAN}A-Za-z0-9 ·&.\-]{{2,16}})$")


@SUBJECT.rule("cleft_name")
def _(clues: SubjectClues):
    firms = clues.reader.firms
    before = clues.clause_start - 1
    while before > clues.sentence_start:
        begin = clause_start(clues.norm, clues.sentence_start, before)
        cleft = _CLEFT.search(clues.norm, begin, before)
        if cleft is not None:
            name = cleft.group(1).strip()
            return name if firms.names_firm(name) or is_known(name, firms) else None
        before = begin - 1
    return None


# 数字化矿山：在铜矿…领域，推广…，力争2020年，实现…提高50%: a paragraph opening with a name and a colon
# is about that name, for the figures whose clause names nothing of its own
_PARAGRAPH_LABEL = re.compile(rf"\s*([{HAN}A-Za-z0-9“”]{{2,10}})[：:](?![0-9])")


@SUBJECT.rule("paragraph_label")
def _(clues: SubjectClues):
    if clues.category == "index":
        return None  # 航运板块：BDI指数…: a named index is about nothing else
    label = _PARAGRAPH_LABEL.match(clues.norm, clues.reader.paragraph_start)
    if label is None or label.end() > clues.number_start:
        return None
    named = clues.reader.opening(label.start(1), label.end(1))
    return named.text if named.kind == "topic" and named.text == label.group(1) else None


@SUBJECT.rule("sentence_opening")
def _(clues: SubjectClues):
    opening = next((o for o in clues.earlier_openings() if o.kind != "none"), None)
    if opening is None:
        return None
    if clues.unit_base in _MASS_UNITS and _opens_with_project(opening):
        goods = _goods(clues, *opening.span)  # 碳酸锂扩建项目的第一阶段已完成，产能达到7万吨/年: 碳酸锂
        if goods:
            return goods[-1].word
    return _resolve(opening, clues)


@SUBJECT.rule("anaphor_of_paragraph")
def _(clues: SubjectClues):
    """A sentence naming nothing goes on with the anaphor the sentence before it in its paragraph
    opens with (该技术取得了显著效益。在4家企业应用后，累计创效超1亿元)."""
    paragraph = clues.reader.paragraph_start
    if clues.sentence_start <= paragraph or clues.firms \
            or _NAMED_IN_LATIN.search(clues.norm, clues.sentence_start, clues.number_start):
        return None  # the sentence names a firm of its own (比Lithium Werks更先知先觉的是LG Chem，…投资20亿美元)
    ends = list(_SENTENCE_END.finditer(clues.norm, paragraph, clues.sentence_start - 1))
    begin = ends[-1].end() if ends else paragraph
    return _anaphor_at(clues, begin, clues.sentence_start)


# 阿塔卡玛盐湖位于南美…，…回收率可达80%。其盐壳厚度由几十厘米到一米左右: a sentence opening with 其 (its)
# goes on about what the sentence before it in its paragraph opens with
_POSSESSIVE = re.compile("其(?![中他余它次实])")


@SUBJECT.rule("possessive_of_paragraph")
def _(clues: SubjectClues):
    norm = clues.norm
    paragraph = clues.reader.paragraph_start
    if clues.sentence_start <= paragraph:
        return None
    if not _POSSESSIVE.match(norm, clues.sentence_start + len(norm[clues.sentence_start:clues.number_start])
                             - len(norm[clues.sentence_start:clues.number_start].lstrip())):
        return None
    ends = list(_SENTENCE_END.finditer(norm, paragraph, clues.sentence_start - 1))
    begin = ends[-1].end() if ends else paragraph
    first_clause = _FIRST_CLAUSE_END.search(norm, begin, clues.sentence_start)
    opening = clues.reader.opening(begin, first_clause.start() if first_clause else clues.sentence_start)
    return opening.text if opening.kind == "topic" and opening.text is not None else None


_FIRST_CLAUSE_END = re.compile("[，,；;：:。！？!?]")


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
    in_clause = [f for f in clues.firms if f.start >= clues.clause_start
                 and not _HELD_BY_OTHER.match(clues.norm, f.end, clues.number_start)]
    return in_clause[-1].word if in_clause else None


# 购买SQM股权…的中介费用, SQM的分红: the firm is what another buys or receives from
_HELD_BY_OTHER = re.compile(r"\s*的?(?:" + "|".join(map(re.escape, words("held_by_other"))) + ")")


# In a company document, a paragraph naming no firm (nor 公司) but a country or bloc is a news item about that
# place (李克强总理…对“风车之国”荷兰进行了正式访问，并签署了近100亿美元的8项合作协议: 荷兰), not the
# document firm's: its figures that nothing nearer names are the place's named last in their sentence or the
# one before it, unless their sentence names a firm in Latin script of its own.
_NAMES_A_FIRM = re.compile("|".join(map(re.escape, sorted(GENERIC_FIRMS, key=len, reverse=True))))


@SUBJECT.rule("place_of_paragraph")
def _(clues: SubjectClues):
    firms, norm = clues.reader.firms, clues.norm
    start = min(clues.reader.paragraph_start, clues.sentence_start)
    if firms.main is None or firms.between(start, clues.number_start) \
            or _NAMES_A_FIRM.search(norm, start, clues.number_start):
        return None
    if _measures_goods(clues) and _goods(clues, start, clues.number_start):
        return None  # the good its paragraph names (good_of_paragraph)
    sentence_end = _SENTENCE_END.search(norm, clues.number_start)
    if _NAMED_IN_LATIN.search(norm, clues.sentence_start, sentence_end.start() if sentence_end else len(norm)):
        return None  # 例如由两位…创立的Northvolt，…: the sentence names a firm of its own
    ends = list(_SENTENCE_END.finditer(norm, start, clues.sentence_start - 1))
    start = ends[-1].end() if ends else start  # named in its sentence or the one before it
    titles = [m.span() for m in _CITED_TITLE.finditer(norm, start, clues.number_start)]
    places = [h for h in PARTNERS.leftmost_longest(norm, start, clues.number_start)
              if not any(a <= h.start < b for a, b in titles)]  # not 《欧盟拨款数十亿…》, a title cited
    return places[-1].word if places else None


_CITED_TITLE = re.compile(r"《[^《》]*》")


@SUBJECT.rule("reporting_firm")
def _(clues: SubjectClues):
    """A firm's results go on with the firm whose results came before (1、SQM的总收入…；2、盈利…)."""
    return clues.reader.reporting_firm if clues.category in _RESULTS else None


@SUBJECT.rule("document_firm")
def _(clues: SubjectClues):
    """A company document's results are its firm's, and so are its other money figures and ratios
    (有息债务, 资产负债率, 市值: gold guide, a firm's financial and other results)."""
    return clues.reader.firms.main if is_firm_measure(clues.category, clues.unit_base) else None


_FIRM_MEASURE_UNITS = frozenset(("CNY", "USD", "EUR", "HKD", "AUD", "CAD", "pct", "times"))


def is_firm_measure(category: str, unit_base: str | None) -> bool:
    """What a company document reports of its own firm: results, and other money figures and ratios."""
    return category in _RESULTS or (category == "other" and unit_base in _FIRM_MEASURE_UNITS)


@SUBJECT.rule("listed_firm_quantity")
def _(clues: SubjectClues):
    """A quantity only a listed company reports (归属于上市公司股东的净利润, 每股收益) is the firm's
    the text named last before it, however seldom the document names it."""
    if clues.indicator is None or not _LISTED_FIRM_QUANTITY.search(clues.indicator):
        return None
    return clues.reader.firms.named_before(clues.number_start)


_LISTED_FIRM_QUANTITY = re.compile("|".join(map(re.escape, words("listed_firm_quantity"))))




@SUBJECT.rule("good_of_paragraph")
def _(clues: SubjectClues):
    """A quantity of goods whose sentence names none goes on with the good its paragraph named last
    (SQM的碳酸锂产能为4.8万吨/年。2018年计划扩大到每年7万吨: 碳酸锂); never across paragraphs."""
    if not _measures_goods(clues):
        return None
    named = _goods(clues, clues.reader.paragraph_start, clues.sentence_start)
    return named[-1].word if named else None


@SUBJECT.rule("document_firm_quantity")
def _(clues: SubjectClues):
    """A quantity no good, place or name of its sentence claims, in a document about one firm, is
    that firm's (第一阶段打算实现7万吨的产能: the capacity of the firm the report is about)."""
    return clues.reader.firms.main if clues.category in (*GOODS_CATEGORIES, "other") else None


# A quantity whose name holds what its clause opened with is no quantity of that thing: a named index
# (BDI指数连续回升，月涨幅达17%: industry-wide, no subject) or the proportion of the firms that do something
# (实现综合集成的企业比例从12%提升到20%: a statistic of the industry's firms).
_PROPORTION_WORDS = tuple(words("proportion_word"))
_COUNTED_MEMBERS = tuple(words("counted_member_head"))


def named_by_indicator(subject: str | None, indicator: str | None, category: str) -> bool:
    if subject is None or indicator is None or subject not in indicator:
        return False
    return category == "index" or (indicator.endswith(_PROPORTION_WORDS) and subject.endswith(_COUNTED_MEMBERS))
