#!/usr/bin/env bash
# Creates the seeds in fuzz/seeds/<target>/ (committed: tests/fuzz_regressions.rs replays them
# with stable Rust in CI; libFuzzer reads them beside its growing corpus in fuzz/corpus/<target>/).
# Run from anywhere: ./fuzz/seed.sh (or fuzz/seed.sh from the repository root).
set -euo pipefail
fuzz="$(cd "$(dirname "$0")" && pwd)"
knowledge="$fuzz/../knowledge/xu-2021"
corpus="$fuzz/seeds"
mkdir -p "$corpus/knowledge_load" "$corpus/matcher_ask" "$corpus/render_reply"
mkdir -p "$fuzz/corpus/knowledge_load" "$fuzz/corpus/matcher_ask" "$fuzz/corpus/render_reply"

# knowledge_load: one mode byte, then a file's text.
#   \x00 the file alone, \x01 beside the shipped paper.toml and endnotes.toml,
#   \x02 after a minimal paper (one section, one endnote), \x03 before it.
# Shipped files, cut at an entry boundary to keep inputs small (a few KB): big inputs are slow.
seed_file() { # mode name file [max-bytes]
  local mode=$1 name=$2 file=$3 max=${4:-8000}
  { printf "\\x$mode"; awk -v max="$max" '
      /^\[\[/ && n > 0 && bytes > max { exit }
      /^\[\[/ { n++ }
      { print; bytes += length($0) + 1 }' "$file"; } > "$corpus/knowledge_load/$name"
}
seed_file 01 shipped-qa-sources "$knowledge/qa-sources.toml"
seed_file 01 shipped-norms "$knowledge/norms.toml"
seed_file 01 shipped-initiatives "$knowledge/initiatives.toml"
seed_file 01 shipped-qa-history "$knowledge/qa-history.toml"
seed_file 00 shipped-paper "$knowledge/paper.toml" 4000
seed_file 00 shipped-endnotes "$knowledge/endnotes.toml" 3000

# Valid beside the minimal paper: a Q&A, a norm and an initiative citing endnote 1.
valid_entries='[[qa]]
id = "what-is-it"
section = "main"
question = "What is the paper about?"
alternates = ["paper topic", "Which subject does the author write on?", "summary of the argument"]
keywords = ["subject", "topic"]
answer = """The paper is about *one* thing, <@123> and @everyone \
in many words."""
endnotes = [1]
related = ["a-norm"]

[[norm]]
id = "a-norm"
name = "A Norm"
aliases = ["the norm", "norm of restraint"]
questions = ["What does the norm say?"]
proposed_by = "A State"
date = "1 January 2020"
forum = "A Forum"
wording = "States should not do harm."
summary = "The norm asks states not to do harm."
comparison = "Stricter than the others."
china_position = "China supports it."
endnotes = [1]
related = ["an-initiative", "what-is-it"]
section = "main"

[[initiative]]
id = "an-initiative"
name = "An Initiative"
aliases = ["the initiative"]
summary = "An initiative that carries the norm."
endnotes = [1]
related = ["a-norm"]
'
printf '\x02%s' "$valid_entries" > "$corpus/knowledge_load/mini-valid"
printf '\x03%s' "$valid_entries" > "$corpus/knowledge_load/mini-valid-first"
# A whole valid paper in the one fuzzed file (mode \x00), so that the paper's own fields
# (title, author, date: the footer) and the sections can be mutated on the path that loads.
mini_paper='[paper]
id = "mini"
title = "A Paper"
author = "An Author"
affiliation = "A University"
series = "A Series"
publisher = "A Publisher"
date = "2021"
licence = "CC BY"
author_bio = "Writes papers."
endnote_count = 1

[[section]]
id = "main"
title = "The main part"
summary = "What the paper says."

[[endnote]]
number = 1
citation = "A. Author. A Book. 2020."
short = "A Book (2020)"
url = "https://example.org/book"
cited_for = "Everything."
'
printf '\x00%s\n%s' "$mini_paper" "$valid_entries" > "$corpus/knowledge_load/whole-valid"
printf '\x02[[qa]]\nid = "x"\nquestion = "q?"\nanswer = "a"\nendnotes = [1]\nalternates = ["b c", "d e", "f g"]\n' \
  > "$corpus/knowledge_load/mini-small"
# Broken on purpose: syntax, [qa] instead of [[qa]], unknown key, wrong types, bad ids, BOM, CRLF.
printf '\x02[[qa]\nid = "x"\n' > "$corpus/knowledge_load/bad-syntax"
printf '\x02[qa]\nid = "x"\n' > "$corpus/knowledge_load/bad-single-bracket"
printf '\x02[[qa]]\nid = "Bad--Id"\nanwser = 1\nquestion = 2\nendnotes = [0, 1, 1, 99]\n' > "$corpus/knowledge_load/bad-fields"
printf '\x01\xef\xbb\xbf[[qa]]\r\nid = "x"\r\nquestion = "\xc3\xa9\xe2\x80\xae?"\r\nanswer = ""\r\n' > "$corpus/knowledge_load/bad-bom-crlf"
printf '\x00[paper]\nendnote_count = -1\n[[endnote]]\nnumber = 9223372036854775807\n' > "$corpus/knowledge_load/bad-numbers"

# matcher_ask and render_reply: questions, the hostile ones included. render_reply's first
# byte is flags (bit 0 private, bit 1 logged, bits 2-3 thresholds), so each question is
# written with a few flag bytes.
n=0
question() {
  n=$((n + 1))
  printf '%b' "$1" > "$corpus/matcher_ask/q$n"
  for flags in '\x00' '\x06' '\x0b' '\x0c'; do
    printf "$flags%b" "$1" > "$corpus/render_reply/q$n-${flags#\\x}"
  done
}
question 'what is the public core norm?'
question "how big is china's digital economy"
question 'china digital economy'
question 'Who wrote New Comments on Laozi?'
question 'wu wei'
question 'what happened between xi and obama in sept 2015'
question 'what is the capital of australia?'
question '@everyone what is the capital of australia?'
question '@here <@123456789> <@&987654321> <@!42> <#1> </ask:1> <t:0:R> ping'
question '**bold** __under__ ~~strike~~ ||spoiler|| `code` ```block``` > quote [link](http://x) # heading'
question 'public\x00core\x01norm\x7f\xc2\x85'
question '\xe2\x80\xaeron cilbup eht si tahw\xe2\x80\xac'
question 'pub\xe2\x80\x8blic\xe2\x80\x8d core\xef\xbb\xbf norm\xc2\xad'
question '\xef\xbc\xb7\xef\xbc\xa8\xef\xbc\xa1\xef\xbc\xb4 is the ﬁrst norm? \xe2\x84\xaa \xc4\xb0stanbul'
question '什么是公共核心规范？ 网络主权'
question "china's countries' o'neill 39.2 trillion, 1,000 users 1.2.3 U.S."
question '\\@everyone \\<@1> @\xe2\x80\x8beveryone'
question 'a\nb\nwhat is the public core norm\n@everyone\n\n'
question ''
question '?!... ***'
question "$(printf 'what is the public core norm %.0s' $(seq 1 60))"
question "$(printf 'x%.0s' $(seq 1 2100))"
echo "seeded: $(ls "$corpus/knowledge_load" | wc -l) knowledge_load, $(ls "$corpus/matcher_ask" | wc -l) matcher_ask, $(ls "$corpus/render_reply" | wc -l) render_reply"
