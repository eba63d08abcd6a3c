"""Step 4 of `npm run train`: evidence for docs/model-card.md, measured on the HELD-OUT PROJECTS
(whole projects the tokenizer and the model never saw) with the exported F16 weights, exactly what
the extension loads, in the panel's own framing.

    /usr/bin/python3 scripts/train/evaluate.py [--compare .train/old/model.safetensors --compare-data .train/old/data]

Writes .train/eval.json, docs/model-*.png and the fixtures test/fixtures/shipped-model-sample.json
(short snippet, torch reference for the TypeScript forward pass) and
test/fixtures/shipped-model-long-sample.json (one 512-token held-out snippet for the regression test).

The panel's framing (0-based): a selection of n tokens x_0..x_{n-1} is the encoder input; the
decoder input is y = <s>, x_0, ..., x_{n-2} (n tokens: teacher forcing, shifted right by one); the
target of decoder position t is x_t. Definitions:
- Teacher-forced accuracy: argmax of the next-token distribution at t equals x_t.
- Alignment: decoder query t is aligned when its largest encoder-decoder attention weight is on
  encoder key t, the source copy of the token it must output. Chance is 1/n.
- Previous-token head (encoder self-attention): query i (1..n-1) is a hit when its largest weight
  is on key i-1.
- Bracket head: for a closing bracket token at i whose opening bracket (matched with a stack over
  ( [ { ) is at j <= i-2 (adjacent pairs left out: a previous-token head would score them), a hit
  when the largest weight of encoder query i is on key j.
- Masked-span reconstruction (the training framing, decoder <s> + x, targets x + </s>): one span of
  1-3 tokens of the encoder input replaced by one <mask>; accuracy on the span's tokens.
A head's score is hits / opportunities over all snippets; "best head" is the best of a layer's heads.
Position buckets are 64 positions wide (queries t in 0-63, 64-127, ...).
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import torch  # noqa: E402

from data import Split, corrupt, pad_batch  # noqa: E402
from export import load_exported  # noqa: E402
from model import forward_with_attention  # noqa: E402
from safetensors_io import read_safetensors  # noqa: E402
import plots  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
OPEN, CLOSE = {'(': ')', '[': ']', '{': '}'}, {')', ']', '}'}
BUCKET = 64
LENGTHS = (8, 16, 32, 64, 128, 256, 512)


def bracket_pairs(texts):
    """(open index, close index) of matched brackets; tokens may carry one glued leading space."""
    stack, pairs = [], []
    for i, t in enumerate(texts):
        s = t.strip(' ')
        if s in OPEN:
            stack.append((s, i))
        elif s in CLOSE:
            if stack and OPEN[stack[-1][0]] == s:
                pairs.append((stack.pop()[1], i))
            else:
                stack.clear()
    return pairs


class HeadScores:
    """hits / opportunities per (layer, head), and per position bucket of the query."""

    def __init__(self, layers, heads, buckets=1):
        self.hits = np.zeros((layers, heads, buckets))
        self.total = np.zeros((layers, heads, buckets))

    def add(self, layer, argmax_rows, queries, expected_keys):
        queries = np.asarray(queries, dtype=np.int64)
        if len(queries) == 0:
            return
        got = argmax_rows[:, queries]  # [heads, q]
        hit = got == np.asarray(expected_keys)[None, :]
        b = np.minimum(queries // BUCKET, self.hits.shape[2] - 1)
        for k in range(self.hits.shape[2]):
            sel = b == k
            self.hits[layer, :, k] += hit[:, sel].sum(1)
            self.total[layer, :, k] += sel.sum()

    def share(self):
        """[layers, heads] over every bucket."""
        return self.hits.sum(2) / np.maximum(self.total.sum(2), 1)

    def by_bucket(self, layer, head):
        return (self.hits[layer, head] / np.maximum(self.total[layer, head], 1)).tolist()

    def best(self, layer=None):
        s = self.share()
        if layer is None:
            layer, head = np.unravel_index(s.argmax(), s.shape)
        else:
            head = s[layer].argmax()
        return {'layer': int(layer), 'head': int(head), 'share': float(s[layer, head]), 'opportunities': int(self.total[layer, head].sum())}


def panel_inputs(x, bos):
    """Encoder x, decoder <s> + x[:-1], targets x (the panel's framing)."""
    return x, np.concatenate([[bos], x[:-1]]), x


def run_batch(model, srcs, tgts, pad):
    """Logits and attention maps as numpy, for equal-length or padded rows."""
    S = max(len(s) for s in srcs)
    T = max(len(t) for t in tgts)
    src = np.full((len(srcs), S), pad, dtype=np.int64)
    tgt = np.full((len(tgts), T), pad, dtype=np.int64)
    for b, (s, t) in enumerate(zip(srcs, tgts)):
        src[b, :len(s)] = s
        tgt[b, :len(t)] = t
    logits, attn = forward_with_attention(model, torch.from_numpy(src), torch.from_numpy(tgt), pad)
    return logits.numpy(), {k: [w.numpy() for w in v] for k, v in attn.items()}


def snippets_of(split: Split, rng, count, length, language=None):
    """`count` snippets of exactly `length` tokens (files too short are skipped), languages in equal shares unless given."""
    out = []
    while len(out) < count:
        x = split.snippet(rng, length, language)
        if len(x) == length:
            out.append(x)
    return out


def measure_panel(model, cfg, split, vocab, special, args, length, language=None, batch=8):
    """Accuracy and attention scores on held-out snippets of `length` tokens (`args.snippets` at 512, half as many shorter)."""
    N, H = cfg['N'], cfg['h']
    rng = np.random.default_rng(args.seed + length)
    count = args.snippets if length == 512 else args.snippets // 2
    xs = snippets_of(split, rng, count // 2 if language else count, length, language)
    buckets = (length + BUCKET - 1) // BUCKET
    cross = HeadScores(N, H, buckets)
    prev = HeadScores(N, H)
    bracket = HeadScores(N, H)
    correct = np.zeros(buckets)
    count = np.zeros(buckets)
    pairs_total = 0
    for i in range(0, len(xs), batch):
        chunk = xs[i:i + batch]
        framed = [panel_inputs(x, special['bos']) for x in chunk]
        logits, attn = run_batch(model, [f[0] for f in framed], [f[1] for f in framed], special['pad'])
        for b, (src, tgt_in, target) in enumerate(framed):
            n = len(src)
            hit = logits[b, :n].argmax(-1) == target
            pos = np.arange(n) // BUCKET
            np.add.at(correct, pos, hit)
            np.add.at(count, pos, 1)
            pairs = [(j, k) for j, k in bracket_pairs([vocab[t] for t in src]) if k - j >= 2]
            pairs_total += len(pairs)
            for layer in range(N):
                cross.add(layer, attn['cross'][layer][b].argmax(-1), np.arange(n), np.arange(n))
                enc = attn['encoder_self'][layer][b].argmax(-1)
                prev.add(layer, enc, np.arange(1, n), np.arange(0, n - 1))
                bracket.add(layer, enc, [k for j, k in pairs], [j for j, k in pairs])
    last = cross.best(N - 1)
    return {
        'length': length, 'snippets': len(xs),
        'teacher_forced_accuracy': float(correct.sum() / count.sum()),
        'accuracy_by_bucket': (correct / np.maximum(count, 1)).tolist(),
        'alignment_best_last_layer': last,
        'alignment_by_bucket': cross.by_bucket(last['layer'], last['head']),
        'alignment_per_layer_head': cross.share().round(4).tolist(),
        'previous_token_best': prev.best(), 'previous_token_per_layer_head': prev.share().round(4).tolist(),
        'bracket_best': bracket.best(), 'bracket_pairs': pairs_total, 'bracket_per_layer_head': bracket.share().round(4).tolist(),
    }


def masked_span(model, split, special, args, length, batch=8):
    """Accuracy on the tokens of one masked span of 1-3 tokens (the training framing)."""
    rng = np.random.default_rng(args.seed + 7 * length)
    xs = snippets_of(split, rng, args.snippets // 2, length - 1)
    correct = count = 0
    for i in range(0, len(xs), batch):
        chunk = xs[i:i + batch]
        sources, spans = [], []
        for x in chunk:
            span = int(rng.integers(1, 4))
            s = int(rng.integers(0, len(x) - span + 1))
            sources.append(np.concatenate([x[:s], [special['mask']], x[s + span:]]))
            spans.append((s, span))
        src, tgt_in, tgt_out = pad_batch(sources, chunk, special)
        logits, _ = run_batch(model, list(src), list(tgt_in), special['pad'])
        for b, (s, span) in enumerate(spans):
            correct += int((logits[b, s:s + span].argmax(-1) == tgt_out[b, s:s + span]).sum())
            count += span
    return {'length': length, 'masked_tokens': count, 'accuracy': correct / count}


def characters_per_token(meta):
    out = {}
    for language in ('python', 'ts/js'):
        rows = [s for s in meta['sources'] if s.get('heldOut') and s['language'] == language]
        out[language] = sum(s['characters'] for s in rows) / sum(s['testTokens'] for s in rows)
    return out


def evaluate_model(path, data_dir, args, lengths):
    _, metadata = read_safetensors(path)
    cfg = json.loads(metadata['config'])
    meta = json.load(open(os.path.join(data_dir, 'meta.json')))
    if metadata.get('tokenizer') != meta['tokenizer']:
        raise SystemExit(f"{path} was trained with tokenizer {metadata.get('tokenizer')}, {data_dir} is {meta['tokenizer']}")
    model = load_exported(path, cfg)
    test = Split(data_dir, 'test')
    vocab, special = meta['vocab'], meta['special']
    result = {'model': os.path.relpath(path, REPO), 'model_sha256': hashlib.sha256(open(path, 'rb').read()).hexdigest(),
              'tokenizer': meta['tokenizer'], 'characters_per_token': characters_per_token(meta),
              'by_length': {str(n): measure_panel(model, cfg, test, vocab, special, args, n) for n in lengths},
              'by_language_512': {lang: measure_panel(model, cfg, test, vocab, special, args, 512, lang) for lang in test.languages}}
    return model, cfg, meta, test, result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', default=os.path.join(REPO, '.train/data'))
    ap.add_argument('--model', default=os.path.join(REPO, 'media/model/model.safetensors'))
    ap.add_argument('--compare', help='an earlier model to measure the same way (its own tokenizer)')
    ap.add_argument('--compare-data', help='the held-out projects tokenized with the earlier model\'s tokenizer')
    ap.add_argument('--snippets', type=int, default=160, help='512-token snippets (half as many at each shorter length)')
    ap.add_argument('--seed', type=int, default=2024)
    ap.add_argument('--no-figures', action='store_true')
    args = ap.parse_args()
    torch.set_num_threads(1)

    model, cfg, meta, test, new = evaluate_model(args.model, args.data, args, LENGTHS)
    special, vocab = meta['special'], meta['vocab']
    new['masked_span'] = [masked_span(model, test, special, args, n) for n in (128, 512)]
    results = {'held_out_projects': [s['id'] for s in meta['sources'] if s.get('heldOut')], 'new': new}
    if args.compare:
        results['old'] = evaluate_model(args.compare, args.compare_data, args, (512,))[4]
    json.dump(results, open(os.path.join(REPO, '.train/eval.json'), 'w'), indent=1)
    summary = {k: v for k, v in new['by_length']['512'].items() if not k.endswith('per_layer_head')}
    print(json.dumps({'512': summary, 'masked_span': new['masked_span'], 'characters_per_token': new['characters_per_token'],
                      'by_length': {n: (round(r['teacher_forced_accuracy'], 4), round(r['alignment_best_last_layer']['share'], 4))
                                    for n, r in new['by_length'].items()}}, indent=1))
    if 'old' in results:
        old = results['old']['by_length']['512']
        print('old model at 512: accuracy by bucket', np.round(old['accuracy_by_bucket'], 3).tolist(),
              'alignment by bucket', np.round(old['alignment_by_bucket'], 3).tolist())
    if args.no_figures:
        return

    docs = os.path.join(REPO, 'docs')
    run = os.environ.get('RUN', '.train/run')  # train.sh's run folder: stage 2 of release.sh is .train/run-2
    curve = 'model-training-curve.png' if os.path.basename(run) == 'run' else f'model-training-curve-{os.path.basename(run)}.png'
    plots.training_curve(os.path.join(REPO, run, 'log.csv'), os.path.join(docs, curve))
    plots.by_position(results, BUCKET, os.path.join(docs, 'model-by-position.png'))
    N, H = cfg['N'], cfg['h']
    example = pick_example(test, vocab)
    toks = [vocab[t] for t in example]
    dec_labels = ['<s>'] + toks[:-1]
    src, tgt_in, _ = panel_inputs(example, special['bos'])
    _, attn = run_batch(model, [src], [tgt_in], special['pad'])
    attn = {k: [w[0] for w in v] for k, v in attn.items()}
    r512 = new['by_length']['512']
    c, p = r512['alignment_best_last_layer'], r512['previous_token_best']
    plots.save_heatmaps([
        dict(weights=attn['cross'][c['layer']][c['head']], query_labels=dec_labels, key_labels=toks,
             title=f"encoder-decoder attention, decoder layer {c['layer']}, head {c['head']}", query_axis='decoder input tokens', key_axis='encoder (source) tokens'),
        dict(weights=attn['encoder_self'][p['layer']][p['head']], query_labels=toks, key_labels=toks,
             title=f"encoder self-attention, layer {p['layer']}, head {p['head']} (previous token)", query_axis='source tokens', key_axis='source tokens'),
    ], os.path.join(docs, 'model-attention-heads.png'), 'Held-out project, uncorrupted input. Rows = queries, columns = keys.')
    plots.save_heatmaps([
        dict(weights=attn['cross'][N - 1][h], query_labels=dec_labels, key_labels=toks, title=f'encoder-decoder attention, decoder layer {N - 1}, head {h}',
             query_axis='decoder input tokens', key_axis='encoder (source) tokens') for h in range(H)
    ], os.path.join(docs, 'model-cross-attention-last-layer.png'), 'Every head of the last decoder layer. Rows = queries, columns = keys.')
    plots.save_heatmaps([
        dict(weights=attn['decoder_self'][0][h], query_labels=dec_labels, key_labels=dec_labels, title=f'masked decoder self-attention, layer 0, head {h}',
             query_axis='decoder input tokens', key_axis='decoder input tokens') for h in range(H)
    ], os.path.join(docs, 'model-decoder-self-attention.png'),
        'Decoder self-attention, layer 0: the causal mask zeroes every key after the query (upper triangle). Rows = queries, columns = keys.')

    long_x = pick_long(test, vocab)
    _, long_attn = run_batch(model, [long_x], [panel_inputs(long_x, special['bos'])[1]], special['pad'])
    plots.save_full_length(long_attn['cross'][c['layer']][0][c['head']],
                           f"encoder-decoder attention, decoder layer {c['layer']}, head {c['head']}, {len(long_x)} tokens of a held-out project",
                           os.path.join(docs, 'model-cross-attention-512.png'))
    write_fixture(model, example, vocab, special, new, cfg)
    write_long_fixture(long_x, long_attn, vocab, special, new, c)


def pick_example(test: Split, vocab, length=28):
    """A short held-out snippet with brackets, made of whole lines and no byte-fallback tokens."""
    rng = np.random.default_rng(7)
    for _ in range(10000):
        x = test.snippet(rng, 40)
        texts = [vocab[t] for t in x]
        ends = [i + 1 for i, t in enumerate(texts) if t in ('\n', '\r\n') and 16 <= i + 1 <= length]
        if not ends:
            continue
        x = x[:ends[-1]]
        texts = texts[:ends[-1]]
        if any('<0x' in t for t in texts) or len(bracket_pairs(texts)) < 2 or texts[0].strip() == '':
            continue
        return x
    raise SystemExit('no example snippet found')


def pick_long(test: Split, vocab, length=512):
    """512 tokens of one held-out file with no byte-fallback tokens (seeded: the same file each run)."""
    rng = np.random.default_rng(11)
    for _ in range(10000):
        x = test.snippet(rng, length)
        if len(x) == length and not any('<0x' in vocab[t] for t in x):
            return x
    raise SystemExit('no long snippet found')


def tokenize_with_typescript(text):
    bundle = os.path.join(REPO, '.train/bin/tokenize-cli.js')
    return json.loads(subprocess.run(['node', bundle], input=json.dumps([text]), capture_output=True, text=True, check=True).stdout)


def write_fixture(model, x, vocab, special, results, cfg):
    text = ''.join(vocab[t] for t in x)
    out = tokenize_with_typescript(text)
    if out['ids'][0] != x.tolist():
        raise SystemExit(f'TypeScript tokenizer disagrees on the fixture text: {out["ids"][0]} vs {x.tolist()}')
    src, tgt_in = x.tolist(), [special['bos']] + x.tolist()
    logits, attn = run_batch(model, [src], [tgt_in], special['pad'])
    probs = torch.softmax(torch.from_numpy(logits[0]).double(), -1).numpy()
    layer = cfg['N'] - 1
    fixture = {
        'description': 'Reference output of the shipped model on one held-out snippet: torch 1.13 CPU, float32 arithmetic on the F16 weights of '
                       'media/model/model.safetensors read back as float32, eval mode (no dropout), batch of one, no padding. '
                       'Encoder input = sourceIds (uncorrupted); decoder input = decoderInputIds = <s> + sourceIds.',
        'model': results['model'],
        'modelSha256': results['model_sha256'],
        'tokenizer': out['version'],
        'text': text,
        'sourceIds': src,
        'sourceTokens': [vocab[t] for t in src],
        'decoderInputIds': tgt_in,
        'top5': [{'position': t, 'ids': [int(i) for i in np.argsort(-probs[t])[:5]],
                  'probs': [float(probs[t][i]) for i in np.argsort(-probs[t])[:5]]} for t in range(3)],
        'crossAttention': {'layer': layer, 'head': 0, 'rows': 'decoder positions (queries), one per decoderInputIds entry',
                           'columns': 'encoder positions (keys), one per sourceIds entry',
                           'weights': [[float(v) for v in row] for row in attn['cross'][layer][0][0]]},
    }
    path = os.path.join(REPO, 'test/fixtures/shipped-model-sample.json')
    json.dump(fixture, open(path, 'w'), indent=1)
    print(f'wrote {os.path.relpath(path, REPO)} ({len(src)} source tokens): {text!r}')


def write_long_fixture(x, attn, vocab, special, results, head):
    """The regression test's input: 512 tokens of a held-out project and the head to check."""
    text = ''.join(vocab[t] for t in x)
    out = tokenize_with_typescript(text)
    if out['ids'][0] != x.tolist():
        raise SystemExit('TypeScript tokenizer disagrees on the long fixture text')
    argmax = attn['cross'][head['layer']][0][head['head']].argmax(-1)
    aligned = (argmax[256:] == np.arange(256, len(x))).mean()
    fixture = {
        'description': '512 tokens of a held-out project (never seen by the tokenizer or the model), in the panel framing '
                       '(encoder = the tokens, decoder = <s> + all but the last). The regression test runs the TypeScript pass on it '
                       'and checks the alignment of `head` on positions 256-511.',
        'modelSha256': results['model_sha256'],
        'tokenizer': out['version'],
        'text': text,
        'sourceIds': x.tolist(),
        'head': {'kind': 'encoder-decoder', 'layer': head['layer'], 'head': head['head']},
        'torchAlignment256to511': float(aligned),
    }
    path = os.path.join(REPO, 'test/fixtures/shipped-model-long-sample.json')
    json.dump(fixture, open(path, 'w'), indent=1)
    print(f'wrote {os.path.relpath(path, REPO)}: torch alignment on positions 256-511 {aligned:.3f}')


if __name__ == '__main__':
    main()
