"""Step 4 of `npm run train`: evidence for docs/model-card.md, measured on HELD-OUT files with the
exported F16 weights (exactly what the extension loads).

Writes .train/eval.json, docs/model-*.png and test/fixtures/shipped-model-sample.json.

Definitions (0-based). A snippet x_0..x_{n-1} is fed uncorrupted: encoder input = x (n tokens),
decoder input y = <s>, x_0, ..., x_{n-1} (n+1 tokens), targets x_0, ..., x_{n-1}, </s>.
- Alignment: decoder query t (input y_t, target x_t), for t = 0..n-1, is aligned when its largest
  encoder-decoder attention weight is on encoder key t, the source copy of the token it must output
  (the </s> query t = n has no source token and is left out).
- Previous-token head (encoder self-attention): query i (1..n-1) is a hit when its largest weight is
  on key i-1.
- Bracket head: for a closing bracket token at i whose opening bracket (matched with a stack over
  ( [ { ) is at j <= i-2 (adjacent pairs left out: a previous-token head would score them), a hit
  when the largest weight of query i is on key j (encoder self-attention), or of query i+1 on key
  j+1 (decoder self-attention, whose position k holds x_{k-1}).
A head's score is hits / opportunities over all snippets; "best head" is the best of a layer's heads.
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

from data import MODES, Split, corrupt  # noqa: E402
from export import load_exported  # noqa: E402
from model import forward_with_attention  # noqa: E402
import plots  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
OPEN, CLOSE = {'(': ')', '[': ']', '{': '}'}, {')', ']', '}'}


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
    """hits / opportunities per (layer, head)."""

    def __init__(self, layers, heads):
        self.hits = np.zeros((layers, heads))
        self.total = np.zeros((layers, heads))

    def add(self, layer, argmax_rows, queries, expected_keys):
        if len(queries) == 0:
            return
        got = argmax_rows[:, queries]  # [heads, q]
        self.hits[layer] += (got == np.asarray(expected_keys)[None, :]).sum(1)
        self.total[layer] += len(queries)

    def share(self):
        return self.hits / np.maximum(self.total, 1)


def run(model, src, tgt_in):
    logits, attn = forward_with_attention(model, torch.tensor([src]), torch.tensor([tgt_in]))
    return logits[0], {k: [w[0].numpy() for w in v] for k, v in attn.items()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', default=os.path.join(REPO, '.train/data'))
    ap.add_argument('--model', default=os.path.join(REPO, 'media/model/model.safetensors'))
    ap.add_argument('--snippets', type=int, default=300)
    ap.add_argument('--seed', type=int, default=2024)
    args = ap.parse_args()
    torch.set_num_threads(1)

    meta = json.load(open(os.path.join(args.data, 'meta.json')))
    cfg, special, vocab = meta['config'], meta['special'], meta['vocab']
    N, H = cfg['N'], cfg['h']
    model = load_exported(args.model, cfg)
    test = Split(args.data, 'test')
    rng = np.random.default_rng(args.seed)
    snippets = [test.snippet(rng, int(rng.integers(32, 97))) for _ in range(args.snippets)]

    # 1. Teacher-forced reconstruction accuracy, per corruption mode.
    accuracy = {}
    for mode in MODES:
        correct = count = 0
        mode_rng = np.random.default_rng(args.seed + 1)
        for x in snippets:
            src = corrupt(x, mode_rng, special['mask'], mode)
            tgt_in = [special['bos']] + x.tolist()
            tgt_out = x.tolist() + [special['eos']]
            logits, _ = run(model, src.tolist(), tgt_in)
            correct += int((logits.argmax(-1).numpy() == np.array(tgt_out)).sum())
            count += len(tgt_out)
        accuracy[mode] = correct / count

    # 2. Attention patterns on uncorrupted inputs.
    cross = HeadScores(N, H)
    prev = HeadScores(N, H)
    enc_bracket, dec_bracket = HeadScores(N, H), HeadScores(N, H)
    enc_far, far_count = HeadScores(N, H), 0  # pairs 4+ tokens apart: a local look-back head cannot score them
    bracket_count = 0
    for x in snippets:
        n = len(x)
        _, attn = run(model, x.tolist(), [special['bos']] + x.tolist())
        pairs = [(j, i) for j, i in bracket_pairs([vocab[t] for t in x]) if i - j >= 2]
        bracket_count += len(pairs)
        far = [(j, i) for j, i in pairs if i - j >= 4]
        far_count += len(far)
        for layer in range(N):
            cross.add(layer, attn['cross'][layer].argmax(-1), np.arange(n), np.arange(n))
            prev.add(layer, attn['encoder_self'][layer].argmax(-1), np.arange(1, n), np.arange(0, n - 1))
            enc_bracket.add(layer, attn['encoder_self'][layer].argmax(-1), [i for j, i in pairs], [j for j, i in pairs])
            dec_bracket.add(layer, attn['decoder_self'][layer].argmax(-1), [i + 1 for j, i in pairs], [j + 1 for j, i in pairs])
            enc_far.add(layer, attn['encoder_self'][layer].argmax(-1), [i for j, i in far], [j for j, i in far])

    def best(scores, layer=None):
        s = scores.share()
        if layer is None:
            layer, head = np.unravel_index(s.argmax(), s.shape)
        else:
            head = s[layer].argmax()
        return {'layer': int(layer), 'head': int(head), 'share': float(s[layer, head])}

    results = {
        'model': os.path.relpath(args.model, REPO),
        'model_sha256': hashlib.sha256(open(args.model, 'rb').read()).hexdigest(),
        'tokenizer': meta['tokenizer'],
        'held_out_snippets': args.snippets,
        'held_out_target_tokens': int(sum(len(x) + 1 for x in snippets)),
        'teacher_forced_accuracy': accuracy,
        'cross_attention_alignment': {'per_layer_head': cross.share().round(4).tolist(), 'best_last_layer': best(cross, N - 1), 'best_any_layer': best(cross),
                                      'queries': int(cross.total[0, 0])},
        'encoder_previous_token': {'per_layer_head': prev.share().round(4).tolist(), 'best': best(prev), 'queries': int(prev.total[0, 0])},
        'bracket_matching': {'pairs': bracket_count, 'encoder_self': {'per_layer_head': enc_bracket.share().round(4).tolist(), 'best': best(enc_bracket)},
                             'decoder_self': {'per_layer_head': dec_bracket.share().round(4).tolist(), 'best': best(dec_bracket)},
                             'encoder_self_pairs_4_or_more_apart': {'pairs': far_count, 'per_layer_head': enc_far.share().round(4).tolist(), 'best': best(enc_far)}},
    }
    json.dump(results, open(os.path.join(REPO, '.train/eval.json'), 'w'), indent=1)
    print(json.dumps({k: v for k, v in results.items() if k != 'model_sha256'}, indent=1))

    # 3. Figures.
    docs = os.path.join(REPO, 'docs')
    plots.training_curve(os.path.join(REPO, '.train/run/log.csv'), os.path.join(docs, 'model-training-curve.png'))
    example = pick_example(test, vocab, special)
    toks = [vocab[t] for t in example]
    dec_labels = ['<s>'] + toks
    _, attn = run(model, example.tolist(), [special['bos']] + example.tolist())
    c, p = results['cross_attention_alignment']['best_last_layer'], results['encoder_previous_token']['best']
    plots.save_heatmaps([
        dict(weights=attn['cross'][c['layer']][c['head']], query_labels=dec_labels, key_labels=toks,
             title=f"encoder-decoder attention, decoder layer {c['layer']}, head {c['head']}", query_axis='decoder input tokens', key_axis='encoder (source) tokens'),
        dict(weights=attn['encoder_self'][p['layer']][p['head']], query_labels=toks, key_labels=toks,
             title=f"encoder self-attention, layer {p['layer']}, head {p['head']} (previous token)", query_axis='source tokens', key_axis='source tokens'),
    ], os.path.join(docs, 'model-attention-heads.png'), 'Held-out code, uncorrupted input. Rows = queries, columns = keys.')
    plots.save_heatmaps([
        dict(weights=attn['cross'][N - 1][h], query_labels=dec_labels, key_labels=toks, title=f'encoder-decoder attention, decoder layer {N - 1}, head {h}',
             query_axis='decoder input tokens', key_axis='encoder (source) tokens') for h in range(H)
    ], os.path.join(docs, 'model-cross-attention-last-layer.png'), 'Every head of the last decoder layer. Rows = queries, columns = keys.')
    plots.save_heatmaps([
        dict(weights=attn['decoder_self'][0][h], query_labels=dec_labels, key_labels=dec_labels, title=f'masked decoder self-attention, layer 0, head {h}',
             query_axis='decoder input tokens', key_axis='decoder input tokens') for h in range(H)
    ], os.path.join(docs, 'model-decoder-self-attention.png'),
        'Decoder self-attention, layer 0: the causal mask zeroes every key after the query (upper triangle). Rows = queries, columns = keys.')

    # 4. Fixture for the TypeScript forward pass.
    write_fixture(model, example, vocab, special, results, cfg)


def pick_example(test: Split, vocab, special, length=28):
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


def write_fixture(model, x, vocab, special, results, cfg):
    text = ''.join(vocab[t] for t in x)
    bundle = os.path.join(REPO, '.train/bin/tokenize-cli.js')
    out = json.loads(subprocess.run(['node', bundle], input=json.dumps([text]), capture_output=True, text=True, check=True).stdout)
    if out['ids'][0] != x.tolist():
        raise SystemExit(f'TypeScript tokenizer disagrees on the fixture text: {out["ids"][0]} vs {x.tolist()}')
    src, tgt_in = x.tolist(), [special['bos']] + x.tolist()
    logits, attn = run(model, src, tgt_in)
    probs = torch.softmax(logits.double(), -1).numpy()
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
                           'weights': [[float(v) for v in row] for row in attn['cross'][layer][0]]},
    }
    path = os.path.join(REPO, 'test/fixtures/shipped-model-sample.json')
    os.makedirs(os.path.dirname(path), exist_ok=True)
    json.dump(fixture, open(path, 'w'), indent=1)
    print(f'wrote {os.path.relpath(path, REPO)} ({len(src)} source tokens): {text!r}')


if __name__ == '__main__':
    main()
