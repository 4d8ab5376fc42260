"""The notes' figures of the networks, drawn from the networks themselves.

`network_svg(block, input_shape)` runs the block's hybrid twin (engine/twins.py: the same layers) on a
symbolic input and draws the graph with MXNet's `mx.viz.plot_network` (graphviz's `dot`, Debian's
graphviz package): every layer with its kernel, stride and channels, every edge with the shape that
flows along it. `draw` shows the picture in a notebook. Nothing is initialised or trained.
"""
import mxnet as mx
from mxnet.gluon import nn


def hybrid(block):
    """`block` as one hybrid graph (engine/twins.py), also when it is a notebook's own copy of the notes'
    Residual, Inception or DenseBlock: a class of the same name holding the same layers, which the
    twins take as they take the module's."""
    from chapter5.engine.twins import TWINS, hybrid_sequential, twin
    for kind, twin_kind in TWINS.items():
        if not isinstance(block, kind) and type(block).__name__ == kind.__name__:
            return twin_kind(block)
    if isinstance(block, nn.Sequential) and not isinstance(block, nn.HybridBlock):
        return hybrid_sequential(block, hybrid)
    return twin(block)


def network_svg(block, input_shape):
    """The SVG text of `block`'s graph for an input of `input_shape` (batch, channels, height, width)."""
    symbol = hybrid(block)(mx.sym.var('data'))
    graph = mx.viz.plot_network(symbol, shape={'data': input_shape}, hide_weights=True,
                                node_attrs={'fixedsize': 'false', 'fontsize': '10'})
    try:
        return graph.pipe(format='svg').decode('utf-8')
    except (OSError, RuntimeError) as e:  # graphviz's ExecutableNotFound is a RuntimeError
        raise RuntimeError('drawing a network needs graphviz\'s dot (%s): sudo apt-get install graphviz'
                           % e) from None


def draw(block, input_shape):
    """Show `block`'s graph in a notebook (network_svg)."""
    from IPython.display import SVG, display
    display(SVG(network_svg(block, input_shape)))
