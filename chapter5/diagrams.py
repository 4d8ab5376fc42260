"""The notes' figures of the networks, drawn from the networks themselves.

`network_svg(block, input_shape)` runs the block's hybrid twin (engine/twins.py: the same layers) on a
symbolic input and draws the graph with MXNet's `mx.viz.plot_network` (graphviz's `dot`, Debian's
graphviz package): every layer with its kernel, stride and channels, every edge with the shape that
flows along it. `draw` shows the picture in a notebook. Nothing is initialised or trained.
"""
import mxnet as mx


def network_svg(block, input_shape):
    """The SVG text of `block`'s graph for an input of `input_shape` (batch, channels, height, width)."""
    from chapter5.engine.twins import twin
    symbol = twin(block)(mx.sym.var('data'))
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
