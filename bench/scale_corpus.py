"""A generated corpus of N distinct, realistic 公文 as JSONL, for measuring at a province's size.

The records have the fields ``xxgk index --jsonl`` reads from ``../shared/corpus/docs.jsonl.gz``
(id, title, body, department, doc_number, date, doc_type, topic, validity), so the build under
test is the real pipeline. The text has the shapes the engine meets in real 公文: a title
"关于…的通知/办法/意见", 主送, numbered parts (一、（一）1.), 第X条 articles for 办法 and 规定,
citations of earlier documents (依据《…》（文号）), 落款 and 成文日期. Words come from the
shipped ``corpus/`` texts (segmented with jieba) plus a built-in list, ranked by their count
and drawn with a Zipf law, so queries can pick high-, mid- and low-frequency terms
(``Corpus.vocab`` is in rank order). Everything is drawn from one seed: runs compare.

``python bench/scale_corpus.py N OUT.jsonl [--seed S]``; 100,000 documents take about 20 s.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import itertools
import json
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
YEARS = list(range(2008, 2025))  # 17 years
PROVINCE, CITY = "澜江省", "澜州市"
_BUREAUS = (
    "教育 科学技术 工业和信息化 公安 民政 司法 财政 人力资源和社会保障 自然资源 生态环境 "
    "住房和城乡建设 交通运输 水利 农业农村 商务 文化和旅游 卫生健康 退役军人事务 应急管理 "
    "审计 市场监督管理 广播电视 体育 统计 医疗保障 林业和草原 粮食和物资储备 能源 地方金融监督管理 "
    "乡村振兴 数据资源 政务服务管理 机关事务管理 国有资产监督管理 税务 民族宗教事务"
).split()
_CODES = (
    "教 科 工信 公 民 司 财 人社 自然资 环 建 交 水 农 商 文旅 卫健 退役 应急 审 市监 广电 "
    "体 统 医保 林 粮 能 金 振 数 政服 管 国资 税 宗"
)
TOPICS = (
    "教育 科技 工业 公安 社会保障 财政 就业 自然资源 生态环境 住房 交通 水利 农业 商务 文化 "
    "卫生 应急 审计 市场监管 体育 医疗保障 林业 粮食 能源 金融 乡村振兴 政务公开 国资"
).split()
DOC_TYPES = ["通知", "办法", "意见", "规定", "决定", "通报", "批复", "方案", "实施细则"]
_ARTICLED = {"办法", "规定", "实施细则"}
_BUILTIN = (
    "贯彻落实 深入推进 切实加强 统筹协调 依法依规 严格执行 建立健全 完善 机制 制度 工作 管理 服务 "
    "监督 检查 考核 评估 保障 安全 发展 改革 创新 规范 标准 项目 资金 预算 审批 备案 登记 许可 "
    "公开 信息 政府 部门 单位 企业 群众 社会 组织 领导 责任 落实 任务 目标 措施 要求 情况 问题 "
    "整改 督查 通报 报告 申请 办理 受理 材料 时限 程序 职责 权限 政策 法规 条例 文件 会议 精神 "
    "补贴 奖励 处罚 违法 执法 治理 环境 资源 能源 数据 平台 系统 网络 数字化 信息化 高质量 "
    "公共服务 基层 乡镇 街道 社区 村委会 试点 示范 推广 宣传 培训 指导 协调 配合 联动 应急预案"
).split()
_CN_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 12 → 十二, 35 → 三十五 (numbering up to 99)."""
    tens, ones = divmod(n, 10)
    head = ("" if tens == 1 else _CN_DIGITS[tens]) + "十" if tens else ""
    return head + (_CN_DIGITS[ones] if ones or not tens else "")


@dataclass
class Corpus:
    """The generator's state: ranked vocabulary, departments and the documents so far."""

    seed: int
    vocab: list[str]
    departments: list[tuple[str, str]]  # (name, 机关代字)
    topic_words: dict[str, list[str]]
    docs: list[dict] = field(default_factory=list)


def harvest_vocabulary(root: Path = REPO / "corpus", size: int = 30_000) -> list[str]:
    """``size`` words, most frequent first: those of the shipped texts (公文 usage) lead, then
    jieba's own dictionary by its frequencies (a general-Chinese tail; no network needed)."""
    import jieba

    jieba.setLogLevel(60)
    counts: Counter[str] = Counter({w: 50 for w in _BUILTIN})
    for path in sorted(root.rglob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="ignore")
        counts.update(w for w in jieba.lcut(text) if _WORD.fullmatch(w))
    words = [w for w, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    known = set(words)
    general = []
    with jieba.get_dict_file() as fh:
        for raw in fh:
            word, freq = raw.decode("utf-8").split()[:2]
            if word not in known and _WORD.fullmatch(word):
                general.append((-int(freq), word))
    general.sort()
    return (words + [w for _, w in general])[:size]


_WORD = re.compile(r"[\u4e00-\u9fff]{2,4}")


def new_corpus(seed: int, vocab: list[str] | None = None) -> Corpus:
    rng = random.Random(seed)
    vocab = vocab if vocab is not None else harvest_vocabulary()
    depts = [
        (f"{PROVINCE}{b}厅", f"澜{c}发") for b, c in zip(_BUREAUS, _CODES.split(), strict=True)
    ]
    depts += [(f"{PROVINCE}人民政府办公厅", "澜政办发"), (f"{PROVINCE}人民政府", "澜政发")]
    for county in "东城 西湖 南山 北川 青林 白水 河口 松岭":
        depts.append((f"{CITY}{county}区人民政府", f"澜{county[0]}政发"))
    mid = vocab[50:2000] or vocab
    topics = {t: rng.sample(mid, min(8, len(mid))) for t in TOPICS}
    return Corpus(seed, vocab, depts, topics)


class _Writer:
    """One document's text: Zipf-drawn words in 公文 clauses."""

    def __init__(self, corpus: Corpus, rng: random.Random, cum: list[float]) -> None:
        self.c, self.rng, self.cum = corpus, rng, cum

    def words(self, k: int, topic: str) -> list[str]:
        ws = self.rng.choices(self.c.vocab, cum_weights=self.cum, k=k)
        if self.rng.random() < 0.5:
            ws[self.rng.randrange(k)] = self.rng.choice(self.c.topic_words[topic])
        return ws

    def sentence(self, topic: str) -> str:
        rng = self.rng
        parts = []
        for _ in range(rng.randint(2, 4)):
            ws = self.words(rng.randint(3, 6), topic)
            parts.append("".join(ws) if rng.random() < 0.7 else "、".join(ws[:3]) + "".join(ws[3:]))
        return "，".join(parts) + "。"

    def paragraph(self, topic: str, n: int) -> str:
        return "".join(self.sentence(topic) for _ in range(n))


def _cum_weights(n: int, s: float = 1.05) -> list[float]:
    return list(itertools.accumulate(1.0 / (r**s) for r in range(1, n + 1)))


def generate(n: int, seed: int = 9, vocab: list[str] | None = None) -> Corpus:
    """``n`` documents (``Corpus.docs``), the same for the same seed and vocabulary."""
    corpus = new_corpus(seed, vocab)
    rng = random.Random(seed * 7919 + n)
    w = _Writer(corpus, rng, _cum_weights(len(corpus.vocab)))
    serial: Counter[tuple[str, int]] = Counter()
    by_year: dict[int, list[int]] = {}
    for i in range(n):
        doc = _document(i, w, serial, by_year)
        by_year.setdefault(int(doc["date"][:4]), []).append(i)
        corpus.docs.append(doc)
    return corpus


def _document(i: int, w: _Writer, serial: Counter, by_year: dict[int, list[int]]) -> dict:
    c, rng = w.c, w.rng
    dept, code = (
        c.departments[i % len(c.departments)]
        if i < len(c.departments)
        else rng.choice(c.departments)
    )
    year = YEARS[i % len(YEARS)] if i < len(YEARS) else rng.choice(YEARS)
    topic = TOPICS[i % len(TOPICS)] if i < len(TOPICS) else rng.choice(TOPICS)
    doc_type = rng.choice(DOC_TYPES)
    serial[(code, year)] += 1
    number = f"{code}〔{year}〕{serial[(code, year)]}号"
    subject = "".join(w.words(2, topic)) + rng.choice(c.topic_words[topic])
    if doc_type in _ARTICLED:
        title = f"关于印发《{PROVINCE}{subject}管理{doc_type}》的通知"
    else:
        verb = rng.choice(["进一步加强", "做好", "开展", "推进", "规范"])
        title = f"{dept}关于{verb}{subject}工作的{doc_type}"
    date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    cites = _citation(c, rng, by_year, year)
    body = _body(w, subject, topic, doc_type, cites)
    y, m, d = date.split("-")
    body += f"\n\n{dept}\n{y}年{int(m)}月{int(d)}日\n"
    validity = rng.choices(["有效", "已废止", "已失效"], weights=[90, 6, 4])[0]
    return {
        "id": f"scale-{i:06d}",
        "title": title,
        "body": body,
        "department": dept,
        "doc_number": number,
        "date": date,
        "doc_type": doc_type,
        "topic": topic,
        "validity": validity,
    }


def _citation(c: Corpus, rng: random.Random, by_year: dict, year: int) -> str:
    """依据《name》（文号） of a document of an earlier year, or ""."""
    years = [y for y in by_year if y < year]
    if not years or rng.random() > 0.35:
        return ""
    cited = c.docs[rng.choice(by_year[rng.choice(years)])]
    return f"《{cited_name(cited['title'])}》（{cited['doc_number']}）"


def cited_name(title: str) -> str:
    """How others cite a document: a 印发 notice by the 办法 it issues, else by its title."""
    inner = re.search(r"《(.+)》", title)
    return inner.group(1) if inner else title


def _body(w: _Writer, subject: str, topic: str, doc_type: str, cites: str) -> str:
    rng, target = w.rng, rng_len(w.rng)
    lead = f"为{w.paragraph(topic, 1)[:-1]}，" + (f"依据{cites}，" if cites else "")
    head = f"{rng.choice(['各市（州）人民政府，省直各部门', '各区人民政府，市直各单位'])}：\n"
    out = [head + lead + f"现就{subject}工作有关事项{rng.choice(['通知如下', '提出如下意见'])}："]
    size, k = len(out[0]), 0
    while size < target:
        k += 1
        if doc_type in _ARTICLED:
            part = f"第{cn_number(k)}条 {w.paragraph(topic, rng.randint(1, 2))}"
        else:
            part = f"{cn_number(k)}、{w.paragraph(topic, 1)}"
            part += "".join(f"\n（{cn_number(j)}）{w.sentence(topic)}" for j in range(1, 3))
            if rng.random() < 0.4:
                part += f"\n1.{w.sentence(topic)}\n2.{w.sentence(topic)}"
        out.append(part)
        size += len(part)
    return "\n".join(out)


def rng_len(rng: random.Random) -> int:
    """Body length target: about 1,200 characters on average, 500 to 2,000."""
    return int(rng.triangular(500, 2000, 1100))


def write_jsonl(corpus: Corpus, out: Path) -> None:
    """One record a line; gzip-compressed (fast level) when ``out`` ends in .gz."""
    opener = functools.partial(gzip.open, compresslevel=1) if out.suffix == ".gz" else open
    with opener(out, "wt", encoding="utf-8") as fh:
        for doc in corpus.docs:
            fh.write(json.dumps(doc, ensure_ascii=False) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=9)
    args = ap.parse_args()
    write_jsonl(generate(args.n, args.seed), args.out)


if __name__ == "__main__":
    main()
