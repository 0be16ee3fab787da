#!/usr/bin/env bash
# Record what a fixed set of mt commands prints and writes, to show a refactoring changed no behaviour.
#   bash eval/behaviour.sh DIR        run the commands, write their outputs under DIR and DIR/SHA256SUMS
#   diff -r BEFORE AFTER              the same bytes before and after
# Times, versions and paths that differ from run to run are left out (the JSONL's and XLIFF's metadata
# keep them; they are masked with sed below). Uses only the CLI, so it runs unchanged on either layout.
set -euo pipefail
out=${1:?usage: eval/behaviour.sh DIR}
here=$(cd "$(dirname "$0")/.." && pwd)
mt="$here/.venv/bin/mt"
data="$here/../shared/data/test"
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HF_HUB_OFFLINE=1 MT_CACHE_DIR="${MT_CACHE_DIR:-$HOME/.cache/mt}"

head -n 300 "$data/newstest2019-deen.de" >"$work/ns300.de"
head -n 300 "$data/newstest2019-deen.en" >"$work/ns300.ref.en"
"$here/.venv/bin/python" - "$work/ns300.de" "$work/ns300.jsonl" <<'PY'
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
with open(sys.argv[2], "w", encoding="utf-8") as f:
    for i in range(0, len(lines), 10):
        f.write(json.dumps({"id": f"doc{i // 10}", "text": "\n\n".join(lines[i : i + 10])}, ensure_ascii=False) + "\n")
PY
mask() { sed -E 's/"(created|started|finished|elapsed_s|seconds|wall_s|date|time|version|mt_version|path|source_path)": *("[^"]*"|[0-9.e+-]+)/"\1": "…"/g; s/"name": "\/[^"]*"/"name": "…"/g; s/(date|tool-version|creationdate)="[^"]*"/\1="…"/g'; }

"$mt" translate "$here/seeds/lavrov-talks.de.txt" >"$out/seed.en.txt"
"$mt" translate "$work/ns300.de" --paragraphs line >"$out/ns300.en.txt"
"$mt" translate "$work/ns300.jsonl" --format jsonl | mask >"$out/ns300.translated.jsonl"
"$mt" translate "$here/seeds/lavrov-talks.de.txt" --format jsonl | mask >"$out/seed.translated.jsonl"
"$mt" translate "$here/seeds/lavrov-talks.de.txt" --format xliff | mask >"$out/seed.xlf"
"$mt" check "$here/seeds/lavrov-talks.de.txt" --format json | mask >"$out/seed.check.json" || true
"$mt" check "$work/ns300.de" --format json | mask >"$out/ns300.check.json" || true
"$mt" fix "$here/seeds/lavrov-talks.de.txt" >"$out/seed.fixed.de.txt" || true
"$mt" qa "$work/ns300.de" "$out/ns300.en.txt" --json --all | mask >"$out/ns300.qa.json" || true
"$mt" qa "$work/ns300.de" "$work/ns300.ref.en" --json --all | mask >"$out/ns300-reference.qa.json" || true
"$mt" eval --hyp "$out/ns300.en.txt" --ref "$work/ns300.ref.en" --json | mask >"$out/ns300.eval.json"
"$mt" bench --model "$here/models/marian-de-en-compact" --testset newstest2019 --limit 100 -o "$work/bench" --json \
  | "$here/.venv/bin/python" -c 'import json,sys; r=json.load(sys.stdin); print(json.dumps([{k: v for k, v in run.items() if k in ("model","testset","segments","decoding","backend","device","bleu","bleu_ci95","chrf","chrf_ci95","signatures","run_signature","target_tokens","retries","by_length")} for run in r["results"]], indent=1, sort_keys=True))' \
  >"$out/bench.quality.json"
(cd "$out" && sha256sum -- *.txt *.json *.jsonl *.xlf | grep -v SHA256SUMS >SHA256SUMS)
cat "$out/SHA256SUMS"
