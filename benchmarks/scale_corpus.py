"""A scale corpus: N documents recombined from the real documents in raw/, for load only.

Every generated document is a corpus document's title, a dateline naming a publisher, and
segments drawn from the whole corpus until it is about as long as a corpus document (the length
of a randomly chosen one). A segment is a run of whole sentences (a paragraph, or a piece of a
long one) or a whole table (its caption and its tab-led cells), so the sentence shapes and the
table layouts are the corpus's own. Each document then gets its own:

- metals: the single-character metals of `dbt/seeds/commodities.csv` permuted (铜 -> 锌 …);
- values: decimals and multi-digit quantities moved by up to ±40 % (percentages only shrink, so
  a share stays under 100 %), years shifted by a few years, months shifted within a segment
  (ranges kept in order);
- date and publisher: a dateline `YYYY-MM-DD 来源：<publisher>`, and for one document in three a
  sidecar `<id>.yaml` with title, publisher and published_on.

The extractor therefore does real work on every document, but the figures are not facts: never
use this corpus for accuracy claims. Deterministic for a seed.

    .venv/bin/python -m benchmarks.scale_corpus OUT_DIR --documents 1000 [--seed 7]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT_ROOT / "raw"
COMMODITIES = PROJECT_ROOT / "dbt" / "seeds" / "commodities.csv"

PUBLISHERS = (
    "中国有色金属报", "中国有色金属工业协会", "国家统计局", "海关总署", "上海有色网", "安泰科",
    "我的有色网", "长江有色金属网", "中国证券报", "上海证券报", "证券时报", "第一财经日报",
    "经济参考报", "中国矿业报", "中国冶金报", "中国铝业报", "北京商报", "21世纪经济报道",
)
SENTENCE_END = ("。", "！", "？", "；", "”", "」")
LONG_LINE = 600  # characters: a longer line is cut into runs of sentences
YEAR = re.compile(r"(?<![\d.])(19[89]\d|20[0-3]\d)(?![\d.])")
# A number that is not a year: decimals, or integers of three digits and more.
QUANTITY = re.compile(r"(?<![\d.A-Za-z])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![\d.A-Za-z])")
MONTH = re.compile(r"(?<![\d.])(\d{1,2})(?=\s*月)")
MONTH_RANGE = re.compile(r"(?<![\d.])(\d{1,2})\s*[-—–～~至到]\s*(\d{1,2})(?=\s*月)")


@dataclass(frozen=True)
class CorpusParts:
    titles: list[str]
    segments: list[str]
    lengths: list[int]  # characters of each corpus document


def is_table_line(line: str) -> bool:
    return line.startswith("\t")


def segments_of(text: str) -> list[str]:
    """Runs of whole sentences and whole tables, in document order (the first line, the title,
    is left out)."""
    lines = text.splitlines()[1:]
    segments: list[str] = []
    current: list[str] = []

    def close() -> None:
        if any(line.strip() for line in current):
            segments.append("\n".join(current).strip("\n"))
        current.clear()

    for index, line in enumerate(lines):
        upcoming = next((later for later in lines[index + 1:] if later.strip()), "")
        if not is_table_line(line) and is_table_line(upcoming) and not any(is_table_line(c) for c in current):
            close()  # this line is a table's caption: the table starts here
        if len(line) > LONG_LINE and not current:
            segments.extend(_sentence_runs(line))
            continue
        current.append(line)
        in_table = is_table_line(line) or (not line.strip() and any(is_table_line(c) for c in current))
        if in_table:
            if not is_table_line(upcoming):
                close()
        elif line.rstrip().endswith(SENTENCE_END) and not is_table_line(upcoming):
            close()
    close()
    return segments


def _sentence_runs(line: str) -> list[str]:
    sentences = re.findall(r"[^。！？]*[。！？]?", line)
    runs, run = [], ""
    for sentence in sentences:
        run += sentence
        if len(run) >= LONG_LINE // 2:
            runs.append(run)
            run = ""
    if run.strip():
        runs.append(run)
    return runs


def corpus_parts(corpus: Path = CORPUS) -> CorpusParts:
    titles, segments, lengths = [], [], []
    for path in sorted(corpus.glob("*.txt")):
        text = path.read_text(encoding="utf-8-sig")
        first = next((line.strip() for line in text.splitlines() if line.strip()), "")
        titles.append(first[:60])
        segments += segments_of(text)
        lengths.append(len(text))
    return CorpusParts(titles, segments, lengths)


def single_character_metals(commodities: Path = COMMODITIES) -> list[str]:
    with open(commodities, encoding="utf-8") as handle:
        return sorted(row["name_zh"] for row in csv.DictReader(handle) if len(row["name_zh"]) == 1)


class Variation:
    """One generated document's substitutions."""

    def __init__(self, rng: random.Random, metals: list[str]):
        self.rng = rng
        shuffled = metals[:]
        rng.shuffle(shuffled)
        self.metal_of = dict(zip(metals, shuffled))
        self.metal_pattern = re.compile("|".join(map(re.escape, metals)))
        self.year_shift = rng.randint(-6, 5)

    def year(self, year: int) -> int:
        return min(2035, max(1980, year + self.year_shift))

    def apply(self, segment: str) -> str:
        segment = self.metal_pattern.sub(lambda m: self.metal_of[m.group(0)], segment)
        segment = self._months(segment)
        segment = self._quantities(segment)
        return YEAR.sub(lambda m: str(self.year(int(m.group(1)))), segment)

    def _months(self, segment: str) -> str:
        months = [int(m.group(1)) for m in MONTH.finditer(segment) if 1 <= int(m.group(1)) <= 12]
        if not months:
            return segment
        ranges = [(int(a), int(b)) for a, b in MONTH_RANGE.findall(segment)]
        shifts = [
            shift for shift in range(-2, 3)
            if all(1 <= m + shift <= 12 for m in months) and all(start <= end + shift for start, end in ranges)
        ]
        shift = self.rng.choice(shifts)  # 0 is always allowed
        return MONTH.sub(lambda m: str(int(m.group(1)) + shift) if 1 <= int(m.group(1)) <= 12 else m.group(0), segment)

    def _quantities(self, segment: str) -> str:
        def vary(match: re.Match) -> str:
            whole, decimals = match.group(1), match.group(2)
            plain = whole.replace(",", "")
            if decimals is None and (len(plain) < 3 or YEAR.fullmatch(plain)):
                return match.group(0)  # counts, months, days and years keep their meaning
            after = segment[match.end():match.end() + 1]
            percent = after in ("%", "％")
            factor = self.rng.uniform(0.8, 1.0) if percent else self.rng.uniform(0.6, 1.4)
            value = float(f"{plain}.{decimals or 0}") * factor
            if decimals is not None:
                return f"{value:.{len(decimals)}f}"
            text = str(max(100, round(value)))
            return f"{int(text):,}" if "," in whole else text
        return QUANTITY.sub(vary, segment)


def generate_document(parts: CorpusParts, metals: list[str], rng: random.Random) -> tuple[str, dict]:
    variation = Variation(rng, metals)
    target = rng.choice(parts.lengths)
    year = variation.year(rng.randint(2017, 2024))
    published = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
    publisher = rng.choice(PUBLISHERS)
    title = variation.apply(rng.choice(parts.titles))
    body, length = [], 0
    while length < target:
        segment = variation.apply(rng.choice(parts.segments))
        body.append(segment)
        length += len(segment)
    text = f"{title}\n{published:%Y-%m-%d} 来源：{publisher}\n" + "\n".join(body) + "\n"
    return text, {"title": title, "publisher": publisher, "published_on": published.isoformat()}


def generate(out_dir: Path, count: int, seed: int = 7, start: int = 0) -> int:
    """Write documents syn_<start>.txt … syn_<start+count-1>.txt (and some sidecars) to
    `out_dir`; returns the bytes of text written. Document i is the same for a seed whatever
    `start` and `count` are, so a warehouse can be grown by generating the next ones."""
    parts = corpus_parts()
    metals = single_character_metals()
    out_dir.mkdir(parents=True, exist_ok=True)
    total = 0
    for index in range(start, start + count):
        rng = random.Random(f"{seed}:{index}")
        text, sidecar = generate_document(parts, metals, rng)
        name = f"syn_{index:05d}"
        (out_dir / f"{name}.txt").write_text(text, encoding="utf-8")
        if index % 3 == 0:
            (out_dir / f"{name}.yaml").write_text(yaml.safe_dump(sidecar, allow_unicode=True), encoding="utf-8")
        total += len(text.encode("utf-8"))
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--start", type=int, default=0, help="index of the first document")
    args = parser.parse_args()
    size = generate(args.out_dir, args.documents, args.seed, args.start)
    print(f"{args.documents} documents, {size / 1e6:.1f} MB of text in {args.out_dir}")


if __name__ == "__main__":
    main()
