"""The name of the quantity a figure measures, in the document's words.

The keyword that names a figure (keywords.py) is often written with more of the quantity's
name around it: keywords next to each other form one name (固定资产投资到位资金, 二氧化碳减排量),
a modifier before it says which quantity of that kind (新增资源储量, 期货价, 累计淘汰冶炼产能),
a part after it which figure of it (贷款余额, 社会融资规模增量). The name keeps them; the subject,
the period and the measure stay out of it (gold guide, Indicator names).
"""

from __future__ import annotations

import re

from . import lexicon
from .keywords import COMMODITIES, category_of
from .matcher import Hit
from .model import Figure

# Keywords that name a good and its quantity at once (铜价: the price of 铜; 沪铜: the price of
# the 沪铜 contract): the indicator they stand for and the subject they name.
COMPOUND_KEYWORDS: dict[str, tuple[str, str]] = {
    e.phrase: (e["indicator"], e["subject"]) for e in lexicon.entries("compound_indicators")}

# Keywords that point at a quantity without being its name (赚 -> 净利润, 高位 -> 价格).
QUANTITY_NAMES: dict[str, str] = {e.phrase: e["name"] for e in lexicon.entries("quantity_names")}

# Words that, written right before or after a keyword, belong to the quantity's name.
NAME_BEFORE = frozenset(lexicon.words("name_parts", position="before"))
NAME_AFTER = frozenset(lexicon.words("name_parts", position="after"))
ALONE = frozenset(lexicon.words("name_parts", position="alone"))
# Keywords that join no other: those naming a subject with their quantity (铜价), goods
# (赤泥堆存量 is the 堆存量 of 赤泥), and those that stand alone.
_APART = frozenset((*COMPOUND_KEYWORDS, *COMMODITIES.phrases, *ALONE))
_BEFORE_LENGTHS = sorted({len(w) for w in NAME_BEFORE}, reverse=True)
_AFTER_LENGTHS = sorted({len(w) for w in NAME_AFTER}, reverse=True)


def quantity_name(text: str, hit: Hit, hits: list[Hit]) -> str:
    """The name of the quantity `hit` names in `text`: with the keywords written next to it
    (`hits`, found in `text`) and the name parts before and after it; 铜价 and 沪铜 name 价格."""
    if hit.word in COMPOUND_KEYWORDS and not COMPOUND_KEYWORDS[hit.word][0].startswith(hit.word):
        return COMPOUND_KEYWORDS[hit.word][0]  # 铜价: 价格; but 电厂日耗煤 is named as any keyword is
    k = next((i for i, h in enumerate(hits) if h.start == hit.start), None)
    if k and hit.word in ALONE and hits[k - 1].end == hit.start \
            and category_of(hits[k - 1].word) == category_of(hit.word):
        # 归属于上市公司股东的净利润盈利13亿元: the word stating it names no other quantity
        return quantity_name(text, hits[k - 1], hits)
    start, end = hit.start, hit.end
    if k is not None:
        j = k
        while j > 0 and hits[j - 1].end == start and hits[j - 1].word not in _APART and hits[j].word not in ALONE:
            j -= 1
            start = hits[j].start
        j = k
        while j + 1 < len(hits) and hits[j + 1].start == end and hits[j + 1].word not in _APART \
                and hits[j].word not in ALONE:
            j += 1
            end = hits[j].end
    end += next((n for n in _AFTER_LENGTHS if text[end:end + n] in NAME_AFTER), 0)
    start -= len(name_parts_before(text, start))
    if start and names_a_year(text, start - 1):
        start -= 1  # 年销售额, 年创效: a yearly quantity (2017年销售额 is a period, not part of the name)
    name = text[start:end]
    if name.endswith(hit.word) and hit.word in QUANTITY_NAMES:
        # 累计发电 -> 累计发电量: the keyword stands for its quantity's name
        return name[:-len(hit.word)] + QUANTITY_NAMES[hit.word]
    return name


# 年 right before a keyword names a yearly quantity (建立一座年销售额高达…, ，年创效超…), unless it ends a
# period phrase (2017年, 今年, 全年, 上半年, 每年, 多年) or opens a yearly average (年平均降雨量: 平均降雨量)
_ANNUAL = re.compile(r"(?:^|[^\d０-９〇零一二三四五六七八九十百千两今去明前后全当本上下同该近历往逐每多半余整首末次翌周几])年$")


_YEARLY_AVERAGE = ("平均", "均")


def names_a_year(text: str, at: int) -> bool:
    """The 年 at `at` makes the name after it a yearly quantity (年销售额), not the end of a period."""
    return text.startswith("年", at) and not text.startswith(_YEARLY_AVERAGE, at + 1) \
        and _ANNUAL.match(text, max(0, at - 1), at + 1) is not None


def name_parts_before(text: str, start: int) -> str:
    """The name parts written right before `start` (累计淘汰 before 铜、铝、铅、锌冶炼产能)."""
    begin = start
    while True:
        n = next((n for n in _BEFORE_LENGTHS if begin >= n and text[begin - n:begin] in NAME_BEFORE), 0)
        if not n:
            return text[begin:start]
        begin -= n


def named_over_list(text: str, names: tuple[str, ...], clause_start: int, hit: Hit, indicator: str) -> str | None:
    """A keyword right after a list of goods keeps the name parts written before the list
    (累计淘汰铜、铝、铅、锌冶炼产能分别为…: 累计淘汰冶炼产能); None when there are none."""
    first = text.find(names[0], clause_start)
    last = text.find(names[-1], first) if first >= 0 else -1
    if last < 0 or last + len(names[-1]) != hit.start - len(name_parts_before(text, hit.start)):
        return None
    before = name_parts_before(text, first)
    return before + indicator if before else None


# verbs right before the number of a capacity that say which capacity it is (新建, 新增, 淘汰)
_CAPACITY_VERB = re.compile("(?:" + "|".join(map(re.escape, lexicon.words("name_parts", position="before_number")))
                            + ")了?(?:约|近|超过|逾)?$")


def capacity_verb_name(indicator: str, before: str) -> str | None:
    """A capacity whose number follows a verb saying which capacity it is (今年将新建2万吨氢氧化锂产能,
    不久会新增4.8万吨产能) takes the verb into its name (新建产能); None when there is none or the name
    has it already."""
    verb = _CAPACITY_VERB.search(before)
    if verb is None:
        return None
    word = verb.group().rstrip("了约近超过逾")
    return None if indicator.startswith(word) else word + indicator


# The words naming a growth rate (增速, 增幅, 涨幅 …), longest first.
GROWTH_WORDS = tuple(sorted(lexicon.words("markers", marker="growth_rate"), key=len, reverse=True))
GROWTH_MEASURES = ("yoy_pct", "mom_pct", "cagr_pct")
GROWTH_RATE = "增速"  # the name of a growth rate when the text writes none (gold guide: 进出口增速)


def growth_name(indicator: str | None, measure: str, clause: str) -> tuple[str | None, str | None]:
    """A growth rate keeps the name of the quantity that grows (外贸增速为17.8%: 外贸, with the
    measure yoy_pct); a change of a growth rate in points is named by the growth rate
    (…，增速比上月回落1.1个百分点: 工业增加值增速). Returns the name and the rule that gave it (None:
    the name stays)."""
    if indicator is None:
        return indicator, None
    written = next((w for w in GROWTH_WORDS if indicator.endswith(w) and len(indicator) > len(w)), None)
    if measure in GROWTH_MEASURES and written is not None \
            and QUANTITY_NAMES.get(indicator[:-len(written)]) != indicator:  # 经济 is no quantity: 经济增速 stays
        return indicator[:-len(written)], "indicator:quantity_of_growth_rate"
    if measure == "pp_change" and written is None:
        named = next((w for w in GROWTH_WORDS if w in clause), None)
        if named is not None:
            return indicator + named, "indicator:growth_rate_of_quantity"
    return indicator, None


# the measures of a rate stated as a level, whose change in points is the change of that rate
_RATE_LEVELS = ("share_pct", "rate_pct", "pp_change")


def rate_change_name(indicator: str | None, measure: str, previous: Figure | None,
                     own_keyword: bool) -> tuple[str | None, str | None]:
    """A change in points whose clause names nothing (…占外贸总值的57.1%，比去年同期提升2.4个百分点;
    出口同比增长10.9%，较上月回升4.03个百分点) changes the rate stated just before it in the sentence:
    a share or rate keeps that rate's name, a growth rate is named as one (出口增速). Returns the
    name and the rule that gave it (None: the name stays)."""
    if measure != "pp_change" or own_keyword or previous is None or previous.indicator_zh is None:
        return indicator, None
    if previous.measure in _RATE_LEVELS:
        return previous.indicator_zh, "indicator:change_of_rate_before"
    if previous.measure in GROWTH_MEASURES and previous.indicator_zh == indicator \
            and not any(indicator.endswith(w) for w in GROWTH_WORDS):  # 经济增速 is named as a rate already
        return indicator + GROWTH_RATE, "indicator:change_of_growth_rate_before"
    return indicator, None


# a good written right after a trade verb (进口废铜) or right before it (废铜进口量, 铝材的出口)
_GOODS = "|".join(sorted(map(re.escape, COMMODITIES.phrases), key=len, reverse=True))
_TRADED_GOOD = re.compile(f"(?:进口|出口)(?P<after>{_GOODS})|(?P<before>{_GOODS})的?(?:进口|出口)")


def good_of_partner_trade(indicator: str | None, measure: str, before: str) -> str | None:
    """A trade figure whose subject is its partner (中国自美国进口废铜53.5万吨: 美国) names its good in
    the indicator (废铜进口量): the last good its sentence trades before the number. None when the
    name stays (no good traded, a share, a change in points, or the good already in the name)."""
    if indicator is None or measure in ("share_pct", "pp_change"):
        return None
    found = None
    for found in _TRADED_GOOD.finditer(before):
        pass
    if found is None:
        return None
    good = found.group("after") or found.group("before")
    return None if good in indicator else good + indicator


# ------------------------------------------------------------------ stakes and shares ----------
_STAKE_VERBS = {e.phrase: (e["indicator"], e["category"]) for e in lexicon.entries("stakes", kind="verb")}
_STAKE_VERB = re.compile("|".join(sorted(map(re.escape, _STAKE_VERBS), key=len, reverse=True)))
# what makes a percentage a stake (49%的股权, 14%和35%的股权): the share markers of a stake (markers.tsv
# stake_after), after the other members of a list of stakes and a bracketed gloss (14%和35%（合计49%）的股权)
_STAKE_AFTER = re.compile(r"(?:(?:和|、|至|到|-|～)[\d.]+%?)*(?:[（(][^（()）]{1,12}[)）])?(?:左右|以上)?的?(?:" + "|".join(map(re.escape, lexicon.words("markers", marker="stake_after")))
                          + ")")
# a stake written as the holder's verb and the company's name right before the percentage, with no
# share word after it (天齐集团通过天齐集团香港持有文菲尔德65%，…)
_HELD_NAMED = re.compile("(?:" + "|".join(map(re.escape, (v for v, (_, category) in _STAKE_VERBS.items() if category == "other")))
                         + r")(?:另外|其余)?[^，,；;。、\d%的]{1,12}$")
_STAKE_WORDS = tuple(lexicon.words("markers", marker="stake_after"))


def _held_named(before: str) -> bool:
    """持有文菲尔德65%: the holder's verb and the company's name alone before the percentage (not
    持有泰利森股权达到19.99%, whose share word the deal rules read)."""
    found = _HELD_NAMED.search(before)
    return found is not None and not any(w in found.group() for w in _STAKE_WORDS)


_DEAL_WORDS = re.compile("|".join(w for w, (_, category) in _STAKE_VERBS.items() if category == "investment"))


def stake_name(before: str, after: str, sentence: str) -> tuple[str, str] | None:
    """The indicator and category of a stake (…收购泰利森19.99%的股份): named by the last verb
    before it in its clause, else the first after it (将泰利森49%股权转卖给…); a stake held is a
    deal's (investment) when the sentence tells of one. None when the number is no stake."""
    if not _STAKE_AFTER.match(after) and not _held_named(before):
        return None
    # a verb followed by 的 qualifies a name (收购天齐集团持有的泰利森…股权: bought, not held)
    verbs = [m for m in _STAKE_VERB.finditer(before) if not before.startswith("的", m.end())]
    verb = verbs[-1].group() if verbs else None
    if verb is None:
        later = _STAKE_VERB.search(after)
        verb = later.group() if later else None
    if verb is None:
        return None
    indicator, category = _STAKE_VERBS[verb]
    if category == "other" and _DEAL_WORDS.search(sentence):
        category = "investment"
    return indicator, category


def lists_holders(norm: str, item: str, list_start: int, number_start: int) -> bool:
    """Whether the list a 分别 enumeration pairs a stake with names its holders, written before the
    stake's verb (天齐集团香港和立德分别持有的文菲尔德14%和35%的股权), not the companies whose shares
    the stakes are (分别持有甲矿业和乙矿业30%和40%的股权)."""
    at = norm.rfind(item, list_start, number_start)
    return at >= 0 and _STAKE_VERB.search(norm, at + len(item), number_start) is not None


_SHARE = re.compile(r"占(?!比)(?P<whole>[^占，,；;：:。的\d%]{1,16}?)(?P<tail>的比重|比重|的比例|比例|的份额|份额|的)?"
                    r"(?:已经|已|均|都|也|仍)?(?:为|达到|达|约为|约|超过|只有|仅为|接近|提升至|提高到|提升到|上升至|下降至|降至|进一步提升至)?了?$")
# gold guide, Indicator names: shares are named …比重 without 的, whatever follows the whole;
# a share the text names 比例 or 份额 keeps that word
_SHARE_TAILS = {"比例": "比例", "的比例": "比例", "份额": "份额", "的份额": "份额"}
_SHARE_WORD = "比重"
# adverbs between the quantity and its 占 (先进…冶炼产能分别占全国的99%, 各占全球总产量的35%)
_BEFORE_ZHAN = re.compile(r"(?:分别|各自|各|均|都|也|则|仅|约)*$")


_EARLIER_MEMBERS = re.compile(r"(?:[\d.]+(?:%|个百分点)?[、和及与])+$")


def share_name(text: str, clause_start: int, number_start: int, hits: list[Hit],
               list_names: tuple[str, ...] = (), list_start: int = 0, partner_trade: str | None = None) -> str | None:
    """A share named `<quantity>占<whole>比重` (gold guide, Indicator names: shares): 占全部投资的比重为
    61.0% -> 占全部投资比重; with the quantity whose share it is when written before 占 (电解铝产量占
    全国比重达到67%: 产量…, the good being the subject; 先进铜、铝、铅、锌冶炼产能分别占全国的99%: the
    list's name parts kept, 先进冶炼产能…); a clause opening with 占 names no quantity (…进出口3.21万亿元，
    占外贸总值的17.9%: the whole measures it), unless it follows a partner's trade, whose good stays
    (`partner_trade`, 自美国进口废铜53.5万吨，占总进口量的15.1%: 废铜进口量占总进口量比重)."""
    before = _EARLIER_MEMBERS.sub("", text[clause_start:number_start])  # 占全国的99%、|100%: the list's share
    m = _SHARE.search(before)
    if m is None:
        return None
    at = clause_start + m.start()
    if any(h.start <= at < h.end for h in hits):
        return None  # the 占 of 占有率
    whole = m.group("whole")
    tail = _SHARE_TAILS.get(m.group("tail") or "", _SHARE_WORD)
    adverbs = _BEFORE_ZHAN.search(text, clause_start, at)
    part_end = adverbs.start() if adverbs else at
    part = next((h for h in hits if h.end == part_end), None)
    if part is not None and part.word in COMPOUND_KEYWORDS:
        named = part.word  # 产铜量占全国的80%: the good written into the word stays in the name
    elif part is not None:
        named = quantity_name(text, part, hits)
        if list_names:
            named = named_over_list(text, list_names, list_start, part, named) or named
    elif part is None and part_end == clause_start and partner_trade:
        named = partner_trade
    else:
        named = ""
    return f"{named}占{whole}{tail}"


# ------------------------------------------------------------------ contributions to growth -----
CONTRIBUTIONS = ("贡献率", "拉动增长")  # the names of a contribution rate and of the points it adds
_CONTRIBUTION = {w: CONTRIBUTIONS[0] if w.endswith("贡献率") else CONTRIBUTIONS[1]
                 for w in lexicon.words("markers", marker="contribution")}
_CONTRIBUTION_WORD = re.compile("|".join(sorted(map(re.escape, _CONTRIBUTION), key=len, reverse=True)))


def contribution_name(clause: str, measure: str) -> str | None:
    """贡献率 for a contribution rate (rate_pct), 拉动增长 for the points a part adds to the growth
    of its whole (拉动…增长N个百分点, pp_change); None for other figures."""
    found = None
    for found in _CONTRIBUTION_WORD.finditer(clause):
        pass
    if found is None:
        return CONTRIBUTIONS[0] if measure == "rate_pct" and "贡献率" in clause else None
    name = _CONTRIBUTION[found.group()]
    if (name, measure) in zip(CONTRIBUTIONS, ("rate_pct", "pp_change")):
        return name
    return None


# ------------------------------------------------------------------ counts ---------------------
_ENDS_NOUN = tuple(sorted(lexicon.words("count_names", role="ends_noun"), key=len, reverse=True))
_BEGINS_NOUN = tuple(sorted((*_ENDS_NOUN, *lexicon.words("count_names", role="begins_noun")), key=len, reverse=True))
_TRAILING = tuple(lexicon.words("count_names", role="trailing"))
_COUNT_SUFFIX = {e.phrase: e["name"] for e in lexicon.entries("count_names", role="suffix")}
# measure words naming what they count (10余人组成…: 人数; 八部门: 部门数), unlike events (次, 场)
_NAMES_ITSELF = frozenset(w for w, name in _COUNT_SUFFIX.items() if not name.endswith(("次数", "场次")))
_EVENTS = frozenset(_COUNT_SUFFIX) - _NAMES_ITSELF
_BETWEEN_NOUN_AND_NUMBER = re.compile(
    "(?:" + "|".join(sorted(map(re.escape, (*lexicon.words("count_names", role="before_number"),
                                            *lexicon.words("qualifiers", position="before"))), key=len, reverse=True))
    + r"|\s)*$")
_NOUN_BREAK = r"[，,；;：:。！？!?、（）()《》\n的]"
_BEFORE_BREAK = re.compile(_NOUN_BREAK)
# after the measure word the noun also ends at the next number (13个功能模块6600多个程序), at 及
# (两座升压站及送出线路: the lines are not counted) and at 和 before a number (7家工厂和1座矿山)
_AFTER_BREAK = re.compile(_NOUN_BREAK + r"|(?<=[^\d.\s])\s*\d|及|和(?=\s*\d)|\s")
_COUNT_NAMES = ("数", "数量", "人口")  # a noun that names the count itself (企业数量, 连接数)
_GOOD_PREFIXES = tuple(sorted(COMMODITIES.phrases, key=len, reverse=True))
_PRODUCTS = frozenset(lexicon.words("units", role="product_count"))
_MAX_NOUN = 14


def count_name(text: str, clause_start: int, number_start: int, unit_end: int, measure_word: str,
               ) -> tuple[str | None, bool]:
    """The name of a count (gold guide, Indicator names: counts): the noun phrase of what it
    counts, written after the measure word (8项成果荣获…: 成果数) or else before the number
    (拥有省部级及以上创新平台30个: 省部级及以上创新平台数), followed by 数; events counted with 次 or
    场 take 次数 or 场次; a verb naming which count it is stays (新增两家…中心: 新增…中心数). Returns
    the name (None: none found) and whether it outranks a keyword written before the number: a
    name the text writes itself (企业数量) does, and
    noun written after the measure word does, unless the measure word counts products (3000万辆
    汽车: the keyword's 产量 or 销量)."""
    suffix = _COUNT_SUFFIX.get(measure_word, "数")
    after = _noun_after(text, unit_end, measure_word in _EVENTS)
    if (measure_word + after).startswith(_COUNT_NAMES):
        return measure_word + after[:1], True  # 14亿多人口
    verb = _CAPACITY_VERB.search(text, clause_start, number_start)
    verb = verb.group().rstrip("了约近超过逾") if verb else ""
    if after:
        return verb + after + suffix, measure_word not in _PRODUCTS
    before = _noun_before(text, clause_start, number_start)
    if before.endswith(_COUNT_NAMES):
        return before, True  # 外资企业数量超过7.3万家: the count named as written, over any keyword
    good = next((g for g in _GOOD_PREFIXES if before.startswith(g)), "")
    before = before[len(good):]  # 新立煤炭探矿权38个: the good is the subject
    if before:
        return verb + before + suffix, False
    return (suffix if measure_word in _NAMES_ITSELF else None), False


def _noun_after(text: str, at: int, event: bool) -> str:
    """What the measure word at `at` counts: the words after it to the next break or verb (for an
    event, 两次弹性生产, the activity, verbs included)."""
    stretch = text[at:at + _MAX_NOUN + 2]
    found = _AFTER_BREAK.search(stretch)
    end = found.start() if found else len(stretch)
    if not event:
        end = min([end, *(k for k in (stretch.find(w, 0, end) for w in _ENDS_NOUN) if k >= 0)])
    noun = stretch[:end]
    for word in _TRAILING:
        if noun.endswith(word):
            noun = noun[:-len(word)]
    return noun if len(noun) <= _MAX_NOUN else ""


def _noun_before(text: str, clause_start: int, number_start: int) -> str:
    """The counted noun written before the number (创新平台30个, 指标也有9项): back to a break, a verb
    or an adverb; none when it holds a number (政府2020年2百万辆) or is a single character."""
    stretch = text[clause_start:number_start]
    stretch = stretch[:_BETWEEN_NOUN_AND_NUMBER.search(stretch).start()]
    begin = max((m.end() for m in _BEFORE_BREAK.finditer(stretch)), default=0)
    for word in _BEGINS_NOUN:
        k = stretch.rfind(word, begin)
        if k >= 0:
            begin = k + len(word)
    noun = stretch[begin:].strip()
    return noun if 1 < len(noun) <= _MAX_NOUN and not any(ch.isdigit() for ch in noun) else ""


# ------------------------------------------------------------------ contents -------------------
# a clause stating what a material contains (…取样分析，含铜90.81%，含铁3%; 粗铅含铅96.2%): 含 and
# the element, one character
_CONTENT = re.compile(r"含(?P<element>(?!量)[\u4e00-\u9fff])(?:量)?(?:为|达|约|约为)?\s*$")


def content_stated(clause: str) -> re.Match | None:
    """The 含 and element a clause states the content of, where they are written."""
    return _CONTENT.search(clause)


def content_name(clause: str) -> str | None:
    """The content a clause states (含铜90.81% -> 含铜量); None for any other clause."""
    found = content_stated(clause)
    return f"含{found.group('element')}量" if found else None


# ------------------------------------------------------------------ durations ------------------
DURATIONS = frozenset(("yr", "day", "week", "h"))
_DURATION_NAME = "时间"
_DURATION_NOUNS = tuple(lexicon.words("markers", marker="duration_noun"))
_TAKES = "|".join(sorted(map(re.escape, lexicon.words("duration_names", role="takes")), key=len, reverse=True))
_SPENDS = "|".join(sorted(map(re.escape, lexicon.words("duration_names", role="spends")), key=len, reverse=True))
_COMPLETES = "|".join(sorted(map(re.escape, lexicon.words("duration_names", role="completes")), key=len, reverse=True))
_QUALIFIED = "|".join(sorted(map(re.escape, lexicon.words("qualifiers", position="before")), key=len, reverse=True))
# the activity before the number: back to a break or 的, less the verbs and bounds before the number
_ACTIVITY_BEFORE = re.compile(rf"(?P<activity>[^，,；;：:。！？!?、（）()\s的]{{2,10}}?)(?:{_TAKES})*(?:{_QUALIFIED})?\s*$")
_SPENT_BEFORE = re.compile(rf"(?:{_SPENDS})(?:{_QUALIFIED})?\s*$")
_ACTIVITY_AFTER = re.compile(rf"\s*(?:{_COMPLETES})?(?P<activity>[^，,；;：:。！？!?、（）()\s的]{{2,10}})")
# a contrast taking up the duration before it (产能爬坡需要2-3年，盐湖则需8-10年)
_CONTRAST = re.compile(rf"则(?:{_TAKES})*(?:{_QUALIFIED})?\s*$")


def duration_name(clause: str, after: str, previous: Figure | None) -> str | None:
    """The name of a duration that measures performance (gold guide, Indicator names: durations):
    the activity it times, followed by 时间, written before the number (产能爬坡需要2-3年: 产能爬坡时间;
    连续稳定运行超7200小时: 连续稳定运行时间) or, after a verb of spending, after it (仅用110天完成安装
    调试: 安装调试时间); a contrast (盐湖则需8-10年) takes the duration stated before it. None when no
    activity is written. `clause` runs from the clause start to the number, `after` from the unit."""
    if any(noun in clause for noun in _DURATION_NOUNS):
        return None  # 投资回收期为6.8年: the duration is named by its noun (keywords)
    if _CONTRAST.search(clause) and previous is not None and previous.unit_base in DURATIONS:
        return previous.indicator_zh
    if _SPENT_BEFORE.search(clause):
        found = _ACTIVITY_AFTER.match(after)
        return found.group("activity") + _DURATION_NAME if found else None
    found = _ACTIVITY_BEFORE.search(clause)
    if found is None or found.group("activity") in COMMODITIES.phrases:
        return None
    activity = found.group("activity")
    return activity if activity.endswith(_NAMED_DURATIONS) else activity + _DURATION_NAME


_NAMED_DURATIONS = ("天数", "时间", "时长", "用时", "周期")  # a duration the text names (可用天数17天)
