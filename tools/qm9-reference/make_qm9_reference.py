# SPDX-License-Identifier: Apache-2.0
"""Writes the QM9 reference of the official SEGNN code: a float64 forward pass and 20 Adam steps.

What it computes, with the unmodified official repository (RobDHess/Steerable-E3-GNN at 1b95898)
and e3nn 0.5.1 / PyTorch 2.3.1:

* the official QM9 model as main.py builds it for ``--dataset qm9`` (input 5x0e one-hot, output
  1x0e, node and edge attributes SH(lmax_attr), one additional message scalar, hidden irreps
  WeightBalancedIrreps(hidden_features x 0e, SH(lmax_attr), lmax_h), instance norm, average
  pooling, graph task), built with torch's default dtype set to float64 BEFORE construction, so
  that its constants (3j tables, the sqrt_k = 1/sqrt(fan_in) buffers, the gate's) are doubles;
  ``torch.manual_seed(--seed)`` just before construction;
* molecules of a folder of release-format QM9 .xyz files featurized as the official
  qm9/dataset.py does (one_hot H C N O F, radius graph ``radius_graph(pos, r, loop=False)`` per
  molecule, ``get_O3_attr``: edge SH of pos[src] - pos[dst] with component normalization, node
  attributes the mean of the incoming edge SH, the squared distance as the message scalar),
  collated as PyG does (node numbers offset per molecule, a batch vector); positions stay float64
  (the data set itself rounds them to float32);
* the forward pass on the --forward molecules: the node features after pre_pool2 (pre-pool), the
  pooled features (the input of post_pool1), the output of post_pool1, and the graph readout;
* training parity: from the same initial weights, --steps steps of the official qm9/train.py loop
  body (``out = model(graph).squeeze()``, L1 loss against (alpha - mean) / MAD, zero_grad,
  backward, ``Adam(lr, weight_decay)``.step()) on batches of --batch-size molecules of all the
  folder's molecules in file-name order, cycled; the loss of every step (before its update) and
  the graph readout of the forward molecules after the last step; once with the official
  hyperparameters and once with lr, betas, eps and weight decay rounded to float32 (the values a
  DJL optimizer, which holds them as floats, actually uses).

The output is one gzipped JSON file: ``state_dict`` (the model's parameters by their official
names, flat, the layout that segnn-djl's ``E3nnWeights.read`` takes) with ``dtype: float64`` (its
sqrt_k buffers are doubles), the configuration, the forward molecules (GDB-9 indices, atom counts,
edge_index, x, node_attr, edge_attr, additional_message_features) and outputs, and the training
batches, statistics and losses. JSON numbers are exact round trips of the doubles.

Run with the official harness (shared/tools/official-harness, see its HOW-TO.md: a venv with
torch==2.3.1 e3nn==0.5.1 "numpy<2" scipy, the official code extracted under <harness>/src and the
stand-ins under <harness>/shims):

  <harness>/venv/bin/python tools/qm9-reference/make_qm9_reference.py --harness <harness> \\
      --xyz ../shared/data/qm9-sample \\
      --out segnn-examples/src/test/resources/reference/segnn_qm9_reference.json.gz

The checked-in resource uses the defaults (hidden features 16 -> 5x0e+5x1o+5x2e: the paper's
structure, 7 layers, lmax_attr 3, lmax_h 2, with fewer channels to keep the file small). The
paper's full size (--hidden-features 128 -> 36x0e+36x1o+36x2e, 1,033,525 parameters, a 9.5 MB
file, about 5 minutes on one core) is checked locally, not in CI: write it outside the repository
and point the test at it, e.g.

  mvn -o -pl segnn-examples -am test -Dtest=Qm9OfficialReferenceTest -Dsurefire.failIfNoSpecifiedTests=false \
      -Dsegnn.qm9.fullReference=/tmp/segnn_qm9_reference_full.json.gz
"""
import argparse
import copy
import gzip
import json
import os
import pathlib
import sys
import warnings

warnings.filterwarnings("ignore", message="The TorchScript type system doesn't support instance-level")

TYPES = {'H': 0, 'C': 1, 'N': 2, 'O': 3, 'F': 4}


def read_xyz(path):
    """GDB-9 index, element symbols, positions (float of the text) and alpha (bohr^3)."""
    lines = open(path, encoding="latin-1").read().split("\n")
    n = int(lines[0])
    props = lines[1].split()
    alpha = float(props[6].replace("*^", "e"))  # gdb, index, A, B, C, mu, alpha, ...
    elems, pos = [], []
    for a in range(n):
        t = lines[2 + a].split()
        elems.append(t[0])
        pos.append([float(v.replace("*^", "e")) for v in t[1:4]])
    return int(props[1]), elems, pos, alpha


def featurize(torch, elems, pos, radius, attr_irreps):
    """One molecule as qm9/dataset.py (process with one_hot, then get_O3_attr), in float64."""
    from e3nn.o3 import spherical_harmonics
    from torch_geometric.nn import radius_graph
    from torch_scatter import scatter
    pos = torch.tensor(pos, dtype=torch.float64)
    edge_index = radius_graph(pos, r=radius, loop=False)
    x = torch.nn.functional.one_hot(torch.tensor([TYPES[e] for e in elems]), num_classes=len(TYPES))
    x = x.to(torch.float64)
    rel_pos = pos[edge_index[0]] - pos[edge_index[1]]
    edge_dist = rel_pos.pow(2).sum(-1, keepdims=True)
    edge_attr = spherical_harmonics(attr_irreps, rel_pos, normalize=True, normalization='component')
    node_attr = scatter(edge_attr, edge_index[1], dim=0, reduce="mean", dim_size=pos.size(0))
    return dict(x=x, pos=pos, edge_index=edge_index, edge_attr=edge_attr, node_attr=node_attr,
                additional_message_features=edge_dist)


def collate(torch, Data, mols, ys):
    """PyG-style batch of featurized molecules: node numbers offset, a batch vector."""
    off, ei, bv = 0, [], []
    for g, m in enumerate(mols):
        ei.append(m["edge_index"] + off)
        bv.append(torch.full((m["pos"].size(0),), g, dtype=torch.long))
        off += m["pos"].size(0)
    cat = lambda k: torch.cat([m[k] for m in mols])
    return Data(x=cat("x"), pos=cat("pos"), edge_index=torch.cat(ei, 1), edge_attr=cat("edge_attr"),
                node_attr=cat("node_attr"), additional_message_features=cat("additional_message_features"),
                y=torch.tensor(ys, dtype=torch.float64), batch=torch.cat(bv))


def flat(t):
    return t.detach().reshape(-1).tolist()


def rows(t):
    return t.detach().tolist()


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--harness", required=True, help="the official harness folder (with src/ and shims/)")
    p.add_argument("--xyz", required=True, help="folder of release-format dsgdb9nsd_NNNNNN.xyz files")
    p.add_argument("--out", required=True, help="the .json.gz file to write")
    p.add_argument("--hidden-features", type=int, default=16)
    p.add_argument("--lmax-h", type=int, default=2)
    p.add_argument("--lmax-attr", type=int, default=3)
    p.add_argument("--layers", type=int, default=7)
    p.add_argument("--radius", type=float, default=2.0)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--forward", default="1,3,4,7,5000", help="GDB-9 indices of the forward molecules")
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--batch-size", type=int, default=4)
    p.add_argument("--lr", type=float, default=5e-4)
    p.add_argument("--weight-decay", type=float, default=1e-8)
    args = p.parse_args()

    harness = pathlib.Path(args.harness).resolve()
    sys.path.insert(0, str(harness / "shims"))
    sys.path.insert(0, str(harness / "src"))
    import numpy as np
    import torch
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float64)
    import e3nn
    from e3nn.o3 import Irreps
    from torch_geometric.data import Data
    from torch_geometric.nn import global_mean_pool
    from models.balanced_irreps import WeightBalancedIrreps
    from models.segnn.segnn import SEGNN

    attr = Irreps.spherical_harmonics(args.lmax_attr)
    files = sorted(f for f in os.listdir(args.xyz) if f.startswith("dsgdb9nsd_") and f.endswith(".xyz"))
    mols = {}
    for f in files:
        gdb, elems, pos, alpha = read_xyz(os.path.join(args.xyz, f))
        feats = featurize(torch, elems, pos, args.radius, attr)
        mols[gdb] = (feats, alpha)
    order = sorted(mols)

    # the model exactly as main.py builds it for --dataset qm9 --feature_type one_hot
    torch.manual_seed(args.seed)
    hidden = WeightBalancedIrreps(Irreps("{}x0e".format(args.hidden_features)), attr, sh=True, lmax=args.lmax_h)
    model = SEGNN(Irreps("5x0e"), hidden, Irreps("1x0e"), attr, attr, num_layers=args.layers, norm="instance",
                  pool="avg", task="graph", additional_message_irreps=Irreps("1x0e"))
    assert model.embedding_layer.sqrt_k_correction.dtype == torch.float64
    state = {k: flat(v) for k, v in model.named_parameters()}
    n_params = sum(v.numel() for v in model.parameters())

    # forward pass with the intermediates
    seen = {}
    def pre_pool2_hook(module, inputs, output):  # returns None: the output stays as it is
        seen["pre_pool"] = output.detach().clone()

    hooks = [model.pre_pool2.register_forward_hook(pre_pool2_hook)]

    def post_pool1_hook(module, inputs, output):  # returns None: the output stays as it is
        seen["pooled"] = inputs[0].detach().clone()
        seen["post_pool1"] = output.detach().clone()

    hooks.append(model.post_pool1.register_forward_hook(post_pool1_hook))
    fwd_ids = [int(s) for s in args.forward.split(",")]
    fwd = collate(torch, Data, [mols[i][0] for i in fwd_ids], [mols[i][1] for i in fwd_ids])
    node_attr_in = fwd.node_attr.clone()
    model.train()  # the instance norm has no running statistics: train and eval agree
    readout = model(fwd)
    for h in hooks:  # the intermediates of this forward pass only
        h.remove()
    assert torch.equal(seen["pooled"], global_mean_pool(seen["pre_pool"], fwd.batch))

    # training parity: the official qm9/train.py loop body, batches in file order, cycled
    ys = [mols[i][1] for i in order]
    mean = sum(ys) / len(ys)
    mad = sum(abs(v - mean) for v in ys) / len(ys)
    batches = [order[b:b + args.batch_size] for b in range(0, len(order), args.batch_size)]
    graphs = [collate(torch, Data, [mols[i][0] for i in b], [mols[i][1] for i in b]) for b in batches]
    initial = copy.deepcopy(model.state_dict())
    criterion = torch.nn.L1Loss()

    def train(lr, betas, eps, weight_decay):
        model.load_state_dict(initial)
        optimizer = torch.optim.Adam(model.parameters(), lr=lr, betas=betas, eps=eps, weight_decay=weight_decay)
        losses = []
        for step in range(args.steps):
            graph = graphs[step % len(graphs)]
            out = model(graph).squeeze()
            loss = criterion(out, (graph.y - mean) / mad)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
        with torch.no_grad():
            trained = model(collate(torch, Data, [mols[i][0] for i in fwd_ids], [mols[i][1] for i in fwd_ids]))
        return losses, trained

    losses, trained = train(args.lr, (0.9, 0.999), 1e-8, args.weight_decay)
    # the same with the hyperparameters rounded to float32, as an optimizer of DJL (float learning
    # rate, betas, epsilon and weight decay) holds them
    f32 = lambda v: float(np.float32(v))
    losses32, trained32 = train(f32(args.lr), (f32(0.9), f32(0.999)), f32(1e-8), f32(args.weight_decay))

    ref = {
        "description": "Official SEGNN QM9 model (RobDHess/Steerable-E3-GNN 1b95898, e3nn %s, torch %s) built in "
                       "float64, seed %d; forward pass on QM9 molecules featurized as qm9/dataset.py (one_hot), and "
                       "%d steps of the official training loop body (L1, Adam). Made by "
                       "tools/qm9-reference/make_qm9_reference.py." % (e3nn.__version__, torch.__version__.split("+")[0],
                                                                       args.seed, args.steps),
        "dtype": "float64",
        "config": {"input_irreps": "5x0e", "hidden_features": args.hidden_features, "hidden_irreps": str(hidden),
                   "output_irreps": "1x0e", "edge_attr_irreps": str(attr), "node_attr_irreps": str(attr),
                   "additional_message_irreps": "1x0e", "num_layers": args.layers, "lmax_h": args.lmax_h,
                   "lmax_attr": args.lmax_attr, "radius": args.radius, "norm": "instance", "pool": "avg",
                   "task": "graph", "seed": args.seed},
        "n_params": n_params,
        "state_dict": state,
        "forward": {
            "gdb": fwd_ids,
            "atoms": [mols[i][0]["pos"].size(0) for i in fwd_ids],
            "edge_index": rows(fwd.edge_index),
            "x": rows(fwd.x),
            "node_attr": rows(node_attr_in),
            "edge_attr": rows(fwd.edge_attr),
            "additional_message_features": flat(fwd.additional_message_features),
            "pre_pool": rows(seen["pre_pool"]),
            "pooled": rows(seen["pooled"]),
            "post_pool1": rows(seen["post_pool1"]),
            "readout": flat(readout),
        },
        "training": {
            "target": "alpha", "alpha_mean": mean, "alpha_mad": mad, "lr": args.lr,
            "weight_decay": args.weight_decay, "loss": "L1 of model(graph).squeeze() and (alpha - mean) / MAD",
            "batches": batches, "steps": args.steps, "losses": losses, "readout_after": flat(trained),
            "losses_float32_hyperparameters": losses32, "readout_after_float32_hyperparameters": flat(trained32),
        },
    }
    tmp = args.out + ".tmp"
    with gzip.open(tmp, "wt", encoding="utf-8") as f:
        json.dump(ref, f, separators=(",", ":"))
    os.replace(tmp, args.out)
    print("hidden %s, %d parameters; readout %s; losses %s .. %s; wrote %s (%d bytes)"
          % (hidden, n_params, [round(v, 6) for v in flat(readout)], losses[0], losses[-1], args.out,
             os.path.getsize(args.out)))


if __name__ == "__main__":
    main()
