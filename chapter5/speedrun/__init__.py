"""The speedrun (`chapter5 speedrun`): how fast the chapter's own blocks reach a target test accuracy
on Fashion-MNIST on this CPU, with the training of our day.

    plans.py     the two recipes, one per target (0.93 in 10 minutes, 0.945 in 60), and the ablation
    net.py       the network: the notes' residual blocks (5.11) at 28x28
    augment.py   training batches with a random crop and flip; the validation split
    steps.py     the training step with label smoothing, the flip-averaged accuracy
    trainer.py   SGD with momentum and weight decay, the warm-up and cosine schedule
    run.py       one run into a folder: timed, checkpointed, resumable, its curve afterwards
    results.py   the recorded runs as a table and a time-to-accuracy figure (results/speedrun)

docs/speedrun.md says what each choice is and what was measured.
"""
