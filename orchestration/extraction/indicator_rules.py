"""Indicator names decided once a figure's category, unit and measure are known: the quantities
whose name depends on what the figure turned out to be, not on one keyword (gold guide, Indicator
names). `INDICATOR.decide(clues)` returns the new name, or None when the keyword's name stays.
"""

from __future__ import annotations

import re

from . import lexicon
from .category_rules import MONEY_UNITS, PER_SHARE_UNITS, PRICE_UNITS
from .clues import Clues, in_deal, markers, sentence_text
from .matcher import PhraseMatcher
from .quotes import QUOTE_WORD_AFTER
from .rules import RuleList
from .subjects import LEADING

INDICATOR: RuleList[str] = RuleList("indicator")

_PER_SHARE_DEAL_PRICE = "每股收购价格"


@INDICATOR.rule("price_per_share_of_deal", units=PER_SHARE_UNITS)
def _(clues: Clues):
    """A price per share in a sentence telling of a purchase (以每股7.5加元的对价收购…) is the price
    offered for each share, whatever word (价格, 对价, 现金) the sentence writes before it."""
    return _PER_SHARE_DEAL_PRICE if clues.category == "investment" and in_deal(clues) else None


_TARIFF_WORDS = tuple(lexicon.words("subjects", kind="tariff_word"))
_ADDITIONAL_TARIFF = PhraseMatcher(markers("additional_tariff"))
_TAXED_GOODS_VALUE = "加征关税商品金额"
_ADDITIONAL_TARIFF_RATE = "加征关税税率"


@INDICATOR.rule("additional_tariff", units=(*MONEY_UNITS, "pct"))
def _(clues: Clues):
    """A tariff levied on top (加征, 追加): an amount of money is the value of the goods it taxes
    (对…500亿美元商品加征关税, 500亿美元关税清单), a percentage the rate levied (加征25%的关税)."""
    if not clues.indicator or not clues.indicator.endswith(_TARIFF_WORDS) \
            or _ADDITIONAL_TARIFF.first_start(sentence_text(clues)) is None:
        return None
    return _ADDITIONAL_TARIFF_RATE if clues.unit_base == "pct" else _TAXED_GOODS_VALUE


_TRADED_LOTS = re.compile("(?:" + "|".join(map(re.escape, markers("traded_lots"))) + r")了?(?:约|近|逾|超过)?\s*$")
_VOLUME_TRADED = "成交量"


@INDICATOR.rule("futures_volume_traded", units=("lot",))
def _(clues: Clues):
    """A number of futures lots right after the verb of trading (全部合约成交421534手) is the volume
    traded, whatever keyword its sentence wrote before (持仓量, 内外比值)."""
    return _VOLUME_TRADED if _TRADED_LOTS.search(clues.clause) else None


# 减排二氧化碳约300万吨、二氧化硫约450吨: the members after the first share the verb; each is named
# like the first (二氧化碳减排量, the catalogue's name), by its pollutant followed by 减排量
_CUT_VERBS = "|".join(map(re.escape, markers("emission_cut")))
_LIST_MEMBER = r"[^，,；;。、\d]{1,12}?(?:约|近|超过|逾)?[\d.]+[^，,；;。、\d]{0,4}、"
_CUT_OVER_LIST = re.compile(rf"(?:{_CUT_VERBS})(?:{_LIST_MEMBER})+(?P<pollutant>[^，,；;。、\d]{{1,8}}?)(?:约|近|超过|逾)?\s*$")
_CUT_SUFFIX = "减排量"


@INDICATOR.rule("emission_cut_over_list", units=("t", "kg"))
def _(clues: Clues):
    """A later member of a list of pollutants whose cut one verb states (减排二氧化碳约300万吨、二氧化硫约
    450吨): the cut of its own pollutant (二氧化硫减排量)."""
    found = _CUT_OVER_LIST.search(clues.before) if clues.category == "energy_env" else None
    return found.group("pollutant") + _CUT_SUFFIX if found is not None else None


# 占比 written after words saying which share of its kind it is (管理费用的营收占比, 具有自备电厂的产能占比,
# 国内新车销量占比): those words stay in the name; the period, a place scoping it, the subject (SPN业务的毛利润
# 占比, 新能源汽车国内新车销量占比) and an anaphor (其, 该业务的) do not, nor what comes before a verb
_SHARE_WORD = "占比"
_SHARE_BREAK = re.compile("(?:" + "|".join(map(re.escape, markers("share_name_break"))) + ")")
_SHARE_PLACE = re.compile("^(?:" + "|".join(map(re.escape, markers("share_name_place"))) + ")")
_ANAPHOR = re.compile(r"^(?:其|" + "|".join(map(re.escape, lexicon.words("subjects", kind="generic_firm")))
                      + r"|该[^的，,。；;\d]{1,4}的)的?")
_LEADING_LINKS = re.compile(r"^(?:其中|行业|的|与|和|但|而|并|且)+")
_MAX_SHARE_MODIFIER = 12


def _words_before(clues: Clues, indicator: str) -> str | None:
    """The words that name which one of its kind a quantity is, written right before its keyword in
    the clause: after the last period phrase and the last verb that breaks a name, without a place
    that scopes it, the subject or an anaphor (其, 该公司的); None when there are none, when they
    hold a digit or run longer than a name does."""
    at = clues.clause.rfind(indicator)
    if at <= 0:
        return None
    stretch = clues.clause[:at]
    mentions = [m.end - clues.clause_start for m in clues.mentions if clues.clause_start <= m.start and m.end - clues.clause_start <= at]
    stretch = stretch[max(mentions, default=0):]
    breaks = [m.end() for m in _SHARE_BREAK.finditer(stretch)]
    stretch = stretch[max(breaks, default=0):].strip()
    stretch = _SHARE_PLACE.sub("", stretch)
    subject = clues.subject or ""
    if subject and stretch.startswith(subject):
        stretch = stretch[len(subject):]
    elif subject and stretch.endswith(subject):
        stretch = stretch[:-len(subject)]
    stretch = _LEADING_LINKS.sub("", _ANAPHOR.sub("", _LEADING_LINKS.sub("", stretch)))
    if not stretch or len(stretch) > _MAX_SHARE_MODIFIER or any(ch.isdigit() for ch in stretch):
        return None
    return stretch


@INDICATOR.rule("words_before_share", units=("pct", "pp"))
def _(clues: Clues):
    indicator = clues.indicator
    if not indicator or not indicator.endswith(_SHARE_WORD) or len(indicator) <= len(_SHARE_WORD):
        return None
    words = _words_before(clues, indicator)
    return words + indicator if words else None


# 费城半导体指数, ISM制造业PMI, 纳斯达克指数: a bare index word is named by the words before it, which
# are the index's own name (gold guide: named indices); a place before them stays the subject
_BARE_INDEX_WORDS = frozenset(markers("bare_index_word"))
_NOT_A_NAME = re.compile(r"^[该此这其本]|[，,；;。：:、（）()“”\s的与和及]")
_LIST_LINKS = frozenset("和、及与")
_WEEK_WORDS = PhraseMatcher(markers("week_move"))


@INDICATOR.rule("named_index", units=("index", "pct", "pp"))
def _(clues: Clues):
    indicator = clues.indicator
    if indicator not in _BARE_INDEX_WORDS:
        return None
    words = _words_before(clues, indicator) or ""
    while lead := LEADING.match_at(words, 0) or _WEEK_WORDS.match_at(words, 0):  # 当日, 本周
        words = words[len(lead):]
    if not words or _NOT_A_NAME.search(words):
        return None
    written = clues.clause[:clues.clause.rfind(indicator)]
    # 装备制造业和消费品行业PMI: the words are the last of a list of sectors, each with its own index
    return words + indicator if written.endswith(words) and written[:-len(words)][-1:] not in _LIST_LINKS else None


# a dimension written as the whole clause before its number (，厚3.7厘米，重41.5千克): the clause's own
# quantity, which no keyword names
_DIMENSIONS = {e.phrase: e["name"] for e in lexicon.entries("dimension_names")}
_DIMENSION = re.compile("(?P<word>" + "|".join(sorted(map(re.escape, _DIMENSIONS), key=len, reverse=True))
                        + r")(?:约|约为|为|达|达到|近|超过)?")


@INDICATOR.rule("dimension_of_thing", units=("m", "kg", "t", "m3", "m2"))
def _(clues: Clues):
    """直径57.8厘米, 厚3.7厘米, 重41.5千克: the dimension the clause names, when no keyword names it."""
    found = _DIMENSION.fullmatch(clues.clause.strip()) if clues.indicator is None else None
    return _DIMENSIONS[found.group("word")] if found else None


# a group of firms that is the subject (制造业企业, 重点企业) is not repeated in the name of its quantity
# (制造业企业采购数字技术金额: 采购数字技术金额), unless the name counts them (外资企业数量)
_FIRM_GROUP_HEADS = tuple(lexicon.words("table_words", role="firm_group_head"))
_COUNTS = ("数", "数量")


@INDICATOR.rule("firm_group_not_repeated")
def _(clues: Clues):
    subject, indicator = clues.subject, clues.indicator
    if not subject or not indicator or not subject.endswith(_FIRM_GROUP_HEADS) \
            or not indicator.startswith(subject) or indicator[len(subject):].startswith(_COUNTS):
        return None
    rest = indicator[len(subject):]
    return rest if len(rest) > 1 else None


# 全球铜、铝需求中，绿色发展相关占比将从17%提升至24%: a 占比 naming no quantity in its clause is a share
# of the quantity whose whole the clause before frames (…需求中，): 绿色发展相关需求占比
_SHARE_IN_FRAME = re.compile(r"^(?P<words>[^\d，,；;。：:]{1,10}?)占比")
_FRAME_END = "中，"


@INDICATOR.rule("share_within_whole", units=("pct",))
def _(clues: Clues):
    indicator = clues.indicator
    found = _SHARE_IN_FRAME.match(clues.clause) if indicator else None
    if found is None or indicator in found.group("words") \
            or not clues.norm.endswith(indicator + _FRAME_END, 0, clues.clause_start):
        return None
    words = found.group("words")
    if clues.subject and words.startswith(clues.subject):
        words = words[len(clues.subject):]  # 铜消费量中，电力行业占比: the part is the subject
    return words + indicator + _SHARE_WORD


# 有色：黄金下跌2.28%至1248美元/盎司: a quote in a price unit whose own clause names no quantity is a
# price, whatever quantity an earlier sentence named (库存需求 carried over)
_PRICE = "价格"


@INDICATOR.rule("price_of_quote_over_carried", units=PRICE_UNITS)
def _(clues: Clues):
    indicator = clues.indicator
    if clues.category != "price" or not indicator or clues.keyword_category in ("price", "index") \
            or indicator in sentence_text(clues):
        return None
    return _PRICE


# 盘中最高触及13387.5美元, 最低下探至126900元/吨: the day's or the period's extreme price, named by the word
# of the extreme (gold guide: 盘中最高价), whatever price word the sentence wrote before it
_EXTREME_BEFORE = re.compile("(?P<word>" + "|".join(sorted(map(re.escape, markers("price_extreme")), key=len, reverse=True))
                             + r")(?:价|价格)?(?:一度|曾)?(?:触及|上探至|下探至|探至|冲至|跌至|涨至|升至|降至|至|达|为|报)?了?\s*$")
_PRICE_SUFFIX = "价"


@INDICATOR.rule("extreme_price", units=PRICE_UNITS)
def _(clues: Clues):
    found = _EXTREME_BEFORE.search(clues.clause) if clues.category == "price" and clues.measure == "level" else None
    return found.group("word") + _PRICE_SUFFIX if found else None


@INDICATOR.rule("stop_level_after", units=PRICE_UNITS)
def _(clues: Clues):
    """建议在19000附近止损: the level its stop-loss or take-profit word names after it."""
    found = QUOTE_WORD_AFTER.match(clues.after)
    return found.group("word") + _PRICE_SUFFIX if found else None
