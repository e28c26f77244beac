"""Modality and scope of a prose figure: levels stated as plans are targets, as predictions
forecasts; the scope is the firm, the region, the world or the nation the figure is about. Each an
ordered list of named rules, first match wins (rules.py), reading the `Clues` of one number
(clues.py)."""

from __future__ import annotations

import re

from .clues import FORECAST_WORDS, PLAN_WORDS, Clues, in_deal, is_stake, markers, sentence_text
from .keywords import (FIRM_PATTERN, FIRM_SUFFIX, NATIONAL_WORDS, WORLD_WORDS, firm_hits, is_firm, is_region,
                       names_region)
from .matcher import PhraseMatcher
from .quotes import FOREIGN_MARKETS, QUOTE_WORD_AFTER, STOP_WORDS
from .rules import RuleList

_TARGET_AFTER = re.compile(r"^(以上|以内)?的?目标")

_REPORTED_DONE = re.compile(r"累计|已|以来")

_FROM_VALUE = re.compile(r"(?:从|由(?!于))[^，,；;至到为]{0,14}$")  # 从17%提升至24%: the starting level

_NOT_PLAN = re.compile("|".join(map(re.escape, markers("not_plan"))))

_PLAN_AFTER = re.compile(r"^[^，,；;。]{0,14}?(?:计划|拟于)")

_ESTIMATES = frozenset(("估计",))

_REACHING = re.compile(r"至|到")

_ASSUMPTION = re.compile(r"(?:假设|假如|如果|倘若)[^。；;？！?!]*?则")


# ---------------------------------------------------------------- modality ------------------
_STOP_BEFORE = re.compile("(?:" + "|".join(map(re.escape, STOP_WORDS)) + r")(?:为|在|于|:|：)?\s*$")
MODALITY = RuleList("modality")
"""Levels stated as plans are targets; as predictions, forecasts. Decides from the measure
(level, rate_pct, share_pct) and the period of the figure (`Clues.period`)."""


@MODALITY.rule("terms_of_a_deal")
def _(clues: Clues):
    """The terms of a deal, even one not yet done, are what was agreed (拟以每股6.5加元收购, 认购目标
    公司10%权益): neither a plan's target nor a forecast."""
    if clues.category == "investment" and (is_stake(clues) or in_deal(clues)):
        return clues.measure
    return None


@MODALITY.rule("present_state")
def _(clues: Clues):
    """…实现150万吨的目标，目前是130万吨; 预计…（目前已实现了1.4万吨的产能）: where things stand
    now, said in the figure's own clause after any aim or prediction, is a level."""
    now = [m for m in clues.mentions if m.kind == "now" and clues.clause_start <= m.start < clues.c.start]
    if not now or clues.norm[now[-1].start - 1:now[-1].start] in ("从", "由"):
        return None  # 从当前的12%提升到20%: now is where a change starts
    between = clues.norm[now[-1].end:clues.c.start]
    if FORECAST_WORDS.search(between) or PLAN_WORDS.search(between) or _REACHING.search(between):
        return None
    return clues.measure


@MODALITY.rule("stop_level")
def _(clues: Clues):
    """建议在19000附近止损, 止损42900: a stop-loss or take-profit level is a plan, even in a sentence
    that predicts the market's range."""
    if QUOTE_WORD_AFTER.match(clues.after) or _STOP_BEFORE.search(clues.before):
        return "target"
    return None


@MODALITY.rule("forecast_word")
def _(clues: Clues):
    found = [m for m in FORECAST_WORDS.finditer(clues.before)]
    if not found:
        return None
    if all(m.group() in _ESTIMATES for m in found) and (clues.period is None or not clues.context.future(clues.period)):
        return None  # 据估计，2017年全年…应在57万吨左右, 资源估计共有3900万吨: an estimate of what is
    return "forecast"


@MODALITY.rule("outcome_of_an_assumption")
def _(clues: Clues):
    """假设未来三年电池容量为58kWh，则需求为85kt; 如果…完成发行，融资100亿则负债率将下降至42.58%:
    the assumption and what follows from it are predictions; a present fact the sentence cites
    after its assumption (按照今天的收盘价54.99元) is not."""
    assumed = _ASSUMPTION.search(sentence_text(clues))
    if assumed is None or clues.sent.start + assumed.start() > clues.c.start:
        return None
    since = clues.sent.start + assumed.start()
    if any(m.kind in ("now", "rel_day") and since <= m.start < clues.c.start for m in clues.mentions):
        return None
    return "forecast"


@MODALITY.rule("forecast_section")
def _(clues: Clues):
    """未来展望 over numbered items: their levels are predictions."""
    return "forecast" if clues.context.forecast_section else None


@MODALITY.rule("starting_level")
def _(clues: Clues):
    """The starting level of 从A提升至B is where things stand, not the aim."""
    return clues.measure if _FROM_VALUE.search(clues.before[clues.clause_start - clues.sent.start:]) else None


@MODALITY.rule("future_period")
def _(clues: Clues):
    period, present = clues.period, clues.context.present
    if period is None or present is None:
        return None
    if period.start > present.end:
        return "target"
    # a multi-year period not over yet, in a text that does not report it as done
    if period.grain == "multi_year" and period.end > present.end and not _REPORTED_DONE.search(clues.before):
        return "target"
    return None


@MODALITY.rule("deadline")
def _(clues: Clues):
    if any(m.role == "deadline" and m.start < clues.c.start for m in clues.mentions):
        return "target"
    return None


@MODALITY.rule("plan_word")
def _(clues: Clues):
    return "target" if PLAN_WORDS.search(_NOT_PLAN.sub("", clues.before)) else None


@MODALITY.rule("plan_after")
def _(clues: Clues):
    """1.35万吨氢氧化锂产能计划于今年实现, 追加1000亿美元商品的关税计划: a plan its clause names after it."""
    return "target" if _PLAN_AFTER.match(clues.after) else None


@MODALITY.rule("target_named_after")
def _(clues: Clues):
    """…万吨的目标: the aim; 60元的目标价 is an analyst's prediction of a share price."""
    named = _TARGET_AFTER.match(clues.after)
    if named is None:
        return None
    return "forecast" if clues.after.startswith("价", named.end()) else "target"


@MODALITY.rule("reaching_over")
def _(clues: Clues):
    doc_date = clues.context.doc_date
    if clues.before.endswith("达到") and clues.c.qualifier == "over" and (
            clues.period is None or doc_date is None or clues.period.end >= doc_date):
        return "target"
    return None


@MODALITY.rule("target_section")
def _(clues: Clues):
    return "target" if clues.context.in_target_section() else None


def decide_modality(clues: Clues) -> tuple[str, str]:
    measure, name = MODALITY.decide(clues, clues.measure)
    return measure, name


# ---------------------------------------------------------------- scope ---------------------
SCOPE = RuleList("scope")

_NATIONAL, _WORLD = PhraseMatcher(NATIONAL_WORDS), PhraseMatcher(WORLD_WORDS)
_WORLD_WORD = re.compile("|".join(map(re.escape, WORLD_WORDS)))


@SCOPE.rule("firm_subject")
def _(clues: Clues):
    return "firm" if is_firm(clues.subject) or clues.about == "firm" else None


@SCOPE.rule("region")
def _(clues: Clues):
    # a region counts outside firm names only (江西铜业集团 is a firm, not Jiangxi)
    clause, _ = clues.scope_text
    if is_region(clues.subject) or clues.about == "region" \
            or names_region(FIRM_PATTERN.sub("", clause) if FIRM_SUFFIX.search(clause) else clause):
        return "regional"
    return None


@SCOPE.rule("foreign_market")
def _(clues: Clues):
    """伦铝三月收于2245美元/吨: a quote of a market abroad is the world's."""
    return "world" if clues.subject in FOREIGN_MARKETS else None


# the whole a share is of (占全球总产量的35%) places the part in no market: China's share of the world
_SHARE_WHOLE = re.compile(r"占[^，,；;。]{1,16}?(?:的|比重|份额|$)")


# nor does the partner of China's trade (中国自美国进口废铜, 对欧盟出口): the trade is China's
_TRADE_PARTNER = re.compile(r"(?:对|从|自|向|来自于|来自)[^，,；;。、]{1,14}?(?:进出口|出口|进口|贸易|外贸)")


def _world_of_wholes_masked(text: str) -> str:
    """`text` with the world words of share wholes and trade partners masked, positions kept."""
    def mask(m):
        return _WORLD_WORD.sub(lambda w: "□" * len(w.group()), m.group())
    return _TRADE_PARTNER.sub(mask, _SHARE_WHOLE.sub(mask, text))


@SCOPE.rule("world_word")
def _(clues: Clues):
    clause, _ = clues.scope_text
    return "world" if _WORLD_WORD.search(_world_of_wholes_masked(clause)) else None


def _topics(clues: Clues) -> tuple[int, int, int]:
    """Where the sentence last speaks of China, of the world and of a firm (-1: nowhere)."""
    if clues.topics is None:
        before = _world_of_wholes_masked(clues.scope_text[1])
        firms = firm_hits(before)
        clues.topics = (_NATIONAL.last_start(before), _WORLD.last_start(before), firms[-1].start if firms else -1)
    return clues.topics


@SCOPE.rule("sentence_topic_world")
def _(clues: Clues):
    """The sentence's own topic, when nothing after it brings the figure back home:
    伦敦金属交易所主要品种普遍上行：铜价…上涨373美元/吨."""
    national, world, firm = _topics(clues)
    return "world" if world > national and world > firm else None


@SCOPE.rule("sentence_topic_firm")
def _(clues: Clues):
    """金川集团…生产…72864吨."""
    national, world, firm = _topics(clues)
    return "firm" if firm > national else None


@SCOPE.rule("national")
def _(clues: Clues):
    return "national"


def decide_scope(clues: Clues) -> tuple[str, str]:
    value, name = SCOPE.decide(clues, "national")
    return value, name


