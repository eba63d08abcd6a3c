"""Step 2 of `npm run train`: trains the shipped code model on CPU (denoising, paper recipe).

    /usr/bin/python3 scripts/train/train.py [--steps 4000] [--max-minutes 45]

Reproducible: numpy and torch are seeded, batches are drawn from one seeded generator, and a
run that completes all --steps gives the same weights (on the same torch/BLAS build). Resumable:
a checkpoint is written to .train/run/ every --save-every steps and picked up on restart, so a
crash loses at most that many steps. --max-minutes stops early (then saves) so the job is bounded.

Threads: one torch thread and two OpenBLAS threads were measured fastest on the 2-core machine
(docs: /work/shared/notes/training.md); Debian's torch must load OpenBLAS, not the reference BLAS.
"""
import argparse
import csv
import json
import os
import sys
import time

os.environ.setdefault('OPENBLAS_NUM_THREADS', '2')
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import torch  # noqa: E402

from data import Split, make_batch  # noqa: E402
from model import CodeTransformer  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))


def learning_rate(step: int, d_model: int, warmup: int, factor: float) -> float:
    """Paper 5.3: lrate = d_model^-0.5 * min(step^-0.5, step * warmup^-1.5), times `factor`."""
    step = max(step, 1)
    return factor * d_model ** -0.5 * min(step ** -0.5, step * warmup ** -1.5)


def check_blas() -> str:
    libs = sorted({line.split()[-1] for line in open('/proc/self/maps') if 'blas' in line})
    if not any('openblas' in lib for lib in libs):
        print(f'WARNING: torch does not use OpenBLAS ({libs}); training will be ~20x slower', flush=True)
    return ', '.join(libs)


@torch.no_grad()
def evaluate(model, batches, pad: int):
    """Teacher-forced loss (no smoothing) and token accuracy over fixed held-out batches."""
    model.eval()
    loss_sum, correct, count = 0.0, 0, 0
    for src, tgt_in, tgt_out in batches:
        logits = model(src, tgt_in, pad)
        keep = tgt_out != pad
        loss_sum += torch.nn.functional.cross_entropy(logits[keep], tgt_out[keep], reduction='sum').item()
        correct += (logits.argmax(-1)[keep] == tgt_out[keep]).sum().item()
        count += keep.sum().item()
    model.train()
    return loss_sum / count, correct / count


def warm_start(model, path: str, vocab_map_path: str):
    """Every weight of an earlier model of the same sizes but another vocabulary: the attention,
    feed-forward and norm weights as they are; the embedding row (and output bias) of each new id the
    mean of the earlier ids that spell it (vocab-map.ts), so an id both vocabularies share keeps its
    row. The earlier model's circuits (copying by position, previous-token heads) survive the change
    of tokenizer and training extends them."""
    from safetensors_io import read_safetensors
    tensors, _ = read_safetensors(path)
    vocab_map = json.load(open(vocab_map_path))
    state = model.state_dict()
    old_embed = torch.from_numpy(tensors['src_embed.weight']).float()
    old_bias = torch.from_numpy(tensors['generator.bias']).float()
    for name, value in tensors.items():
        if name in ('src_embed.weight', 'generator.bias'):
            continue
        if tuple(state[name].shape) != value.shape:
            raise SystemExit(f'--init-from: {name} has shape {value.shape}, this model {tuple(state[name].shape)}')
        state[name] = torch.from_numpy(value).float()
    embed = torch.stack([old_embed[ids].mean(0) for ids in vocab_map])
    state['src_embed.weight'] = embed
    state['generator.weight'] = embed
    state['generator.bias'] = torch.stack([old_bias[ids].mean() for ids in vocab_map])
    model.load_state_dict(state)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', default=os.path.join(REPO, '.train/data'))
    ap.add_argument('--out', default=os.path.join(REPO, '.train/run'))
    ap.add_argument('--steps', type=int, default=6000)
    ap.add_argument('--max-minutes', type=float, default=110.0)
    ap.add_argument('--tokens-per-batch', type=int, default=2048)
    ap.add_argument('--warmup', type=int, default=500, help='short run: about 10%% of the steps (the paper used 4000 of 100k)')
    ap.add_argument('--lr-factor', type=float, default=0.5, help='scales the paper schedule: peak 2.2e-3 at dModel 128, warmup 400')
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--init-from', help='warm start: an earlier model (safetensors) of the same sizes, another tokenizer')
    ap.add_argument('--vocab-map', help='with --init-from: the earlier ids of each new id (vocab-map.ts)')
    ap.add_argument('--device', default='cuda' if torch.cuda.is_available() else 'cpu', help='cpu (OpenBLAS) or cuda: the same script, the same batches')
    ap.add_argument('--full-share', type=float, default=0.0, help='share of batches of full length (maxLength) at position 0')
    ap.add_argument('--eval-every', type=int, default=200)
    ap.add_argument('--save-every', type=int, default=200)
    args = ap.parse_args()

    torch.set_num_threads(1)
    blas = check_blas()
    meta = json.load(open(os.path.join(args.data, 'meta.json')))
    cfg, special = meta['config'], meta['special']
    os.makedirs(args.out, exist_ok=True)
    # Held-out projects (split 'test') are for the model card only; training follows 'valid' files.
    train, valid = Split(args.data, 'train'), Split(args.data, 'valid')

    torch.manual_seed(args.seed)
    model = CodeTransformer(cfg)
    if args.init_from:
        warm_start(model, args.init_from, args.vocab_map)
    model = model.to(args.device)
    opt = torch.optim.Adam(model.parameters(), lr=0.0, betas=(0.9, 0.98), eps=1e-9)
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=special['pad'], label_smoothing=0.1)
    rng = np.random.default_rng(args.seed)

    # Fixed batches of validation files, the same at every evaluation: short and full length.
    eval_rng = np.random.default_rng(1234)
    as_t = lambda b: tuple(torch.from_numpy(a).to(args.device) for a in b[:3])  # noqa: E731
    batch = lambda corrupt, length: as_t(make_batch(valid, eval_rng, 2048, special, corrupt_inputs=corrupt, length=length, offsets=False))  # noqa: E731
    eval_clean = [batch(False, 64), batch(False, 512)]
    eval_noisy = [batch(True, 64), batch(True, 512)]

    ckpt_path = os.path.join(args.out, 'checkpoint.pt')
    log_path = os.path.join(args.out, 'log.csv')
    step, elapsed = 0, 0.0
    if os.path.exists(ckpt_path):
        ck = torch.load(ckpt_path, map_location=args.device)
        model.load_state_dict(ck['model'])
        opt.load_state_dict(ck['opt'])
        rng.bit_generator.state = ck['rng']
        torch.set_rng_state(ck['torch_rng'])
        step, elapsed = ck['step'], ck['elapsed']
        print(f'resumed at step {step} ({elapsed / 60:.1f} min trained)', flush=True)
    else:
        with open(log_path, 'w', newline='') as f:
            csv.writer(f).writerow(['step', 'minutes', 'lr', 'train_loss', 'valid_loss_clean', 'valid_acc_clean', 'valid_loss_corrupted', 'valid_acc_corrupted'])
    print(f'params {sum(p.numel() for p in model.parameters())}, BLAS {blas}, steps {args.steps}, tokens/batch {args.tokens_per_batch}', flush=True)

    def save():
        tmp = ckpt_path + '.tmp'
        torch.save({'model': model.state_dict(), 'opt': opt.state_dict(), 'rng': rng.bit_generator.state,
                    'torch_rng': torch.get_rng_state(), 'step': step, 'elapsed': elapsed, 'config': cfg,
                    'tokenizer': meta['tokenizer'], 'args': vars(args)}, tmp)
        os.replace(tmp, ckpt_path)

    model.train()
    start, run_losses = time.time() - elapsed, []
    while step < args.steps:
        step += 1
        lr = learning_rate(step, cfg['dModel'], args.warmup, args.lr_factor)
        for g in opt.param_groups:
            g['lr'] = lr
        *arrays, offset = make_batch(train, rng, args.tokens_per_batch, special, max_length=cfg['maxLength'], full_share=args.full_share)
        src, tgt_in, tgt_out = as_t(arrays)
        logits = model(src, tgt_in, special['pad'], offset)
        loss = loss_fn(logits.reshape(-1, logits.shape[-1]), tgt_out.reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        run_losses.append(loss.item())
        elapsed = time.time() - start
        if step % args.eval_every == 0 or step == args.steps:
            lc, ac = evaluate(model, eval_clean, special['pad'])
            ln, an = evaluate(model, eval_noisy, special['pad'])
            row = [step, round(elapsed / 60, 3), f'{lr:.3e}', round(float(np.mean(run_losses)), 4), round(lc, 4), round(ac, 4), round(ln, 4), round(an, 4)]
            run_losses = []
            with open(log_path, 'a', newline='') as f:
                csv.writer(f).writerow(row)
            print(' '.join(map(str, row)), f'{elapsed / step:.2f}s/step', flush=True)
        if step % args.save_every == 0:
            save()
        if elapsed > args.max_minutes * 60:
            print(f'stopping at step {step}: --max-minutes {args.max_minutes} reached', flush=True)
            break
    save()
    print(f'done: step {step}, {elapsed / 60:.1f} min', flush=True)


if __name__ == '__main__':
    main()
