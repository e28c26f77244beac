"""The Chinese vocabulary the grammar reads, kept as data in one place.

Indicators map a keyword to (category, flow); subjects are commodities, regions, trade
partners and firm suffixes; change words carry a sign; measure and modality markers say what
kind of number follows. Extend these tables, not the grammar, to read new wordings.
"""

from __future__ import annotations

import re

# --- indicators: keyword -> (category, flow) ---------------------------------------------
# Longest keyword wins at a position, so 进口均价 (price) beats 进口 (trade).
INDICATORS: dict[str, tuple[str, str | None]] = {}


def _add(category: str, flow: str | None, *words: str) -> None:
    for w in words:
        INDICATORS[w] = (category, flow)


_add("trade", "total", "进出口总值", "进出口总额", "进出口额", "进出口值", "进出口规模", "进出口",
     "贸易总值", "贸易总额", "贸易额", "贸易规模", "外贸规模", "外贸总值", "外贸增速", "外贸", "货物贸易",
     "贸易往来")
_add("trade", "export", "出口额", "出口量", "出口值", "出口总值", "出口总额", "出口", "发运量", "发运",
     "净出口")
_add("trade", "import", "进口额", "进口量", "进口值", "进口实物量", "进口总值", "进口总额", "进口",
     "对外依存度", "依存度", "外采率", "进口关税", "关税")
_add("trade", "balance", "贸易顺差", "顺差", "贸易逆差", "逆差")
_add("output", None, "产量", "生产量", "产销量", "产销", "产值", "工业增加值", "增加值", "产出", "发电量",
     "精矿金属量", "金属量", "产铜量", "产金量", "产铝量", "产品产量", "年产", "生产", "发电", "干扰率")
_add("investment", None, "固定资产投资", "投资额", "投资", "完成投资")
_add("profit", None, "利润总额", "利润", "营业收入", "主营业务收入", "销售收入", "营收", "收入", "亏损额",
     "亏损", "利润率", "盈利率", "净利润", "成本", "创效", "效益", "降本", "增效")
_add("price", None, "价格", "均价", "售价", "价", "铜价", "铝价", "锌价", "锡价", "镍价", "铅价", "金价",
     "银价", "期货价格", "现货价格", "收盘价", "高点", "高位", "低点", "涨幅", "跌幅", "沪铜", "沪铝",
     "沪锡", "沪镍", "沪铅", "沪锌", "沪金", "沪银", "现货金", "期铜")
_add("index", None, "景气指数", "先行指数", "一致指数", "滞后指数", "合成指数", "PMI", "采购经理指数", "经理指数",
     "指数", "生产指数", "新订单指数")
_add("capacity", None, "产能", "装机容量", "装机规模", "装机量", "装机", "生产能力", "总规模",
     "产能利用率", "容积", "功率", "规模")
_add("consumption", None, "消费量", "表观消费量", "需求量", "消费", "需求", "用量", "消费增速", "销量",
     "耗铜", "用铝量", "购金量", "消费用量", "应用量", "占有率")
_add("energy_env", None, "能耗", "综合能耗", "电耗", "交流电耗", "排放", "二氧化碳", "碳排放", "减排",
     "固废", "赤泥", "清洁能源", "绿电", "堆存量", "利用率", "综合利用率", "污染", "二氧化硫", "节能",
     "标煤", "建筑垃圾", "消纳", "减排量", "氮氧化物", "烟尘", "危险废物", "非化石能源", "植树")
# "金额" alone is not an indicator: it is the amount of whatever the words before it name.
_add("trade", "import", "进口金额")
_add("trade", "export", "出口金额")
_add("energy_env", None, "环境治理", "固体废物", "尾矿", "灰渣", "废渣", "冶炼渣", "垃圾", "绿色矿山",
     "能源利用效率", "能源利用率", "能效")
# Quantities that are neither flows nor capacities: reserves found, stocks held, efficiencies,
# research effort. Longer than the flow words inside them (生产效率 beats 生产).
_add("other", None, "储量", "资源储量", "资源量", "探明储量", "库存", "生产效率", "劳动生产率", "效率",
     "研发投入", "研发经费", "研发支出", "研发费用")
_add("macro", None, "国内生产总值", "GDP", "社会融资规模", "贷款", "存款", "广义货币", "M2", "外汇储备",
     "失业率", "可支配收入", "社会消费品零售总额", "CPI", "PPI", "国债", "信贷", "经济增速", "通胀",
     "人口", "市场规模", "降息", "利率", "经济增长", "经济", "宏观")
_add("profit", None, "经济效益")
_add("other", None, "经济技术开发区")

# A bare trade word names its indicator by what the figure counts: money (进口额) or mass (进口量).
TRADE_NAMES: dict[tuple[str, str], str] = {
    ("进口", "money"): "进口额", ("出口", "money"): "出口额", ("进出口", "money"): "进出口额",
    ("进口", "mass"): "进口量", ("出口", "mass"): "出口量", ("进出口", "mass"): "进出口量",
}

# Compound indicators that name two quantities at once: "产销分别为A和B" is output A and sales B.
PAIRED_INDICATORS: dict[str, tuple[str, str]] = {
    "产销量": ("产量", "销量"), "产销": ("产量", "销量"),
    "进出口额": ("进口额", "出口额"), "进出口": ("进口", "出口"),
}

# Keywords that look like indicators but are names inside an indicator ("指数" inside LMEX指数
# stays index; these are read as part of a longer phrase and must not switch the indicator).
INDICATOR_PATTERN = re.compile(
    "|".join(re.escape(k) for k in sorted(INDICATORS, key=len, reverse=True))
)

# Words that make a percentage a rate (a level that is itself a percentage).
RATE_WORDS = ("率", "依存度", "含量", "比例", "达标", "普及", "浓度", "品位", "回收", "准确")
SHARE_WORDS = ("占", "比重", "占比", "份额", "贡献率", "比例")
GROWTH_RATE_WORDS = ("增速", "增幅", "增长率", "涨幅", "跌幅", "降幅", "速度")

# --- change words: keyword -> sign ---------------------------------------------------------
CHANGE_WORDS: dict[str, int] = {}
for _w in ("增长", "上升", "提高", "扩大", "上涨", "增加", "提升", "回升", "加快", "多增", "增", "涨",
           "升", "高出", "高", "跃升", "攀升", "走高", "收高", "收涨", "微涨", "反弹", "拉动", "上调",
           "超出", "多", "增长了", "扩张"):
    CHANGE_WORDS[_w] = 1
for _w in ("下降", "减少", "回落", "收窄", "下跌", "跌", "降", "重挫", "降低", "下滑", "下调", "缩小",
           "减", "放缓", "回调", "骤降", "跟跌", "小跌", "少增", "低", "少", "下挫", "暴跌", "萎缩",
           "减慢", "收缩", "降息", "跌至"):
    CHANGE_WORDS[_w] = -1
CHANGE_PATTERN = re.compile(
    "|".join(re.escape(k) for k in sorted(CHANGE_WORDS, key=len, reverse=True))
)
FLAT_WORD = "持平"

# After a change word these make the number a level reached, not the change (回落至1.9%).
LEVEL_AFTER_CHANGE = ("至", "到", "为", "达到", "达")

# --- qualifiers ----------------------------------------------------------------------------
QUALIFIER_BEFORE: dict[str, str] = {
    "约": "approx", "大约": "approx", "近": "approx", "接近": "approx", "将近": "approx",
    "大概": "approx", "仅约": "approx", "约为": "approx", "约合": "approx",
    "超过": "over", "超": "over", "逾": "over", "突破": "over", "多于": "over", "高于": "over",
    "至少": "over", "上": "over",
    "不足": "under", "不到": "under", "低于": "under", "少于": "under", "未满": "under",
    "失守": "under",
}
QUALIFIER_WORDS_ENDING = tuple(w for w in QUALIFIER_BEFORE if len(w) > 1)
QUALIFIER_AFTER: dict[str, str] = {
    "左右": "approx", "上下": "approx", "以上": "over", "之上": "over", "多": "over", "余": "over",
    "以下": "under", "以内": "under", "之内": "under",
}

# --- measure and modality markers -----------------------------------------------------------
CAGR_WORDS = ("年均", "年平均", "平均每年", "年复合")
MOM_WORDS = ("环比", "较上月", "比上月", "较上期", "比上季度", "较前一个月", "单月", "比上年四季度")
YOY_WORDS = ("同比", "比去年同期", "比上年同期", "较去年同期", "较上年同期")
FORECAST_WORDS = ("预计", "预测", "有望", "将达到", "将达", "估计", "展望")
TARGET_WORDS = ("目标", "力争", "到20", "达到", "控制在", "规划", "要", "将", "确保", "建成后",
                "建成达产后", "投产后", "计划")

# --- subjects ------------------------------------------------------------------------------
COMMODITIES: tuple[str, ...] = (
    "十种常用有色金属", "十种有色金属", "有色金属", "精炼铜", "电解铜", "阴极铜", "粗铜", "阳极铜", "铜精矿",
    "铜材", "铜箔", "铜杆", "废铜", "再生铜", "未锻轧铜及铜材", "原铝", "电解铝", "氧化铝", "铝土矿", "铝材",
    "铝锭", "铝合金", "再生铝", "未锻轧铝及铝材", "铝箔", "铅", "锌", "镍", "锡", "锑", "汞", "镁", "钛",
    "海绵钛", "钨", "钼", "锂", "碳酸锂", "氢氧化锂", "钴", "黄金", "白银", "铂族金属", "稀土", "稀土永磁",
    "锗", "镓", "铟", "锆", "铍", "硅", "工业硅", "多晶硅", "镍铁", "电解镍", "硫酸", "铁矿石", "铁矿砂",
    "煤炭", "原油", "大豆", "钢材", "电锌", "铝灰渣", "赤泥", "合成金红石", "精制合成金红石", "铜", "铝",
    "锰", "铬", "钒", "铌", "钽", "铋", "镉", "砷", "银", "金", "再生铅", "精矿", "电动汽车", "新能源汽车",
    "汽车", "乘用车", "商用车", "锂电池", "动力电池", "光伏", "风电", "工业机器人",
)
_METALS = "铜铝铅锌镍锡锑钨钼锂钴锰铬钒钛镁铋"
COMMODITIES = COMMODITIES + tuple(
    f"{m}{suffix}" for m in _METALS for suffix in ("精矿", "矿", "锭", "材", "矿石")
) + ("金矿", "银矿", "稀土矿", "锂辉石", "锂云母")
COMMODITY_PATTERN = re.compile(
    "|".join(re.escape(k) for k in sorted(COMMODITIES, key=len, reverse=True))
)
# Single-character metals are only subjects when not part of a longer word (铜陵, 金融…).
SINGLE_CHAR_BLOCK_AFTER = {
    "金": "融额属川昌陵属价额牌奖币",
    "铜": "陵川仁业",
    "铝": "业",
    "银": "行",
    "锡": "林",
}
SINGLE_CHAR_BLOCK_BEFORE = {"金": "资基黄现美合奖重赔租", "银": "白", "铜": "紫黄", "铝": "中"}

WORLD_WORDS = ("全球", "世界", "国际", "伦敦", "LME", "美国", "欧洲", "欧元区", "美联储", "欧洲央行",
               "日本", "德国", "法国", "英国", "印度", "越南", "智利", "秘鲁", "澳大利亚", "刚果",
               "经合组织", "纽约", "COMEX", "海外")
# Words that bring a statement back to China as a whole after a foreign or firm topic.
NATIONAL_WORDS = ("我国", "全国", "国内", "中国", "全行业")
# Regions of China a statement can be about: the provinces and the usual statistical groupings.
REGIONS = (
    "东部地区", "中部地区", "西部地区", "东北地区", "长三角", "珠三角", "京津冀", "粤港澳大湾区", "长江经济带",
    "北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江", "安徽", "福建",
    "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川", "贵州", "云南", "西藏",
    "陕西", "甘肃", "青海", "宁夏", "新疆",
)
REGION_PATTERN = re.compile(
    "|".join(sorted((re.escape(r) + ("" if r.endswith(("地区", "三角", "大湾区", "经济带", "京津冀")) else
                     "(?:省|市|自治区|壮族自治区|回族自治区|维吾尔自治区)?") for r in REGIONS), key=len, reverse=True))
)
REGION_SUFFIX = re.compile(r"[\u4e00-\u9fff]{2,6}?(?:省|自治区|地区|市|县|经济带|新区|开发区)")
PARTNERS = ("非洲", "东盟", "欧盟", "美国", "中亚五国", "拉美", "日本", "韩国", "俄罗斯", "德国", "英国",
            "西班牙", "“一带一路”国家", "共建“一带一路”国家")
FIRM_PATTERN = re.compile(
    r"[\u4e00-\u9fffA-Za-z（）()]{2,16}?(?:集团|公司|股份|铝业|铜业|矿业|锌锗|锗业|研究院|分公司|冶炼厂)"
)

# Measure words that are part of a following noun, not a count ("七部门" stays a count per the
# guide, but "两项目" / "部门" inside a longer noun are handled by the exclusions below).
DURATION_AFTER_COUNT = ("个月", "个季度", "个工作日", "个小时", "个交易日", "个年度")

# A rate per period or per item (每年可消纳, 每月减少, 单井每天出水) or a potential effect (可降低,
# 可减少) states what something does, not what happened in a period: such figures are not dated
# by the period of the text around them. 可 inside words (可比, 可再生, 可支配, 可能…) does not count.
PER_PERIOD_OR_POTENTIAL = re.compile(
    r"每(?:年|月|天|日|周|小时)|单(?:井|栋|台|套)|(?<![认许宁不])可(?![比能持靠信观再视控见支行喜贵])"
)
# Equipment and works a capacity is the rating of (800立方米浮选机, 120万千瓦项目, 50万吨…工程).
RATED_THINGS = ("项目", "工程", "生产线", "机组", "机", "槽", "炉", "窑", "罐", "装置", "电站")

# --- of-which (其中) parts -----------------------------------------------------------------
# A segment of the industry or of trade is a subject of its own: 独立矿山企业, 采选企业, 一般贸易,
# 边境小额贸易, 民营企业, 国有企业, 有色金属冶炼行业. A modifier of 1-8 characters before the head.
SEGMENT_HEADS = ("企业", "贸易")
SEGMENT_PATTERN = re.compile(r"[\u4e00-\u9fff]{1,8}?(?:" + "|".join(SEGMENT_HEADS) + ")")
# Where a segment's name begins: after a particle, a conjunction or a verb (实现综合集成企业).
SEGMENT_BOUNDARY = re.compile(r"[的对是为在从有和与及、因由将被把向]|实现|完成|开展|推动|包括|通过|带动|支持|鼓励|引导")
# Words a clause may open with before its subject (其中，5月份外资企业…; 同期，加工贸易…).
SUBJECT_LEADING_FILLERS = re.compile(
    r"^(?:其中|同期|同时|此外|另外|期间|以及|我国|全国|中国|和|与|及|对|其|的|是|为|有|从|在|，|,|\s)+")
# A segment phrase naming the industry as a whole is no subject (规模以上有色金属工业企业: null).
INDUSTRY_WIDE_WORDS = ("有色金属", "规模以上", "工业企业", "全行业", "整体", "全部")
# Where the opening noun phrase of a part clause ends: its verb, its indicator or a change word.
PART_OPENER_END = re.compile(r"包括|实现|完成|累计|达到|达|为|是|占|的|对|共|合计|约|同比|环比|比|较")
