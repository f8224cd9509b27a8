"""Writes markdown-style.json: Markdown counts of hand-written tricky texts and of random Markdown-ish texts,
by the regexes of FastChat's and Arena-Hard-Auto's count_markdown_elements (add_markdown_info.py) run with
Python's `re`, for shared/text/markdown-style.ts to match exactly.

Fenced code is removed where each block stands (re.sub keeping the fences), longpref's one deliberate
difference from the anchors, which delete every occurrence of a block's content anywhere in the answer;
`anchor_agrees` records whether their deletion gives the same counts."""
import json
import random
import re
import sys

FENCE = re.compile("```([^`]*)```")
HEADERS = [re.compile(r"^#{%d}\s" % k, re.MULTILINE) for k in range(1, 7)]
ORDERED = re.compile(r"^\s*\d+\.\s", re.MULTILINE)
UNORDERED = re.compile(r"^\s*[-*+]\s", re.MULTILINE)
BOLD_STARS = re.compile(r"\*\*[^*\n]+\*\*")
BOLD_UNDERSCORES = re.compile(r"__[^_\n]+__")


def counts(prose):
    return {
        "headers": sum(len(h.findall(prose)) for h in HEADERS),
        "list_items": len(ORDERED.findall(prose)) + len(UNORDERED.findall(prose)),
        "bold": len(BOLD_STARS.findall(prose)) + len(BOLD_UNDERSCORES.findall(prose)),
    }


def ours(text):
    return counts(FENCE.sub("``````", text))


def anchors(text):
    for block in FENCE.findall(text):
        text = text.replace(block, "")
    return counts(text)


tricky = [
    "",
    "# Title\n\nText.\n\n## Part\n\n### Sub\n#### 4\n##### 5\n###### 6\n####### seven is no header\n#no space\n #indented",
    "#\n##\tTab\n#",
    "```python\n# a comment, not a header\n- not an item\n**not bold**\n```\n# Header after the code",
    "Before\n```\n# inside\n``` # after the fence on its line\n```js\nlet x = 1;\n```",
    "``` unclosed\n# counted\n- counted",
    "```\na `tick` inside\n```\n# h\n```\nsecond block\n```",
    "- one\n- two\n  - nested\n    * deeper\n+ plus\n\n1. first\n2. second\n   10. nested ten\n1.no space\n-no space",
    "-\n- after a bare dash\n*\n1.\n2.",
    "***\n---\n* * *\n___\n- - -",
    "**bold** and **more bold**, foo**bar**baz, ***triple***, ****, **unclosed\nline** , **a\r\nb**",
    "__init__ and __main__, a__b__c, ____, __ spaced __",
    "**__both__**",
    "# 标题\n\n中文段落，**加粗**文字。\n\n- 列表项\n1. 第一\n一、不是列表\n・不是列表\n＃ 全角井号\n\u3000- 全角空格缩进\n１. 全角数字\n١. Arabic-Indic digit",
    "# CRLF title\r\n\r\n- item\r\n1. item\r\n**bold**\r\n#\r\n",
    "line\rno\r# not a line start in Python\r- nor this",
    "para\u2028# not a line start\u2028- nor this",
    "\ufeff# BOM first\n\ufeff- BOM indent",
    "\x1c- info separator is white space to Python\n\x85- so is NEL\n#\x85NEL after the hashes",
    "\n\n   \n- after blank lines\n  \n\t\n1. again",
    "𝟏. mathematical digit\n𝟐𝟑. two of them",
    "# One\n```\n```\n# Two: the anchors delete every line break (the empty block's content) and lose it",
]

alphabet = [
    "#", "##", "####", "#######", " ", "  ", "\t", "\n", "\n", "\n", "\r\n", "\r", "-", "*", "+", "1.", "23.",
    "١.", "１.", ".", "**", "__", "_", "```", "`", "word", "中文", "\u3000", "\x1c", "\x85", "\ufeff", "\u2028",
]
random.seed(14)
generated = ["".join(random.choice(alphabet) for _ in range(random.randint(1, 60))) for _ in range(400)]

cases = [{"text": t, "style": ours(t), "anchor_agrees": ours(t) == anchors(t)} for t in tricky + generated]
json.dump({"python": sys.version.split()[0], "cases": cases}, open("markdown-style.json", "w"), ensure_ascii=False, indent=0)
