"""Step 5 of `npm run train`: the model card's tables, from what the earlier steps wrote.

    /usr/bin/python3 scripts/train/card_tables.py > .train/card-tables.md

Reads .train/data/meta.json (the corpus), .train/eval.json (evaluate.py) and .train/run/log.csv
(train.py), and prints Markdown, so no figure of docs/model-card.md is copied by hand.
"""
import csv
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from safetensors_io import read_safetensors  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))


def pct(x):
    return f'{100 * x:.1f} %'


def sources_table(meta):
    lines = ['| source | origin | licence | language | split | files | characters | tokens |', '|---|---|---|---|---|---|---|---|']
    for s in meta['sources']:
        files = sum(s.get(f'{k}Files', 0) for k in ('train', 'valid', 'test'))
        tokens = sum(s.get(f'{k}Tokens', 0) for k in ('train', 'valid', 'test'))
        split = '**held out**' if s['heldOut'] else 'train'
        lines.append(f"| {s['id']} | `{s['origin']}` | {s['license']} | {s['language']} | {split} | {files:,} | {s.get('characters', 0):,} | {tokens:,} |")
    return '\n'.join(lines)


def bucket_table(ev):
    new = ev['new']['by_length']['512']
    old = ev.get('old', {}).get('by_length', {}).get('512')
    buckets = len(new['accuracy_by_bucket'])
    head = '| | ' + ' | '.join(f'{64 * b}-{64 * b + 63}' for b in range(buckets)) + ' |'
    rows = [head, '|---' * (buckets + 1) + '|']

    def row(name, values):
        return f'| {name} | ' + ' | '.join(pct(v) for v in values) + ' |'
    rows.append(row('**alignment**, new model', new['alignment_by_bucket']))
    if old:
        rows.append(row('alignment, first release', old['alignment_by_bucket']))
    rows.append(row('**teacher-forced accuracy**, new model', new['accuracy_by_bucket']))
    if old:
        rows.append(row('teacher-forced accuracy, first release', old['accuracy_by_bucket']))
    return '\n'.join(rows)


def length_table(ev):
    rows = ['| selection length (tokens) | snippets | teacher-forced accuracy | alignment (best last-layer head) | previous-token head (best) | bracket head (best) |', '|---|---|---|---|---|---|']
    for n, r in ev['new']['by_length'].items():
        a, p, b = r['alignment_best_last_layer'], r['previous_token_best'], r['bracket_best']
        rows.append(f"| {n} | {r['snippets']} | {pct(r['teacher_forced_accuracy'])} | {pct(a['share'])} (layer {a['layer']}, head {a['head']}) | "
                    f"{pct(p['share'])} (layer {p['layer']}, head {p['head']}) | {pct(b['share'])} (layer {b['layer']}, head {b['head']}, {r['bracket_pairs']} pairs) |")
    return '\n'.join(rows)


def language_table(ev):
    rows = ['| language (512 tokens) | snippets | teacher-forced accuracy | alignment (best last-layer head) | previous-token head (best) |', '|---|---|---|---|---|']
    for lang, r in ev['new']['by_language_512'].items():
        a, p = r['alignment_best_last_layer'], r['previous_token_best']
        rows.append(f"| {lang} | {r['snippets']} | {pct(r['teacher_forced_accuracy'])} | {pct(a['share'])} (layer {a['layer']}, head {a['head']}) | {pct(p['share'])} (layer {p['layer']}, head {p['head']}) |")
    return '\n'.join(rows)


def heads_table(ev):
    r = ev['new']['by_length']['512']
    rows = ['| measurement (512 tokens) | every head, % (layer 0 / 1 / 2, heads 0-3) |', '|---|---|']
    for name, key in (('encoder-decoder alignment', 'alignment_per_layer_head'), ('previous-token, encoder self-attention', 'previous_token_per_layer_head'),
                      ('closing -> opening bracket, encoder self-attention', 'bracket_per_layer_head')):
        rows.append(f'| {name} | ' + ' / '.join('[' + ', '.join(f'{100 * v:.1f}' for v in layer) + ']' for layer in r[key]) + ' |')
    return '\n'.join(rows)


def training_summary(log_rows, training):
    """`training`: the model file's metadata of that name (the run's last step, not the last logged one)."""
    last = log_rows[-1]
    steps, minutes = training['steps'], training['minutes']
    tokens = steps * 2048
    return (f'{steps:,} steps of 2,048 target tokens ({tokens / 1e6:.1f} M target tokens), {minutes:.0f} min on 2 shared CPU cores '
            f'(PyTorch 1.13 + OpenBLAS), {tokens / (minutes * 60):,.0f} target tokens/s on average; last validation accuracy '
            f"{pct(float(last['valid_acc_clean']))} clean, {pct(float(last['valid_acc_corrupted']))} corrupted.")


def main():
    meta = json.load(open(os.path.join(REPO, '.train/data/meta.json')))
    ev = json.load(open(os.path.join(REPO, '.train/eval.json')))
    log_rows = list(csv.DictReader(open(os.path.join(REPO, os.environ.get('RUN', '.train/run'), 'log.csv'))))
    training = json.loads(read_safetensors(os.path.join(REPO, ev['new']['model']))[1]['training'])
    cpt = ev['new']['characters_per_token']
    print('## Training cost\n\n' + training_summary(log_rows, training) + '\n')
    print('## By position (512 tokens, held-out projects)\n\n' + bucket_table(ev) + '\n')
    print('## By selection length\n\n' + length_table(ev) + '\n')
    print('## By language\n\n' + language_table(ev) + '\n')
    print('## Every head\n\n' + heads_table(ev) + '\n')
    print('## Masked span\n\n' + '\n'.join(f"- {m['length']} tokens: {pct(m['accuracy'])} of {m['masked_tokens']} masked tokens restored" for m in ev['new']['masked_span']) + '\n')
    print(f"## Characters per token (held-out projects)\n\nPython {cpt['python']:.2f}, TypeScript/JavaScript {cpt['ts/js']:.2f}\n")
    print('## Sources\n\n' + sources_table(meta))


if __name__ == '__main__':
    main()
