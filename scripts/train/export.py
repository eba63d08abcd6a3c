"""Step 3 of `npm run train`: writes media/model/model.safetensors (docs/checkpoint-format.md).

- tensor names and order: parameterSpecs(SHIPPED) from src/model/parameters.ts (via meta.json);
  the tied embedding is stored once as `src_embed.weight` (metadata `tied`);
- F16 (round to nearest even), so 3.5 M parameters fit in under 8 MB;
- metadata: format, config (the TransformerConfig JSON), tied, tokenizer (tokenizer.json version),
  trainedLength (the longest sequence in training: every position below it was trained) and a short
  description of the training run.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402

from model import CodeTransformer  # noqa: E402
from safetensors_io import read_safetensors, write_safetensors  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
MAX_BYTES = 8 * 1024 * 1024


def load_exported(path: str, cfg: dict) -> CodeTransformer:
    """The model as the extension sees it: weights read back from the F16 file, in float32."""
    tensors, metadata = read_safetensors(path)
    model = CodeTransformer(cfg)
    state = {k: torch.from_numpy(v) for k, v in tensors.items()}
    state['generator.weight'] = state['src_embed.weight']
    model.load_state_dict(state)
    model.eval()
    return model


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', default=os.path.join(REPO, '.train/data'))
    ap.add_argument('--checkpoint', default=os.path.join(REPO, '.train/run/checkpoint.pt'))
    ap.add_argument('--out', default=os.path.join(REPO, 'media/model/model.safetensors'))
    args = ap.parse_args()

    meta = json.load(open(os.path.join(args.data, 'meta.json')))
    ck = torch.load(args.checkpoint, map_location='cpu')
    if ck['tokenizer'] != meta['tokenizer']:
        raise SystemExit(f"checkpoint was trained with tokenizer {ck['tokenizer']}, data is {meta['tokenizer']}")
    state = ck['model']
    assert torch.equal(state['generator.weight'], state['src_embed.weight']), 'embeddings are not tied'
    tensors = {}
    for spec in meta['parameters']:
        t = state[spec['name']]
        if list(t.shape) != spec['shape']:
            raise SystemExit(f"{spec['name']}: shape {list(t.shape)} but the contract says {spec['shape']}")
        tensors[spec['name']] = t.numpy()
    extra = set(state) - set(tensors) - {'generator.weight'}
    if extra:
        raise SystemExit(f'parameters not in the contract: {sorted(extra)}')
    metadata = {
        'format': 'transformer-xray/1',
        'config': json.dumps(meta['config'], separators=(',', ':')),
        'tied': json.dumps({'src_embed.weight': ['tgt_embed.weight', 'generator.weight']}, separators=(',', ':')),
        'tokenizer': meta['tokenizer'],
        'description': 'Transformer X-Ray code model: denoising encoder-decoder trained on permissively licensed TS/JS/Python; see docs/model-card.md',
        'trainedLength': str(meta['config']['maxLength']),
        'training': json.dumps({'steps': ck['step'], 'minutes': round(ck['elapsed'] / 60, 1), 'objective': 'denoising (span mask, delete, swap; 40% clean)',
                                'lengths': '32-512 log-uniform, half the batches at a random position offset'}, separators=(',', ':')),
    }
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    size = write_safetensors(args.out, tensors, metadata, 'F16')
    if size > MAX_BYTES:
        raise SystemExit(f'{args.out} is {size} bytes, over the {MAX_BYTES} limit')
    load_exported(args.out, meta['config'])  # fails loudly if names or shapes do not load back
    print(f'wrote {os.path.relpath(args.out, REPO)}: {size} bytes, {sum(v.size for v in tensors.values())} parameters, step {ck["step"]}')


if __name__ == '__main__':
    main()
