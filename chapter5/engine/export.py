"""Take a trained network elsewhere: MXNet's symbol and parameter files, or ONNX.

`chapter5 export RUN_DIR --format mxnet` writes PATH-symbol.json and PATH-0000.params, which
`gluon.SymbolBlock.imports(PATH + '-symbol.json', ['data'], PATH + '-0000.params')` loads;
`--format onnx` writes PATH.onnx with MXNet's own exporter (`mxnet.onnx.export_model`), for
onnxruntime and other runtimes, with a batch dimension of any size. Both export the network in
prediction mode (`twins.predictor`: the notes' blocks as one graph, a from-scratch BatchNorm with
its moving statistics as constants); the input is (batch, 1, size, size) in [0, 1], the size the
recipe trained at; the output is the 10 logits (softmax them for probabilities).
Each file appears whole or not at all.
"""
import os
import shutil
import tempfile

from chapter5.engine.errors import EngineError

FORMATS = ('mxnet', 'onnx')


class ExportError(EngineError, ValueError):
    """An export that cannot be made: the format, the path, or a missing package."""


def input_size(recipe):
    return recipe['resize'] or 28


def compiled_predictor(net, size, ctx=None):
    """`net` as one hybridized graph in prediction mode, its graph built by one forward pass."""
    from mxnet import nd

    from chapter5.engine.twins import predictor
    from chapter5.utils import try_gpu
    graph = predictor(net)
    graph.hybridize(static_alloc=True)
    graph(nd.zeros((1, 1, size, size), ctx=ctx or try_gpu()))
    return graph


def _scratch_export(graph, beside):
    """A scratch folder beside the file `beside` will be, holding graph.export's net-symbol.json and
    net-0000.params: files are made there and renamed into place, whole (the caller removes it)."""
    folder = tempfile.mkdtemp(prefix='.export-', dir=os.path.dirname(os.path.abspath(beside)))
    try:
        graph.export(os.path.join(folder, 'net'))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder


def export_mxnet(graph, prefix):
    """MXNet's two files at `prefix`, each renamed into place from a scratch folder."""
    folder = _scratch_export(graph, prefix)
    try:
        for suffix in ('-0000.params', '-symbol.json'):  # the symbol last: it names a loadable pair
            os.replace(os.path.join(folder, 'net' + suffix), prefix + suffix)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return [prefix + '-symbol.json', prefix + '-0000.params']


def export_onnx(graph, path, size):
    try:
        import onnx
    except ImportError:
        raise ExportError("ONNX export needs the onnx package: pip install -e '.[export]'") from None
    import mxnet as mx
    import numpy as np
    folder = _scratch_export(graph, path)
    try:
        tmp = os.path.join(folder, 'net.onnx')
        mx.onnx.export_model(os.path.join(folder, 'net-symbol.json'), os.path.join(folder, 'net-0000.params'),
                             [(1, 1, size, size)], np.float32, tmp, dynamic=True,
                             dynamic_input_shapes=[(None, 1, size, size)])
        model = onnx.load(tmp)
        # MXNet lists the weights among the graph's inputs too; runtimes then treat them as
        # overridable and skip constant folding (onnxruntime warns once per weight)
        weights = {w.name for w in model.graph.initializer}
        inputs = [i for i in model.graph.input if i.name not in weights]
        del model.graph.input[:]
        model.graph.input.extend(inputs)
        onnx.checker.check_model(model)
        onnx.save(model, tmp)
        os.replace(tmp, path)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return [path]


def export_run(run_dir, fmt, out=None):
    """Export the run in `run_dir` as `fmt` ('mxnet' or 'onnx') to `out` (a prefix for mxnet, a
    file for onnx; by default RUN/export/MODEL); returns the paths written."""
    from chapter5.engine.predict import find_run, load_run
    if fmt not in FORMATS:
        raise ExportError('unknown export format %r: use one of %s' % (fmt, ', '.join(FORMATS)))
    net, recipe = load_run(run_dir)
    if out is None:
        out = os.path.join(find_run(run_dir), 'export', recipe['model']) + ('.onnx' if fmt == 'onnx' else '')
    parent = os.path.dirname(os.path.abspath(out))
    if os.path.exists(parent) and not os.path.isdir(parent):
        raise ExportError('cannot write %s: %s is a file' % (out, parent))
    try:
        os.makedirs(parent, exist_ok=True)
    except OSError as e:
        raise ExportError('cannot write %s: %s' % (out, e.strerror)) from None
    if not os.access(parent, os.W_OK):
        raise ExportError('cannot write %s: %s is not writable' % (out, parent))
    graph = compiled_predictor(net, input_size(recipe))
    try:
        if fmt == 'mxnet':
            return export_mxnet(graph, out)
        return export_onnx(graph, out, input_size(recipe))
    except OSError as e:  # a folder that takes no files (/proc), a full disk: nothing is left half-written
        raise ExportError('cannot write %s: %s' % (out, e.strerror or e)) from None
