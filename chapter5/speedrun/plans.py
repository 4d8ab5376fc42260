"""The speedrun's recipes: one per target, everything a run trains with.

A plan is fixed before a run; it was chosen on the validation split (the last 10,000 training
images, `chapter5 speedrun --validate`), never on the test set (docs/speedrun.md).
"""
from collections import namedtuple

Plan = namedtuple('Plan', [
    'model',      # the network's name (chapter5.MODELS): what predict and export rebuild
    'widths',     # channels of each stage of residual blocks (28x28, then halved per stage)
    'blocks',     # residual blocks per stage
    'epochs',
    'batch_size',
    'lr',         # the peak learning rate, after the warm-up; cosine down to 0 at the end
    'cosine',     # the warm-up and cosine schedule (False: the rate stays at lr)
    'warmup',     # the fraction of the steps that warms the rate up linearly from lr / 10
    'momentum',
    'wd',         # weight decay on the weights (none on biases and batch-norm gamma and beta)
    'smoothing',  # label smoothing
    'pad',        # random crop: pad by this many pixels, crop 28x28 at a random place (0: none)
    'flip',       # random horizontal flip in training; the test averages the image and its mirror
    'minutes',    # the target's time limit
])

# target test accuracy -> plan
PLANS = {
    0.93: Plan('speedrun10b', widths=(16, 64, 128), blocks=(1, 1, 1), epochs=11, batch_size=128, lr=0.2,
               cosine=True, warmup=0.15, momentum=0.9, wd=5e-4, smoothing=0.1, pad=2, flip=True,
               minutes=10),
    # sized by its speed alone (873 img/s: 30 epochs of 69 s, x 1.5 within 60 minutes); not piloted
    0.945: Plan('speedrun60', widths=(16, 64, 128), blocks=(2, 2, 2), epochs=30, batch_size=128, lr=0.2,
                cosine=True, warmup=0.15, momentum=0.9, wd=5e-4, smoothing=0.1, pad=2, flip=True,
                minutes=60),
}

# plans a target had before: kept so that their recorded runs (results/speedrun) still predict and
# export; `chapter5 speedrun` trains only PLANS
RETIRED = (
    # the first 0.93 plan: 0.9297 +- 0.0014 over 5 seeds, 0.0003 short (docs/speedrun.md)
    Plan('speedrun10', widths=(32, 64, 128), blocks=(1, 1, 1), epochs=7, batch_size=128, lr=0.2,
         cosine=True, warmup=0.15, momentum=0.9, wd=5e-4, smoothing=0.1, pad=2, flip=True, minutes=10),
)


# the ablation (`chapter5 speedrun --without CHOICE`): each choice of a plan taken out alone
ABLATIONS = {
    'crop': dict(pad=0),                      # no random crop
    'flip': dict(flip=False),                 # no flip, in training or in the test
    'smoothing': dict(smoothing=0.0),         # the book's loss
    'decay': dict(wd=0.0),                    # no weight decay
    'momentum': dict(momentum=0.0),           # plain SGD, as the book trains
    'schedule': dict(cosine=False, warmup=0.0),  # the rate constant at lr, as the book trains
}


def ablated(plan, without=None):
    """`plan` with the choice `without` (a key of ABLATIONS) taken out; `plan` itself for None."""
    if without is None:
        return plan
    if without not in ABLATIONS:
        raise ValueError('%r is no choice of the plan; those are %s' % (without, ', '.join(ABLATIONS)))
    return plan._replace(**ABLATIONS[without])


def plan_of(model):
    """The plan (current or retired) whose network is `model`."""
    for plan in (*PLANS.values(), *RETIRED):
        if plan.model == model:
            return plan
    raise ValueError('%r is not a speedrun network; those are %s'
                     % (model, ', '.join(p.model for p in (*PLANS.values(), *RETIRED))))


def target_of(plan):
    return next(target for target, p in PLANS.items() if p is plan)
