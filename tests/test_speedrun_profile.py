"""benchmarks/speedrun_profile.py: the profiler's operators summed per batch, and the multiply-adds
counted from the shapes against hand arithmetic."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'benchmarks'))
from speedrun_profile import by_operator, report, stage_macs  # noqa: E402


def test_by_operator_puts_each_backward_under_its_forward_per_batch():
    stats = {'Time': {'MXNET_C_API': {'MXNDArrayWaitAll': {'Total': 99.0}},
                      'operator': {'Convolution': {'Total': 20.0}, '_backward_Convolution': {'Total': 50.0},
                                   'multi_sgd_mom_update': {'Total': 4.0},
                                   'WaitForVar': {'Total': 7.0}, 'DeleteVariable': {'Total': 1.0}}}}
    assert by_operator(stats, 10) == {'Convolution': [2.0, 5.0], 'multi_sgd_mom_update': [0.4, 0.0]}


def test_stage_macs_counts_each_layer_at_the_size_it_writes():
    from mxnet.gluon import nn
    net = nn.HybridSequential()
    net.add(nn.Conv2D(16, 3, padding=1), nn.MaxPool2D(2), nn.Conv2D(32, 3, padding=1),
            nn.Conv2D(32, 1), nn.Dense(10))
    net.initialize()
    assert stage_macs(net, (1, 28, 28)) == {
        (28, 28): 28 * 28 * 16 * 1 * 9,
        (14, 14): 14 * 14 * 32 * 16 * 9 + 14 * 14 * 32 * 32,
        (1, 1): 10 * 32 * 14 * 14,
    }


def test_stage_macs_counts_a_grouped_convolution_per_group():
    from mxnet.gluon import nn
    net = nn.Conv2D(8, 3, padding=1, groups=4, in_channels=8)
    net.initialize()
    assert stage_macs(net, (8, 7, 7)) == {(7, 7): 7 * 7 * 8 * 2 * 9}


def test_report_shares_follow_the_times():
    lines = report({'model': 'm', 'batch_size': 128, 'wall_ms': 100.0,
                    'ops': {'Convolution': [20.0, 40.0], 'BatchNorm': [5.0, 15.0]},
                    'macs': {'28x28': 300, '14x14': 100}})
    assert lines[0].startswith('m: 100.0 ms a batch of 128 on the wall, the operators 80.0 ms of it (80%)')
    assert '75.0%' in lines[2] and 'Convolution' in lines[2] and '25.0%' in lines[3]
    assert '28x28 75%, 14x14 25%' in lines[4]
