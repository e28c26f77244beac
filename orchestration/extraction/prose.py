"""The prose parser: number candidates of running text -> figures.

The parser walks the sentences of the layout-free view left to right. For each candidate
(candidates.py) it gathers the clues around it — the indicator keyword that names it
(keywords.py), the change word that governs it (changes.py), its enumeration pairing
(enumerations.py) — and lets the slot deciders (category_rules.py, measure_rules.py,
modality_rules.py, period_rules.py, unit_rules.py) decide its
category, measure, modality, period and scope, recording which rule decided each. The
sentence context (context.py) carries periods, indicators and subjects to later sentences;
parts after 其中 are linked to their whole (ofwhich.py).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date

from . import lexicon
from .candidates import Candidate, find_candidates
from .category_rules import CATEGORY
from .changes import NO_CHANGE, change_in
from .clues import MARKET_STOCK, MOM_WORDS, YOY_WORDS, Clues
from .context import ReadingContext
from .enumerations import (CLAUSE_DELIMS, Dropped, ItemPairing, Pairing, PeriodPairing, StatementPairing, StatementRef,
                           clause_start, is_enumerated, plan_enumerations, previous_statements)
from .keywords import (COMMODITIES, INDICATORS, MASK, TRADE_NAMES, category_of, closed_asides, indicator_hits, masked,
                       subject_hits)
from .matcher import Hit
from .indicator_rules import INDICATOR
from .measure_rules import MEASURE
from .modality_rules import decide_modality, decide_scope
from .model import Figure
from .naming import (COMPOUND_KEYWORDS, DURATIONS, NAME_BEFORE, capacity_verb_name, content_name, contribution_name, count_name,
                     duration_name,
                     good_of_partner_trade, growth_name,
                     lists_holders, named_over_list, names_a_year, quantity_name, rate_change_name, share_name,
                     stake_name)
from .ofwhich import (breakdown_part_named_by_quantity, continued_group, group_whole, open_group, parent_of,
                      part_of_whole_quantity, part_subject)
from .period_rules import decide_period
from .periods import PeriodMention, outside_conversions
from .subject_rules import BREAKDOWN, SubjectClues, SubjectReader, named_by_indicator
from .text import Sentence, View, split_sentences
from .unit_rules import UNIT, UNIT_OF_CHANGE, UNIT_OF_MEASURE
from .units import SCALE_CHARACTERS, SCALES, to_base

# A quantity the clause names itself with a generic head (数控化率, 企业比例, 采购…金额): when no
# keyword lies inside it, it is an indicator the lexicon does not know, not the keyword of an
# earlier clause. Not a growth rate, nor a contribution rate (贡献率), which belongs to the
# quantity whose growth it explains.
_OWN_QUANTITY = re.compile(r"[\u4e00-\u9fffA-Za-z]{1,12}?(?<!增长|贡献)(?:率|比例|金额|数量|人数|次数|面积|含量)")
# …and the cause of a causative clause (新工艺使精矿中砷含量降低37%: what 使 acts on is the quantity)
# the field it is measured in and the doer before 实现, which are its subject (冶炼及加工领域智能工厂普及率:
# 智能工厂普及率; 该厂实现铜回收率: 铜回收率); a proportion of the things that do something keeps the verb
# (实现综合集成企业比例: of the firms that did); a change verb before it is the figure's change, not its name
# (每年可降低渣中铜含量1.3%: 渣中铜含量)
_OWN_QUANTITY_LEAD = re.compile(r"^(?:[^使]*使(?!用))?(?:[^领环]*(?:领域|环节))?(?:[^实]*(?:实现(?!.*比例$)|(?=实现.*比例$)))?"
                                r"(?:其中|以及|和|与|的)*(?:每年|全年)?(?:可|将|能)?(?:降低|提高|减少|增加|提升)?")
# Words right after a number that describe it rather than name what it measures (3000万辆以上规模).
_NOT_NAMING_AFTER = ("规模", "水平")
_ONLY_ADVERBS = re.compile(r"(?:约|均|分别|则|还|也|仅)*")
_CLAUSE_DELIMITER = re.compile(f"[{CLAUSE_DELIMS}]")
_COMPARED = re.compile(r"同比|环比|比|较")
_PLANNED_CHANGE = re.compile(r"将|再|力争")  # 将用两年时间再增加6万吨: a change still to come
_COMPARED_IN_SENTENCE = re.compile(r"同比|环比")  # 收益同比增加了1768万；…收入增加了2750万: both changes
# 同比负3.9%: 负 right after a comparison signs the change, not a level
_COMPARED_NEGATIVE = re.compile(r"(?:" + "|".join(map(re.escape, sorted((*YOY_WORDS, *MOM_WORDS), key=len, reverse=True)))
                                + r")(?:增长|增速|增幅|为)?负\s*\Z")
_LEVEL_VERB_SIGN = re.compile(r"(?:为|是)\s*-$")  # 为-19.31%: a level below zero, not a fall
_FALL_RATE = re.compile(r"(跌幅|降幅)[^，,；;]*$")
_OF_WHICH = re.compile("其中")
# the bare trade words (trade_names.tsv), longest first so that 进出口 is not taken for 出口
_BARE_TRADE_WORDS = tuple(sorted({word for word, _ in TRADE_NAMES}, key=lambda word: (-len(word), word)))


def _name_part_before_trade_word(word: str) -> str | None:
    """The name part written before a bare trade word (累计 of 累计进口), "" for the bare word
    itself, None when the word is no bare trade word after a name part."""
    bare = next((w for w in _BARE_TRADE_WORDS if word.endswith(w)), None)
    if bare is None:
        return None
    part = word[:-len(bare)]
    return part if part == "" or part in NAME_BEFORE else None


# what a trade figure counts, by its base unit: money, or goods by mass or by the piece (汽车出口700万辆)
_MEASURED = {"CNY": "money", "USD": "money", "EUR": "money", "t": "mass", "count": "mass"}


def _list_members(norm: str, cands: list[Candidate]) -> list[tuple[int, int]]:
    """Each candidate's place in the list of values it belongs to and the list's length (a
    range's two ends are one value)."""
    places: list[tuple[int, int]] = []
    lists: list[list[int]] = []
    for idx, c in enumerate(cands):
        if idx and c.qualifier == "range_high" and cands[idx - 1].qualifier == "range_low":
            lists[-1].append(idx)
            places.append(places[-1])
            continue
        if idx and is_enumerated(norm, cands[idx - 1], c):
            lists[-1].append(idx)
            places.append((places[-1][0] + 1, 0))
        else:
            lists.append([idx])
            places.append((0, 0))
    length = {i: places[l[-1]][0] + 1 for l in lists for i in l}
    return [(place, length[i]) for i, (place, _) in enumerate(places)]


# Growth-rate words that are keywords of prices (涨幅, 涨跌): a move of the price, not its name.
_PRICE_MOVES = frozenset(w for w in lexicon.words("markers", marker="growth_rate")
                         if w in INDICATORS.phrases and category_of(w)[0] == "price")
_PRICE = "价格"
# Output words that name a plant's capacity when the figure is one (年产N吨 of a plant to be built).
_OUTPUT_AS_CAPACITY = frozenset(w for w in INDICATORS.phrases if category_of(w)[0] == "output")
_CAPACITY = "产能"
_INSTALLED = "装机容量"  # the capacity of power plants (kW)
# Market words that, alone, name the market's price (铁矿石期货回落4.78%: 期货价).
_MARKETS = frozenset(("期货", "现货"))
_PRICE_SUFFIX = "价"


@dataclass
class ProseResult:
    figures: list[Figure] = field(default_factory=list)
    parents: list[int | None] = field(default_factory=list)  # index into figures
    diagnostics: list[str] = field(default_factory=list)
    unresolved: int = 0


def _shares_last_keyword(names: tuple[str, ...], keyword: str) -> bool:
    """Whether the quantity `keyword` ends the list's last member only, the others naming none of
    their own (高技术产业和装备制造业增加值)."""
    if len(names) < 2 or not names[-1].endswith(keyword):
        return False
    return not any(INDICATORS.leftmost_longest(name) for name in names[:-1])


class ProseParser:
    def __init__(self, view: View, doc_date: date | None, skip: list[tuple[int, int]],
                 periods: list[PeriodMention]):
        self.view = view
        self.norm = view.norm
        # indicator keywords are read on a copy with adverbial phrases masked (按不变价格计算)
        self.ind_norm = masked(view.norm)
        self.skip = skip
        self.result = ProseResult()
        self.periods = periods  # find_periods(view.norm)
        self.cands = find_candidates(view)
        self.sentences = split_sentences(view)
        self.context = ReadingContext(self.norm, doc_date, self.sentences, self.periods)
        self.sentence_start_orig = 0
        # the quantity a sentence without figures names last (液晶面板价格继续走低。), for the moves the
        # next sentence of its paragraph states without naming one: (paragraph, name, category, flow)
        self.named_without_figures: tuple[int, str, str, str | None] | None = None
        self.subjects = SubjectReader(self.norm, {m.start: m.end for m in self.periods}, [c.start for c in self.cands])

    def _in_skip(self, view_pos: int) -> bool:
        if not self.skip:
            return False
        o = self.view.index[view_pos] if view_pos < len(self.view.index) else len(self.view.original)
        return any(a <= o < b for a, b in self.skip)

    def run(self) -> ProseResult:
        ci = mi = 0
        cands, periods = self.cands, self.periods
        for sent in self.sentences:
            if sent.paragraph != self.context.last_paragraph:
                self.context.new_paragraph(sent)
                self.subjects.new_paragraph(*self.context.paragraph_spans[sent.paragraph],
                                            headline=self.context.headline(sent.paragraph))
            s_cands = []
            while ci < len(cands) and cands[ci].start < sent.end:
                if cands[ci].start >= sent.start:
                    s_cands.append(cands[ci])
                ci += 1
            while mi < len(periods) and periods[mi].start < sent.start:
                mi += 1
            mentions = []
            mj = mi
            while mj < len(periods) and periods[mj].start < sent.end:
                mentions.append(periods[mj])
                mj += 1
            self.context.open_sentence(sent, mentions)
            if self._in_skip(sent.start) and self._in_skip(max(sent.start, sent.end - 1)):
                continue
            s_cands = [c for c in s_cands if not self._in_skip(c.start)]
            self._sentence(sent, s_cands, mentions)
        return self.result

    # -- the sentence
    def _sentence(self, sent: Sentence, cands: list[Candidate], mentions: list[PeriodMention]) -> None:
        norm = self.norm
        s0, s1 = sent.start, sent.end
        self.sentence_start_orig = self.view.index[s0]
        self.named_without_figures, named = None, self.named_without_figures
        if not cands:
            self.context.group = None  # a sentence outside the group closes it
            self.context.carry(sent, mentions, [])
            hits = indicator_hits(self.ind_norm, s0, s1)
            if hits:
                self.named_without_figures = (sent.paragraph, quantity_name(self.ind_norm, hits[-1], hits),
                                              *category_of(hits[-1].word))
            return
        self.named_before = named if named is not None and named[0] == sent.paragraph else None
        # a word inside a number's unit (千克标煤/吨) names no quantity
        ind_hits = [h for h in indicator_hits(self.ind_norm, s0, s1)
                    if not any(c.end <= h.start < c.unit_end for c in cands)]
        subj_hits: list[Hit] | None = None  # read when a part of a 其中 group needs them
        qizhong = [m.start() for m in _OF_WHICH.finditer(norm, s0, s1)]
        plan = plan_enumerations(norm, sent, cands, self.result.diagnostics, self.view.text)
        sentence_figs: list[Figure] = []
        grouped = False
        continued: int | None = None  # the 其中 group this sentence goes on with
        prev_end = prev_window_start = s0
        chain_head: Candidate | None = None
        members = _list_members(norm, cands)
        for idx, c in enumerate(cands):
            # members of a list, and the high end of a range, share the words before the first
            chained = idx > 0 and (is_enumerated(norm, cands[idx - 1], c)
                                   or c.qualifier == "range_high" and not c.range_signed)
            window_start = prev_window_start if chained else prev_end
            if not chained:
                chain_head = c
            pairing = plan.get(idx)
            prev_end = c.unit_end
            prev_window_start = window_start
            if isinstance(pairing, Dropped):
                continue
            fig = self._figure(sent, c, chain_head, window_start, ind_hits, mentions, pairing, member=members[idx])
            if fig is None:
                continue
            parent = None
            q = [p for p in qizhong if p < c.start]
            if not sentence_figs and not q:
                continued = continued_group(self.context, norm, sent, c, fig)
            group = q[-1] if q else continued
            if group is not None:
                grouped = True
                parent = parent_of(self.view, self.result.figures, self.result.parents, fig, group,
                                   group_whole(self.context, group))
                if pairing is None:  # an enumeration pairs its own subjects
                    if subj_hits is None:
                        subj_hits = subject_hits(norm, s0, s1)
                    fig = part_subject(self.view, self.result.figures, sent, c, group, fig, parent, subj_hits)
                if parent is not None:
                    fig = part_of_whole_quantity(fig, self.result.figures[parent])
                open_group(self.context, group, sent.paragraph, fig, parent)
            else:
                whole = self._breakdown_whole(sent, c, fig)
                if whole is not None:
                    fig = breakdown_part_named_by_quantity(part_of_whole_quantity(fig, whole), whole)
            self.result.figures.append(fig)
            self.result.parents.append(parent)
            sentence_figs.append(fig)
        if not grouped:
            self.context.group = None  # a sentence outside the group closes it
        self.context.carry(sent, outside_conversions(norm, sent.start, sent.end, mentions), sentence_figs)

    def _breakdown_whole(self, sent: Sentence, c: Candidate, part: Figure) -> Figure | None:
        """The whole a breakdown (分类别看，…) lists the parts of: the last figure of the paragraph
        before its marker that is no part itself and measures as the part does."""
        marker = None
        for marker in BREAKDOWN.finditer(self.norm, sent.start, c.start):
            pass
        if marker is None:
            return None
        before = self.view.index[marker.start()]
        paragraph_start = self.view.index[self.context.paragraph_spans[sent.paragraph][0]]
        for fig, parent in zip(reversed(self.result.figures), reversed(self.result.parents)):
            if fig.char_start < paragraph_start:
                return None
            if fig.char_start < before and parent is None and fig.measure == part.measure:
                return fig
        return None

    # -- the subject
    def _subject(self, sent: Sentence, c: Candidate, start: int, window_start: int, clause_end: int,
                 keyword: Hit | None, category: str, indicator: str | None) -> tuple[str | None, str, str | None]:
        previous = self.result.figures[-1] if self.result.figures else None
        if previous is not None and previous.char_start < self.sentence_start_orig:
            previous = None
        paragraph_start = self.context.paragraph_spans[sent.paragraph][0]
        return self.subjects.decide(SubjectClues(
            reader=self.subjects, sentence_start=sent.start,
            list_item_start=self.subjects.item_start(paragraph_start, sent.start), clause_start=start,
            clause_end=clause_end, window_start=window_start, number_start=c.start, unit_end=c.unit_end,
            category=category, unit_base=c.unit.unit_base if c.unit else None, keyword=keyword,
            indicator=indicator, previous=previous,
            previous_end=bisect_left(self.view.index, previous.char_end) if previous is not None else sent.start))

    # -- the indicator
    def _trade_name(self, word: str, flow: str | None, unit_base: str | None) -> str:
        """出口 of a money figure is 出口额, of a mass 出口量; a growth rate takes the name of the level
        of the same flow stated before it in the sentence (出口10.67万亿元，增长7.2%)."""
        kind = _MEASURED.get(unit_base or "")
        if kind is None and unit_base in ("pct", "pp"):
            for f in reversed(self.result.figures):
                if f.char_start < self.sentence_start_orig:
                    break
                if f.category == "trade" and f.flow == flow and f.unit_base in _MEASURED:
                    return f.indicator_zh or word
        part = _name_part_before_trade_word(word)  # 累计进口2284.5万吨: 累计进口量
        bare = word[len(part):]
        return part + TRADE_NAMES.get((bare, kind), bare) if kind else word

    def _part_of_share(self, hit, ind_hits, start: int, c: Candidate):
        """A share "A占B的x%" measures its part A, not its whole B: the keyword before 占 in the
        clause, else (a clause opening with 占) the figure stated just before in the sentence."""
        if hit is None or hit.start < start:
            return hit
        zhan = self.ind_norm.rfind("占", start, c.start)
        if zhan == -1 or hit.start < zhan:
            return hit
        part = next((h for h in reversed(ind_hits) if start <= h.start and h.end <= zhan), None)
        if part is not None:
            return part
        if _ONLY_ADVERBS.fullmatch(self.norm, start, zhan):
            previous = self.result.figures[-1] if self.result.figures else None
            if previous is not None and self.sentence_start_orig <= previous.char_start:
                return previous
        return hit

    def _own_quantity(self, hit, start: int, c: Candidate) -> str | None:
        """The quantity this clause names itself when the lexicon has no word for it."""
        seg_start = hit.end if isinstance(hit, Hit) and hit.end > start else start
        found = None
        # on a copy of the stretch: the look-behind must not see the text before it
        for found in _OWN_QUANTITY.finditer(self.ind_norm[seg_start:c.start]):
            pass
        if found is None or MASK in found.group():
            return None
        if isinstance(hit, Hit) and hit.end > start and found.start() == 0:
            return None  # 受污染土地面积: the keyword's own phrase goes on
        name = found.group()
        if name.startswith("年") and not names_a_year(self.ind_norm, seg_start + found.start()):
            name = name[1:]  # 2017 年现金分红比率: the year's 年
        return _OWN_QUANTITY_LEAD.sub("", name) or None

    def _keyword(self, sent: Sentence, c: Candidate, ind_hits: list[Hit], start: int):
        """The keyword naming the number and the rule that found it: the keyword right after the
        number (25%进口关税), else the last one before it in the sentence (or the part of a
        share), else one shortly after it in its clause, else, in a headline, one after it."""
        hit = next((h for h in ind_hits if h.start == c.unit_end and h.word not in _NOT_NAMING_AFTER), None)
        if hit is not None:
            return hit, "indicator:keyword_after_number"
        asides = closed_asides(self.norm, sent.start, c.start)
        hit = next((h for h in reversed(ind_hits) if h.end <= c.start and not any(a <= h.start < b for a, b in asides)),
                   None)
        found = self._part_of_share(hit, ind_hits, start, c)
        if found is not None:
            return found, ("indicator:keyword_before" if found is hit else "indicator:part_of_share")
        hit = next((h for h in ind_hits if h.start >= c.unit_end and h.start - c.unit_end <= 6
                    and not _CLAUSE_DELIMITER.search(self.norm, c.unit_end, h.start)), None)
        if hit is not None:
            return hit, "indicator:keyword_shortly_after"
        if self.context.headline(sent.paragraph):
            # a headline may name its figure after it: 45.47万亿元！2025年我国外贸规模再创新高
            _, b = self.context.paragraph_spans[sent.paragraph]
            hits = indicator_hits(self.ind_norm, c.unit_end, b)
            if hits:
                return hits[0], "indicator:headline_keyword_after"
        return None, None

    @staticmethod
    def _decide_unit(clues: Clues, rule_list, rules: list[str]) -> None:
        """The unit the context fixes (unit_rules.py), replacing the one written, if any."""
        unit, name = rule_list.decide(clues, None)
        if unit is not None:
            clues.unit, clues.unit_base = unit, unit.unit_base
            rules.append(name)

    # -- one figure
    def _figure(self, sent: Sentence, c: Candidate, head: Candidate, window_start: int, ind_hits: list[Hit],
                mentions: list[PeriodMention], pairing: Pairing | None,
                member: tuple[int, int] = (0, 1)) -> Figure | None:
        """The figure of candidate `c`, whose list (or range) begins with `head` (`c` itself when
        it stands alone): the members share the clause and the change word before the head."""
        norm = self.norm
        # the head's clause, also when the list is separated by ASCII commas, which elsewhere end
        # a clause (增速分别为5%,2.5%)
        start = clause_start(norm, sent.start, head.start)
        clause_end = c.unit_end
        while clause_end < sent.end and norm[clause_end] not in CLAUSE_DELIMS:
            clause_end += 1
        previous = self.result.figures[-1] if self.result.figures else None
        if previous is not None and previous.char_start < self.sentence_start_orig:
            previous = None
        clues = Clues(context=self.context, norm=norm, sent=sent, c=c, mentions=mentions, previous=previous,
                  window=norm[window_start:c.start], clause_start=start, clause=norm[start:c.start],
                  before=norm[sent.start:c.start], after=norm[c.unit_end:clause_end],
                  unit=c.unit, unit_base=c.unit.unit_base if c.unit else None, member=member)
        rules: list[str] = []

        hit, found_by = self._keyword(sent, c, ind_hits, start)
        own = self._own_quantity(hit, start, c) or content_name(norm[start:c.start])
        indicator = category = flow = None
        if own is not None:
            indicator, category, found_by = own, "other", "indicator:own_quantity"
        elif isinstance(hit, Figure):
            indicator, category, flow = hit.indicator_zh, hit.category, hit.flow
        elif hit is not None:
            indicator = quantity_name(self.ind_norm, hit, ind_hits)
            category, flow = category_of(hit.word)
            if indicator in _PRICE_MOVES:
                # a price move (周涨幅+1.5%) names no quantity: the one its sentence named before it
                # (煤炭库存周涨跌, 水泥价格指数周涨幅), else the price (gold guide: a growth rate keeps
                # its quantity's name)
                named = next((h for h in reversed(ind_hits) if sent.start <= h.start and h.end <= hit.start
                              and h.word not in _PRICE_MOVES), None)
                if named is not None:
                    indicator = quantity_name(self.ind_norm, named, ind_hits)
                    category, flow = category_of(named.word)
                else:
                    indicator = _PRICE
                found_by = "indicator:quantity_of_price_move"
            # an environmental keyword in the same clause decides (清洁能源占比, 非化石能源消费)
            if category in ("consumption", "output", "other") and any(
                    start <= h.start < c.start and category_of(h.word)[0] == "energy_env" for h in ind_hits):
                category, flow, found_by = "energy_env", None, "indicator:energy_word_in_clause"
        elif previous is not None and previous.indicator_zh and change_in(norm[window_start:head.start]).sign:
            # 企业数量为1045家，比上年末增加31家: a change naming nothing is of the quantity just stated
            indicator, category, flow = previous.indicator_zh, previous.category, previous.flow
            found_by = "indicator:change_of_figure_before"
        elif self.context.carried.indicator and self.context.previous_sentence_figures:
            carried = self.context.carried
            indicator, category, flow = carried.indicator, carried.category, carried.flow
            found_by = "indicator:carried"
        elif self.named_before is not None and (c.explicit_sign or change_in(norm[window_start:head.start]).sign):
            # 液晶面板价格继续走低。电子：笔记本液晶面板小幅下降0.23%: the move of the quantity the
            # sentence before named (a heading's EPS预期变化：… of the revisions after it)
            _, indicator, category, flow = self.named_before
            found_by = "indicator:named_by_sentence_before"
        stake = stake_name(clues.clause, norm[c.unit_end:clause_end], norm[sent.start:sent.end]) \
            if clues.unit_base == "pct" else None
        if stake is not None:
            (indicator, category), flow, found_by = stake, None, "indicator:stake"
        keyword = hit if isinstance(hit, Hit) else None
        paired: tuple[str | None] | None = None  # the subject an enumeration pairs the figure with

        # enumeration pairing
        item_text: str | None = None
        if stake is not None and isinstance(pairing, ItemPairing) \
                and lists_holders(norm, pairing.text, pairing.list_start, c.start):
            pairing = None  # who holds each stake is no subject: the company whose shares they are is
        if isinstance(pairing, StatementRef):
            statements = previous_statements(self.result.figures, self.sentence_start_orig, pairing.count, pairing.position)
            pairing = statements[pairing.position] if statements else None
        if isinstance(pairing, StatementPairing) and isinstance(hit, Hit) and hit.start >= start:
            # …铜金属1020万吨、钼金属35万吨，平均品位分别为0.52%和0.031%: the list's own keyword names it,
            # the statements before say whose it is
            paired = (pairing.subject,)
        elif isinstance(pairing, StatementPairing):
            indicator, category, flow = pairing.indicator, pairing.category, pairing.flow
            paired = (pairing.subject,)
            found_by = "indicator:enumerated_statement"
        elif isinstance(pairing, ItemPairing):
            item_text = pairing.text
            heads = INDICATORS.leftmost_longest(item_text)
            if item_text in COMPOUND_KEYWORDS:  # 沪铜、沪铝…, 铜价、铝价…: each names its good and the quantity
                indicator, subject_of_item = COMPOUND_KEYWORDS[item_text]
                category, flow = category_of(item_text)
                paired = (subject_of_item,)
                found_by = "indicator:enumerated_compound"
            elif heads and heads[-1].end == len(item_text) and 0 < heads[-1].start \
                    and _shares_last_keyword(pairing.names, heads[-1].word):
                # 高技术产业和装备制造业增加值分别增长…: the list's last member carries the quantity
                # every member shares; the member is what comes before it
                paired = (item_text[:heads[-1].start],)
                indicator = heads[-1].word
                category, flow = category_of(heads[-1].word)
                found_by = "indicator:shared_by_list"
            elif heads and heads[-1].end == len(item_text):
                indicator = item_text
                category, flow = category_of(heads[-1].word)
                found_by = "indicator:enumerated_item"
            else:
                paired = (item_text,)
                # keywords inside the list's names (服务消费机器人) are not the indicator
                names = pairing.names or (item_text,)
                outside = [h for h in ind_hits if h.end <= c.start and not (
                    pairing.list_start <= h.start < c.start and any(h.word in n for n in names))]
                if outside:
                    named = outside[-1].word
                    if named in _PRICE_MOVES:  # 焦炭期货周涨跌+1.65%: the move of the 期货 named before it
                        named = next((h.word for h in reversed(outside[:-1]) if h.word not in _PRICE_MOVES), named)
                        indicator = _PRICE if named in _PRICE_MOVES else named
                    else:  # the quantity as its sentence names it (国债收益率)
                        indicator = quantity_name(self.ind_norm, outside[-1], ind_hits)
                        indicator = named_over_list(self.ind_norm, names, pairing.list_start, outside[-1],
                                                    indicator) or indicator
                    category, flow = category_of(named)
                    found_by = "indicator:keyword_outside_list"
        elif isinstance(pairing, PeriodPairing):
            clues.period_override = pairing.period
        if found_by:
            rules.append(found_by)
        if indicator in _MARKETS:
            indicator += _PRICE_SUFFIX
            rules.append("indicator:price_of_market")

        clues.keyword_category, clues.keyword_flow, clues.indicator = category, flow, indicator
        change = change_in(norm[window_start:head.start])
        level_sign = 1
        if change.of_level and not _COMPARED_NEGATIVE.search(norm, window_start, head.start):
            level_sign, change = change.sign, NO_CHANGE  # 贴水80元/吨, 负2.35亿元: a signed level
        clues.change = change
        self._decide_unit(clues, UNIT, rules)
        if clues.unit is None or clues.unit.written in SCALES and clues.unit_base == "count" and c.qualifier != "over":
            return None  # a quote of no known market, 3.5万 with nothing saying of what
        (category, flow), name = CATEGORY.decide(clues, ("other", None))
        rules.append(name)
        clues.category = category
        if category == "trade" and indicator and _name_part_before_trade_word(indicator) is not None:
            indicator = self._trade_name(indicator, flow, clues.unit_base)
        if category == "capacity" and (indicator is None or indicator in _OUTPUT_AS_CAPACITY):
            # 达产后年产铜5万吨, 年产8GWh的生产线, 2.75万吨氢氧化锂项目: a plant's capacity (gold guide: 产能)
            indicator = _INSTALLED if clues.unit_base == "kW" else _CAPACITY
            rules.append("indicator:capacity_named_by_output")
        if category == "price" and indicator is None:
            # LME铜开于8370美元/吨，涨0.35%: a quote or its move with no keyword is of the good's price
            indicator = _PRICE
            rules.append("indicator:price_of_quote")
        named = capacity_verb_name(indicator, clues.clause) if category == "capacity" and indicator else None
        if named is not None:
            indicator = named
            rules.append("indicator:capacity_verb")
        if clues.unit_base == "count" and clues.unit is not None and stake is None and category == "other" \
                and not (change.word and _COMPARED.search(clues.clause)):  # 比上年末减少35人: the count before
            # a count of things (not of goods traded, made or invested in) is named by what it counts;
            # a keyword of its clause before the number names it instead (…产销量均超1600万辆), unless
            # the counted noun follows the measure word
            counted, outranks = count_name(self.ind_norm, start, c.start, c.unit_end,
                                           clues.unit.written.lstrip(SCALE_CHARACTERS))
            if counted is not None and (outranks or indicator is None or keyword is None
                                        or not start <= keyword.start < c.start):
                indicator = counted
                rules.append("indicator:count_of_what_it_counts")
        if clues.unit_base in DURATIONS:
            timed = duration_name(norm[start:head.start], clues.after, clues.previous)  # a range's head
            if timed is not None:
                indicator = timed
                rules.append("indicator:duration_of_activity")
        clues.indicator = indicator

        # sign, change and measure
        sign = change.sign
        if c.explicit_sign is not None:
            if c.explicit_sign < 0 and (clues.unit_base not in ("pct", "pp") and not _COMPARED.search(clues.clause)
                                        or _LEVEL_VERB_SIGN.search(clues.clause)):
                level_sign = -1  # 净利润-3.18亿元, 溢价率为-19.31%: a negative level
            else:
                sign = c.explicit_sign
        if c.flat:
            sign = 0
        is_change = (sign not in (None, 0)) or c.flat
        value = c.value * level_sign
        if is_change and sign == -1:
            value = -value
        # "增加3.64万亿元" of a flow with nothing to compare with is the level of that flow
        # (a stock's change to a new level, 持仓增加5312手至25.4万手, and a market stock's 库存增加3425吨
        # stay changes)
        if is_change and sign == 1 and clues.unit_base not in ("pct", "pp", "times") and change.word in ("增加", "增") \
                and not MARKET_STOCK.search(indicator or "") \
                and not _COMPARED.search(clues.clause) and not _COMPARED_IN_SENTENCE.search(clues.before) \
                and not clues.after.startswith(("至", "到")) and not _PLANNED_CHANGE.search(clues.clause) \
                and not any(m.role == "deadline" and m.end <= c.start for m in mentions):
            is_change = False
        clues.is_change = is_change
        self._decide_unit(clues, UNIT_OF_CHANGE, rules)
        measure, name = MEASURE.decide(clues, "level")
        rules.append(name)
        clues.measure = measure
        self._decide_unit(clues, UNIT_OF_MEASURE, rules)
        if measure in ("yoy_pct", "mom_pct") and not is_change and _FALL_RATE.search(clues.clause):
            value = -abs(value)  # 跌幅超过两成: a fall
        if measure == "pp_change" and sign == -1:
            value = -abs(c.value)
        clues.measure = measure
        indicator, name = growth_name(indicator, measure, clues.clause)
        if name is None:
            indicator, name = rate_change_name(indicator, measure, clues.previous,
                                               isinstance(hit, Hit) and hit.start >= start)
        if name is not None:
            rules.append(name)
        contribution = contribution_name(clues.clause, measure)
        if contribution is not None:
            indicator = contribution
            rules.append("indicator:contribution_to_growth")
        elif measure == "share_pct" and stake is None:
            # a partner's trade stated just before keeps its good in the share (自美国进口废铜53.5万吨，占…)
            traded = clues.previous.indicator_zh if clues.previous is not None \
                and "indicator:good_of_partner_trade" in clues.previous.rules else None
            share = share_name(self.ind_norm, start, c.start, ind_hits,
                               *((pairing.names, pairing.list_start) if isinstance(pairing, ItemPairing) else ((), 0)),
                               partner_trade=traded)
            if share is not None:
                indicator = share
                rules.append("indicator:share_as_written")

        period, names = decide_period(clues)
        rules.extend(names)
        if period is None:
            self.result.unresolved += 1
        if measure in ("level", "rate_pct", "share_pct") and not is_change:
            clues.period = period
            modal, name = decide_modality(clues)
            if modal != measure:
                rules.append(name)
            measure = modal

        if paired is not None:
            subject, name, clues.about = paired[0], "subject:enumerated_member", None
        else:
            subject, name, clues.about = self._subject(sent, c, start, window_start, clause_end, keyword,
                                                            category, indicator)
        rules.append(name)
        traded = good_of_partner_trade(indicator, measure, norm[sent.start:c.start]) \
            if name == "subject:trade_partner" and category == "trade" else None
        if traded is not None:
            indicator = traded
            rules.append("indicator:good_of_partner_trade")
        clues.indicator, clues.subject = indicator, subject
        renamed, name = INDICATOR.decide(clues)
        if renamed is not None:
            indicator = renamed
            rules.append(name)
        if paired is None and named_by_indicator(subject, indicator, category):
            subject, clues.about = None, None
            rules.append("subject:named_by_indicator")
        # a member of an enumeration is scoped by its own list item (LMEX指数 world, M2指数 not)
        clues.subject = subject
        # (a good alone is scoped by its clause: 紫金矿业金、铜、锌…产量 are the firm's)
        clues.scope_text = (item_text, item_text) if item_text is not None and item_text not in COMMODITIES \
            else (clues.clause, clues.before)
        scope, name = decide_scope(clues)
        rules.append(name)
        o_start, o_end = self.view.to_original(c.start, c.end)
        ss, se = self.view.to_original(sent.start, sent.end)
        unit = clues.unit
        if unit is not None and unit.implied:
            self.result.diagnostics.append(
                f"unit implied at {o_start}: {self.view.original[o_start:o_end]} {unit.written} ({unit.implied})")
        return Figure(
            char_start=o_start, char_end=o_end, number_text=self.view.original[o_start:o_end],
            source_text=self.view.original[ss:se],
            category=category, indicator_zh=indicator, subject_zh=subject, measure=measure,
            value=value, unit=(unit.written or None) if unit else None,
            value_base=to_base(value, unit) if unit else value,
            unit_base=clues.unit_base or None, qualifier=c.qualifier,
            period_start=period.start if period else None,
            period_end=period.end if period else None,
            period_grain=period.grain if period else None,
            flow=flow if category == "trade" else None, scope=scope, rules=tuple(rules),
        )
