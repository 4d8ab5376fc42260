"""The speedrun's optimizer: SGD with momentum and weight decay, its rate warmed up linearly and
then brought down to 0 along a cosine (MXNet's own CosineScheduler), every parameter updated in one
multi-tensor call as the engine's recipes do."""
from mxnet import gluon, lr_scheduler, optimizer

from chapter5.engine.recipes import MULTI_SGD_MAX

# parameters without weight decay: the biases and batch normalization's scale and shift
NO_DECAY = '.*bias|.*gamma|.*beta'


def schedule(plan, steps):
    """The learning rate of each step: from lr / 10 up to lr over the warm-up, then a cosine to 0;
    None (the rate stays at lr) where the plan has no schedule."""
    if not plan.cosine:
        return None
    warmup = int(plan.warmup * steps)
    return lr_scheduler.CosineScheduler(max_update=steps, base_lr=plan.lr, final_lr=0.0, warmup_steps=warmup,
                                        warmup_begin_lr=plan.lr / 10)


def make_trainer(net, plan, steps):
    """A Trainer over `net`'s parameters for a run of `steps` steps of the plan."""
    net.collect_params(NO_DECAY).setattr('wd_mult', 0.0)
    sgd = optimizer.SGD(learning_rate=plan.lr, momentum=plan.momentum, wd=plan.wd,
                        lr_scheduler=schedule(plan, steps))
    sgd.aggregate_num = MULTI_SGD_MAX
    return gluon.Trainer(net.collect_params(), sgd)
