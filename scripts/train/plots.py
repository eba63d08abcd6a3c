"""Figures for docs/model-card.md (matplotlib, Agg backend: no display needed)."""
import csv

import matplotlib

matplotlib.use('Agg')
import matplotlib.pyplot as plt  # noqa: E402


def visible(token: str) -> str:
    """Token text with whitespace made visible, for axis labels."""
    return token.replace(' ', '·').replace('\r\n', '⏎').replace('\n', '↵').replace('\t', '→') or '∅'


def training_curve(log_csv: str, out_png: str) -> None:
    rows = list(csv.DictReader(open(log_csv)))
    step = [int(r['step']) for r in rows]
    col = lambda k: [float(r[k]) for r in rows]  # noqa: E731
    fig, (a, b) = plt.subplots(1, 2, figsize=(11, 4))
    a.plot(step, col('train_loss'), label='train (label-smoothed, 0.1)')
    a.plot(step, col('valid_loss_clean'), label='validation files, clean input')
    a.plot(step, col('valid_loss_corrupted'), label='validation files, corrupted input')
    a.set_xlabel('step')
    a.set_ylabel('cross-entropy (nats/token)')
    a.set_yscale('log')
    a.legend()
    a.set_title('Loss')
    b.plot(step, col('valid_acc_clean'), label='clean input')
    b.plot(step, col('valid_acc_corrupted'), label='corrupted input')
    b.set_xlabel('step')
    b.set_ylabel('teacher-forced token accuracy')
    b.set_ylim(0, 1)
    b.legend()
    b.set_title('Validation reconstruction accuracy (64 and 512 tokens)')
    fig.tight_layout()
    fig.savefig(out_png, dpi=110)
    plt.close(fig)


def attention_heatmap(ax, weights, query_labels, key_labels, title: str, query_axis: str, key_axis: str) -> None:
    """One head: rows = queries (the tokens that attend), columns = keys (the tokens attended to)."""
    im = ax.imshow(weights, cmap='viridis', vmin=0, vmax=1, aspect='auto')
    ax.set_xticks(range(len(key_labels)))
    ax.set_xticklabels([visible(t) for t in key_labels], rotation=90, fontsize=7)
    ax.set_yticks(range(len(query_labels)))
    ax.set_yticklabels([visible(t) for t in query_labels], fontsize=7)
    ax.set_xlabel(f'keys: {key_axis}')
    ax.set_ylabel(f'queries: {query_axis}')
    ax.set_title(title, fontsize=9)
    return im


def save_heatmaps(panels, out_png: str, suptitle: str) -> None:
    """`panels`: list of dicts with the arguments of attention_heatmap."""
    n = len(panels)
    fig, axes = plt.subplots(1, n, figsize=(6.2 * n, 6.2), squeeze=False)
    im = None
    for ax, p in zip(axes[0], panels):
        im = attention_heatmap(ax, **p)
    fig.colorbar(im, ax=list(axes[0]), shrink=0.6, label='attention weight')
    fig.suptitle(suptitle)
    fig.savefig(out_png, dpi=110, bbox_inches='tight')
    plt.close(fig)


def by_position(results: dict, bucket: int, out_png: str) -> None:
    """Alignment and teacher-forced accuracy per position bucket at 512 tokens, old and new model."""
    fig, (a, b) = plt.subplots(1, 2, figsize=(11, 4))
    for name, style in (('old', '--'), ('new', '-')):
        if name not in results:
            continue
        r = results[name]['by_length']['512']
        x = [bucket * i for i in range(len(r['accuracy_by_bucket']))]
        h = r['alignment_best_last_layer']
        a.plot(x, r['alignment_by_bucket'], style, marker='o', label=f"{name} model (decoder layer {h['layer']}, head {h['head']})")
        b.plot(x, r['accuracy_by_bucket'], style, marker='o', label=f'{name} model')
    for ax, title in ((a, 'Alignment of the best last-layer cross head'), (b, 'Teacher-forced accuracy, clean input')):
        ax.set_xlabel(f'query position (start of each {bucket}-position bucket)')
        ax.set_ylim(0, 1)
        ax.grid(alpha=0.3)
        ax.legend(loc='lower left')
        ax.set_title(title, fontsize=10)
    fig.suptitle('Held-out projects, 512-token selections, the panel framing')
    fig.tight_layout()
    fig.savefig(out_png, dpi=110)
    plt.close(fig)


def save_full_length(weights, title: str, out_png: str) -> None:
    """One full-length map without token labels (512 labels cannot be read): positions on the axes."""
    fig, ax = plt.subplots(figsize=(7, 6.4))
    im = ax.imshow(weights, cmap='viridis', vmin=0, vmax=min(1.0, float(weights.max())), aspect='auto', interpolation='nearest')
    ax.set_xlabel('keys: encoder (source) positions')
    ax.set_ylabel('queries: decoder positions')
    ax.set_title(title, fontsize=9)
    fig.colorbar(im, ax=ax, shrink=0.8, label='attention weight')
    fig.savefig(out_png, dpi=110, bbox_inches='tight')
    plt.close(fig)
