"""chapter5.speedrun.plans: one plan per target, each naming a registered network."""
import pytest

from chapter5 import MODELS
from chapter5.speedrun.plans import ABLATIONS, PLANS, RETIRED, ablated, plan_of, target_of


def test_each_target_has_a_plan_whose_network_is_registered():
    assert sorted(PLANS) == [0.93, 0.945]
    assert [(p.model, p.minutes) for p in PLANS.values()] == [('speedrun10b', 10), ('speedrun60', 60)]
    for target, plan in PLANS.items():
        assert plan.model in MODELS and plan_of(plan.model) is plan and target_of(plan) == target
        assert len(plan.widths) == len(plan.blocks) and 0 <= plan.warmup < 1 and 0 <= plan.smoothing < 1


def test_a_retired_plan_still_names_its_registered_network_for_its_recorded_runs():
    for plan in RETIRED:
        assert plan.model in MODELS and plan_of(plan.model) is plan
        assert plan.model not in [p.model for p in PLANS.values()]


def test_an_unknown_network_is_refused_naming_the_known_ones():
    with pytest.raises(ValueError, match='speedrun10b, speedrun60, speedrun10'):
        plan_of('lenet')


def test_each_ablation_takes_out_its_choice_alone():
    plan = PLANS[0.93]
    assert ablated(plan) is plan
    for choice, change in ABLATIONS.items():
        other = ablated(plan, choice)
        assert {k for k in plan._fields if getattr(other, k) != getattr(plan, k)} == set(change), choice
        assert other.model == plan.model and other.epochs == plan.epochs
    with pytest.raises(ValueError, match='no choice of the plan; those are crop, flip'):
        ablated(plan, 'residual')
