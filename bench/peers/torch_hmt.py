"""The course's HMT in PyTorch: the training-speed peer of the C++ trainer.

Reads the batch that `lml_train_bench --export DIR` wrote (config, parameter
layout, initial parameters, documents, loss weights, our loss and gradient),
builds the same model from the same parameters, checks that its loss and
gradient agree with ours, then times the same training step (forward +
backward + gradient clipping + AdamW) on one thread.

    OPENBLAS_NUM_THREADS=1 python3 bench/peers/torch_hmt.py DIR [--steps 7] [--threads 1]

Prints one JSON line: {"impl": "pytorch-cpu", "tokens_per_s", "ms_median",
"loss", "ours_loss", "grad_rel_err", "torch": version}.

The model (shapes for one batch of B documents, d = dModel, rows = positions):
  backbone(X [B, rows, d]) = LN_f(blocks(X + pos[:rows])), pre-LN blocks with
  causal multi-head attention (no biases) and a tanh-GELU MLP; logits = H · tok_embᵀ.
  Per segment n: S_n = backbone([T, H_n[:j], T])[:, j+1]; P_n = softmax((S_n W_q)
  (M W_k)ᵀ / √d_r) · M over the last N memories (P_0 for segment 0); out =
  backbone([P_n, emb(previous segment's last k bytes) (not for segment 0), H_n, P_n]);
  M_n = out[:, -1]. Losses as the C++ trainer: answer, LM, write probe, retrieval aux.
"""
import json
import math
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F


def main():
    d_ir = sys.argv[1]
    steps = int(sys.argv[sys.argv.index('--steps') + 1]) if '--steps' in sys.argv else 7
    threads = int(sys.argv[sys.argv.index('--threads') + 1]) if '--threads' in sys.argv else 1
    torch.set_num_threads(threads)
    spec = json.load(open(f'{d_ir}/batch.json'))
    c = spec['config']
    flat = np.fromfile(f'{d_ir}/params.f32', dtype='<f4')
    ours_grad = np.fromfile(f'{d_ir}/grad.f32', dtype='<f4')
    P = {s['name']: torch.tensor(flat[s['offset']:s['offset'] + s['rows'] * s['cols']].reshape(s['rows'], s['cols']),
                                 requires_grad=True) for s in spec['layout']}
    d, H, layers = c['dModel'], c['heads'], c['layers']
    L, j, k, N = c['L'], c['j'], c['k'], c['N']
    C = c['probeClasses']
    lw = spec['loss_weights']
    docs = spec['docs']
    B = len(docs)
    data = torch.tensor(np.stack([np.frombuffer(doc['bytes'].encode('latin-1'), dtype=np.uint8) for doc in docs]).astype(np.int64))
    S = data.shape[1] // L
    ans_pos = [doc['answerPos'] for doc in docs]
    ans_len = docs[0]['answerLen']
    fact_seg = [doc['factSegment'] for doc in docs]
    assert all(len(doc['facts']) == 1 for doc in docs), 'the bench batch has one fact per document'

    def cls(ch):
        return ord(ch) - 48 if ch.isdigit() else 10 + ord(ch) - 65

    probe_seg = [doc['facts'][0]['segment'] for doc in docs]
    probe_tgt = torch.tensor([[cls(ch) for ch in doc['facts'][0]['payload']] for doc in docs])

    def backbone(x):
        n = x.shape[1]
        x = x + P['pos_emb'][:n]
        mask = torch.ones(n, n, dtype=torch.bool).triu(1)
        for l in range(layers):
            p = f'layer{l}.'
            h = F.layer_norm(x, (d,), P[p + 'ln1.gamma'][0], P[p + 'ln1.beta'][0], 1e-5)
            q, kk, v = (h @ P[p + 'attn.wqkv']).split(d, dim=2)
            q, kk, v = (t.view(x.shape[0], n, H, d // H).transpose(1, 2) for t in (q, kk, v))
            a = (q @ kk.transpose(-2, -1)) / math.sqrt(d // H)
            a = a.masked_fill(mask, float('-inf')).softmax(-1)
            x = x + (a @ v).transpose(1, 2).reshape(x.shape[0], n, d) @ P[p + 'attn.wo']
            h = F.layer_norm(x, (d,), P[p + 'ln2.gamma'][0], P[p + 'ln2.beta'][0], 1e-5)
            x = x + F.gelu(h @ P[p + 'mlp.w1'] + P[p + 'mlp.b1'][0], approximate='tanh') @ P[p + 'mlp.w2'] + P[p + 'mlp.b2'][0]
        return F.layer_norm(x, (d,), P['final_ln.gamma'][0], P['final_ln.beta'][0], 1e-5)

    def loss_fn():
        emb = P['tok_emb']
        T = P['hmt.summary_token'][0].expand(B, 1, d)
        mems, keys, logits = [], [], []
        aux = torch.zeros(())
        for n in range(S):
            Hn = emb[data[:, n * L:(n + 1) * L]]
            if n == 0:
                Pn = P['hmt.initial_memory'][0].expand(B, d)
            else:
                Sn = backbone(torch.cat([T, Hn[:, :j], T], 1))[:, -1]
                w0 = max(0, n - N)
                M = torch.stack(mems[w0:], 1)
                K = torch.stack(keys[w0:], 1)
                sc = torch.einsum('br,bnr->bn', Sn @ P['hmt.w_q'], K) / math.sqrt(P['hmt.w_q'].shape[1])
                Pn = torch.einsum('bn,bnd->bd', sc.softmax(-1), M)
                if n == S - 1:
                    aux = F.cross_entropy(sc, torch.tensor([f - w0 for f in fact_seg]))
            parts = [Pn[:, None]] + ([emb[data[:, n * L - k:n * L]]] if n > 0 else []) + [Hn, Pn[:, None]]
            out = backbone(torch.cat(parts, 1))
            first = 1 + (k if n > 0 else 0)
            logits.append(out[:, first:first + L] @ emb.t())
            mems.append(out[:, -1])
            keys.append(out[:, -1] @ P['hmt.w_k'])
        lg = torch.cat(logits, 1)[:, :-1]               # position g predicts byte g + 1
        tgt = data[:, 1:]
        is_ans = torch.zeros_like(tgt, dtype=torch.bool)
        for b in range(B):
            is_ans[b, ans_pos[b] - 1:ans_pos[b] - 1 + ans_len] = True
        ce = F.cross_entropy(lg.reshape(-1, 256), tgt.reshape(-1), reduction='none').view(B, -1)
        ans = (ce * is_ans).sum() / is_ans.sum()
        lm = (ce * ~is_ans).sum() / (~is_ans).sum()
        Mf = torch.stack([mems[s][b] for b, s in enumerate(probe_seg)])
        pl = (Mf @ P['probe.w'] + P['probe.b'][0]).view(B, -1, C)[:, :probe_tgt.shape[1]]
        probe = F.cross_entropy(pl.reshape(-1, C), probe_tgt.reshape(-1))
        return lw['answer'] * ans + lw['lm'] * lm + lw['probe'] * probe + lw['aux'] * aux

    params = [P[s['name']] for s in spec['layout']]
    loss = loss_fn()
    loss.backward()
    g = torch.cat([p.grad.reshape(-1) for p in params]).numpy()
    rel = float(np.linalg.norm(g - ours_grad) / np.linalg.norm(ours_grad))
    o = spec['optimizer']
    decay = [P[s['name']] for s in spec['layout'] if s['decay']]
    nodecay = [P[s['name']] for s in spec['layout'] if not s['decay']]
    opt = torch.optim.AdamW([{'params': decay, 'weight_decay': o['weightDecay']}, {'params': nodecay, 'weight_decay': 0.0}],
                            lr=o['lr'], betas=(o['beta1'], o['beta2']), eps=o['eps'])

    def step():
        opt.zero_grad(set_to_none=True)
        l = loss_fn()
        l.backward()
        torch.nn.utils.clip_grad_norm_(params, o['clip'])
        opt.step()
        return l.item()

    t0 = time.perf_counter()
    while time.perf_counter() - t0 < 0.5:
        step()
    ms = []
    for _ in range(steps):
        t = time.perf_counter()
        step()
        ms.append((time.perf_counter() - t) * 1000)
    med = statistics.median(ms)
    print(json.dumps({'impl': 'pytorch-cpu', 'tokens_per_step': int(data.numel()), 'ms_median': round(med, 3),
                      'tokens_per_s': round(data.numel() / (med / 1000), 1), 'loss': loss.item(),
                      'ours_loss': spec['ours']['loss'], 'grad_rel_err': rel, 'torch': torch.__version__,
                      'threads': torch.get_num_threads()}))


if __name__ == '__main__':
    main()
